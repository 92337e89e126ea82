export * from './delivery-outcome.js';
export * from './delivery-errors.js';
export * from './destination-kind.js';
export * from './registry.js';
export * from './egress/egress-policy.js';
export * from './http/sign-request.js';
export * from './politeness/circuit-breakers.js';
export * from './politeness/retry-schedule.js';
