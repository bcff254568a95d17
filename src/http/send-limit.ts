// Paces message sends (POST …/messages/send/): per sender (a staff member, a guest's stay) and
// per address, each a token bucket refilled over a minute. Attached by route URL, so the chat
// routes stay unaware of it. Per node and in memory: it stops a flood, and a sender spread over
// N nodes gets N times the pace, which is still bounded (docs/security.md).
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { Config } from '../config.js';
import { AppError } from '../domain/errors.js';
import { addressBudget, TokenBuckets } from '../domain/rate-limit.js';
import type { Clock } from '../domain/ports.js';
import { clientAddress } from './client-address.js';

const SEND_ROUTE = /\/messages\/send\/?$/;

export function sendLimit(app: FastifyInstance, config: Pick<Config, 'sendLimits' | 'trustProxy'>, clock: Clock): void {
  const senders = new TokenBuckets(config.sendLimits.perSender, clock);
  const addresses = new TokenBuckets(config.sendLimits.perAddress, clock);

  async function check(req: FastifyRequest): Promise<void> {
    // Not signed in: the route answers 401 without doing any work.
    const actor = req.actor;
    if (!actor || actor.kind === 'system') return;
    const sender = actor.kind === 'staff' ? `staff:${actor.staff.id}` : `stay:${actor.session.stayId}`;
    // The sender's own pace first: a refused send then spends nothing of the shared address's.
    const wait = senders.take(sender) || addresses.take(addressBudget(clientAddress(req.raw, config)));
    if (wait > 0) {
      throw new AppError('rate_limited', `You are sending messages too fast. Please wait ${wait} seconds.`, { retry_after: wait });
    }
  }

  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.includes('POST') || !SEND_ROUTE.test(route.url)) return;
    const existing = route.preHandler ? (Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler]) : [];
    route.preHandler = [check, ...existing];
  });
}
