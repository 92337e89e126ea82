export * from './topics.js';
export * from './headers.js';
export * from './services.js';
