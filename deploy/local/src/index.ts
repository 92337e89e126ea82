export * from './launcher-error.js';
export * from './workspace.js';
export * from './process-control.js';
export * from './kafka/kafka-launcher.js';
export * from './kafka/kafka-matrix.js';
export * from './postgres/postgres-launcher.js';
export { javaExecutable } from './kafka/kafka-classpath.js';
