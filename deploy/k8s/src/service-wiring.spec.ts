import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { beforeAll, expect, it } from '@jest/globals';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import {
  declareTopology,
  DEFAULT_TOPOLOGY,
  parseDuration,
  SERVICE_NAMES,
  type ServiceName,
  Topics,
} from '@hookline/contracts';
import { DEFAULT_DESTINATION_TIMEOUT, validateConfigFile } from '@hookline/config';
import { MetricsController } from '@hookline/observability';
import { HealthController, loadServiceConfig, SERVICE_ENV_VARIABLES } from '@hookline/runtime';
import { describeRendered } from './kubectl-gate.js';
import { type KubeObject, OVERLAYS, type Overlay, objectsOfKind, renderOverlay } from './render.js';

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    configMapKeyRef?: { name: string; key: string };
    secretKeyRef?: { name: string; key: string };
  };
}
interface Probe {
  httpGet?: { path: string; port: string | number };
}
interface Container {
  name: string;
  image: string;
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  volumeMounts?: { name: string; mountPath: string }[];
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean };
}
interface PodSpec {
  containers: Container[];
  volumes?: { name: string; configMap?: { name: string } }[];
  terminationGracePeriodSeconds?: number;
  securityContext?: { runAsNonRoot?: boolean };
}
type Deployment = KubeObject & { spec: { template: { spec: PodSpec } } };
type ConfigMap = KubeObject & { data: Record<string, string> };

/** Values a Secret would hold in a cluster; only their shape matters to the services. */
const SECRET_STAND_INS: Record<string, string> = {
  DATABASE_URL: 'postgres://hookline:secret@postgres.example:5432/hookline',
};

/** The route a Nest controller method serves, from the decorators themselves. */
function routeOf(controller: object, method: string): string {
  const base = Reflect.getMetadata(PATH_METADATA, controller) as string;
  const handler = (controller as { prototype: Record<string, object> }).prototype[method]!;
  const path = Reflect.getMetadata(PATH_METADATA, handler) as string;
  return `/${[base, path].filter((part) => part && part !== '/').join('/')}`;
}

