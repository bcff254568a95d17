// The only reader of process.env: every setting is parsed and checked once, here.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import type { AttemptLimits } from './domain/rate-limit.js';

/** Which proxies' X-Forwarded-For is believed: none, the nearest N hops, or these addresses / CIDRs. */
export type TrustProxy = { kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'addresses'; addresses: readonly string[] };

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
    /** Pusher webhooks the built-in server sends to the app (none when null). */
    readonly webhooks: null | { readonly urls: readonly string[]; readonly events: readonly string[]; readonly batchMs: number };
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
  readonly trustProxy: TrustProxy;
  readonly http: {
    /** The request line and headers must arrive within this (ms). */
    readonly headersTimeoutMs: number;
    /** The whole request, body included, must arrive within this (ms). */
    readonly requestTimeoutMs: number;
    /** An idle keep-alive connection is closed after this (ms). */
    readonly keepAliveTimeoutMs: number;
  };
  readonly attempts: AttemptLimits;
  /** Message sends per minute (token bucket: this many at once, refilled over a minute). */
  readonly sendLimits: { readonly perSender: number; readonly perAddress: number };
  /** Password/PIN hashes computed at once, and how many more may wait before 503. */
  readonly hashing: { readonly concurrency: number; readonly queue: number };
  readonly realtimeLimits: {
    readonly maxConnections: number;
    readonly maxConnectionsPerAddress: number;
    readonly maxSubscriptionsPerSocket: number;
    readonly maxPresenceMembers: number;
    readonly idleTimeoutMs: number;
  };
  /** A hotel's own webhooks (docs/webhooks.md): may they point at private addresses, and how often each node looks for due deliveries. */
  readonly hotelWebhooks: { readonly allowPrivateUrls: boolean; readonly pollMs: number };
  /** How often each node erases what the hotels' retention settings say is due (ms). */
  readonly retentionIntervalMs: number;
  /** Web push: a configured VAPID key pair (null: generated once and kept in the database) and the contact push services see. */
  readonly webPush: { readonly vapid: null | { readonly publicKey: string; readonly privateKey: string }; readonly subject: string };
  /** Photos and files (docs/files.md): limits, where they are kept, and how their URLs are signed. */
  readonly files: FilesConfig;
  /** Serve /metrics, and /docs with /openapi.json. */
  readonly exposeMetrics: boolean;
  readonly exposeApiDocs: boolean;
  /** Said loudly at start: settings that are allowed but weaken something. */
  readonly warnings: readonly string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

type Env = Record<string, string | undefined>;

const DEFAULT_PUSHER = { appId: 'app-id', key: 'app-key', secret: 'app-secret' };
/** Shorter secrets are refused beyond loopback: a Pusher secret signs every channel subscription. */
export const MIN_SECRET_LENGTH = 20;

