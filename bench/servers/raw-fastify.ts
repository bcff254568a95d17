// The bare Fastify baseline: the send route's path and a validated JSON body, answered with a
// small 201, no auth and no database. What HTTP alone costs on this machine.
import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import { serve } from '../lib/ipc.js';

const app = Fastify({ logger: false });
let id = 0;
app.post('/chat/:hotel_slug/conversations/:conversation_id/messages/send/', {
  schema: {
    body: { type: 'object', required: ['message'], properties: { message: { type: 'string', minLength: 1, maxLength: 4000 }, client_message_id: { type: 'string' } } },
  },
}, async (req, reply) => {
  const { conversation_id } = req.params as { conversation_id: string };
  const { message } = req.body as { message: string };
  id += 1;
  return reply.code(201).send({ conversation_id: Number(conversation_id), message: { id, message } });
});

serve({
  async start() {
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { port: (app.server.address() as AddressInfo).port };
  },
  stop: () => app.close(),
});
