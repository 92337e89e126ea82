import { BindingHeaders, type TopicContract } from '@hookline/contracts';
import { SchemaViolation, UndecodableRecord } from './errors.js';
import {
  encodeStandardHeaders,
  headerText,
  type RawHeaders,
  type StandardHeaders,
} from './standard-headers.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Serialises a contract value (validated first, so nothing invalid leaves a service). */
export function encodeRecord<T>(contract: TopicContract<T>, value: T): Buffer {
  const parsed = contract.schema.safeParse(value);
  if (!parsed.success)
    throw new SchemaViolation(`${contract.topic}: ${describeIssues(parsed.error.issues)}`);
  return Buffer.from(JSON.stringify(parsed.data));
}

/** A contract record's headers: the standard ones, and its binding's `content-type` if it has one. */
export function encodeRecordHeaders<T>(
  contract: TopicContract<T>,
  headers: StandardHeaders,
): Record<string, string> {
  const encoded = encodeStandardHeaders(headers);
  if (contract.contentType) encoded[BindingHeaders.contentType] = contract.contentType;
  return encoded;
}

/**
 * Parses and validates a record's value against its contract. For a contract with a
 * content type, a record whose `content-type` header names another media type (another
 * content mode, say) is refused; one without the header is read as the contract's.
 */
export function decodeRecord<T>(
  contract: TopicContract<T>,
  bytes: Buffer | null,
  headers?: RawHeaders,
): T {
  if (contract.contentType) {
    const contentType = headerText(headers, BindingHeaders.contentType);
    if (contentType !== undefined && mediaType(contentType) !== mediaType(contract.contentType))
      throw new UndecodableRecord(
        `${contract.topic} takes ${mediaType(contract.contentType)} records, not content-type "${contentType}"`,
      );
  }
  if (!bytes || bytes.length === 0) throw new UndecodableRecord('empty record value');
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(bytes));
  } catch (error) {
    throw new UndecodableRecord(
      `not UTF-8 JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const parsed = contract.schema.safeParse(json);
  if (!parsed.success)
    throw new SchemaViolation(`${contract.topic}: ${describeIssues(parsed.error.issues)}`);
  return parsed.data;
}

function describeIssues(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

/** `type/subtype` of a media type, lower-cased, parameters dropped. */
function mediaType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}
