// Conversations and messages (the contract's chat section): authenticate, call the domain command
// through the dispatcher (commit, then events, one call per conversation at a time), present.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { presentAssignment, presentMessage, presentSummary, staffInfo, staffInfoOrNull } from '../../contract/presenters.js';
import { SessionTokenParams } from '../../contract/schemas/auth.js';
import {
  AssignReply, Assignment, ConversationSummary, GuestUnreadReply, MarkReadReply, MarkUnreadReply, MessagesQuery, ReleaseBody, ReleaseReply, SendBody, SendReply,
  UnreadCountReply,
} from '../../contract/schemas/chat.js';
import { ConversationParams, errors, HotelParams, Message } from '../../contract/schemas/common.js';
import { resolveActor } from '../../domain/actor.js';
import { assignStaff, releaseConversation } from '../../domain/handoff.js';
import { assignmentHistory, guestUnreadCount, listConversations, staffUnreadCount } from '../../domain/inbox.js';
import { listMessages, markRead, markUnread, sendMessage } from '../../domain/messages.js';
import { conversationKey } from '../../events/dispatcher.js';
import type { RouteContext } from '../context.js';
import { deskRoutes } from './desk.js';
import { pushRoutes } from './push.js';

export const chatRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  const { deps, dispatcher } = ctx;
  const base = '/chat/:hotel_slug/conversations';
  const tags = ['chat'];
  await app.register(deskRoutes, ctx);
  await app.register(pushRoutes, ctx);

  app.get(`${base}/`, {
    schema: { tags, params: HotelParams, response: { 200: Type.Array(ConversationSummary), ...errors(401, 403, 404) } },
  }, async (req) => (await listConversations(deps, req.actor, req.params.hotel_slug)).map(presentSummary));

  app.get(`${base}/unread-count/`, {
    schema: { tags, params: HotelParams, response: { 200: UnreadCountReply, ...errors(401, 403, 404) } },
  }, async (req) => {
    const rooms = await staffUnreadCount(deps, req.actor, req.params.hotel_slug);
    return {
      unread_count: rooms.length,
      rooms: rooms.map((x) => ({ conversation_id: x.conversationId, room_number: x.roomNumber, unread_count: x.unreadCount })),
    };
  });

  app.get(`${base}/:conversation_id/messages/`, {
    schema: { tags, params: ConversationParams, querystring: MessagesQuery, response: { 200: Type.Array(Message), ...errors(400, 401, 403, 404) } },
  }, async (req) => (await listMessages(deps, req.actor, req.params.hotel_slug, req.params.conversation_id, { limit: req.query.limit, beforeId: req.query.before_id })).map(presentMessage));

  app.post(`${base}/:conversation_id/messages/send/`, {
    schema: { tags, params: ConversationParams, body: SendBody, response: { 201: SendReply, ...errors(400, 401, 403, 404, 409, 413) } },
  }, async (req, reply) => {
    const { hotel_slug: hotel, conversation_id: id } = req.params;
    const r = await dispatcher.run(conversationKey(hotel, id), () => sendMessage(deps, req.actor, hotel, id, { text: req.body.message, clientMessageId: req.body.client_message_id }));
    return reply.code(201).send({
      conversation_id: r.conversation.id,
      message: presentMessage(r.message),
      ...(r.staff && { staff_info: staffInfo(r.staff) }),
      duplicate: r.duplicate,
    });
  });

  app.post(`${base}/:conversation_id/assign-staff/`, {
    schema: { tags, params: ConversationParams, response: { 200: AssignReply, ...errors(401, 403, 404, 409) } },
  }, async (req) => {
    const { hotel_slug: hotel, conversation_id: id } = req.params;
    const r = await dispatcher.run(conversationKey(hotel, id), () => assignStaff(deps, req.actor, hotel, id));
    return {
      conversation_id: r.conversation.id,
      assigned_staff: staffInfo(r.assigned),
      previous_staff: staffInfoOrNull(r.previous),
      changed: r.changed,
      sessions_updated: r.sessionsUpdated,
      room_number: r.conversation.roomNumber,
    };
  });

  app.post(`${base}/:conversation_id/release/`, {
    schema: {
      tags,
      summary: 'Release the conversation to the team: nobody handles it, and it is unread for everyone',
      params: ConversationParams,
      body: ReleaseBody,
      response: { 200: ReleaseReply, ...errors(400, 401, 403, 404, 409) },
    },
    // The body is optional: a bare POST releases without a reason.
    preValidation: async (req) => {
      req.body ??= {};
    },
  }, async (req) => {
    const { hotel_slug: hotel, conversation_id: id } = req.params;
    const r = await dispatcher.run(conversationKey(hotel, id), () => releaseConversation(deps, req.actor, hotel, id, req.body));
    return {
      conversation_id: r.conversation.id,
      room_number: r.conversation.roomNumber,
      released: r.released,
      previous_staff: staffInfoOrNull(r.previous),
      reason: r.note,
      has_unread: r.unreadCount > 0,
      unread_count: r.unreadCount,
    };
  });

  app.post(`${base}/:conversation_id/mark-read/`, {
    schema: { tags, params: ConversationParams, response: { 200: MarkReadReply, ...errors(401, 403, 404) } },
  }, async (req) => {
    const { hotel_slug: hotel, conversation_id: id } = req.params;
    const r = await dispatcher.run(conversationKey(hotel, id), () => markRead(deps, req.actor, hotel, id));
    return { conversation_id: r.conversationId, marked_as_read: r.messageIds.length, message_ids: r.messageIds };
  });

  app.post(`${base}/:conversation_id/mark-unread/`, {
    schema: { tags, params: ConversationParams, response: { 200: MarkUnreadReply, ...errors(401, 403, 404, 409) } },
  }, async (req) => {
    const { hotel_slug: hotel, conversation_id: id } = req.params;
    const r = await dispatcher.run(conversationKey(hotel, id), () => markUnread(deps, req.actor, hotel, id));
    return { conversation_id: r.conversationId, has_unread: true as const, unread_count: r.unreadCount, released: r.released };
  });

  app.get(`${base}/:conversation_id/assignments/`, {
    schema: { tags, params: ConversationParams, response: { 200: Type.Array(Assignment), ...errors(401, 403, 404) } },
  }, async (req) => (await assignmentHistory(deps, req.actor, req.params.hotel_slug, req.params.conversation_id)).map(presentAssignment));

  app.get('/chat/guest-session/:session_token/unread-count/', {
    schema: { tags: ['guest'], security: [], params: SessionTokenParams, response: { 200: GuestUnreadReply, ...errors(401) } },
  }, async (req) => {
    const actor = await deps.store.read((r) => resolveActor(r, req.params.session_token));
    const { count, latest } = await guestUnreadCount(deps, actor);
    return { unread_count: count, latest_message: latest ? presentMessage(latest) : null };
  });
};
