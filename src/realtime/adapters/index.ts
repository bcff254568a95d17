// Chooses the adapter once, from configuration.
import type { Config } from '../../config.js';
import type { Logger } from '../logger.js';
import type { Adapter } from './adapter.js';
import { createLocalAdapter } from './local.js';
import { createPusherAdapter } from './pusher.js';
import { createRedisAdapter } from './redis.js';

export type { Adapter } from './adapter.js';

export function createAdapter(config: Config, logger: Logger): Adapter {
  const { appId, key, secret, external } = config.pusher;
  if (external !== null) {
    if (config.redisUrl !== null) logger.warn('realtime: PUSHER_HOST/PUSHER_CLUSTER set, so events go to that service and REDIS_URL is not used for realtime');
    return createPusherAdapter({ appId, key, secret, ...external }, logger);
  }
  if (config.redisUrl !== null) return createRedisAdapter({ url: config.redisUrl, logger, prefix: redisPrefix(config.redisUrl) });
  return createLocalAdapter();
}

/**
 * Redis pub/sub ignores the database number: deployments that share one Redis server through
 * different databases (redis://host/1, redis://host/2) would hear each other's events on a
 * common bus channel. Names are therefore scoped by the database; database 0 keeps the plain ones.
 */
export function redisPrefix(url: string): string {
  // As ioredis reads it: the path's number, else a `db` query parameter.
  const u = new URL(url);
  const db = Number(u.pathname.length > 1 ? u.pathname.slice(1) : (u.searchParams.get('db') ?? 0));
  return Number.isInteger(db) && db > 0 ? `concierge:realtime:db${db}:` : 'concierge:realtime:';
}
