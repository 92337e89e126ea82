/**
 * Stops containers this run started, and the embedded servers a test run started once
 * no other test run holds a lease on them; never what was only reused.
 */
export default async function globalTeardown() {
  const infra = globalThis.__hooklineTestInfra;
  globalThis.__hooklineTestInfra = undefined;
  if (!infra) return;
  try {
    await Promise.all(infra.containers.map((resource) => resource.release()));
    for (const name of infra.leases.release(process.pid)) await infra.stop[name]();
  } finally {
    infra.cleanup();
  }
}
