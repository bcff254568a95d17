import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireStaffOf } from '../../domain/access.js';
import { resolveActor } from '../../domain/actor.js';
import { initializeGuestSession, login, logout, validateGuestSession } from '../../domain/auth.js';
import { AppError, unauthenticated } from '../../domain/errors.js';
import { presentGuestSession, presentStaff } from '../../contract/presenters.js';
import { clientAddress } from '../client-address.js';
import type { RouteContext } from '../context.js';
import { InitializeBody, InitializeReply, LoginBody, LoginReply, SessionTokenParams, ValidateFailure, ValidateReply } from '../../contract/schemas/auth.js';
import { errors, RoomParams, Staff } from '../../contract/schemas/common.js';

export const authRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { deps, dispatcher, config }) => {
  app.post('/auth/login/', {
    schema: { tags: ['auth'], security: [], body: LoginBody, response: { 200: LoginReply, ...errors(400, 401, 429, 503) } },
  }, async (req) => {
    const { token, staff, expiresAt } = await dispatcher.run(null, () => login(deps, { ...req.body, clientAddress: clientAddress(req.raw, config) }, config.attempts));
    return { token, staff: presentStaff(staff), expires_at: expiresAt.toISOString() };
  });

  app.post('/auth/logout/', { schema: { tags: ['auth'], response: { 204: { type: 'null' }, ...errors(401, 403) } } }, async (req, reply) => {
    await dispatcher.run(null, () => logout(deps, req.actor));
    return reply.code(204).send(null);
  });

  app.get('/auth/me/', { schema: { tags: ['auth'], response: { 200: Staff, ...errors(401, 403) } } }, async (req) => {
    if (!req.actor) throw unauthenticated();
    if (req.actor.kind !== 'staff') throw new AppError('forbidden', 'This is a guest session, not a staff sign-in.');
    return presentStaff(requireStaffOf(req.actor, req.actor.staff.hotelSlug).staff);
  });

  app.post('/chat/:hotel_slug/guest-session/room/:room_number/initialize/', {
    schema: {
      tags: ['guest'],
      security: [],
      params: RoomParams,
      body: InitializeBody,
      response: { 200: InitializeReply, ...errors(400, 401, 404, 429, 503) },
    },
  }, async (req) => {
    const input = { pin: req.body.pin, sessionToken: req.body.session_token, clientAddress: clientAddress(req.raw, config) };
    const s = await initializeGuestSession(deps, req.params.hotel_slug, req.params.room_number, input, config.attempts);
    return { session_token: s.sessionToken, is_new_session: s.isNewSession, ...presentGuestSession(s) };
  });

  app.get('/chat/guest-session/:session_token/validate/', {
    schema: { tags: ['guest'], security: [], params: SessionTokenParams, response: { 200: ValidateReply, 401: ValidateFailure } },
  }, async (req) => {
    const actor = await deps.store.read((r) => resolveActor(r, req.params.session_token));
    return { valid: true as const, ...presentGuestSession(await validateGuestSession(deps, actor)) };
  });
};
