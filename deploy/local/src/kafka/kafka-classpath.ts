import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { LauncherError } from '../launcher-error.js';

const JAVA_REQUIRED =
  'Java 17+ is required to run the embedded Kafka broker: install a JDK (e.g. `apt-get install openjdk-17-jre-headless`) or set KAFKA_BROKERS to an existing broker';
const MAVEN_REQUIRED =
  'Maven (mvn) is required to fetch the embedded Kafka broker: install it (e.g. `apt-get install maven`) or set KAFKA_BROKERS to an existing broker';
/** The goal spelled out in full, so Maven needs no plugin-prefix metadata from Central. */
const BUILD_CLASSPATH_GOAL =
  'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath';
const MAVEN_TIMEOUT_MS = 10 * 60_000;

/** The java binary Maven would use too: JAVA_HOME's when set, else whatever PATH finds. */
export function javaExecutable(): string {
  const home = process.env['JAVA_HOME'];
  const candidate = home ? join(home, 'bin', 'java') : undefined;
  return candidate && existsSync(candidate) ? candidate : 'java';
}

/** Major version from `java -version` output: `"17.0.15"` → 17, legacy `"1.8.0_392"` → 8. */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match?.[1]) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] ? Number(match[2]) : first;
}

/** Throws a LauncherError unless a Java 17+ runtime is available; returns its path. */
export async function checkJava(): Promise<string> {
  const java = javaExecutable();
  const output = await new Promise<string | undefined>((resolve) => {
    execFile(java, ['-version'], { timeout: 30_000 }, (error, stdout, stderr) => {
      resolve(error ? undefined : `${stderr}\n${stdout}`);
    });
  });
  if (output === undefined) throw new LauncherError(JAVA_REQUIRED);
  const major = parseJavaMajor(output);
  if (major === undefined || major < 17) {
    throw new LauncherError(
      `${JAVA_REQUIRED} (found Java ${major ?? 'of unknown version'} at ${java})`,
    );
  }
  return java;
}

const ANSI = /\u001b\[[0-9;]*m/g;
const MAVEN_BOILERPLATE = [
  /^$/,
  /^To see the full stack trace/,
  /^Re-run Maven using/,
  /^For more information about the errors/,
  /^\[Help \d+\]/,
];

/** The last `[ERROR]` line of Maven's output that says something, shortened to fit one line. */
export function lastMavenError(output: string): string | undefined {
  const errors = output
    .replace(ANSI, '')
    .split(/\r?\n/)
    .map((line) => /^\[(?:ERROR|FATAL)\]\s?(.*)$/.exec(line.trim())?.[1]?.trim())
    .filter((line): line is string => line !== undefined)
    .filter((line) => !MAVEN_BOILERPLATE.some((pattern) => pattern.test(line)))
    .map((line) => line.replace(/\s*->\s*\[Help \d+\]$/, ''));
  const last = errors.at(-1);
  if (!last) return undefined;
  // Resolution errors nest causes with ': '; the start names the artifact, the end the reason.
  return last.length > 320 ? `${last.slice(0, 120)} … ${last.slice(-190)}` : last;
}

/** Runs Maven, resolving with its combined output or rejecting with a LauncherError. */
function runMaven(args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('mvn', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => {
      // The tail holds the errors; keep memory bounded if Maven gets chatty.
      output = (output + chunk.toString('utf8')).slice(-64_000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), MAVEN_TIMEOUT_MS);
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        new LauncherError(
          error.code === 'ENOENT' ? MAVEN_REQUIRED : `could not run mvn: ${error.message}`,
        ),
      );
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve();
      const reason =
        signal === 'SIGKILL'
          ? `mvn gave up after ${MAVEN_TIMEOUT_MS / 60_000} minutes`
          : (lastMavenError(output) ?? `mvn exited with ${code ?? signal}`);
      reject(
        new LauncherError(
          `could not resolve the Kafka broker jars with Maven (is Maven Central reachable? set KAFKA_BROKERS to use an existing broker): ${reason}`,
        ),
      );
    });
  });
}

function readClasspath(file: string): string | undefined {
  try {
    const classpath = readFileSync(file, 'utf8').trim();
    // A cleaned ~/.m2 invalidates the cache even though pom.xml did not change.
    const complete = classpath !== '' && classpath.split(delimiter).every((jar) => existsSync(jar));
    return complete ? classpath : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The classpath of one Kafka version's broker. Maven downloads the jars into ~/.m2 once;
 * the resulting list is cached in the state folder under a hash of pom.xml and the
 * version, so a warm start does not spawn Maven.
 */
export async function kafkaClasspath(
  pomFile: string,
  cacheDir: string,
  log: (line: string) => void,
  version: string,
): Promise<string> {
  const hash = createHash('sha256')
    .update(readFileSync(pomFile))
    .update(`\0${version}`)
    .digest('hex')
    .slice(0, 16);
  const cacheName = `classpath-${hash}.txt`;
  const cacheFile = join(cacheDir, cacheName);
  const cached = readClasspath(cacheFile);
  if (cached) return cached;

  log(`resolving Kafka ${version} jars with Maven (the first run downloads ~60 MB into ~/.m2)`);
  const started = Date.now();
  const partial = `${cacheFile}.${process.pid}.tmp`;
  try {
    await runMaven(
      [
        ...['-B', '-q', '-f', pomFile, BUILD_CLASSPATH_GOAL],
        ...[`-Dkafka.version=${version}`, `-Dmdep.outputFile=${partial}`],
      ],
      cacheDir,
    );
    renameSync(partial, cacheFile);
  } finally {
    rmSync(partial, { force: true });
  }
  const classpath = readClasspath(cacheFile);
  if (!classpath)
    throw new LauncherError(
      `Maven produced an empty or incomplete Kafka classpath in ${cacheFile}`,
    );
  for (const name of readdirSync(cacheDir)) {
    if (/^classpath-[0-9a-f]+\.txt$/.test(name) && name !== cacheName)
      rmSync(join(cacheDir, name), { force: true });
  }
  log(`resolved Kafka ${version} jars in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return classpath;
}
