// A front desk's day over HTTP: quick replies, desk hours, the stay panel, search, transcripts and
// the hotel's desk-day settings. Each handler
// validates, calls one domain command and presents its answer.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { presentDeskDaySettings, presentQuickReply, presentStay } from '../../contract/desk-day-presenters.js';
import { ConversationParams, errors, HotelParams } from '../../contract/schemas/common.js';
import {
  DeskDaySettings, DeskDaySettingsPatch, DeskHoursReply, QuickReply, QuickReplyBody, QuickReplyParams, QuickReplyPatch, RenderedQuickReply, RoomStayParams, SearchQuery, SearchReply, StayPanel, StayPatch,
} from '../../contract/schemas/desk-day.js';
import { deskHoursNow } from '../../domain/after-hours.js';
import { getDeskDaySettings, updateDeskDaySettings } from '../../domain/desk-day-settings.js';
import { searchMessages } from '../../domain/search.js';
import { conversationTranscript } from '../../domain/transcript.js';
import { stayOfConversation, stayOfRoom, updateStayOfConversation, updateStayOfRoom, type StayInput } from '../../domain/stay-panel.js';
import { createQuickReply, deleteQuickReply, listQuickReplies, manageQuickReplies, renderQuickReplies, updateQuickReply } from '../../domain/quick-replies.js';
import type { RouteContext } from '../context.js';

