/** Something a service cannot work without, connected in the background and probed for readiness. */
export interface Dependency {
  readonly name: string;
  readonly isConnected: boolean;
  /** Idempotent; throws when the dependency cannot be reached yet. */
  connect(): Promise<void>;
  /** Throws unless the dependency answers now. */
  ping(): Promise<unknown>;
  close(): Promise<void>;
}

export type DependencyStatus =
  | { state: 'connecting'; attempts: number; lastError?: string }
  | { state: 'connected'; since: Date }
  | { state: 'closed' };

export const DEPENDENCIES = Symbol('DEPENDENCIES');
