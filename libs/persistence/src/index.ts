export * from './database.options.js';
export * from './database.connection.js';
export * from './data-source.js';
export * from './persistence.module.js';
export * from './service-instances/service-instance.entity.js';
export * from './service-instances/service-instance.repository.js';
