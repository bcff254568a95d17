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
  if (config.redisUrl !== null) return createRedisAdapter({ url: config.redisUrl, logger });
  return createLocalAdapter();
}
