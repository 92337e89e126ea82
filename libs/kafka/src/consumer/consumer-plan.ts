import { DEFAULT_RETRY_TIERS, replayTopicName, stageTopics } from '@hookline/contracts';
import { classifyError } from '../errors.js';
import { type ConsumerGroupSettings, DEFAULT_CONSUMER_GROUP_SETTINGS } from '../kafka.options.js';
import { type ConsumerPlan, type TopicHandler } from './consumer.types.js';

export const DEFAULT_CONCURRENCY = 16;
export const DEFAULT_PARTITIONS_CONCURRENTLY = 3;
export const DEFAULT_JITTER = 0.2;

export interface PlanContext {
  service: string;
  topicPrefix: string;
  /** Service-wide tiers (e.g. `HOOKLINE_RETRY_TIERS`); a handler's own option wins. */
  retryTiers?: readonly string[];
  /** Service-wide group settings (`KAFKA_SESSION_TIMEOUT_MS`, …); a handler's own session timeout wins. */
  group?: Partial<ConsumerGroupSettings>;
}

/** Resolves a handler's declaration into the topics, group and limits it runs with. */
export function planConsumer<T>(handler: TopicHandler<T>, context: PlanContext): ConsumerPlan<T> {
  const tiers = handler.options.retryTiers ?? context.retryTiers ?? DEFAULT_RETRY_TIERS;
  const stage = stageTopics(handler.contract.topic, {
    prefix: context.topicPrefix,
    retryTiers: { [handler.contract.topic]: tiers },
  });
  const labels = stage.retries.map((retry) => retry.tier.label);
  if (new Set(labels).size !== labels.length) {
    throw new Error(
      `retry tiers of ${handler.contract.topic} must differ, got [${tiers.join(', ')}]`,
    );
  }
  const jitter = handler.options.jitter ?? DEFAULT_JITTER;
  const sessionTimeoutMs =
    handler.options.sessionTimeoutMs ??
    context.group?.sessionTimeoutMs ??
    DEFAULT_CONSUMER_GROUP_SETTINGS.sessionTimeoutMs;
  const heartbeatIntervalMs =
    context.group?.heartbeatIntervalMs ?? DEFAULT_CONSUMER_GROUP_SETTINGS.heartbeatIntervalMs;
  if (heartbeatIntervalMs >= sessionTimeoutMs)
    throw new Error(
      `the heartbeat interval (${heartbeatIntervalMs} ms) must be below the session timeout (${sessionTimeoutMs} ms)`,
    );
  if (jitter < 0 || jitter >= 1) throw new Error(`jitter must be in [0, 1), got ${jitter}`);
  const shared = {
    contract: handler.contract,
    handle: handler.handle,
    deadLetterTopic: stage.deadLetter,
    concurrency: handler.options.concurrency ?? DEFAULT_CONCURRENCY,
    partitionsConcurrently:
      handler.options.partitionsConcurrently ?? DEFAULT_PARTITIONS_CONCURRENTLY,
    group: { ...DEFAULT_CONSUMER_GROUP_SETTINGS, ...context.group, sessionTimeoutMs },
    classify: handler.options.classify ?? classifyError,
  };
  const groupFor = (topic: string) =>
    handler.options.groupId ?? `hookline-${context.service}.${topic}`;
  if (handler.options.deadLetters) {
    // Reads the DLT itself, raw, and routes nothing further.
    return {
      ...shared,
      mode: 'dead-letters',
      lane: 'live',
      stage: `${context.service}:${stage.deadLetter}`,
      groupId: groupFor(stage.deadLetter),
      mainTopic: stage.deadLetter,
      tiers: [],
      jitter: 0,
    };
  }
  return {
    ...shared,
    mode: 'main',
    lane: 'live',
    stage: `${context.service}:${handler.contract.topic}`,
    groupId: groupFor(stage.main),
    mainTopic: stage.main,
    tiers: stage.retries,
    jitter,
  };
}

/**
 * The consumer of a main plan's replay lane (`<topic>.replay`): the same handler and
 * limits in a group of its own, so replayed records never wait behind live ones nor
 * live ones behind a replay. Dead-letter plans have no lane.
 */
export function planReplayLane<T>(plan: ConsumerPlan<T>): ConsumerPlan<T> | undefined {
  if (plan.mode !== 'main') return undefined;
  const mainTopic = replayTopicName(plan.mainTopic);
  return { ...plan, lane: 'replay', mainTopic, groupId: `${plan.groupId}.replay` };
}
