import { type TopicContract } from '@hookline/contracts';
import { SchemaViolation, UndecodableRecord } from './errors.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Serialises a contract value (validated first, so nothing invalid leaves a service). */
export function encodeRecord<T>(contract: TopicContract<T>, value: T): Buffer {
  const parsed = contract.schema.safeParse(value);
  if (!parsed.success)
    throw new SchemaViolation(`${contract.topic}: ${describeIssues(parsed.error.issues)}`);
  return Buffer.from(JSON.stringify(parsed.data));
}

/** Parses and validates a record's value against its contract. */
export function decodeRecord<T>(contract: TopicContract<T>, bytes: Buffer | null): T {
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
