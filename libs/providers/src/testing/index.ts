// Test-only helpers: sample payloads beside each provider. Production code never imports these.
export { type EventSample, readEventSamples } from './event-samples.js';
