import { type ServiceAppOptions } from '@hookline/runtime';
import { setupOpenApi } from './api/http/openapi.js';

/** How the replay app is built, in `main` and in tests alike: with its OpenAPI document. */
export const replayAppOptions: ServiceAppOptions = {
  configureApp: (app, config) => setupOpenApi(app, config.version),
};