describeRendered('manifests match what the services read', () => {
  const rendered = {} as Record<Overlay, KubeObject[]>;
  beforeAll(() => {
    for (const overlay of OVERLAYS) rendered[overlay] = renderOverlay(overlay);
  });

  const deploymentOf = (overlay: Overlay, service: ServiceName): Deployment => {
    const found = objectsOfKind<Deployment>(rendered[overlay], 'Deployment').find(
      (d) => d.metadata.name === `hookline-${service}`,
    );
    if (!found) throw new Error(`${overlay}: no Deployment hookline-${service}`);
    return found;
  };
  const configMap = (overlay: Overlay, name: string): ConfigMap => {
    const found = objectsOfKind<ConfigMap>(rendered[overlay], 'ConfigMap').find(
      (c) => c.metadata.name === name,
    );
    if (!found) throw new Error(`${overlay}: no ConfigMap ${name}`);
    return found;
  };

  /** The environment the container gets, Secrets replaced by stand-ins. */
  function environmentOf(overlay: Overlay, container: Container) {
    const env: Record<string, string> = {};
    const fromSecretRefs: string[] = [];
    for (const source of container.envFrom ?? []) {
      if (source.configMapRef)
        Object.assign(env, configMap(overlay, source.configMapRef.name).data);
      if (source.secretRef) fromSecretRefs.push(source.secretRef.name);
    }
    for (const variable of container.env ?? []) {
      if (variable.value !== undefined) env[variable.name] = variable.value;
      else if (variable.valueFrom?.configMapKeyRef) {
        const { name, key } = variable.valueFrom.configMapKeyRef;
        env[variable.name] = configMap(overlay, name).data[key]!;
      } else if (variable.valueFrom?.secretKeyRef) {
        const standIn = SECRET_STAND_INS[variable.name];
        if (!standIn) throw new Error(`no stand-in value for secret variable ${variable.name}`);
        env[variable.name] = standIn;
      }
    }
    return { env, fromSecretRefs };
  }

  it.each(OVERLAYS)(
    '%s: every variable set is one the services read, and each app starts with it',
    (overlay) => {
      for (const service of SERVICE_NAMES) {
        const container = deploymentOf(overlay, service).spec.template.spec.containers[0]!;
        const { env } = environmentOf(overlay, container);
        const unknown = Object.keys(env).filter((name) => !SERVICE_ENV_VARIABLES.includes(name));
        expect({ service, unknown }).toEqual({ service, unknown: [] });
        // The same parse and validation the service runs at start: a bad value fails here.
        expect(() => loadServiceConfig(service, env)).not.toThrow();
      }
    },
  );

  it.each(OVERLAYS)(
    '%s: ports, probes and the metrics scrape are the routes and port each app serves',
    (overlay) => {
      const live = routeOf(HealthController, 'live');
      const ready = routeOf(HealthController, 'ready');
      const metrics = routeOf(MetricsController, 'render');
      expect([live, ready, metrics]).toEqual(['/health/live', '/health/ready', '/metrics']);

      for (const service of SERVICE_NAMES) {
        const container = deploymentOf(overlay, service).spec.template.spec.containers[0]!;
        const config = loadServiceConfig(service, environmentOf(overlay, container).env);
        const http = container.ports?.find((port) => port.name === 'http');
        expect({ service, port: http?.containerPort }).toEqual({ service, port: config.http.port });
        expect(config.http.host).toBe('0.0.0.0');
        expect(container.args).toEqual([service]);
        expect(container.readinessProbe?.httpGet).toEqual({ path: ready, port: 'http' });
        expect(container.livenessProbe?.httpGet).toEqual({ path: live, port: 'http' });

        const services = objectsOfKind<
          KubeObject & {
            spec: {
              selector: Record<string, string>;
              ports: { name: string; targetPort: string }[];
            };
          }
        >(rendered[overlay], 'Service').filter((s) => s.metadata.name === `hookline-${service}`);
        expect(services).toHaveLength(1);
        expect(services[0]!.spec.ports).toEqual([
          expect.objectContaining({ name: 'http', targetPort: 'http' }),
        ]);
      }
      const [monitor] = objectsOfKind<
        KubeObject & { spec: { endpoints: { port: string; path: string }[] } }
      >(rendered[overlay], 'ServiceMonitor');
      expect(monitor!.spec.endpoints).toEqual([
        expect.objectContaining({ port: 'http', path: metrics }),
      ]);
    },
  );

  it.each(OVERLAYS)(
    '%s: hookline.yaml is mounted where HOOKLINE_CONFIG points, and is valid',
    (overlay) => {
      for (const service of SERVICE_NAMES) {
        const deployment = deploymentOf(overlay, service);
        const container = deployment.spec.template.spec.containers[0]!;
        const { configPath } = loadServiceConfig(service, environmentOf(overlay, container).env);
        const mount = container.volumeMounts?.find((m) => m.mountPath === dirname(configPath));
        const volume = deployment.spec.template.spec.volumes?.find((v) => v.name === mount?.name);
        expect(volume?.configMap).toBeDefined();
        const file = configMap(overlay, volume!.configMap!.name).data[basename(configPath)];
        expect(file).toBeDefined();

        const directory = mkdtempSync(join(tmpdir(), 'hookline-config-'));
        try {
          writeFileSync(join(directory, 'hookline.yaml'), file!);
          // Every `env:NAME` secret given a well-formed value, as the Secret would.
          const secrets = new Proxy(
            {},
            { get: () => 'whsec_aG9va2xpbmUtZGVtby1vbmx5LXNlY3JldC0zMmJ5dGU=' },
          );
          const result = validateConfigFile(join(directory, 'hookline.yaml'), secrets);
          expect(result).toEqual(expect.objectContaining({ ok: true }));
        } finally {
          rmSync(directory, { recursive: true, force: true });
        }
      }
    },
  );

  it.each(OVERLAYS)(
    '%s: pods drain before they are killed, as non-root on a read-only filesystem',
    (overlay) => {
      const longestDeliveryS = parseDuration(DEFAULT_DESTINATION_TIMEOUT) / 1000;
      for (const service of SERVICE_NAMES) {
        const pod = deploymentOf(overlay, service).spec.template.spec;
        // Consumers finish in-flight records (a delivery may take its full timeout), commit
        // and leave the group; the consumer session lasts 30 s.
        expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(Math.max(30, longestDeliveryS));
        expect(pod.securityContext?.runAsNonRoot).toBe(true);
        expect(pod.containers[0]!.securityContext).toEqual(
          expect.objectContaining({
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
          }),
        );
      }
    },
  );

  it.each(OVERLAYS)(
    '%s: consumers never scale past the partitions of the topic they consume',
    (overlay) => {
      const partitions = new Map(
        declareTopology(DEFAULT_TOPOLOGY).map((t) => [t.name, t.partitions]),
      );
      const consumed: Record<string, string> = {
        'hookline-normalizer': Topics.ingested,
        'hookline-router': Topics.events,
        'hookline-executor': Topics.deliveries,
      };
      const env = configMap(
        overlay,
        objectsOfKind<Deployment>(rendered[overlay], 'Deployment')[0]!.spec.template.spec
          .containers[0]!.envFrom![0]!.configMapRef!.name,
      ).data;
      expect(Number(env.HOOKLINE_TOPIC_PARTITIONS)).toBe(DEFAULT_TOPOLOGY.partitions);

      type Hpa = KubeObject & { spec: { scaleTargetRef: { name: string }; maxReplicas: number } };
      for (const hpa of objectsOfKind<Hpa>(rendered[overlay], 'HorizontalPodAutoscaler')) {
        const topic = consumed[hpa.spec.scaleTargetRef.name];
        if (topic) expect(hpa.spec.maxReplicas).toBeLessThanOrEqual(partitions.get(topic)!);
      }
      type Scaled = KubeObject & {
        spec: {
          scaleTargetRef: { name: string };
          maxReplicaCount: number;
          triggers: { type: string; metadata: Record<string, string> }[];
        };
      };
      for (const scaled of objectsOfKind<Scaled>(rendered[overlay], 'ScaledObject')) {
        const target = scaled.spec.scaleTargetRef.name;
        const topic = consumed[target]!;
        expect(scaled.spec.maxReplicaCount).toBeLessThanOrEqual(partitions.get(topic)!);
        expect(scaled.spec.triggers).toEqual([
          {
            type: 'kafka',
            metadata: expect.objectContaining({
              topic,
              consumerGroup: `${target}.${topic}`,
              bootstrapServers: env.KAFKA_BROKERS,
              allowIdleConsumers: 'false',
            }),
          },
        ]);
      }
    },
  );

  it.each(OVERLAYS)('%s: only ingest is reachable from outside the cluster', (overlay) => {
    type Policy = KubeObject & {
      spec: {
        podSelector: { matchLabels?: Record<string, string> };
        ingress?: { from?: unknown[] }[];
      };
    };
    const policies = objectsOfKind<Policy>(rendered[overlay], 'NetworkPolicy');
    const denyAll = policies.find(
      (p) =>
        p.spec.podSelector.matchLabels?.['app.kubernetes.io/part-of'] === 'hookline' &&
        !p.spec.ingress,
    );
    expect(denyAll).toBeDefined();
    const open = policies.filter((p) =>
      (p.spec.ingress ?? []).some((rule) => !rule.from || rule.from.length === 0),
    );
    expect(open.map((p) => p.spec.podSelector.matchLabels)).toEqual([
      { 'app.kubernetes.io/name': 'hookline-ingest' },
    ]);
  });

  it.each(OVERLAYS)(
    '%s: the migration Job runs the same image with the migrate entry',
    (overlay) => {
      const [job] = objectsOfKind<KubeObject & { spec: { template: { spec: PodSpec } } }>(
        rendered[overlay],
        'Job',
      );
      const container = job!.spec.template.spec.containers[0]!;
      expect(container.args).toEqual(['migrate']);
      const image = deploymentOf(overlay, 'ingest').spec.template.spec.containers[0]!.image;
      expect(container.image).toBe(image);
      expect(Object.keys(environmentOf(overlay, container).env)).toEqual(['DATABASE_URL']);
    },
  );
});
