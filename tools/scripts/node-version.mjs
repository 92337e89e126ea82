// Hookline needs Node 22.12+ (NestJS 12 is ESM-only and relies on require(esm)). npm
// scripts put node_modules/.bin first on PATH, where the `node` package installs Node 24.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(
    `[hookline] Node ${process.versions.node} is too old: run through npm (npm start / npm test), which uses the Node 24 that npm ci installs, or install Node 22+.\n`,
  );
  process.exit(1);
}
