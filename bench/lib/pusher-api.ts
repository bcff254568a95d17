// Signing a Pusher HTTP API request (what the official SDKs do), so one load generator can
// trigger events on Concierge, Soketi or anything else speaking the protocol.
import { hmacSha256Hex, md5Hex } from '../../src/realtime/signature.js';

export interface ApiCredentials {
  appId: string;
  key: string;
  secret: string;
}

/** `POST /apps/{id}/events?…signature` for this exact body. */
export function signedEventsPath(app: ApiCredentials, body: string): string {
  const path = `/apps/${app.appId}/events`;
  const query = `auth_key=${app.key}&auth_timestamp=${Math.floor(Date.now() / 1000)}&auth_version=1.0&body_md5=${md5Hex(body)}`;
  return `${path}?${query}&auth_signature=${hmacSha256Hex(app.secret, `POST\n${path}\n${query}`)}`;
}
