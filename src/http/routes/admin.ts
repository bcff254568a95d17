import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { checkIn, checkOut, createStaff, updateStaff } from '../../domain/admin.js';
import { staffView } from '../../domain/views.js';
import type { RouteContext } from '../app.js';
import { CheckInBody, CheckInReply, CheckOutReply, CreateStaffBody, UpdateStaffBody } from '../schemas/admin.js';
import { errors, HotelParams, HotelSlug, Id, RoomParams, Staff } from '../schemas/common.js';

export const adminRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { deps }) => {
  const tags = ['admin'];

  app.post('/admin/:hotel_slug/staff/', {
    schema: { tags, params: HotelParams, body: CreateStaffBody, response: { 201: Staff, ...errors(400, 401, 403, 404, 409) } },
  }, async (req, reply) => reply.code(201).send(staffView(await createStaff(deps, req.actor, req.params.hotel_slug, req.body))));

  app.patch('/admin/:hotel_slug/staff/:staff_id/', {
    schema: {
      tags,
      params: Type.Object({ hotel_slug: HotelSlug, staff_id: Id }),
      body: UpdateStaffBody,
      response: { 200: Staff, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => staffView(await updateStaff(deps, req.actor, req.params.hotel_slug, req.params.staff_id, req.body)));

  app.post('/admin/:hotel_slug/rooms/:room_number/check-in/', {
    schema: { tags, params: RoomParams, body: CheckInBody, response: { 201: CheckInReply, ...errors(400, 401, 403, 404) } },
  }, async (req, reply) => {
    const { result, events } = await checkIn(deps, req.actor, req.params.hotel_slug, req.params.room_number, req.body);
    await deps.publisher.publish(events);
    return reply.code(201).send(result);
  });

  app.post('/admin/:hotel_slug/rooms/:room_number/check-out/', {
    schema: { tags, params: RoomParams, response: { 200: CheckOutReply, ...errors(401, 403, 404, 409) } },
  }, async (req) => {
    const { result, events } = await checkOut(deps, req.actor, req.params.hotel_slug, req.params.room_number);
    await deps.publisher.publish(events);
    return result;
  });
};
