import { ServiceInstances1763884800000 } from './1763884800000-service-instances.js';

/** Every migration, oldest first. Schema changes happen here only, never by synchronize. */
export const MIGRATIONS = [ServiceInstances1763884800000];