export function loadConfig(env: Env = readEnv()): Config {
  const problems: string[] = [];
  const warnings: string[] = [];
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
  const seconds = (name: string, fallback: number, min: number, max: number): number => int(name, fallback, min, max) * 1000;

  const production = str('NODE_ENV', 'development') === 'production';
  const host = str('HOST', '127.0.0.1');
  const exposed = !isLoopback(host);
  const pusherHost = optional('PUSHER_HOST');
  const pusherCluster = optional('PUSHER_CLUSTER');
  const appId = str('PUSHER_APP_ID', DEFAULT_PUSHER.appId);
  const key = str('PUSHER_KEY', DEFAULT_PUSHER.key);
  const secret = str('PUSHER_SECRET', DEFAULT_PUSHER.secret);
  // Whoever knows the secret signs any subscription (any hotel's inbox, staff presence): the
  // default is fine only while nobody but this machine can connect.
  if (production || exposed) {
    const why = production ? 'in production (NODE_ENV=production)' : `when HOST (${host}) is reachable beyond this machine`;
    if (appId === DEFAULT_PUSHER.appId || key === DEFAULT_PUSHER.key || secret === DEFAULT_PUSHER.secret) {
      problems.push(`PUSHER_APP_ID, PUSHER_KEY and PUSHER_SECRET must be set ${why}`);
    } else if (secret.length < MIN_SECRET_LENGTH) {
      problems.push(`PUSHER_SECRET must be at least ${MIN_SECRET_LENGTH} characters ${why} (e.g. \`openssl rand -hex 32\`)`);
    }
  }

  // Demo data has published passwords and PINs: only on a private development machine unless asked.
  const seedDemo = bool('SEED_DEMO', !production && !exposed);
  if (seedDemo && (production || exposed)) warnings.push('SEED_DEMO=1: the demo hotels with their published passwords and PINs are seeded on a server others can reach');
  const legacyPublicChannels = bool('LEGACY_PUBLIC_CHANNELS', false);
  if (legacyPublicChannels) {
    warnings.push('LEGACY_PUBLIC_CHANNELS=1: guest messages are also published on public channels that anyone who knows a hotel slug and room number can read without signing in');
  }
  const exposeMetrics = bool('EXPOSE_METRICS', !production);
  const exposeApiDocs = bool('EXPOSE_API_DOCS', !production);

  const windowMs = seconds('ATTEMPT_WINDOW_SECONDS', 15 * 60, 1, 86400);
  const config: Config = {
    port: int('PORT', 8000, 0, 65535),
    host,
    dataDir: dataDir(str('DATA_DIR', './data')),
    databaseUrl: url('DATABASE_URL', ['postgres:', 'postgresql:']),
    databasePoolSize: int('DATABASE_POOL_SIZE', 10, 1, 500),
    redisUrl: url('REDIS_URL', ['redis:', 'rediss:']),
    pusher: {
      appId,
      key,
      secret,
      webhooks: webhooks(optional('PUSHER_WEBHOOK_URLS'), optional('PUSHER_WEBHOOK_EVENTS'), int('PUSHER_WEBHOOK_BATCH_MS', 250, 0, 60_000), problems),
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
    legacyPublicChannels,
    seedDemo,
    production,
    logLevel: str('LOG_LEVEL', 'info'),
    // Down to one second so tests can watch a token expire.
    staffTokenTtl: int('STAFF_TOKEN_TTL_SECONDS', 12 * 3600, 1, 90 * 86400),
    guestSessionTtl: int('GUEST_SESSION_TTL_SECONDS', 30 * 86400, 1, 365 * 86400),
    webDir: resolve(str('WEB_DIR', './dist/web')),
    trustProxy: trustProxy(optional('TRUST_PROXY'), problems),
    http: httpTimeouts(
      seconds('HTTP_HEADERS_TIMEOUT_SECONDS', 20, 1, 600),
      seconds('HTTP_REQUEST_TIMEOUT_SECONDS', 30, 1, 3600),
      seconds('HTTP_KEEP_ALIVE_TIMEOUT_SECONDS', 75, 1, 3600),
    ),
    attempts: {
      windowMs,
      loginPerAddress: int('LOGIN_LIMIT_PER_ADDRESS', 50, 1, 100_000),
      loginPerUserAndAddress: int('LOGIN_LIMIT_PER_USER_AND_ADDRESS', 10, 1, 100_000),
      loginPerUser: int('LOGIN_LIMIT_PER_USER', 100, 1, 100_000),
      pinPerAddress: int('PIN_LIMIT_PER_ADDRESS', 50, 1, 100_000),
      pinPerRoomAndAddress: int('PIN_LIMIT_PER_ROOM_AND_ADDRESS', 10, 1, 100_000),
      pinPerRoom: int('PIN_LIMIT_PER_ROOM', 30, 1, 100_000),
    },
    sendLimits: {
      perSender: int('SEND_LIMIT_PER_MINUTE', 60, 1, 1_000_000_000),
      perAddress: int('SEND_LIMIT_PER_ADDRESS_PER_MINUTE', 600, 1, 1_000_000_000),
    },
    hashing: {
      concurrency: int('HASH_CONCURRENCY', 4, 1, 256),
      queue: int('HASH_QUEUE', 64, 0, 100_000),
    },
    realtimeLimits: {
      maxConnections: int('WS_MAX_CONNECTIONS', 10_000, 1, 10_000_000),
      // A hotel's guests share one Wi-Fi address: the per-address cap is for floods, not people.
      maxConnectionsPerAddress: int('WS_MAX_CONNECTIONS_PER_ADDRESS', 1000, 1, 10_000_000),
      maxSubscriptionsPerSocket: int('WS_MAX_SUBSCRIPTIONS_PER_SOCKET', 100, 1, 100_000),
      maxPresenceMembers: int('WS_MAX_PRESENCE_MEMBERS', 100, 1, 100_000),
      idleTimeoutMs: seconds('WS_IDLE_TIMEOUT_SECONDS', 120, 1, 86400),
    },
    hotelWebhooks: { allowPrivateUrls: bool('WEBHOOKS_ALLOW_PRIVATE_URLS', false), pollMs: seconds('WEBHOOKS_POLL_SECONDS', 5, 1, 3600) },
    retentionIntervalMs: seconds('RETENTION_INTERVAL_MINUTES', 60, 1, 7 * 24 * 60) * 60,
    webPush: webPush(optional('VAPID_PUBLIC_KEY'), optional('VAPID_PRIVATE_KEY'), str('VAPID_SUBJECT', 'mailto:push@concierge.invalid'), problems),
    files: filesConfig(env, int, bool, optional, url, secret, problems),
    exposeMetrics,
    exposeApiDocs,
    warnings,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

// Node refuses a headers timeout longer than the request timeout: the headers are part of the request.
const httpTimeouts = (headersTimeoutMs: number, requestTimeoutMs: number, keepAliveTimeoutMs: number): Config['http'] => ({
  headersTimeoutMs: Math.min(headersTimeoutMs, requestTimeoutMs),
  requestTimeoutMs,
  keepAliveTimeoutMs,
});

/** Loopback only: 127.0.0.0/8, ::1 and localhost. Anything else (0.0.0.0, ::, a LAN address) is reachable by others. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

// A hop count ("1"), or addresses and CIDRs ("10.0.0.1, 192.168.0.0/16", or proxy-addr's
// "loopback" / "uniquelocal" names). Never `true`: believing every X-Forwarded-For lets anyone
// pick the address the per-address limits see.
function trustProxy(raw: string | null, problems: string[]): TrustProxy {
  if (raw === null || ['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return { kind: 'none' };
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops >= 1 && hops <= 10) return { kind: 'hops', hops };
    problems.push(`TRUST_PROXY as a hop count must be 1 to 10 (got "${raw}")`);
    return { kind: 'none' };
  }
  const addresses = raw.split(',').map((a) => a.trim()).filter((a) => a !== '');
  const names = ['loopback', 'linklocal', 'uniquelocal'];
  const bad = addresses.filter((a) => {
    if (names.includes(a)) return false;
    const [ip, bits, extra] = a.split('/');
    if (extra !== undefined || !ip || isIP(ip) === 0) return true;
    return bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= (isIP(ip) === 4 ? 32 : 128));
  });
  if (bad.length > 0 || addresses.length === 0) {
    problems.push(`TRUST_PROXY must be a hop count (1-10) or a comma-separated list of proxy addresses or CIDRs (got "${raw}")`);
    return { kind: 'none' };
  }
  return { kind: 'addresses', addresses };
}

const WEBHOOK_EVENTS = ['channel_occupied', 'channel_vacated', 'member_added', 'member_removed', 'client_event', 'cache_miss'];

/** PUSHER_WEBHOOK_URLS: comma-separated http(s) URLs; PUSHER_WEBHOOK_EVENTS: which events (default all). */
function webhooks(urls: string | null, events: string | null, batchMs: number, problems: string[]): Config['pusher']['webhooks'] {
  if (urls === null) return null;
  const list = urls.split(',').map((u) => u.trim()).filter((u) => u !== '');
  for (const u of list) {
    try {
      if (!['http:', 'https:'].includes(new URL(u).protocol)) problems.push(`PUSHER_WEBHOOK_URLS: ${u} is not an http(s) URL`);
    } catch {
      problems.push(`PUSHER_WEBHOOK_URLS: ${u} is not a valid URL`);
    }
  }
  const wanted = events === null ? WEBHOOK_EVENTS : events.split(',').map((e) => e.trim()).filter((e) => e !== '');
  for (const e of wanted) if (!WEBHOOK_EVENTS.includes(e)) problems.push(`PUSHER_WEBHOOK_EVENTS: unknown event "${e}" (one of ${WEBHOOK_EVENTS.join(', ')})`);
  return list.length === 0 ? null : { urls: list, events: wanted, batchMs };
}

/** VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY (base64url, as `npx web-push generate-vapid-keys` prints them) go together. */
function webPush(publicKey: string | null, privateKey: string | null, subject: string, problems: string[]): Config['webPush'] {
  const bytes = (v: string) => (/^[A-Za-z0-9_-]+$/.test(v) ? Buffer.from(v, 'base64url').length : -1);
  if (!/^(mailto:.+@.+|https:\/\/.+)$/.test(subject)) problems.push(`VAPID_SUBJECT must be a mailto: address or an https:// URL (got "${subject}")`);
  if (publicKey === null && privateKey === null) return { vapid: null, subject };
  if (publicKey === null || privateKey === null) {
    problems.push('VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY must be set together (or neither: a key pair is then generated and kept in the database)');
    return { vapid: null, subject };
  }
  if (bytes(publicKey) !== 65) problems.push('VAPID_PUBLIC_KEY must be a base64url P-256 public key (65 bytes)');
  if (bytes(privateKey) !== 32) problems.push('VAPID_PRIVATE_KEY must be a base64url P-256 private key (32 bytes)');
  return { vapid: { publicKey, privateKey }, subject };
}

export interface FilesConfig {
  /** Local storage: the folder (FILES_DIR; default DATA_DIR with "-files" appended). */
  readonly dir: string;
  readonly maxImageBytes: number;
  readonly maxDocumentBytes: number;
  /** Longest side of the stored full-size image, and of its thumbnail (pixels). */
  readonly imageMaxSide: number;
  readonly thumbnailSide: number;
  /** How long a signed file URL works (seconds). */
  readonly urlTtlSeconds: number;
  /** The key file URLs are signed with: a hash of FILE_URL_SECRET (or of PUSHER_SECRET). */
  readonly urlKey: Buffer;
  /** Uploads per minute per sender (a staff member, a guest's stay). */
  readonly uploadsPerMinute: number;
  /** S3-compatible storage instead of the local folder, when S3_BUCKET is set. */
  readonly s3: null | {
    readonly bucket: string;
    readonly endpoint: string | null;
    readonly region: string;
    readonly credentials: null | { readonly accessKeyId: string; readonly secretAccessKey: string };
    readonly forcePathStyle: boolean;
    /** How long the presigned URL a signed file URL redirects to works (seconds). */
    readonly presignTtlSeconds: number;
  };
}

function filesConfig(
  env: Env,
  int: (name: string, fallback: number, min: number, max: number) => number,
  bool: (name: string, fallback: boolean) => boolean,
  optional: (name: string) => string | null,
  url: (name: string, protocols: string[]) => string | null,
  secret: string,
  problems: string[],
): FilesConfig {
  const mb = 1024 * 1024;
  const data = dataDir(env.DATA_DIR || './data');
  const fallbackDir = data.startsWith('memory://') ? join(tmpdir(), `concierge-files-${process.pid}`) : `${data}-files`;
  const bucket = optional('S3_BUCKET');
  const keyId = optional('S3_ACCESS_KEY_ID');
  const keySecret = optional('S3_SECRET_ACCESS_KEY');
  if ((keyId === null) !== (keySecret === null)) problems.push('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together (or neither: the AWS SDK then finds credentials itself)');
  const urlSecret = optional('FILE_URL_SECRET');
  if (urlSecret !== null && urlSecret.length < MIN_SECRET_LENGTH) problems.push(`FILE_URL_SECRET must be at least ${MIN_SECRET_LENGTH} characters (e.g. \`openssl rand -hex 32\`)`);
  const endpoint = url('S3_ENDPOINT', ['http:', 'https:']);
  if (bucket === null && endpoint !== null) problems.push('S3_ENDPOINT is set but S3_BUCKET is not');
  return {
    dir: resolve(optional('FILES_DIR') ?? fallbackDir),
    maxImageBytes: int('FILE_MAX_IMAGE_MB', 15, 1, 200) * mb,
    maxDocumentBytes: int('FILE_MAX_DOCUMENT_MB', 10, 1, 200) * mb,
    imageMaxSide: int('FILE_IMAGE_MAX_SIDE', 2048, 320, 8192),
    thumbnailSide: int('FILE_THUMBNAIL_SIDE', 320, 64, 1024),
    urlTtlSeconds: int('FILE_URL_TTL_SECONDS', 900, 1, 7 * 86400),
    urlKey: createHash('sha256').update(`concierge file urls\0${urlSecret ?? secret}`).digest(),
    uploadsPerMinute: int('FILE_UPLOADS_PER_MINUTE', 20, 1, 100_000),
    s3:
      bucket === null
        ? null
        : {
            bucket,
            endpoint,
            region: optional('S3_REGION') ?? 'us-east-1',
            credentials: keyId !== null && keySecret !== null ? { accessKeyId: keyId, secretAccessKey: keySecret } : null,
            forcePathStyle: bool('S3_FORCE_PATH_STYLE', endpoint !== null),
            presignTtlSeconds: int('S3_PRESIGN_TTL_SECONDS', 60, 1, 3600),
          },
  };
}

// PGlite's in-memory database is named memory://; anything else is a folder.
const dataDir = (v: string): string => (v.startsWith('memory://') ? v : resolve(v));

/** process.env, with a `.env` file in the working directory filling in what is unset. */
function readEnv(): Env {
  const file = resolve('.env');
  if (existsSync(file)) process.loadEnvFile(file);
  return process.env;
}
