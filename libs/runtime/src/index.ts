export * from './config/service-config.js';
export * from './dependencies/dependency.js';
export * from './dependencies/dependency-supervisor.js';
export * from './runtime.module.js';
export * from './bootstrap.js';
export * from './config/hookline-config.service.js';
export * from './config/hookline-config.module.js';
export * from './http/client-limits.js';
