// TypeBox schemas of the Pusher HTTP API (validation, types and OpenAPI from one place).
import { Type } from 'typebox';

export const AppParams = Type.Object({ appId: Type.String() });
export const ChannelParams = Type.Object({ appId: Type.String(), channelName: Type.String() });
export const UserParams = Type.Object({ appId: Type.String(), userId: Type.String() });

/** The auth_* parameters are checked before validation; these are the others. */
export const ChannelsQuery = Type.Object({
  filter_by_prefix: Type.Optional(Type.String()),
  info: Type.Optional(Type.String()),
});
export const ChannelQuery = Type.Object({ info: Type.Optional(Type.String()) });

export const EventBody = Type.Object({
  name: Type.String(),
  data: Type.String(),
  channels: Type.Optional(Type.Array(Type.String())),
  channel: Type.Optional(Type.String()),
  socket_id: Type.Optional(Type.String()),
  info: Type.Optional(Type.String()),
});

export const BatchEvent = Type.Object({
  name: Type.String(),
  data: Type.String(),
  channel: Type.String(),
  socket_id: Type.Optional(Type.String()),
  info: Type.Optional(Type.String()),
});
export const BatchBody = Type.Object({ batch: Type.Array(BatchEvent) });

export const ChannelAttributes = Type.Object({
  subscription_count: Type.Optional(Type.Integer()),
  user_count: Type.Optional(Type.Integer()),
});

export const EventReply = Type.Object({ channels: Type.Optional(Type.Record(Type.String(), ChannelAttributes)) });
export const BatchReply = Type.Object({ batch: Type.Optional(Type.Array(ChannelAttributes)) });
export const ChannelsReply = Type.Object({ channels: Type.Record(Type.String(), ChannelAttributes) });
export const ChannelReply = Type.Object({
  occupied: Type.Boolean(),
  subscription_count: Type.Optional(Type.Integer()),
  user_count: Type.Optional(Type.Integer()),
});
export const UsersReply = Type.Object({ users: Type.Array(Type.Object({ id: Type.String() })) });
export const EmptyReply = Type.Object({});
export const ErrorReply = Type.Object({ error: Type.String(), code: Type.String() });

export const errorReplies = { 400: ErrorReply, 401: ErrorReply, 404: ErrorReply, 413: ErrorReply };
