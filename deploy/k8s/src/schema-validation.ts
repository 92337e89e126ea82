import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import * as coreV1 from 'kubernetes-models/v1';
import * as appsV1 from 'kubernetes-models/apps/v1';
import * as batchV1 from 'kubernetes-models/batch/v1';
import * as policyV1 from 'kubernetes-models/policy/v1';
import * as autoscalingV2 from 'kubernetes-models/autoscaling/v2';
import * as networkingV1 from 'kubernetes-models/networking.k8s.io/v1';
import * as monitoringV1 from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import * as kedaV1alpha1 from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { parse } from 'yaml';
import { K8S_ROOT, type KubeObject } from './render.js';

interface Model {
  validate(): void;
}
type ModelModule = Record<string, unknown>;

/** Kubernetes' own schemas and the CRDs' (Prometheus Operator, KEDA), per apiVersion. */
const MODELS: Record<string, ModelModule> = {
  v1: coreV1,
  'apps/v1': appsV1,
  'batch/v1': batchV1,
  'policy/v1': policyV1,
  'autoscaling/v2': autoscalingV2,
  'networking.k8s.io/v1': networkingV1,
  'monitoring.coreos.com/v1': monitoringV1,
  'keda.sh/v1alpha1': kedaV1alpha1,
};

/**
 * CRDs with no model package: their `CustomResourceDefinition` is vendored under
 * schemas/ (generated from the operator's own published API artifact; see its README).
 */
const VENDORED_CRDS: Record<string, string> = {
  'kafka.strimzi.io': 'kafkatopics.kafka.strimzi.io.yaml',
};

interface CrdVersion {
  name: string;
  schema: { openAPIV3Schema: Record<string, unknown> };
}
interface Crd {
  spec: { group: string; names: { kind: string }; versions: CrdVersion[] };
}

const ajv = new Ajv({ allErrors: true, strict: false });
const crdValidators = new Map<string, ValidateFunction>();

/**
 * The API server prunes fields a structural schema does not declare, so a misspelt field
 * would vanish silently; here it is an error instead (`kubectl --validate=strict`).
 */
function rejectUnknownFields(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rejectUnknownFields);
  if (typeof schema !== 'object' || schema === null) return schema;
  const copy: Record<string, unknown> = Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, rejectUnknownFields(value)]),
  );
  const preserves = copy['x-kubernetes-preserve-unknown-fields'] === true;
  if (copy.type === 'object' && copy.properties && !preserves && !('additionalProperties' in copy))
    copy.additionalProperties = false;
  return copy;
}

function crdValidator(apiVersion: string, kind: string): ValidateFunction | undefined {
  const key = `${apiVersion}/${kind}`;
  const cached = crdValidators.get(key);
  if (cached) return cached;
  const [group, version] = apiVersion.split('/');
  const file = group ? VENDORED_CRDS[group] : undefined;
  if (!file) return undefined;
  const crd = parse(readFileSync(join(K8S_ROOT, 'schemas', file), 'utf8')) as Crd;
  if (crd.spec.names.kind !== kind) return undefined;
  const served = crd.spec.versions.find((candidate) => candidate.name === version);
  if (!served) return undefined;
  const schema = rejectUnknownFields(served.schema.openAPIV3Schema) as Record<string, unknown>;
  const validate = ajv.compile(schema);
  crdValidators.set(key, validate);
  return validate;
}

/** Every problem the object's schema finds; an object of a kind without a schema is one. */
export function schemaProblems(object: KubeObject): string[] {
  const where = `${object.kind}/${object.metadata?.name ?? '?'}`;
  const crd = crdValidator(object.apiVersion, object.kind);
  if (crd) {
    if (crd(object)) return [];
    return (crd.errors ?? []).map(
      (error) => `${where}: ${error.instancePath || '/'} ${error.message ?? 'is invalid'}`,
    );
  }
  const model = MODELS[object.apiVersion]?.[object.kind];
  if (typeof model !== 'function')
    return [`${where}: no schema for ${object.apiVersion} ${object.kind}`];
  try {
    (new (model as new (data: unknown) => Model)(object) as Model).validate();
    return [];
  } catch (error) {
    return [`${where}: ${(error as Error).message}`];
  }
}
