import { type ConsumerConfig } from 'kafkajs';
import { type ConsumerGroupSettings } from '../kafka.options.js';

/**
 * kafkajs consumer settings from a plan's group settings (see docs/kafka.md, "Recovering
 * from a dead member or a broker outage"). kafkajs restarts a consumer whose retries ran
 * out (the broker is away, say) after its last backoff; `onRestart` says so in one line.
 */
export function groupConsumerConfig(
  groupId: string,
  group: ConsumerGroupSettings,
  onRestart: (error: Error) => void,
): ConsumerConfig {
  return {
    groupId,
    sessionTimeout: group.sessionTimeoutMs,
    rebalanceTimeout: group.rebalanceTimeoutMs,
    heartbeatInterval: group.heartbeatIntervalMs,
    minBytes: group.fetchMinBytes,
    maxWaitTimeInMs: group.fetchMaxWaitMs,
    retry: {
      retries: 10,
      maxRetryTime: group.restartDelayMs,
      restartOnFailure: (error) => {
        onRestart(error);
        return Promise.resolve(true);
      },
    },
  };
}
