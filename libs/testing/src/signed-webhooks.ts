// Genuine webhooks of every provider for tests: each provider's signer lives in its own
// folder (`libs/providers/src/<provider>/testing/signer.ts`).
export { signWebhook, type SignedRequest, type SigningOptions } from '@hookline/providers/testing';
