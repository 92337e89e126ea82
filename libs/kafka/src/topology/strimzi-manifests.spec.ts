import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { DEFAULT_TOPOLOGY, Topics, declareTopology, type TopicSpec } from '@hookline/contracts';
import YAML from 'yaml';
import {
  MANIFESTS_COMMAND,
  renderStrimziTopics,
  strimziResourceName,
  type StrimziKafkaTopic,
} from './strimzi-manifests.js';
import { manifestsPath, renderProductionManifests, workspaceRoot } from './write-manifests.js';

/** Every document of a multi-document YAML, as plain data; fails on any parse error. */
function parseDocuments(text: string): StrimziKafkaTopic[] {
  return YAML.parseAllDocuments(text).map((document) => {
    expect(document.errors).toEqual([]);
    return document.toJSON() as StrimziKafkaTopic;
  });
}

const spec = (overrides: Partial<TopicSpec> = {}): TopicSpec => ({
  name: 'hookline.events.v1',
  partitions: 6,
  replicationFactor: 3,
  configs: { 'retention.ms': '604800000', 'cleanup.policy': 'delete' },
  ...overrides,
});

describe('renderStrimziTopics', () => {
  it('renders one KafkaTopic per spec with labels, partitions, replicas and config', () => {
    const [topic, ...rest] = parseDocuments(
      renderStrimziTopics([spec()], { clusterName: 'hookline', namespace: 'streaming' }),
    );
    expect(rest).toEqual([]);
    expect(topic).toEqual({
      apiVersion: 'kafka.strimzi.io/v1beta2',
      kind: 'KafkaTopic',
      metadata: {
        name: 'hookline-events-v1',
        namespace: 'streaming',
        labels: { 'strimzi.io/cluster': 'hookline' },
      },
      spec: {
        topicName: 'hookline.events.v1',
        partitions: 6,
        replicas: 3,
        // Strings stay strings: Strimzi passes them to Kafka as-is.
        config: { 'cleanup.policy': 'delete', 'retention.ms': '604800000' },
      },
    });
  });

  it('omits the namespace when none is given', () => {
    const [topic] = parseDocuments(renderStrimziTopics([spec()], { clusterName: 'c' }));
    expect(topic?.metadata).not.toHaveProperty('namespace');
  });

  it('starts with a header saying the file is generated and how to regenerate it', () => {
    const text = renderStrimziTopics([spec()], { clusterName: 'hookline' });
    expect(text.split('\n')[0]).toMatch(/^# Generated/);
    expect(text).toContain(MANIFESTS_COMMAND);
  });

  it('is deterministic', () => {
    const specs = declareTopology(DEFAULT_TOPOLOGY);
    expect(renderStrimziTopics(specs, { clusterName: 'a' })).toBe(
      renderStrimziTopics(specs, { clusterName: 'a' }),
    );
  });

  it('rejects two topics that map to the same resource name', () => {
    const clash = [spec({ name: 'a.b' }), spec({ name: 'a_b' })];
    expect(() => renderStrimziTopics(clash, { clusterName: 'c' })).toThrow(/a-b/);
  });
});

describe('strimziResourceName', () => {
  it.each([
    ['hookline.events.v1', 'hookline-events-v1'],
    ['hookline.events.v1.retry.500ms', 'hookline-events-v1-retry-500ms'],
    ['Team_A.Orders', 'team-a-orders'],
    ['.odd..name.', 'odd-name'],
  ])('%s → %s', (topic, name) => {
    expect(strimziResourceName(topic)).toBe(name);
    expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });
});

describe('committed Strimzi manifests', () => {
  const path = manifestsPath(workspaceRoot());

  it('match the declared topology', () => {
    const stale = `deploy/k8s/topics/kafka-topics.yaml is stale: run \`${MANIFESTS_COMMAND}\` and commit the result`;
    if (!existsSync(path)) throw new Error(stale);
    const committed = readFileSync(path, 'utf8');
    if (committed !== renderProductionManifests()) throw new Error(stale);
  });

  it('hold every declared topic with the production settings', () => {
    const topics = parseDocuments(readFileSync(path, 'utf8'));
    const declared = declareTopology(DEFAULT_TOPOLOGY);
    expect(topics.map((topic) => topic.spec.topicName)).toEqual(declared.map((t) => t.name));
    expect(topics.map((topic) => topic.spec.topicName)).toContain(Topics.events);
    for (const topic of topics) {
      expect(topic.metadata.labels['strimzi.io/cluster']).toBe('hookline');
      expect(topic.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      expect(topic.spec).toMatchObject({ partitions: 6, replicas: 3 });
      expect(topic.spec.config).toMatchObject({
        'cleanup.policy': 'delete',
        'min.insync.replicas': '2',
      });
    }
  });
});
