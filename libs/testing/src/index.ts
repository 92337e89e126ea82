export * from './infra-mode.js';
export * from './test-context.js';
export * from './tcp-proxy.js';
export * from './child-process.js';
export * from './pipeline-fixtures.js';
export * from './signed-webhooks.js';
export * from './private-kafka.js';
export * from './private-postgres.js';
