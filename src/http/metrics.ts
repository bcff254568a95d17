// Prometheus metrics: process defaults plus request counts and durations by route.
import fp from 'fastify-plugin';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

const requests = new Counter({
  name: 'concierge_http_requests_total',
  help: 'HTTP requests answered, by route and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});
const durations = new Histogram({
  name: 'concierge_http_request_duration_seconds',
  help: 'HTTP request durations, by route',
  labelNames: ['method', 'route'] as const,
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});

/** How many callers shared each group-committed database statement (src/db/batcher.ts). */
export const batchSizes = new Histogram({
  name: 'concierge_db_batch_callers',
  help: 'Callers answered by one group-committed statement, by statement',
  labelNames: ['statement'] as const,
  buckets: [1, 2, 4, 8, 16, 32, 64],
  registers: [registry],
});

/** Requests refused by a limit (attempts, send pace, hashing queue, body size, timeouts), by limit. */
export const limitReached = new Counter({
  name: 'concierge_http_limit_reached_total',
  help: 'HTTP requests refused because a limit was reached, by limit',
  labelNames: ['limit'] as const,
  registers: [registry],
});

/** Realtime socket limits reached (connections, subscriptions, presence members, idle sockets), by limit. */
export const realtimeLimitReached = new Counter({
  name: 'concierge_realtime_limit_reached_total',
  help: 'Realtime connections or subscriptions refused or closed because a limit was reached, by limit',
  labelNames: ['limit'] as const,
  registers: [registry],
});

export const metricsPlugin = fp(async (app) => {
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    requests.inc({ method: req.method, route, status: String(reply.statusCode) });
    durations.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });
});
