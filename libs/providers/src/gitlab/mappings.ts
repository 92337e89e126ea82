import { z } from 'zod';
import { type EventMapping, defineMapping } from '../canonical/event-mapping.js';

const Project = z.looseObject({ id: z.number().int(), path_with_namespace: z.string().min(1) });
const iid = z.number().int().positive();

const Push = z.looseObject({
  object_kind: z.literal('push'),
  ref: z.string(),
  before: z.string(),
  after: z.string(),
  project: Project,
  commits: z.array(z.looseObject({ id: z.string(), message: z.string() })),
});
const MergeRequest = z.looseObject({
  object_kind: z.literal('merge_request'),
  project: Project,
  user: z.looseObject({ username: z.string() }),
  object_attributes: z.looseObject({
    iid,
    title: z.string(),
    state: z.string(),
    action: z.string(),
  }),
});
const Issue = z.looseObject({
  object_kind: z.literal('issue'),
  project: Project,
  object_attributes: z.looseObject({
    iid,
    title: z.string(),
    state: z.string(),
    action: z.string(),
  }),
});

const project = (body: { project: { path_with_namespace: string } }) =>
  `gitlab:${body.project.path_with_namespace}`;

/**
 * GitLab maps to the same `code.*` types as GitHub. Merge requests (`!iid`) and issues
 * (`#iid`) number separately in GitLab, so their subjects differ by sign.
 */
export const gitlabMappings: readonly EventMapping[] = [
  defineMapping({
    providerType: 'push',
    type: 'code.push',
    schema: Push,
    subject: project,
    data: (body) => body,
  }),
  ...(
    [
      ['open', 'code.pull_request.opened'],
      ['reopen', 'code.pull_request.reopened'],
      ['update', 'code.pull_request.updated'],
      ['merge', 'code.pull_request.merged'],
      ['close', 'code.pull_request.closed'],
    ] as const
  ).map(([action, type]) =>
    defineMapping({
      providerType: `merge_request.${action}`,
      type,
      schema: MergeRequest,
      subject: (body) => `${project(body)}!${body.object_attributes.iid}`,
      data: (body) => body,
    }),
  ),
  ...(
    [
      ['open', 'code.issue.opened'],
      ['close', 'code.issue.closed'],
      ['reopen', 'code.issue.reopened'],
    ] as const
  ).map(([action, type]) =>
    defineMapping({
      providerType: `issue.${action}`,
      type,
      schema: Issue,
      subject: (body) => `${project(body)}#${body.object_attributes.iid}`,
      data: (body) => body,
    }),
  ),
];
