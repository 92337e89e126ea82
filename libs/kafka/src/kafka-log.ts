import { type Logger } from '@nestjs/common';
import kafkajs, { type logCreator } from 'kafkajs';

const { logLevel } = kafkajs;

/**
 * kafkajs logs every failed connection attempt as an error; while a broker is away the
 * dependency supervisor already reports that (once, then every tenth attempt), so these
 * drop to debug instead of flooding the log.
 */
const CONNECTION_NOISE = /^(Connection error|Failed to connect to seed broker|Connection timeout)/;

/**
 * HooklineProducer bounds kafkajs's retries on purpose and replaces the producer (new
 * producer id) after a failed batch, which keeps idempotence intact; kafkajs's warning
 * about bounded retries would otherwise greet every start.
 */
const EXPECTED_WARNINGS = /^Limiting retries for the idempotent producer/;

/**
 * kafkajs logs every error response at error level, also the retriable ones it then
 * retries by itself: a partition whose leader is still being elected (every freshly
 * created topic), a group coordinator that is loading or moving. When retrying fails
 * for good, the caller gets the error and reports it; the attempts drop to debug.
 */
const RETRIABLE_RESPONSES =
  /not the leader for that topic-partition|no leader for this topic-partition|does not host this topic-partition|coordinator is loading|coordinator is not available|not the correct coordinator/;

/**
 * A consumer that crashed on a retriable error (its retries ran out while the broker
 * was away) is restarted: HooklineConsumer says so in one warning, and these two lines
 * with their stack trace drop to debug. A crash it does not restart from is logged by
 * HooklineConsumer as an error.
 */
const CONSUMER_RESTART = /^(Crash: |Restarting the consumer in )/;

/** Routes kafkajs's own log lines into the service's logger instead of stdout noise. */
export function kafkaLogCreator(logger: Logger): logCreator {
  return () =>
    ({ level, log }) => {
      const { message, ...extra } = log;
      const line = `${message} ${JSON.stringify(extra)}`;
      const retriable =
        message.startsWith('Response ') && RETRIABLE_RESPONSES.test(String(extra['error'] ?? ''));
      if (
        CONNECTION_NOISE.test(message) ||
        EXPECTED_WARNINGS.test(message) ||
        CONSUMER_RESTART.test(message) ||
        retriable
      ) {
        logger.debug(line);
        return;
      }
      switch (level) {
        case logLevel.ERROR:
        case logLevel.NOTHING:
          logger.error(line);
          break;
        case logLevel.WARN:
          logger.warn(line);
          break;
        case logLevel.INFO:
          logger.log(line);
          break;
        default:
          logger.debug(line);
      }
    };
}
