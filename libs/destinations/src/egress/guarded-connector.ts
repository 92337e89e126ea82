import { isIP, type LookupFunction } from 'node:net';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { buildConnector } from 'undici';
import { type EgressPolicy } from './egress-policy.js';

/** Thrown inside the connector; the http kind turns it into an `EgressRefused` outcome. */
export class EgressRefusedError extends Error {
  override readonly name = 'EgressRefusedError';
  readonly code = 'HOOKLINE_EGRESS_REFUSED';
}

const refusal = (host: string, address: string, range: string) =>
  new EgressRefusedError(
    `${host} resolves to ${address} (${range}), which deliveries may not reach; open it with egress.allow`,
  );

/**
 * An undici connector that only connects where the policy allows. Two checks: DNS
 * answers are filtered before connecting, and the socket's remote address is checked
 * once connected, before a byte is sent, so neither an IP literal nor a DNS answer that
 * changes between look-ups (rebinding) gets past it.
 */
export function guardedConnector(
  policy: EgressPolicy,
  options: buildConnector.BuildOptions = {},
): buildConnector.connector {
  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    dnsLookup(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as LookupAddress[];
      const usable = list.filter((entry) => policy.check(entry.address).allowed);
      if (usable.length === 0) {
        const first = list[0];
        const range = first ? policy.check(first.address).range : 'none';
        return callback(refusal(hostname, first?.address ?? 'nothing', range), '', 0);
      }
      if (lookupOptions.all) return callback(null, usable as unknown as string, 0);
      callback(null, usable[0]!.address, usable[0]!.family);
    });
  };
  const connect = buildConnector({ ...options, lookup } as buildConnector.BuildOptions);
  return (target, callback) => {
    const literal = target.hostname.replace(/^\[(.*)\]$/, '$1');
    if (isIP(literal)) {
      const verdict = policy.check(literal);
      if (!verdict.allowed) return callback(refusal(literal, literal, verdict.range), null);
    }
    connect(target, (error, socket) => {
      if (error || !socket) return callback(error ?? new Error('no socket'), null);
      const remote = socket.remoteAddress ?? '';
      const verdict = policy.check(remote);
      if (verdict.allowed) return callback(null, socket);
      socket.destroy();
      callback(refusal(target.hostname, remote, verdict.range), null);
    });
  };
}
