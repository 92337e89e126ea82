export * from './test-service.js';
export * from './service-boot.suite.js';
export * from './recording-timeline.js';
export * from './service-timeline.js';
