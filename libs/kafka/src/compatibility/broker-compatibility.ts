import { fetchBrokerApiVersions } from './broker-api-versions.js';
import {
  describeMismatch,
  findRequestMismatches,
  IncompatibleBrokerError,
} from './api-version-ranges.js';
import { kafkajsRequests } from './kafkajs-requests.js';

/**
 * Checks that every broker takes a version of every request the client will send;
 * throws `IncompatibleBrokerError` naming the first request that does not fit.
 */
export async function assertBrokersCompatible(
  brokers: readonly { host: string; port: number }[],
  options: { clientId: string; timeoutMs: number },
): Promise<void> {
  const client = kafkajsRequests();
  for (const broker of brokers) {
    const accepted = await fetchBrokerApiVersions(broker, options);
    const [first] = findRequestMismatches(client, accepted);
    if (first)
      throw new IncompatibleBrokerError(
        describeMismatch(first, 'kafkajs', `${broker.host}:${broker.port}`),
      );
  }
}
