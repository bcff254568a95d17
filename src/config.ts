// The only reader of process.env: every setting is parsed and checked once, here.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly databaseUrl: string | null;
  /** PostgreSQL connections per node. */
  readonly databasePoolSize: number;
  readonly redisUrl: string | null;
  readonly pusher: {
    readonly appId: string;
    readonly key: string;
    readonly secret: string;
    /** Set when events go to an external Pusher-compatible service instead of the built-in one. */
    readonly external: null | {
      readonly host: string | null;
      readonly port: number | null;
      readonly useTLS: boolean;
      readonly cluster: string | null;
    };
  };
  readonly legacyPublicChannels: boolean;
  readonly seedDemo: boolean;
  readonly production: boolean;
  readonly logLevel: string;
  /** Staff tokens live this long (seconds). */
  readonly staffTokenTtl: number;
  /** Guest sessions live at most this long (seconds); check-out ends them sooner. */
  readonly guestSessionTtl: number;
  readonly webDir: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = readEnv()): Config {
  const problems: string[] = [];
  const str = (name: string, fallback: string): string => {
    const v = env[name];
    return v === undefined || v === '' ? fallback : v;
  };
  const optional = (name: string): string | null => {
    const v = env[name];
    return v === undefined || v === '' ? null : v;
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return n;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
    if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
    problems.push(`${name} must be 1 or 0 (got "${raw}")`);
    return fallback;
  };
  const url = (name: string, protocols: string[]): string | null => {
    const raw = optional(name);
    if (raw === null) return null;
    try {
      const u = new URL(raw);
      if (!protocols.includes(u.protocol)) problems.push(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
    } catch {
      problems.push(`${name} is not a valid URL`);
    }
    return raw;
  };

  const production = str('NODE_ENV', 'development') === 'production';
  const pusherHost = optional('PUSHER_HOST');
  const pusherCluster = optional('PUSHER_CLUSTER');
  const appId = str('PUSHER_APP_ID', 'app-id');
  const key = str('PUSHER_KEY', 'app-key');
  const secret = str('PUSHER_SECRET', 'app-secret');
  if (production && (appId === 'app-id' || key === 'app-key' || secret === 'app-secret')) {
    problems.push('PUSHER_APP_ID, PUSHER_KEY and PUSHER_SECRET must be set in production (NODE_ENV=production)');
  }

  const config: Config = {
    port: int('PORT', 8000, 0, 65535),
    host: str('HOST', '127.0.0.1'),
    dataDir: dataDir(str('DATA_DIR', './data')),
    databaseUrl: url('DATABASE_URL', ['postgres:', 'postgresql:']),
    databasePoolSize: int('DATABASE_POOL_SIZE', 10, 1, 500),
    redisUrl: url('REDIS_URL', ['redis:', 'rediss:']),
    pusher: {
      appId,
      key,
      secret,
      external:
        pusherHost === null && pusherCluster === null
          ? null
          : {
              host: pusherHost,
              port: optional('PUSHER_PORT') === null ? null : int('PUSHER_PORT', 443, 1, 65535),
              useTLS: bool('PUSHER_USE_TLS', pusherHost === null),
              cluster: pusherCluster,
            },
    },
    legacyPublicChannels: bool('LEGACY_PUBLIC_CHANNELS', false),
    seedDemo: bool('SEED_DEMO', true),
    production,
    logLevel: str('LOG_LEVEL', 'info'),
    staffTokenTtl: int('STAFF_TOKEN_TTL_SECONDS', 12 * 3600, 60, 90 * 86400),
    guestSessionTtl: int('GUEST_SESSION_TTL_SECONDS', 30 * 86400, 60, 365 * 86400),
    webDir: resolve(str('WEB_DIR', './dist/web')),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

// PGlite's in-memory database is named memory://; anything else is a folder.
const dataDir = (v: string): string => (v.startsWith('memory://') ? v : resolve(v));

/** process.env, with a `.env` file in the working directory filling in what is unset. */
function readEnv(): Env {
  const file = resolve('.env');
  if (existsSync(file)) process.loadEnvFile(file);
  return process.env;
}
