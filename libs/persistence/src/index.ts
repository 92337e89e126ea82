export * from './database.options.js';
export * from './database.connection.js';
export * from './data-source.js';
export { MIGRATIONS } from './migrations/index.js';
export * from './persistence.module.js';
export * from './service-instances/service-instance.entity.js';
export * from './service-instances/service-instance.repository.js';
export * from './raw-webhooks/raw-webhook.js';
export * from './raw-webhooks/raw-webhook.store.js';
export * from './raw-webhooks/group-commit.js';
export * from './dead-letters/dead-letter.store.js';
export * from './delivery-ledger/delivery-ledger.repository.js';
export * from './delivery-ledger/pg-delivery-ledger.repository.js';
export * from './destination-limits/destination-rate-limiter.js';
export * from './destination-states/destination-state.repository.js';
export * from './event-claims/event-claim.repository.js';
export * from './event-claims/postgres-event-claim.repository.js';
<<<<<<< HEAD
export * from './operator-tokens/operator-token.repository.js';
export * from './operator-audit/operator-audit.repository.js';
=======
export * from './event-timeline/event-timeline.repository.js';
export * from './event-timeline/pg-event-timeline.repository.js';
>>>>>>> timeline
