export * from './provider.js';
export * from './registry.js';
export * from './hydration.js';
export * from './canonical/event-mapping.js';
export * from './canonical/canonical-events.js';
export * from './canonical/ordering-key.js';
export * from './canonical/normalize-webhook.js';
export { DEFAULT_TOLERANCE_SECONDS, NoSettings, ToleranceSettings } from './settings.js';
export { StripeSettings, stripeProvider } from './stripe/index.js';
export { GitHubSettings, githubProvider } from './github/index.js';
export { SlackSettings, slackProvider } from './slack/index.js';
export { HubSpotSettings, hubspotProvider } from './hubspot/index.js';
export { ShopifySettings, shopifyProvider } from './shopify/index.js';
export { StandardWebhooksSettings, standardWebhooksProvider } from './standard-webhooks/index.js';
export { GitLabSettings, gitlabProvider } from './gitlab/index.js';
export { PaddleSettings, paddleProvider } from './paddle/index.js';
export {
  GenericHmacSettings,
  genericHmacProvider,
  parseGenericHmacSettings,
} from './generic-hmac/index.js';
