import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { SERVICE_NAMES } from '@hookline/contracts';
import { loadServiceConfig, SERVICE_ENV_VARIABLES } from '@hookline/runtime';
import { DCLinter } from 'dclint';
import { type Copy, DockerfileParser, type Label } from 'dockerfile-ast';
import { validate as lintDockerfile } from 'dockerfile-utils';
import { parse } from 'yaml';
import { REPO_ROOT } from './render.js';

const DOCKERFILE = join(REPO_ROOT, 'deploy/docker/Dockerfile');
const ENTRYPOINT = join(REPO_ROOT, 'deploy/docker/entrypoint.mjs');
const COMPOSE = join(REPO_ROOT, 'deploy/compose/compose.yaml');
const APPS = [...SERVICE_NAMES, 'migrate'];

describe('Dockerfile (parsed and linted; no Docker engine is needed)', () => {
  const text = readFileSync(DOCKERFILE, 'utf8');
  const dockerfile = DockerfileParser.parse(text);
  const instructions = dockerfile.getInstructions();
  const froms = dockerfile.getFROMs();
  const finalStage = instructions.slice(instructions.indexOf(froms.at(-1)!));
  const keyword = (name: string) => finalStage.filter((i) => i.getKeyword() === name);

  it('has no lint findings, and the linter finds a broken one', () => {
    expect(lintDockerfile(text).map((d) => `${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
    expect(lintDockerfile('FROM\nRUNN npm ci\nCOPY\n').length).toBeGreaterThanOrEqual(3);
  });

  it('builds in stages and ships only production dependencies and the build', () => {
    expect(froms.map((from) => from.getBuildStage())).toEqual([
      'build',
      'production-deps',
      'runtime',
    ]);
    const deps = instructions
      .filter((i) => i.getKeyword() === 'RUN')
      .map((i) => i.getArgumentsContent());
    expect(deps).toContainEqual(expect.stringContaining('npm ci --omit=dev'));
    const copied = (keyword('COPY') as Copy[]).map((copy) => [
      copy.getFromFlag()?.getValue() ?? null,
      copy.getArgumentsContent(),
    ]);
    expect(copied).toEqual(
      expect.arrayContaining([
        ['production-deps', '/src/node_modules ./node_modules'],
        ['build', '/src/dist ./dist'],
      ]),
    );
  });

  it('runs as a non-root user under an init process that forwards signals', () => {
    const [user] = keyword('USER');
    expect(user?.getArgumentsContent()).toMatch(/^[1-9]\d*:[1-9]\d*$/);
    const [entrypoint] = keyword('ENTRYPOINT');
    expect(JSON.parse(entrypoint!.getArgumentsContent()!)).toEqual([
      '/usr/bin/tini',
      '--',
      'node',
      '/app/entrypoint.mjs',
    ]);
    expect(
      keyword('RUN')
        .map((i) => i.getArgumentsContent())
        .join('\n'),
    ).toMatch(/apt-get install .*\btini\b/);
  });

  it('carries the OCI labels', () => {
    const labels = (keyword('LABEL') as Label[]).flatMap((label) =>
      label.getProperties().map((p) => p.getName()),
    );
    for (const name of ['title', 'description', 'licenses', 'version', 'revision', 'created'])
      expect(labels).toContain(`org.opencontainers.image.${name}`);
  });

  it('copies only files that exist and that .dockerignore lets through', () => {
    const ignored = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    const sources = (instructions.filter((i) => i.getKeyword() === 'COPY') as Copy[])
      .filter((copy) => !copy.getFromFlag())
      .flatMap((copy) =>
        copy
          .getArguments()
          .slice(0, -1)
          .map((argument) => argument.getValue()),
      );
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect({ source, exists: existsSync(join(REPO_ROOT, source)) }).toEqual({
        source,
        exists: true,
      });
      const hit = ignored.find((pattern) => source === pattern || source.startsWith(`${pattern}/`));
      expect({ source, ignoredBy: hit }).toEqual({ source, ignoredBy: undefined });
    }
  });

  it('the entry chooses the app by its argument, and names them when the argument is wrong', () => {
    const usage = spawnSync(process.execPath, [ENTRYPOINT, 'nonsense'], { encoding: 'utf8' });
    expect(usage.status).toBe(64);
    expect(usage.stderr).toContain(APPS.join(' | '));
    const entries = [
      ...readFileSync(ENTRYPOINT, 'utf8').matchAll(/^\s+(\w+): '\.\/dist\/(.+)\.js',$/gm),
    ];
    expect(entries.map(([, app]) => app)).toEqual(APPS);
    // Each entry is a compiled source file of the workspace (tools/scripts/build.mjs).
    for (const [, , path] of entries) expect(existsSync(join(REPO_ROOT, `${path}.ts`))).toBe(true);
  });
});

describe('compose file (schema-validated and linted)', () => {
  // Chosen rules: one image is built once and tagged, so build and image appear together.
  const config = {
    rules: { 'no-build-and-image': 0, 'service-keys-order': 0 },
    quiet: true,
    debug: false,
    exclude: [],
  };
  interface LintResult {
    messages: { rule: string; message: string }[];
  }
  const lint = (path: string) =>
    (new DCLinter(config).lintFiles([path], false) as LintResult[]).flatMap((result) =>
      result.messages.map((m) => `${m.rule}: ${m.message}`),
    );

  it('has no findings, and the linter rejects a broken one', () => {
    expect(lint(COMPOSE)).toEqual([]);
    const directory = mkdtempSync(join(tmpdir(), 'hookline-compose-'));
    try {
      const broken = join(directory, 'compose.yaml');
      writeFileSync(
        broken,
        'name: x\nservices:\n  app:\n    image: hookline:0.1.0\n    restart: sometimes\n    portz: [8080]\n',
      );
      expect(lint(broken).join('\n')).toMatch(/invalid-schema/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('runs Kafka, PostgreSQL, the migration and every app from the one image', () => {
    const compose = parse(readFileSync(COMPOSE, 'utf8'), { merge: true }) as {
      services: Record<
        string,
        {
          image?: string;
          command?: string[];
          read_only?: boolean;
          depends_on?: Record<string, { condition: string }>;
        }
      >;
    };
    expect(Object.keys(compose.services).sort()).toEqual([...APPS, 'kafka', 'postgres'].sort());
    for (const app of APPS) {
      const service = compose.services[app]!;
      expect({
        app,
        command: service.command,
        image: service.image,
        readOnly: service.read_only,
      }).toEqual({
        app,
        command: [app],
        image: 'hookline:0.1.0',
        readOnly: true,
      });
    }
    for (const app of SERVICE_NAMES)
      expect(compose.services[app]!.depends_on?.migrate).toEqual({
        condition: 'service_completed_successfully',
      });
  });

  it('sets only variables the services read, and each app starts with them on its port', () => {
    const compose = parse(readFileSync(COMPOSE, 'utf8'), { merge: true }) as {
      services: Record<string, { environment?: Record<string, string>; ports?: string[] }>;
    };
    for (const app of SERVICE_NAMES) {
      const env = compose.services[app]!.environment ?? {};
      const unknown = Object.keys(env).filter((name) => !SERVICE_ENV_VARIABLES.includes(name));
      expect({ app, unknown }).toEqual({ app, unknown: [] });
      const config = loadServiceConfig(app, env);
      for (const published of compose.services[app]!.ports ?? [])
        expect(Number(published.split(':').at(-1))).toBe(config.http.port);
    }
    expect(Object.keys(compose.services.migrate!.environment ?? {})).toEqual(['DATABASE_URL']);
  });
});
