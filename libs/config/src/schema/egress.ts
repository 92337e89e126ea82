import ipaddr from 'ipaddr.js';
import { z } from 'zod';

/** An address range such as `127.0.0.1/32`, `10.0.0.0/8` or `fd00::/8` (a bare address is a /32 or /128). */
export const AddressRange = z.string().superRefine((text, ctx) => {
  try {
    if (text.includes('/')) ipaddr.parseCIDR(text);
    else ipaddr.parse(text);
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: `expected an IP address or CIDR range such as 10.0.0.0/8, got "${text}"`,
      input: text,
    });
  }
});

/**
 * Where deliveries may connect. Private, loopback, link-local, metadata and other
 * non-public addresses are refused unless a range here opens them.
 */
export const Egress = z.strictObject({
  allow: z.array(AddressRange).default([]),
});
