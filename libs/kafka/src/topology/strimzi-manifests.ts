import type { TopicSpec } from '@hookline/contracts';
import YAML from 'yaml';

export interface StrimziTopicOptions {
  /** The Strimzi `Kafka` resource the topics belong to (`strimzi.io/cluster` label). */
  clusterName: string;
  namespace?: string;
}

/** The command that regenerates the committed manifests (named in the file header). */
export const MANIFESTS_COMMAND = 'npx nx run kafka:manifests';

/** One `KafkaTopic` custom resource, as plain data (what the YAML documents hold). */
export interface StrimziKafkaTopic {
  apiVersion: 'kafka.strimzi.io/v1beta2';
  kind: 'KafkaTopic';
  metadata: { name: string; namespace?: string; labels: Record<string, string> };
  spec: {
    topicName: string;
    partitions: number;
    replicas: number;
    config: Record<string, string>;
  };
}

/**
 * Kubernetes resource names are DNS-1123 subdomains-ish: Strimzi rejects dots and upper
 * case in KafkaTopic names, so `hookline.events.v1` becomes `hookline-events-v1` and the
 * real name travels in `spec.topicName`.
 */
export function strimziResourceName(topic: string): string {
  const name = topic
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!name) throw new Error(`topic "${topic}" has no characters usable in a resource name`);
  // 253 is the Kubernetes limit; our names are far shorter, but fail loudly rather than truncate.
  if (name.length > 253) throw new Error(`resource name for "${topic}" exceeds 253 characters`);
  return name;
}

export function strimziTopic(spec: TopicSpec, options: StrimziTopicOptions): StrimziKafkaTopic {
  return {
    apiVersion: 'kafka.strimzi.io/v1beta2',
    kind: 'KafkaTopic',
    metadata: {
      name: strimziResourceName(spec.name),
      ...(options.namespace ? { namespace: options.namespace } : {}),
      labels: { 'strimzi.io/cluster': options.clusterName },
    },
    spec: {
      // Always set, even when the resource name happens to equal the topic name: simpler
      // to review, and the resource name never silently decides the topic name.
      topicName: spec.name,
      partitions: spec.partitions,
      replicas: spec.replicationFactor,
      // Sorted so the output does not depend on declaration order of configs.
      config: Object.fromEntries(
        Object.entries(spec.configs).sort(([a], [b]) => a.localeCompare(b)),
      ),
    },
  };
}

/** A multi-document YAML of Strimzi `KafkaTopic` resources, one per declared topic. */
export function renderStrimziTopics(specs: TopicSpec[], options: StrimziTopicOptions): string {
  const names = new Set<string>();
  const documents = specs.map((spec) => {
    const topic = strimziTopic(spec, options);
    // Two topics mapping to one resource name would make one silently overwrite the other.
    if (names.has(topic.metadata.name)) {
      throw new Error(`two topics map to the KafkaTopic name "${topic.metadata.name}"`);
    }
    names.add(topic.metadata.name);
    return YAML.stringify(topic).trimEnd();
  });
  const header = [
    '# Generated from the topology declared in libs/contracts/src/topology.ts.',
    `# Do not edit by hand: run \`${MANIFESTS_COMMAND}\` to regenerate.`,
  ].join('\n');
  return `${header}\n${documents.map((document) => `---\n${document}\n`).join('')}`;
}
