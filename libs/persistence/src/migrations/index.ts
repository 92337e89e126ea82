import { ServiceInstances1763884800000 } from './1763884800000-service-instances.js';
import { RawWebhooks1763971200000 } from './1763971200000-raw-webhooks.js';
import { Configuration1764028800000 } from './1764028800000-configuration.js';
import { DeadLetters1764115200000 } from './1764115200000-dead-letters.js';
import { DeliveryLedger1764201600000 } from './1764201600000-delivery-ledger.js';
import { EventClaims1764288000000 } from './1764288000000-event-claims.js';
import { EventTimeline1764374400000 } from './1764374400000-event-timeline.js';
import { OperatorApi1764460800000 } from './1764460800000-operator-api.js';
import { ReplayJobs1764547200000 } from './1764547200000-replay-jobs.js';
import { RawWebhookOutbox1764633600000 } from './1764633600000-raw-webhook-outbox.js';

/** Every migration, oldest first. Schema changes happen here only, never by synchronize. */
export const MIGRATIONS = [
  ServiceInstances1763884800000,
  RawWebhooks1763971200000,
  Configuration1764028800000,
  DeadLetters1764115200000,
  DeliveryLedger1764201600000,
  EventClaims1764288000000,
  EventTimeline1764374400000,
  OperatorApi1764460800000,
  ReplayJobs1764547200000,
  RawWebhookOutbox1764633600000,
];
