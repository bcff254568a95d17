// Hotel administration (the contract's administration section), for managers of the hotel.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { presentStaff } from '../../contract/presenters.js';
import { CheckInBody, CheckInReply, CheckOutReply, CreateStaffBody, UpdateStaffBody } from '../../contract/schemas/admin.js';
import { errors, HotelParams, HotelSlug, Id, RoomParams, Staff } from '../../contract/schemas/common.js';
import { addStaff, checkIn, checkOut, updateStaff } from '../../domain/admin.js';
import { roomKey } from '../../events/dispatcher.js';
import type { RouteContext } from '../context.js';

export const adminRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { deps, dispatcher }) => {
  const tags = ['admin'];

  app.post('/admin/:hotel_slug/staff/', {
    schema: { tags, params: HotelParams, body: CreateStaffBody, response: { 201: Staff, ...errors(400, 401, 403, 404, 409) } },
  }, async (req, reply) => {
    const b = req.body;
    const input = { username: b.username, password: b.password, firstName: b.first_name, lastName: b.last_name, role: b.role, profileImage: b.profile_image, isManager: b.is_manager };
    return reply.code(201).send(presentStaff(await dispatcher.run(null, () => addStaff(deps, req.actor, req.params.hotel_slug, input))));
  });

  app.patch('/admin/:hotel_slug/staff/:staff_id/', {
    schema: {
      tags,
      params: Type.Object({ hotel_slug: HotelSlug, staff_id: Id }),
      body: UpdateStaffBody,
      response: { 200: Staff, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => {
    const b = req.body;
    const input = { password: b.password, firstName: b.first_name, lastName: b.last_name, role: b.role, profileImage: b.profile_image, isManager: b.is_manager, isActive: b.is_active };
    return presentStaff(await dispatcher.run(null, () => updateStaff(deps, req.actor, req.params.hotel_slug, req.params.staff_id, input)));
  });

  app.post('/admin/:hotel_slug/rooms/:room_number/check-in/', {
    schema: { tags, params: RoomParams, body: CheckInBody, response: { 201: CheckInReply, ...errors(400, 401, 403, 404) } },
  }, async (req, reply) => {
    const { hotel_slug: hotel, room_number: room } = req.params;
    const r = await dispatcher.run(roomKey(hotel, room), () => checkIn(deps, req.actor, hotel, room, { guestName: req.body.guest_name, stay: { expectedDeparture: req.body.expected_departure, language: req.body.language, vip: req.body.vip, note: req.body.note } }));
    return reply.code(201).send({ room_number: r.roomNumber, guest_name: r.guestName, pin: r.pin, conversation_id: r.conversationId });
  });

  app.post('/admin/:hotel_slug/rooms/:room_number/check-out/', {
    schema: { tags, params: RoomParams, response: { 200: CheckOutReply, ...errors(401, 403, 404, 409) } },
  }, async (req) => {
    const { hotel_slug: hotel, room_number: room } = req.params;
    const r = await dispatcher.run(roomKey(hotel, room), () => checkOut(deps, req.actor, hotel, room));
    return { room_number: r.roomNumber, conversation_id: r.conversationId, checked_out: true };
  });
};
