// The image's entry: the first argument chooses the app (`ingest`, …, or `migrate`).
// tini runs this as its child; `import` keeps Node as that one process, so signals reach it.
const ENTRIES = {
  ingest: './dist/apps/ingest/src/main.js',
  normalizer: './dist/apps/normalizer/src/main.js',
  router: './dist/apps/router/src/main.js',
  executor: './dist/apps/executor/src/main.js',
  replay: './dist/apps/replay/src/main.js',
  migrate: './dist/libs/runtime/src/migrate/main.js',
};

const app = process.argv[2];
if (!app || !Object.hasOwn(ENTRIES, app)) {
  process.stderr.write(
    `usage: <image> ${Object.keys(ENTRIES).join(' | ')} (got ${app ?? 'nothing'})\n`,
  );
  process.exit(64);
}
await import(new URL(ENTRIES[app], import.meta.url).href);
