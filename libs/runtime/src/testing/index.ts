export * from './test-service.js';
export * from './service-boot.suite.js';
