import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { resolveActor } from '../../domain/actor.js';
import { assignStaff } from '../../domain/handoff.js';
import { assignmentHistory, guestUnreadCount, listConversations, staffUnreadCount } from '../../domain/inbox.js';
import { listMessages, markRead, markUnread, sendMessage } from '../../domain/messages.js';
import { assignmentView, messageView, summaryView } from '../../domain/views.js';
import type { RouteContext } from '../app.js';
import { SessionTokenParams } from '../schemas/auth.js';
import {
  AssignReply, Assignment, ConversationSummary, GuestUnreadReply, MarkReadReply, MarkUnreadReply, MessagesQuery, SendBody, SendReply, UnreadCountReply,
} from '../schemas/chat.js';
import { ConversationParams, errors, HotelParams, Message } from '../schemas/common.js';
import { Type } from 'typebox';

export const chatRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { deps, queue }) => {
  const base = '/chat/:hotel_slug/conversations';
  const tags = ['chat'];
  /** Commit, then publish, one call per conversation at a time (see conversation-queue.ts). */
  const ordered = <T>(hotel: string, id: number, work: () => Promise<{ result: T; events: Parameters<typeof deps.publisher.publish>[0] }>) =>
    queue.run(`${hotel}:${id}`, async () => {
      const { result, events } = await work();
      await deps.publisher.publish(events);
      return result;
    });

  app.get(`${base}/`, {
    schema: { tags, params: HotelParams, response: { 200: Type.Array(ConversationSummary), ...errors(401, 403, 404) } },
  }, async (req) => (await listConversations(deps, req.actor, req.params.hotel_slug)).map(summaryView));

  app.get(`${base}/unread-count/`, {
    schema: { tags, params: HotelParams, response: { 200: UnreadCountReply, ...errors(401, 403, 404) } },
  }, async (req) => staffUnreadCount(deps, req.actor, req.params.hotel_slug));

  app.get(`${base}/:conversation_id/messages/`, {
    schema: { tags, params: ConversationParams, querystring: MessagesQuery, response: { 200: Type.Array(Message), ...errors(400, 401, 403, 404) } },
  }, async (req) => (await listMessages(deps, req.actor, req.params.hotel_slug, req.params.conversation_id, req.query)).map(messageView));

  app.post(`${base}/:conversation_id/messages/send/`, {
    schema: { tags, params: ConversationParams, body: SendBody, response: { 201: SendReply, ...errors(400, 401, 403, 404, 409, 413) } },
  }, async (req, reply) => {
    const { hotel_slug: hotel, conversation_id: id } = req.params;
    const r = await ordered(hotel, id, () => sendMessage(deps, req.actor, hotel, id, req.body));
    return reply.code(201).send({
      conversation_id: r.conversation.id,
      message: messageView(r.message),
      ...(r.staffInfo && { staff_info: r.staffInfo }),
      duplicate: r.duplicate,
    });
  });

  app.post(`${base}/:conversation_id/assign-staff/`, {
    schema: { tags, params: ConversationParams, response: { 200: AssignReply, ...errors(401, 403, 404, 409) } },
  }, async (req) => {
    const { hotel_slug: hotel, conversation_id: id } = req.params;
    const r = await ordered(hotel, id, () => assignStaff(deps, req.actor, hotel, id));
    return {
      conversation_id: r.conversation.id,
      assigned_staff: r.assigned,
      previous_staff: r.previous,
      changed: r.changed,
      sessions_updated: r.sessionsUpdated,
      room_number: r.conversation.roomNumber,
    };
  });

  app.post(`${base}/:conversation_id/mark-read/`, {
    schema: { tags, params: ConversationParams, response: { 200: MarkReadReply, ...errors(401, 403, 404) } },
  }, async (req) => {
    const { hotel_slug: hotel, conversation_id: id } = req.params;
    return ordered(hotel, id, () => markRead(deps, req.actor, hotel, id));
  });

  app.post(`${base}/:conversation_id/mark-unread/`, {
    schema: { tags, params: ConversationParams, response: { 200: MarkUnreadReply, ...errors(401, 403, 404, 409) } },
  }, async (req) => {
    const { hotel_slug: hotel, conversation_id: id } = req.params;
    return ordered(hotel, id, () => markUnread(deps, req.actor, hotel, id));
  });

  app.get(`${base}/:conversation_id/assignments/`, {
    schema: { tags, params: ConversationParams, response: { 200: Type.Array(Assignment), ...errors(401, 403, 404) } },
  }, async (req) => (await assignmentHistory(deps, req.actor, req.params.hotel_slug, req.params.conversation_id)).map(assignmentView));

  app.get('/chat/guest-session/:session_token/unread-count/', {
    schema: { tags: ['guest'], security: [], params: SessionTokenParams, response: { 200: GuestUnreadReply, ...errors(401) } },
  }, async (req) => {
    const actor = await deps.store.read((r) => resolveActor(r, req.params.session_token));
    const { count, latest } = await guestUnreadCount(deps, actor);
    return { unread_count: count, latest_message: latest ? messageView(latest) : null };
  });
};
