/** Stops what the global setup started; leaves alone what it only reused. */
export default async function globalTeardown() {
  const resources = globalThis.__hooklineTestInfra ?? [];
  globalThis.__hooklineTestInfra = undefined;
  await Promise.all(resources.map((resource) => resource.release()));
}
