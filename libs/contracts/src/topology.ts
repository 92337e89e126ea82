import { formatDuration, parseDuration } from './durations.js';
import { prefixedTopic, Topics, type TopicName } from './topics.js';

/** One Kafka topic as Hookline declares it. */
export interface TopicSpec {
  name: string;
  partitions: number;
  replicationFactor: number;
  configs: Record<string, string>;
}

/** Where a record goes after a failed attempt: wait `delayMs` (± jitter), then retry. */
export interface RetryTier {
  /** Topic-name-safe label, e.g. `1m`, `500ms`. */
  label: string;
  delayMs: number;
}

/** Retry tiers used when a consumer or destination says nothing else. */
export const DEFAULT_RETRY_TIERS = ['1m', '5m', '30m', '2h'] as const;

export function retryTiers(delays: readonly string[]): RetryTier[] {
  return delays.map((delay) => {
    const delayMs = parseDuration(delay);
    return { label: formatDuration(delayMs), delayMs };
  });
}

export function retryTopicName(topic: string, tier: RetryTier): string {
  return `${topic}.retry.${tier.label}`;
}

export function deadLetterTopicName(topic: string): string {
  return `${topic}.dlt`;
}

/**
 * The replay lane of a main topic: replayed records go here, read by the stage's own
 * handler in a consumer group of its own, so a large replay never queues in front of
 * live records (see docs/replay.md). Failures go to the main topic's tiers and DLT.
 */
export function replayTopicName(topic: string): string {
  return `${topic}.replay`;
}

/** The main topic a dead-letter topic belongs to (`<main>.dlt` → `<main>`), if it is one. */
export function mainTopicOfDeadLetters(deadLetterTopic: string): string | undefined {
  return deadLetterTopic.endsWith('.dlt') ? deadLetterTopic.slice(0, -'.dlt'.length) : undefined;
}

export interface TopologyOptions {
  /** Prepended to every name (tests; empty in production). */
  prefix: string;
  partitions: number;
  replicationFactor: number;
  minInsyncReplicas: number;
  /** How long main and retry topics keep records. */
  retentionMs: number;
  /** How long dead-letter topics keep records (long enough for someone to look). */
  deadLetterRetentionMs: number;
  /** Retry tiers per main topic; a topic not listed gets DEFAULT_RETRY_TIERS. */
  retryTiers: Partial<Record<TopicName, readonly string[]>>;
}

export const DEFAULT_TOPOLOGY: TopologyOptions = {
  prefix: '',
  partitions: 6,
  replicationFactor: 3,
  minInsyncReplicas: 2,
  retentionMs: 7 * 86_400_000,
  deadLetterRetentionMs: 30 * 86_400_000,
  retryTiers: {},
};

/** The stage topics of one main topic: itself, its retry tiers, its dead-letter topic. */
export interface StageTopics {
  main: string;
  retries: { tier: RetryTier; topic: string }[];
  deadLetter: string;
  replay: string;
}

export function stageTopics(
  topic: TopicName,
  options: Pick<TopologyOptions, 'prefix' | 'retryTiers'>,
): StageTopics {
  const main = prefixedTopic(options.prefix, topic);
  const tiers = retryTiers(options.retryTiers[topic] ?? DEFAULT_RETRY_TIERS);
  return {
    main,
    retries: tiers.map((tier) => ({ tier, topic: retryTopicName(main, tier) })),
    deadLetter: deadLetterTopicName(main),
    replay: replayTopicName(main),
  };
}

/**
 * Every topic Hookline uses, declared once: the provisioning step creates these at
 * service start, and the Strimzi manifests under deploy/ are generated from them.
 */
export function declareTopology(options: TopologyOptions = DEFAULT_TOPOLOGY): TopicSpec[] {
  const base = {
    partitions: options.partitions,
    replicationFactor: options.replicationFactor,
  };
  const configs = (retentionMs: number) => ({
    'cleanup.policy': 'delete',
    'retention.ms': String(retentionMs),
    'min.insync.replicas': String(options.minInsyncReplicas),
  });
  return Object.values(Topics).flatMap((topic) => {
    const stage = stageTopics(topic, options);
    return [
      { ...base, name: stage.main, configs: configs(options.retentionMs) },
      ...stage.retries.map(({ topic: name }) => ({
        ...base,
        name,
        configs: configs(options.retentionMs),
      })),
      { ...base, name: stage.deadLetter, configs: configs(options.deadLetterRetentionMs) },
      { ...base, name: stage.replay, configs: configs(options.retentionMs) },
    ];
  });
}
