// Security headers on every answer (API, web apps, docs, errors), through @fastify/helmet.
// The CSP lets the two apps load only their own bundles and talk only to this server (HTTP and
// its WebSocket) or the configured Pusher service; no inline script, no framing.
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';

/** Where pusher-js connects: this server ('self' covers ws:/wss: of this origin in CSP Level 3), or the external service. */
function realtimeSources(config: Pick<Config, 'pusher'>): string[] {
  const ext = config.pusher.external;
  if (!ext) return [];
  if (ext.host) {
    const port = ext.port === null ? '' : `:${ext.port}`;
    return [`ws://${ext.host}${port}`, `wss://${ext.host}${port}`];
  }
  return [`wss://ws-${ext.cluster ?? 'mt1'}.pusher.com`, `https://sockjs-${ext.cluster ?? 'mt1'}.pusher.com`];
}

export function contentSecurityPolicy(config: Pick<Config, 'pusher'>): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'"],
    // Staff profile pictures may be links to another site.
    'img-src': ["'self'", 'data:', 'blob:', 'https:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", ...realtimeSources(config)],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
}

export async function securityHeaders(app: FastifyInstance, config: Pick<Config, 'pusher'>): Promise<void> {
  await app.register(helmet, {
    // Helmet's upgrade-insecure-requests would break a plain-http install (127.0.0.1, a LAN).
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(config) },
    // Sent always; browsers heed it only over HTTPS. No includeSubDomains: other sites of the
    // operator's domain are not ours to pin.
    strictTransportSecurity: { maxAge: 180 * 86400, includeSubDomains: false },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
    // Staff profile pictures may come from another site; nothing here is meant to be embedded elsewhere.
    crossOriginResourcePolicy: { policy: 'same-origin' },
    // The guest link carries the room in the path; nothing else to hide from other origins.
    xFrameOptions: { action: 'deny' },
  });
}
