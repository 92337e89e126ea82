// Sample payloads beside each provider, for tests and `hookline demo`. Services never import these.
export { type EventSample, readEventSamples, readSamplePayloads } from './event-samples.js';
