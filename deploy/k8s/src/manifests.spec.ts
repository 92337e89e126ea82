import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { declareTopology, DEFAULT_TOPOLOGY, SERVICE_NAMES } from '@hookline/contracts';
import { describeRendered } from './kubectl-gate.js';
import {
  type KubeObject,
  OVERLAYS,
  type Overlay,
  objectsOfKind,
  renderKustomization,
  renderOverlay,
} from './render.js';
import { schemaProblems } from './schema-validation.js';
import { unknownFieldProblems } from './unknown-fields.js';

describeRendered('Kubernetes manifests (kubectl kustomize, offline schemas)', () => {
  const rendered = {} as Record<Overlay, KubeObject[]>;

  beforeAll(() => {
    for (const overlay of OVERLAYS) rendered[overlay] = renderOverlay(overlay);
  });

  it.each(OVERLAYS)('%s: every object is valid against its Kubernetes or CRD schema', (overlay) => {
    const problems = rendered[overlay].flatMap(schemaProblems);
    expect(problems).toEqual([]);
  });

  it('no object of any overlay has a field its schema does not know (checked once for all)', () => {
    expect(unknownFieldProblems(OVERLAYS.flatMap((overlay) => rendered[overlay]))).toEqual([]);
  });

  it.each(OVERLAYS)('%s: has each kind an operator expects', (overlay) => {
    const kinds = new Set(rendered[overlay].map((object) => object.kind));
    for (const kind of [
      'Deployment',
      'Service',
      'PodDisruptionBudget',
      'HorizontalPodAutoscaler',
      'Ingress',
      'Job',
      'ConfigMap',
      'NetworkPolicy',
      'ServiceMonitor',
      'PrometheusRule',
      'KafkaTopic',
    ])
      expect(kinds).toContain(kind);
    const deployments = objectsOfKind(rendered[overlay], 'Deployment').map((d) => d.metadata.name);
    expect(deployments.sort()).toEqual(
      SERVICE_NAMES.map((service) => `hookline-${service}`).sort(),
    );
  });

  it('prod-keda scales the consumers with KEDA ScaledObjects instead of CPU autoscalers', () => {
    const objects = rendered['prod-keda'];
    const scaled = objectsOfKind<{ spec: { scaleTargetRef: { name: string } } }>(
      objects,
      'ScaledObject',
    );
    const targets = scaled.map((object) => object.spec.scaleTargetRef.name).sort();
    expect(targets).toEqual(['hookline-executor', 'hookline-normalizer', 'hookline-router']);
    const hpas = objectsOfKind(objects, 'HorizontalPodAutoscaler').map((o) => o.metadata.name);
    expect(hpas).toEqual(['hookline-ingest']);
  });

  it.each(OVERLAYS)(
    '%s: an autoscaled Deployment leaves its replica count to the autoscaler',
    (overlay) => {
      type Scaler = { spec: { scaleTargetRef: { name: string } } };
      const scaled = new Set(
        [
          ...objectsOfKind<Scaler>(rendered[overlay], 'HorizontalPodAutoscaler'),
          ...objectsOfKind<Scaler>(rendered[overlay], 'ScaledObject'),
        ].map((scaler) => scaler.spec.scaleTargetRef.name),
      );
      for (const deployment of objectsOfKind<KubeObject & { spec: { replicas?: number } }>(
        rendered[overlay],
        'Deployment',
      )) {
        const { name } = deployment.metadata;
        if (scaled.has(name))
          expect({ name, replicas: deployment.spec.replicas }).toEqual({ name });
        else expect(deployment.spec.replicas).toBeGreaterThanOrEqual(overlay === 'dev' ? 1 : 2);
      }
    },
  );

  describe('schema validation fails on a broken manifest', () => {
    const deployment = () =>
      structuredClone(objectsOfKind(rendered.prod, 'Deployment')[0]!) as KubeObject & {
        spec: Record<string, unknown> & {
          template: { spec: { containers: Record<string, unknown>[] } };
        };
      };

    it('a port that is not a number, a Deployment without selector', () => {
      const broken = deployment();
      (
        broken.spec.template.spec.containers[0]!.ports as { containerPort: unknown }[]
      )[0]!.containerPort = 'eighty';
      delete broken.spec.selector;
      const problems = schemaProblems(broken).join('\n');
      expect(problems).toMatch(/containerPort must be integer/);
      expect(problems).toMatch(/must have required property 'selector'|required property selector/);
    });

    it('a KafkaTopic with no replicas, a misspelt field, a ScaledObject without a target', () => {
      const topic = structuredClone(
        objectsOfKind(rendered.prod, 'KafkaTopic')[0]!,
      ) as KubeObject & {
        spec: Record<string, unknown>;
      };
      topic.spec.replicas = 0;
      topic.spec.partiton = 6;
      const problems = schemaProblems(topic).join('\n');
      expect(problems).toMatch(/\/spec\/replicas must be >= 1/);
      expect(problems).toMatch(/must NOT have additional properties/);

      const scaled = structuredClone(
        objectsOfKind(rendered['prod-keda'], 'ScaledObject')[0]!,
      ) as KubeObject & {
        spec: { scaleTargetRef: Record<string, unknown> };
      };
      delete scaled.spec.scaleTargetRef.name;
      expect(schemaProblems(scaled).join('\n')).toMatch(
        /scaleTargetRef must have required property/,
      );
    });

    it('a misspelt field, which the API server would drop without a word', () => {
      const broken = deployment();
      broken.spec.template.spec.containers[0]!.readinesProbe = { httpGet: { path: '/', port: 80 } };
      expect(unknownFieldProblems([broken]).join('\n')).toMatch(
        /Deployment\/hookline-\w+: .*'"?readinesProbe"?' does not exist in type 'IContainer'/,
      );
    });

    it('an object of an unknown kind', () => {
      expect(
        schemaProblems({ apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g' } }),
      ).toEqual(['Gadget/g: no schema for example.com/v1 Gadget']);
    });

    it('a kustomization that does not render', () => {
      const directory = mkdtempSync(join(tmpdir(), 'hookline-kustomize-'));
      try {
        writeFileSync(join(directory, 'kustomization.yaml'), 'resources:\n  - missing.yaml\n');
        expect(() => renderKustomization(directory)).toThrow(/missing\.yaml/);
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    });
  });

  describe('topics equal the topology declaration', () => {
    const declared = declareTopology(DEFAULT_TOPOLOGY);
    type Topic = {
      spec: {
        topicName: string;
        partitions: number;
        replicas: number;
        config: Record<string, string>;
      };
    };
    const topics = (overlay: Overlay) =>
      objectsOfKind<Topic>(rendered[overlay], 'KafkaTopic')
        .map(({ spec }) => ({
          name: spec.topicName,
          partitions: spec.partitions,
          replicationFactor: spec.replicas,
          configs: spec.config,
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
    const byName = <T extends { name: string }>(list: T[]) =>
      [...list].sort((a, b) => a.name.localeCompare(b.name));

    it('prod: every declared topic, nothing else, replication 3 and min.insync.replicas 2', () => {
      expect(topics('prod')).toEqual(byName(declared));
      for (const topic of topics('prod')) {
        expect(topic.replicationFactor).toBe(3);
        expect(topic.configs['min.insync.replicas']).toBe('2');
      }
    });

    it('dev: the same topics and partitions, one copy each for a single broker', () => {
      expect(topics('dev')).toEqual(
        byName(declared).map((topic) => ({
          ...topic,
          replicationFactor: 1,
          configs: { ...topic.configs, 'min.insync.replicas': '1' },
        })),
      );
    });
  });
});
