// The normalizer's mapping lives with the providers, so that the operator API shows the
// same canonical events from the raw store.
export { normalizeWebhook, type NormalizedWebhook } from '@hookline/providers';
