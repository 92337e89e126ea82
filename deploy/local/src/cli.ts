import { pathToFileURL } from 'node:url';
import { ensureKafka, kafkaStatus, stopKafka } from './kafka/kafka-launcher.js';
import { matrixKafkaOptions } from './kafka/kafka-matrix.js';
import { LauncherError } from './launcher-error.js';
import { ensurePostgres, postgresStatus, stopPostgres } from './postgres/postgres-launcher.js';
import { type Stack, StackStopped, startStack } from './stack/start-stack.js';

const USAGE = `usage: hookline-local <command>
  start          start Kafka, PostgreSQL and the five services; Ctrl-C stops them
  infra up       start (or reuse) the embedded Kafka and PostgreSQL and leave them running
  infra down     stop the embedded Kafka and PostgreSQL (and npm test's second Kafka)
  infra status   say whether they run`;

const log = (line: string) => process.stdout.write(`[hookline] ${line}\n`);

/** The local launcher's command line; returns the exit code. */
export async function main(args: string[]): Promise<number> {
  try {
    const [command, sub] = args;
    if (command === 'start') return await runStack();
    if (command === 'infra' && sub === 'up') {
      const [kafka, postgres] = await Promise.all([ensureKafka({ log }), ensurePostgres({ log })]);
      log(
        `Kafka ${kafka.version} at ${kafka.brokers}; PostgreSQL ${postgres.version} at ${postgres.url}`,
      );
      return 0;
    }
    if (command === 'infra' && sub === 'down') {
      const [kafka, postgres] = await Promise.all([
        stopKafka(),
        stopPostgres(),
        stopKafka(matrixKafkaOptions()),
      ]);
      log(
        `Kafka ${kafka ? 'stopped' : 'was not running'}; PostgreSQL ${postgres ? 'stopped' : 'was not running'}`,
      );
      return 0;
    }
    if (command === 'infra' && sub === 'status') {
      const [kafka, postgres] = await Promise.all([kafkaStatus(), postgresStatus()]);
      log(
        `Kafka: ${kafka.running ? `running, pid ${kafka.pid}, ${kafka.brokers}` : 'not running'}`,
      );
      log(
        `PostgreSQL: ${postgres.running ? `running, pid ${postgres.pid}, ${postgres.url}` : 'not running'}`,
      );
      return 0;
    }
    process.stderr.write(`${USAGE}\n`);
    return 64;
  } catch (error) {
    if (error instanceof LauncherError) {
      process.stderr.write(`[hookline] ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

/**
 * `npm start`. Ctrl-C or SIGTERM at any point, also while starting, stops the services and
 * then the Kafka and PostgreSQL this run started; a dependency that cannot start stops the
 * rest and ends the run with the one line saying why.
 */
async function runStack(): Promise<number> {
  const starting = new AbortController();
  let stack: Stack | undefined;
  let shutdown: ((code: number) => void) | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    // A stop asked for once running is the normal end (0); one that interrupts the start is not.
    if (shutdown) shutdown(0);
    else if (!starting.signal.aborted) {
      log(`${signal}: stopping what has started...`);
      starting.abort(signal);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    try {
      stack = await startStack(log, starting.signal);
    } catch (error) {
      if (error instanceof StackStopped) {
        log('stopped');
        return starting.signal.reason === 'SIGINT' ? 130 : 143;
      }
      throw error;
    }
    const running = stack;
    log('all services ready:');
    for (const service of running.services)
      log(`  ${service.service.padEnd(10)} ${service.url}  (health: ${service.url}/health/ready)`);
    log('press Ctrl-C to stop');

    return await new Promise<number>((resolve) => {
      let stopping = false;
      shutdown = (code: number) => {
        if (stopping) return;
        stopping = true;
        log('stopping...');
        void running.stop().then(() => {
          log('stopped');
          resolve(code);
        });
      };
      for (const service of running.services) {
        void service.exited.then((code) => {
          if (stopping) return;
          log(`${service.service} exited unexpectedly (code ${code}); stopping the rest`);
          shutdown?.(1);
        });
      }
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

// Run directly (`node dist/deploy/local/src/cli.js start`) as well as through the npm scripts.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
