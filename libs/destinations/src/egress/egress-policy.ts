import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Range = [Address, number];

export interface EgressVerdict {
  allowed: boolean;
  /** ipaddr.js's name for the address's range (`loopback`, `private`, `linkLocal`, `unicast`…). */
  range: string;
}

/**
 * Which addresses deliveries may connect to. Public unicast addresses are allowed;
 * everything else (loopback, private, link-local — where cloud metadata lives —,
 * carrier-grade NAT, unique-local, multicast, reserved…) is refused unless one of the
 * configured ranges holds it. IPv4-mapped IPv6 addresses are judged as the IPv4 address.
 */
export class EgressPolicy {
  private parsed: { source: readonly string[]; ranges: Range[] } | undefined;

  /** `allow`: the ranges, or where to read them (read on each check, parsed once per list). */
  constructor(private readonly allow: readonly string[] | (() => readonly string[]) = []) {}

  check(text: string): EgressVerdict {
    if (!ipaddr.isValid(text)) return { allowed: false, range: 'invalid' };
    const address = normalize(ipaddr.parse(text));
    const range = address.range();
    if (
      this.ranges().some(
        ([base, bits]) => base.kind() === address.kind() && address.match(base, bits),
      )
    )
      return { allowed: true, range };
    return { allowed: range === 'unicast', range };
  }

  private ranges(): Range[] {
    const source = typeof this.allow === 'function' ? this.allow() : this.allow;
    if (this.parsed?.source !== source) this.parsed = { source, ranges: source.map(parseRange) };
    return this.parsed.ranges;
  }
}

function parseRange(text: string): Range {
  if (text.includes('/')) return normalizeRange(ipaddr.parseCIDR(text));
  const address = normalize(ipaddr.parse(text));
  return [address, address.kind() === 'ipv4' ? 32 : 128];
}

function normalize(address: Address): Address {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()
    ? (address as ipaddr.IPv6).toIPv4Address()
    : address;
}

function normalizeRange([base, bits]: Range): Range {
  const address = normalize(base);
  return address === base ? [base, bits] : [address, Math.max(0, bits - 96)];
}
