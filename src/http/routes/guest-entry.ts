// The guest link before the PIN (does this hotel and room exist; the hotel's name and clock) and
// the guest's language after it. The first is public and answers only what a guest link already
// shows, so it is paced per address rather than counted like PIN guesses (docs/guest-language.md).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors, HotelParams, RoomParams } from '../../contract/schemas/common.js';
import { GuestEntryReply, LanguageBody, LanguageReply } from '../../contract/schemas/guest-entry.js';
import { AppError } from '../../domain/errors.js';
import { guestEntry, setGuestLanguage } from '../../domain/guest-entry.js';
import { addressBudget, TokenBuckets } from '../../domain/rate-limit.js';
import { clientAddress } from '../client-address.js';
import type { RouteContext } from '../context.js';

/** Lookups per address per minute: a hotel's guests behind one NAT open their links well below it. */
export const ENTRY_LOOKUPS_PER_MINUTE = 60;

export const guestEntryRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { deps, config }) => {
  const lookups = new TokenBuckets(ENTRY_LOOKUPS_PER_MINUTE, deps.clock);

  app.get('/chat/:hotel_slug/guest-session/room/:room_number/', {
    schema: {
      tags: ['guest'],
      summary: "Whether the guest link's hotel and room exist, with the hotel's name and time zone (anyone; nothing about the stay)",
      security: [],
      params: RoomParams,
      response: { 200: GuestEntryReply, ...errors(400, 404, 429) },
    },
  }, async (req) => {
    const wait = lookups.take(addressBudget(clientAddress(req.raw, config)));
    if (wait > 0) throw new AppError('rate_limited', `Too many look-ups. Please wait ${wait} seconds.`, { retry_after: wait });
    const e = await guestEntry(deps, req.params.hotel_slug, req.params.room_number);
    return { hotel_slug: e.hotelSlug, hotel_name: e.hotelName, time_zone: e.timeZone, room_number: e.roomNumber };
  });

  app.post('/chat/:hotel_slug/guest-session/language/', {
    schema: {
      tags: ['guest'],
      summary: "Record the language the guest reads the chat in, on their stay (the stay's guest)",
      params: HotelParams,
      body: LanguageBody,
      response: { 200: LanguageReply, ...errors(400, 401, 403) },
    },
  }, async (req) => setGuestLanguage(deps, req.actor, req.params.hotel_slug, req.body.language));
};
