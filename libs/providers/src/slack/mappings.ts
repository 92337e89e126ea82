import { z } from 'zod';
import { type EventMapping, defineMapping } from '../canonical/event-mapping.js';

/** Slack's Events API envelope around one inner event. */
const callback = <E extends z.ZodType>(event: E) =>
  z.looseObject({
    type: z.literal('event_callback'),
    team_id: z.string().min(1),
    event_id: z.string(),
    event,
  });

const Message = z.looseObject({
  type: z.literal('message'),
  channel: z.string().min(1),
  user: z.string().optional(),
  text: z.string().optional(),
  ts: z.string(),
});
const AppMention = z.looseObject({
  type: z.literal('app_mention'),
  channel: z.string().min(1),
  user: z.string(),
  text: z.string(),
  ts: z.string(),
});
const Reaction = z.looseObject({
  type: z.enum(['reaction_added', 'reaction_removed']),
  user: z.string(),
  reaction: z.string(),
  item: z.looseObject({ type: z.string(), channel: z.string().min(1), ts: z.string() }),
  event_ts: z.string(),
});
const MemberJoined = z.looseObject({
  type: z.literal('member_joined_channel'),
  user: z.string(),
  channel: z.string().min(1),
});

/** Slack: the subject is the workspace's channel (`slack:T123/C456`), the data the inner event. */
export const slackMappings: readonly EventMapping[] = [
  defineMapping({
    providerType: 'message',
    type: 'chat.message.posted',
    schema: callback(Message),
    subject: (body) => `slack:${body.team_id}/${body.event.channel}`,
    data: (body) => body.event,
  }),
  defineMapping({
    providerType: 'app_mention',
    type: 'chat.app.mentioned',
    schema: callback(AppMention),
    subject: (body) => `slack:${body.team_id}/${body.event.channel}`,
    data: (body) => body.event,
  }),
  ...(['reaction_added', 'reaction_removed'] as const).map((providerType) =>
    defineMapping({
      providerType,
      type: providerType === 'reaction_added' ? 'chat.reaction.added' : 'chat.reaction.removed',
      schema: callback(Reaction),
      subject: (body) => `slack:${body.team_id}/${body.event.item.channel}`,
      data: (body) => body.event,
    }),
  ),
  defineMapping({
    providerType: 'member_joined_channel',
    type: 'chat.member.joined',
    schema: callback(MemberJoined),
    subject: (body) => `slack:${body.team_id}/${body.event.channel}`,
    data: (body) => body.event,
  }),
];