export const deskDayRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  const { deps } = ctx;
  const tags = ['desk-day'];
  const admin = ['admin', 'desk-day'];

  app.get('/chat/:hotel_slug/quick-replies/', {
    schema: { tags, summary: "The hotel's quick replies as written, every language (staff of the hotel)", params: HotelParams, response: { 200: Type.Array(QuickReply), ...errors(401, 403) } },
  }, async (req) => (await listQuickReplies(deps, req.actor, req.params.hotel_slug)).map(presentQuickReply));

  app.get('/chat/:hotel_slug/conversations/:conversation_id/quick-replies/', {
    schema: {
      tags,
      summary: "Every quick reply filled in for this conversation, in its guest's language (staff of the hotel)",
      params: ConversationParams,
      response: { 200: Type.Array(RenderedQuickReply), ...errors(401, 403, 404) },
    },
  }, async (req) => renderQuickReplies(deps, req.actor, req.params.hotel_slug, req.params.conversation_id));

  app.get('/admin/:hotel_slug/quick-replies/', {
    schema: { tags: admin, summary: "The hotel's quick replies (managers of the hotel)", params: HotelParams, response: { 200: Type.Array(QuickReply), ...errors(401, 403, 404) } },
  }, async (req) => (await manageQuickReplies(deps, req.actor, req.params.hotel_slug)).map(presentQuickReply));

  app.post('/admin/:hotel_slug/quick-replies/', {
    schema: { tags: admin, summary: 'Add a quick reply (managers of the hotel)', params: HotelParams, body: QuickReplyBody, response: { 201: QuickReply, ...errors(400, 401, 403, 404, 409) } },
  }, async (req, reply) => reply.code(201).send(presentQuickReply(await createQuickReply(deps, req.actor, req.params.hotel_slug, req.body))));

  app.patch('/admin/:hotel_slug/quick-replies/:quick_reply_id/', {
    schema: { tags: admin, summary: 'Change a quick reply (managers of the hotel)', params: QuickReplyParams, body: QuickReplyPatch, response: { 200: QuickReply, ...errors(400, 401, 403, 404, 409) } },
  }, async (req) => presentQuickReply(await updateQuickReply(deps, req.actor, req.params.hotel_slug, req.params.quick_reply_id, req.body)));

  app.delete('/admin/:hotel_slug/quick-replies/:quick_reply_id/', {
    schema: { tags: admin, summary: 'Remove a quick reply (managers of the hotel)', params: QuickReplyParams, response: { 204: Type.Null(), ...errors(401, 403, 404) } },
  }, async (req, reply) => {
    await deleteQuickReply(deps, req.actor, req.params.hotel_slug, req.params.quick_reply_id);
    return reply.code(204).send(null);
  });

  app.get('/admin/:hotel_slug/desk-day/settings/', {
    schema: { tags: admin, summary: "The hotel's placeholder values, default language, desk hours and automatic reply (managers of the hotel)", params: HotelParams, response: { 200: DeskDaySettings, ...errors(401, 403, 404) } },
  }, async (req) => presentDeskDaySettings(await getDeskDaySettings(deps, req.actor, req.params.hotel_slug)));

  app.patch('/admin/:hotel_slug/desk-day/settings/', {
    schema: { tags: admin, summary: 'Change them; each field given replaces that setting (managers of the hotel)', params: HotelParams, body: DeskDaySettingsPatch, response: { 200: DeskDaySettings, ...errors(400, 401, 403, 404) } },
  }, async (req) => {
    const b = req.body;
    const patch = { defaultLanguage: b.default_language, placeholderValues: b.placeholder_values, deskHours: b.desk_hours, afterHoursTexts: b.after_hours_texts, emergencyNumber: b.emergency_number };
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    return presentDeskDaySettings(await updateDeskDaySettings(deps, req.actor, req.params.hotel_slug, defined));
  });

  app.get('/chat/:hotel_slug/desk/hours/', {
    schema: {
      tags: ['guest', 'desk-day'],
      summary: "Whether the desk is open now, when it opens next, and its hours on the hotel's clock (the hotel's guests and staff)",
      params: HotelParams,
      response: { 200: DeskHoursReply, ...errors(401, 403) },
    },
  }, async (req) => {
    const h = await deskHoursNow(deps, req.actor, req.params.hotel_slug);
    return {
      hours_set: h.hoursSet, open_now: h.open, opens_at: h.opensAt?.toISOString() ?? null, closes_at: h.closesAt?.toISOString() ?? null,
      time_zone: h.timeZone, hours: h.hours, emergency_number: h.emergencyNumber,
    };
  });

  const stayInput = (b: Static<typeof StayPatch>): StayInput => ({ guestName: b.guest_name, expectedDeparture: b.expected_departure, language: b.language, vip: b.vip, note: b.note });

  app.get('/chat/:hotel_slug/conversations/:conversation_id/stay/', {
    schema: { tags, summary: "The conversation's stay: guest name, dates, language, VIP, the staff's note (staff of the hotel; never the guest)", params: ConversationParams, response: { 200: StayPanel, ...errors(401, 403, 404) } },
  }, async (req) => presentStay(await stayOfConversation(deps, req.actor, req.params.hotel_slug, req.params.conversation_id)));

  app.patch('/chat/:hotel_slug/conversations/:conversation_id/stay/', {
    schema: { tags, summary: 'Change the stay of an open conversation (staff of the hotel)', params: ConversationParams, body: StayPatch, response: { 200: StayPanel, ...errors(400, 401, 403, 404, 409) } },
  }, async (req) => presentStay(await updateStayOfConversation(deps, req.actor, req.params.hotel_slug, req.params.conversation_id, stayInput(req.body))));

  app.get('/admin/:hotel_slug/rooms/:room_number/stay/', {
    schema: { tags: admin, summary: "The room's current stay (managers of the hotel; a property-management system)", params: RoomStayParams, response: { 200: StayPanel, ...errors(401, 403, 404) } },
  }, async (req) => presentStay(await stayOfRoom(deps, req.actor, req.params.hotel_slug, req.params.room_number)));

  app.patch('/admin/:hotel_slug/rooms/:room_number/stay/', {
    schema: { tags: admin, summary: "Change the room's current stay (managers of the hotel; a property-management system)", params: RoomStayParams, body: StayPatch, response: { 200: StayPanel, ...errors(400, 401, 403, 404) } },
  }, async (req) => presentStay(await updateStayOfRoom(deps, req.actor, req.params.hotel_slug, req.params.room_number, stayInput(req.body))));

  app.get('/chat/:hotel_slug/search/', {
    schema: {
      tags,
      summary: "Messages of the hotel's open conversations matching the words, newest first; managers also see conversations closed in the last 30 days (staff of the hotel)",
      params: HotelParams,
      querystring: SearchQuery,
      response: { 200: SearchReply, ...errors(400, 401, 403) },
    },
  }, async (req) => {
    const results = await searchMessages(deps, req.actor, req.params.hotel_slug, { query: req.query.q, limit: req.query.limit });
    return {
      query: req.query.q.trim(),
      results: results.map((r) => ({
        message_id: r.messageId, conversation_id: r.conversationId, room_number: r.roomNumber, guest_name: r.guestName, sender_type: r.senderType,
        timestamp: r.createdAt.toISOString(), conversation_open: r.open, snippet: r.snippet,
      })),
    };
  });

  app.get('/chat/:hotel_slug/conversations/:conversation_id/transcript/', {
    schema: {
      tags: ['guest', 'desk-day'],
      summary: 'The conversation as a plain-text file (UTF-8, times on the hotel clock): its guest, and staff of the hotel',
      params: ConversationParams,
      produces: ['text/plain'],
      response: { 200: Type.String({ description: 'text/plain; charset=utf-8, as an attachment' }), ...errors(401, 403, 404) },
    },
  }, async (req, reply) => {
    const t = await conversationTranscript(deps, req.actor, req.params.hotel_slug, req.params.conversation_id);
    return reply
      .type('text/plain; charset=utf-8')
      .header('content-disposition', `attachment; filename="${t.filename}"`)
      .header('cache-control', 'no-store')
      .send(t.text);
  });
};
