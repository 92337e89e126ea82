// Tracing starts before the service's modules are imported, so that its instrumentations
// can wrap the libraries they load (docs/tracing.md). The service itself: serve.ts.
import { startTelemetry } from '@hookline/observability/telemetry';

startTelemetry({ service: 'normalizer' });
await import('./serve.js');
