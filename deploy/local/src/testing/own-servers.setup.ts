// The launcher tests start servers of their own on ports and folders they choose. A user's
// settings for the shared embedded servers (`npm start`, `npm test`) must not leak into them.
for (const name of [
  'HOOKLINE_HOME',
  'HOOKLINE_KAFKA_PORT',
  'HOOKLINE_KAFKA_CONTROLLER_PORT',
  'HOOKLINE_KAFKA_HEAP_MB',
  'HOOKLINE_KAFKA_VERSION',
  'HOOKLINE_POSTGRES_PORT',
  'KAFKA_BROKERS',
  'DATABASE_URL',
]) {
  delete process.env[name];
}
