/** The versions of one Kafka request, both ends included. */
export interface VersionRange {
  min: number;
  max: number;
}

/** A request the client sends, with the versions it can speak. */
export interface ClientRequest {
  apiKey: number;
  name: string;
  versions: VersionRange;
}

/** A request no version of which both ends speak. */
export interface RequestMismatch {
  request: ClientRequest;
  /** Absent when the broker does not list the request at all. */
  broker: VersionRange | undefined;
}

/** Thrown at connect when the broker cannot take a request the client will send. */
export class IncompatibleBrokerError extends Error {
  override readonly name = 'IncompatibleBrokerError';
}

/**
 * The requests of `client` that `broker` (its ApiVersions answer, by API key) cannot
 * take. A client picks, per request, the highest version both ends list; there is one
 * only when the two ranges overlap. Clients that skip the broker's minimum (kafkajs
 * does) would otherwise send a version the broker refuses, and fail later and obscurely.
 */
export function findRequestMismatches(
  client: readonly ClientRequest[],
  broker: ReadonlyMap<number, VersionRange>,
): RequestMismatch[] {
  return client.flatMap((request) => {
    const accepted = broker.get(request.apiKey);
    const overlaps =
      accepted !== undefined &&
      Math.max(accepted.min, request.versions.min) <= Math.min(accepted.max, request.versions.max);
    return overlaps ? [] : [{ request, broker: accepted }];
  });
}

const range = ({ min, max }: VersionRange) => (min === max ? `v${min}` : `v${min}-v${max}`);

/** One line naming the request and both ranges. */
export function describeMismatch(
  mismatch: RequestMismatch,
  clientName: string,
  brokerAddress: string,
): string {
  const { request, broker } = mismatch;
  const accepts = broker ? `accepts ${range(broker)}` : 'does not offer it at all';
  return (
    `Kafka broker ${brokerAddress} cannot take the ${request.name} request (API key ${request.apiKey}) ` +
    `${clientName} sends: ${clientName} speaks ${range(request.versions)}, the broker ${accepts}`
  );
}
