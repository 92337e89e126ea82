import { join } from 'node:path';
import ts from 'typescript';
import { K8S_ROOT, type KubeObject } from './render.js';

/** The packages whose TypeScript interfaces (`I<Kind>`) describe each apiVersion. */
const TYPED_PACKAGES: Record<string, string> = {
  v1: 'kubernetes-models/v1',
  'apps/v1': 'kubernetes-models/apps/v1',
  'batch/v1': 'kubernetes-models/batch/v1',
  'policy/v1': 'kubernetes-models/policy/v1',
  'autoscaling/v2': 'kubernetes-models/autoscaling/v2',
  'networking.k8s.io/v1': 'kubernetes-models/networking.k8s.io/v1',
  'monitoring.coreos.com/v1': '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1',
  'keda.sh/v1alpha1': '@kubernetes-models/keda/keda.sh/v1alpha1',
};

/**
 * Fields that the schemas do not know. The models' JSON schemas accept unknown fields
 * (as the API server does, by dropping them), so a misspelt field would pass; their
 * TypeScript interfaces do not. Each object is type-checked as an object literal of its
 * kind's interface: TypeScript's excess-property check names every unknown field.
 * Objects of other apiVersions (Strimzi's, checked strictly by its CRD) are left out.
 */
export function unknownFieldProblems(objects: KubeObject[]): string[] {
  const file = join(K8S_ROOT, 'src', '__rendered_objects__.ts');
  const lines: string[] = [];
  const owners: { line: number; where: string }[] = [];
  const aliases = new Map<string, string>();
  for (const [index, object] of objects.entries()) {
    const specifier = TYPED_PACKAGES[object.apiVersion];
    if (!specifier) continue;
    let alias = aliases.get(specifier);
    if (!alias) {
      alias = `m${aliases.size}`;
      aliases.set(specifier, alias);
    }
    owners.push({ line: lines.length, where: `${object.kind}/${object.metadata.name}` });
    lines.push(`export const o${index}: ${alias}.I${object.kind} = ${JSON.stringify(object)};`);
  }
  const imports = [...aliases].map(
    ([specifier, alias]) => `import type * as ${alias} from '${specifier}';`,
  );
  const source = [...imports, ...lines].join('\n');
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    name === file
      ? ts.createSourceFile(name, source, language)
      : getSourceFile(name, language, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  const sourceFile = program.getSourceFile(file)!;
  const diagnostics = [
    ...program.getSyntacticDiagnostics(sourceFile),
    ...program.getSemanticDiagnostics(sourceFile),
  ];
  return diagnostics.map((diagnostic) => {
    const { line } = sourceFile.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    const owner = owners.find((candidate) => candidate.line === line - imports.length);
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    return `${owner?.where ?? `line ${line + 1}`}: ${message}`;
  });
}
