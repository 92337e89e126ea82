// Test helpers beside the providers, for tests and `hookline demo`: sample payloads and
// genuine signed webhooks. Services never import these.
export { type EventSample, readEventSamples, readSamplePayloads } from './event-samples.js';
export {
  type SignedRequest,
  type SigningInput,
  type SigningOptions,
  type TestSigner,
} from './test-signer.js';
export { TEST_SIGNERS, testSignerOf } from './test-signers.js';
export { signWebhook } from './sign-webhook.js';
