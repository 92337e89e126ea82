export * from './kafka.options.js';
export * from './kafka.connection.js';
export * from './kafka.module.js';
