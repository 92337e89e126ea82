export * from './kafka.options.js';
export * from './kafka.connection.js';
export * from './kafka.module.js';
export * from './errors.js';
export * from './record-codec.js';
export * from './standard-headers.js';
