/** No such job, or one of tenants the caller may not see (never says which): a 404. */
export class ReplayNotFound extends Error {
  override readonly name = 'ReplayNotFound';
}

/** The caller asked for a tenant outside its scope: a 403. */
export class ReplayForbidden extends Error {
  override readonly name = 'ReplayForbidden';
}

/** The job is not in a state that allows this (start of a job that is no dry run): a 409. */
export class ReplayConflict extends Error {
  override readonly name = 'ReplayConflict';
}
