// Pusher HTTP API request signing: auth_key, auth_timestamp, auth_version=1.0, body_md5 and
// auth_signature = HMAC-SHA256(secret, "METHOD\nPATH\nsorted-query-without-signature").
import { Limits } from './limits.js';
import { hmacSha256Hex, md5Hex, safeEqual } from './signature.js';

export interface ApiCredentials {
  key: string;
  secret: string;
}

export type ApiAuthResult = { ok: true } | { ok: false; message: string };

/**
 * Query parameters as the client signed them: keys lowercased, values percent-decoded but with
 * `+` left alone (the SDKs sign raw values and do not encode them).
 */
export function parseRawQuery(rawQuery: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decode(eq === -1 ? pair : pair.slice(0, eq)).toLowerCase();
    params.set(name, eq === -1 ? '' : decode(pair.slice(eq + 1)));
  }
  return params;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function stringToSign(method: string, path: string, params: Map<string, string>): string {
  const query = [...params]
    .filter(([name]) => name !== 'auth_signature')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  return `${method.toUpperCase()}\n${path}\n${query}`;
}

export function verifyApiRequest(
  credentials: ApiCredentials,
  request: { method: string; path: string; rawQuery: string; body?: Buffer },
  nowSeconds: number = Date.now() / 1000,
): ApiAuthResult {
  const params = parseRawQuery(request.rawQuery);
  const authKey = params.get('auth_key');
  const signature = params.get('auth_signature');
  const timestamp = Number(params.get('auth_timestamp'));
  if (authKey === undefined || signature === undefined) return { ok: false, message: 'auth_key and auth_signature are required' };
  if (!safeEqual(authKey, credentials.key)) return { ok: false, message: 'Unknown auth_key' };
  if (params.get('auth_version') !== '1.0') return { ok: false, message: 'auth_version must be 1.0' };
  if (!Number.isFinite(timestamp) || Math.abs(nowSeconds - timestamp) > Limits.apiTimestampSkewSeconds) {
    return { ok: false, message: `auth_timestamp must be within ${Limits.apiTimestampSkewSeconds} s of the server time` };
  }
  if (request.body !== undefined && request.body.length > 0) {
    const bodyMd5 = params.get('body_md5');
    if (bodyMd5 === undefined || !safeEqual(bodyMd5, md5Hex(request.body))) return { ok: false, message: 'body_md5 does not match the body' };
  }
  const expected = hmacSha256Hex(credentials.secret, stringToSign(request.method, request.path, params));
  if (!safeEqual(signature, expected)) return { ok: false, message: 'Invalid signature' };
  return { ok: true };
}

/** Builds a signed query string, as the Pusher server SDKs do. */
export function signApiRequest(
  credentials: ApiCredentials,
  request: { method: string; path: string; params?: Record<string, string>; body?: string; timestamp?: number },
): string {
  const params = new Map<string, string>([
    ['auth_key', credentials.key],
    ['auth_timestamp', String(request.timestamp ?? Math.floor(Date.now() / 1000))],
    ['auth_version', '1.0'],
  ]);
  if (request.body !== undefined && request.body !== '') params.set('body_md5', md5Hex(request.body));
  for (const [name, value] of Object.entries(request.params ?? {})) params.set(name.toLowerCase(), value);
  const signature = hmacSha256Hex(credentials.secret, stringToSign(request.method, request.path, params));
  const query = [...params].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&');
  return `${query}&auth_signature=${signature}`;
}
