// The shared front desk over HTTP: duty, notes between staff, resolving, the alert history, and
// what the guest is told about the desk's availability.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { presentNote, staffInfo } from '../../contract/presenters.js';
import { ConversationParams, errors, HotelParams } from '../../contract/schemas/common.js';
import {
  AlertLogEntry, AvailabilityReply, DeskSettings, DeskSettingsPatch, DutyBody, DutyReply, Note, NoteBody, ResolveBody, ResolveReply, RosterReply, VipBody, VipReply,
} from '../../contract/schemas/desk.js';
import { RoomParams } from '../../contract/schemas/common.js';
import { requireHotel, requireMemberOf } from '../../domain/access.js';
import { addNote, alertHistory, deskSettings, listNotes, setResolved, setVip, updateDeskSettings } from '../../domain/desk.js';
import type { HotelSettings as Settings } from '../../domain/ports.js';
import { deskAvailability, deskRoster, setDuty } from '../../domain/duty.js';
import { conversationKey } from '../../events/dispatcher.js';
import type { RouteContext } from '../context.js';

export const deskRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { deps, dispatcher }) => {
  const base = '/chat/:hotel_slug/conversations';
  const tags = ['desk'];

  app.get('/chat/:hotel_slug/duty/', {
    schema: { tags, summary: 'Who of the hotel is on duty (staff of the hotel)', params: HotelParams, response: { 200: RosterReply, ...errors(401, 403) } },
  }, async (req) => {
    const r = await deskRoster(deps, req.actor, req.params.hotel_slug);
    return { on_duty: r.onDuty.map((s) => ({ ...staffInfo(s), is_manager: s.isManager, since: s.since.toISOString() })), me_on_duty: r.meOnDuty };
  });

  app.post('/chat/:hotel_slug/duty/', {
    schema: {
      tags,
      summary: 'Clock in or out (staff of the hotel); clocking out releases what you handle, with your handoff notes',
      params: HotelParams,
      body: DutyBody,
      response: { 200: DutyReply, ...errors(400, 401, 403) },
    },
  }, async (req) => {
    const { on_duty: onDuty, note, notes } = req.body;
    const input = { onDuty, note, notes: notes?.map((n) => ({ conversationId: n.conversation_id, note: n.note })) };
    const r = await dispatcher.run(null, () => setDuty(deps, req.actor, req.params.hotel_slug, input));
    return { staff: staffInfo(r.staff), on_duty: r.onDuty, released: r.released.map((x) => ({ conversation_id: x.conversationId, room_number: x.roomNumber, note: x.note })) };
  });

  app.get(`${base}/:conversation_id/notes/`, {
    schema: { tags, summary: 'Notes between staff, oldest first (staff of the hotel; never the guest)', params: ConversationParams, response: { 200: Type.Array(Note), ...errors(401, 403, 404) } },
  }, async (req) => (await listNotes(deps, req.actor, req.params.hotel_slug, req.params.conversation_id)).map(presentNote));

  app.post(`${base}/:conversation_id/notes/`, {
    schema: { tags, summary: 'Add a note for colleagues (staff of the hotel)', params: ConversationParams, body: NoteBody, response: { 201: Note, ...errors(400, 401, 403, 404, 409) } },
  }, async (req, reply) => {
    const { hotel_slug: hotel, conversation_id: id } = req.params;
    const note = await dispatcher.run(conversationKey(hotel, id), () => addNote(deps, req.actor, hotel, id, { body: req.body.note }));
    return reply.code(201).send(presentNote(note));
  });

  app.post(`${base}/:conversation_id/resolve/`, {
    schema: {
      tags,
      summary: 'Mark resolved (or not): it leaves the queue until the guest writes again (staff of the hotel)',
      params: ConversationParams,
      body: ResolveBody,
      response: { 200: ResolveReply, ...errors(400, 401, 403, 404, 409) },
    },
    preValidation: async (req) => {
      req.body ??= {};
    },
  }, async (req) => {
    const { hotel_slug: hotel, conversation_id: id } = req.params;
    const r = await dispatcher.run(conversationKey(hotel, id), () => setResolved(deps, req.actor, hotel, id, req.body.resolved ?? true));
    return { conversation_id: r.conversationId, resolved: r.resolvedAt !== null, resolved_at: r.resolvedAt?.toISOString() ?? null };
  });

  app.get(`${base}/:conversation_id/alerts/`, {
    schema: { tags, summary: 'The alerts fired for this conversation, oldest first (staff of the hotel)', params: ConversationParams, response: { 200: Type.Array(AlertLogEntry), ...errors(401, 403, 404) } },
  }, async (req) =>
    (await alertHistory(deps, req.actor, req.params.hotel_slug, req.params.conversation_id)).map((a) => ({
      kind: a.kind, audience: a.audience, waited_seconds: a.waitedSeconds, at: a.at.toISOString(),
    })));

  const presentSettings = (s: Settings) => ({ cover_alert_minutes: s.coverAlertMinutes, reply_alert_minutes: s.replyAlertMinutes, vip_reply_alert_minutes: s.vipReplyAlertMinutes, time_zone: s.timeZone });

  app.get('/chat/:hotel_slug/desk/settings/', {
    schema: { tags, summary: "How long the desk waits before each alert, and the hotel's time zone (staff of the hotel)", params: HotelParams, response: { 200: DeskSettings, ...errors(401, 403) } },
  }, async (req) => presentSettings(await deskSettings(deps, req.actor, req.params.hotel_slug)));

  app.patch('/admin/:hotel_slug/desk/settings/', {
    schema: { tags: ['admin', 'desk'], summary: "Set the alert times and the hotel's time zone (managers of the hotel)", params: HotelParams, body: DeskSettingsPatch, response: { 200: DeskSettings, ...errors(400, 401, 403, 404) } },
  }, async (req) => {
    const b = req.body;
    const patch = { coverAlertMinutes: b.cover_alert_minutes, replyAlertMinutes: b.reply_alert_minutes, vipReplyAlertMinutes: b.vip_reply_alert_minutes, timeZone: b.time_zone };
    return presentSettings(await dispatcher.run(null, () => updateDeskSettings(deps, req.actor, req.params.hotel_slug, patch)));
  });

  app.patch('/chat/:hotel_slug/rooms/:room_number/stay/', {
    schema: { tags, summary: "Flag the room's stay VIP: unanswered messages alert sooner (staff of the hotel)", params: RoomParams, body: VipBody, response: { 200: VipReply, ...errors(400, 401, 403, 404) } },
  }, async (req) => {
    const r = await setVip(deps, req.actor, req.params.hotel_slug, req.params.room_number, req.body.vip);
    return { room_number: r.roomNumber, vip: r.vip };
  });

  app.get('/chat/:hotel_slug/desk/availability/', {
    schema: {
      tags: ['guest', 'desk'],
      summary: "How the desk is staffed and how fast it usually answers (the hotel's guests and staff)",
      params: HotelParams,
      response: { 200: AvailabilityReply, ...errors(401, 403, 404) },
    },
  }, async (req) => {
    requireMemberOf(req.actor, req.params.hotel_slug);
    const hotel = await deps.store.read((r) => requireHotel(r, req.params.hotel_slug));
    const a = await deskAvailability(deps, hotel.id);
    return { on_duty_count: a.onDutyCount, typical_reply_minutes: a.typicalReplyMinutes };
  });
};
