import { z } from 'zod';
import { type EventMapping, defineMapping } from '../canonical/event-mapping.js';

const Repository = z.looseObject({ id: z.number().int(), full_name: z.string().min(1) });
const User = z.looseObject({ login: z.string() });
const number = z.number().int().positive();

const Push = z.looseObject({
  ref: z.string(),
  before: z.string(),
  after: z.string(),
  repository: Repository,
  commits: z.array(z.looseObject({ id: z.string(), message: z.string() })),
});
const PullRequestEvent = z.looseObject({
  action: z.string(),
  number,
  repository: Repository,
  pull_request: z.looseObject({
    number,
    state: z.string(),
    title: z.string(),
    merged: z.boolean().nullable().optional(),
    user: User,
  }),
});
const IssueEvent = z.looseObject({
  action: z.string(),
  repository: Repository,
  issue: z.looseObject({ number, title: z.string(), state: z.string(), user: User }),
});
const IssueCommentEvent = IssueEvent.extend({
  comment: z.looseObject({ id: z.number().int(), body: z.string(), user: User }),
});
const ReleaseEvent = z.looseObject({
  action: z.string(),
  repository: Repository,
  release: z.looseObject({ id: z.number().int(), tag_name: z.string() }),
});
const WorkflowRunEvent = z.looseObject({
  action: z.string(),
  repository: Repository,
  workflow_run: z.looseObject({
    id: z.number().int(),
    name: z.string().nullable(),
    status: z.string().nullable(),
    conclusion: z.string().nullable(),
    head_branch: z.string().nullable(),
  }),
});

const repo = (event: { repository: { full_name: string } }) =>
  `github:${event.repository.full_name}`;

const pullRequest = (
  action: string,
  type: string | ((event: z.output<typeof PullRequestEvent>) => string),
  types?: string[],
) =>
  defineMapping({
    providerType: `pull_request.${action}`,
    type,
    ...(types ? { types } : {}),
    schema: PullRequestEvent,
    subject: (event) => `${repo(event)}#${event.pull_request.number}`,
    data: (event) => event,
  });

const issue = (action: string) =>
  defineMapping({
    providerType: `issues.${action}`,
    type: `code.issue.${action}`,
    schema: IssueEvent,
    subject: (event) => `${repo(event)}#${event.issue.number}`,
    data: (event) => event,
  });

/**
 * GitHub: the subject is the repository, plus the issue or pull request number when the
 * event is about one (`github:octo/app#12`: issues and pull requests share numbers).
 */
export const githubMappings: readonly EventMapping[] = [
  defineMapping({
    providerType: 'push',
    type: 'code.push',
    schema: Push,
    subject: repo,
    data: (event) => event,
  }),
  pullRequest('opened', 'code.pull_request.opened'),
  pullRequest('reopened', 'code.pull_request.reopened'),
  pullRequest('synchronize', 'code.pull_request.updated'),
  pullRequest(
    'closed',
    (event) =>
      event.pull_request.merged ? 'code.pull_request.merged' : 'code.pull_request.closed',
    ['code.pull_request.merged', 'code.pull_request.closed'],
  ),
  issue('opened'),
  issue('closed'),
  issue('reopened'),
  defineMapping({
    providerType: 'issue_comment.created',
    type: 'code.issue.commented',
    schema: IssueCommentEvent,
    subject: (event) => `${repo(event)}#${event.issue.number}`,
    data: (event) => event,
  }),
  defineMapping({
    providerType: 'release.published',
    type: 'code.release.published',
    schema: ReleaseEvent,
    subject: repo,
    data: (event) => event,
  }),
  defineMapping({
    providerType: 'workflow_run.completed',
    type: 'code.workflow_run.completed',
    schema: WorkflowRunEvent,
    subject: repo,
    data: (event) => event,
  }),
];
