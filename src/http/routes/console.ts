// The manager's console over HTTP: the staff list, invitations and reset links, the page an
// invitation opens, and rooms with their stays. Check-in, check-out and staff changes are the
// administration routes (admin.ts); the console calls those.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { presentStaff } from '../../contract/presenters.js';
import { LoginReply } from '../../contract/schemas/auth.js';
import { errors, HotelParams, HotelSlug, Id } from '../../contract/schemas/common.js';
import {
  AcceptInviteBody, AddRoomBody, ConsoleRoom, ConsoleStaff, InviteBody, InviteInfo, InviteTokenBody, LinkReply, presentConsoleStaff, presentLink, presentRoom,
} from '../../contract/schemas/console.js';
import { acceptInvite, addRoom, describeInvite, inviteStaff, listRooms, listStaff, resetPassword } from '../../domain/console.js';
import { displayName } from '../../domain/staff-names.js';
import type { RouteContext } from '../context.js';

export const consoleRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { deps, dispatcher }) => {
  const tags = ['admin'];
  const now = () => deps.clock.now();

  app.get('/admin/:hotel_slug/staff/', {
    schema: { tags, summary: "The hotel's staff, with who is on duty and open invitations (managers)", description: 'Active staff first, then by name. `invite` is the newest link not used yet (its token is never shown again); `has_password` is false until an invited person chose one.', params: HotelParams, response: { 200: Type.Array(ConsoleStaff), ...errors(401, 403, 404) } },
  }, async (req) => (await listStaff(deps, req.actor, req.params.hotel_slug)).map((s) => presentConsoleStaff(s, now())));

  app.post('/admin/:hotel_slug/staff/invite/', {
    schema: {
      tags,
      summary: 'Invite a staff member: the account waits, inactive and without a password, for them to choose one on the one-time link (managers)',
      description: 'The answer holds the link (`path`, `/staff/#invite=…`) once: only its hash is stored. It expires after 72 hours and works once. A taken username (in any hotel) is 409.',
      params: HotelParams,
      body: InviteBody,
      response: { 201: LinkReply, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => {
    const b = req.body;
    const input = { username: b.username, firstName: b.first_name, lastName: b.last_name, role: b.role, isManager: b.is_manager };
    const link = await dispatcher.run(null, () => inviteStaff(deps, req.actor, req.params.hotel_slug, input));
    return reply.code(201).send(presentLink(link, now()));
  });

  app.post('/admin/:hotel_slug/staff/:staff_id/reset-password/', {
    schema: {
      tags,
      summary: 'A one-time link to choose a new password; the old password and every session end at once (managers)',
      description: 'For someone who never accepted their invitation, a fresh invitation (the older link ends). A deactivated account is 409: reactivate it first.',
      params: Type.Object({ hotel_slug: HotelSlug, staff_id: Id }),
      response: { 201: LinkReply, ...errors(401, 403, 404, 409) },
    },
  }, async (req, reply) => {
    const link = await dispatcher.run(null, () => resetPassword(deps, req.actor, req.params.hotel_slug, req.params.staff_id));
    return reply.code(201).send(presentLink(link, now()));
  });

  app.post('/auth/invite/', {
    schema: { tags: ['auth'], summary: 'Whom an invitation or reset link is for (whoever holds the link)', description: 'An unknown, used, replaced or expired link is 404, all alike.', security: [], body: InviteTokenBody, response: { 200: InviteInfo, ...errors(400, 404) } },
  }, async (req) => {
    const i = await describeInvite(deps, req.body.token);
    return { purpose: i.purpose, username: i.staff.username, name: displayName(i.staff), hotel_name: i.staff.hotelName, expires_at: i.expiresAt.toISOString() };
  });

  app.post('/auth/invite/accept/', {
    schema: {
      tags: ['auth'],
      summary: 'Choose a password on an invitation or reset link: the link is used up and you are signed in',
      description: 'The password policy applies (400 says why; the link stays usable). Answers as `/auth/login/` does. Of two concurrent uses one wins; the other is 404.',
      security: [],
      body: AcceptInviteBody,
      response: { 200: LoginReply, ...errors(400, 404, 503) },
    },
  }, async (req) => {
    const { token, staff, expiresAt } = await dispatcher.run(null, () => acceptInvite(deps, req.body.token, req.body.password));
    return { token, staff: presentStaff(staff), expires_at: expiresAt.toISOString() };
  });

  app.get('/admin/:hotel_slug/rooms/', {
    schema: { tags, summary: "The hotel's rooms with their current stay (managers)", description: 'By room number; `stay` is null for a free room.', params: HotelParams, response: { 200: Type.Array(ConsoleRoom), ...errors(401, 403, 404) } },
  }, async (req) => (await listRooms(deps, req.actor, req.params.hotel_slug)).map(presentRoom));

  app.post('/admin/:hotel_slug/rooms/', {
    schema: { tags, summary: 'Add a room (managers)', description: 'A room the hotel has already is 409.', params: HotelParams, body: AddRoomBody, response: { 201: ConsoleRoom, ...errors(400, 401, 403, 404, 409) } },
  }, async (req, reply) => reply.code(201).send(presentRoom(await dispatcher.run(null, () => addRoom(deps, req.actor, req.params.hotel_slug, req.body.room_number)))));
};
