// Signed, expiring file URLs. Each is made for one viewer's session (its token hash) and names
// the file, the variant and an expiry; an HMAC-SHA256 under a key hashed from a server secret
// covers all of it and is compared in constant time. A valid signature is not enough: the fetch
// checks again that the session is still signed in and may see the file (domain/attachments.ts).
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FileViewer } from '../domain/ports.js';

export const FILE_VARIANTS = ['full', 'thumbnail'] as const;
export type FileVariant = (typeof FILE_VARIANTS)[number];

/** Expiries are rounded up to this step so the same viewer gets the same URL for a while (browser caching). */
const STEP_SECONDS = 300;

export const filePath = (id: number, variant: FileVariant): string => `/files/${id}/${variant}`;

export interface FileUrlQuery {
  viewer?: string | undefined;
  expires?: string | undefined;
  sig?: string | undefined;
}

export type Verified = { ok: true; viewer: FileViewer; expiresAt: Date } | { ok: false; why: 'invalid' | 'expired' };

export function fileUrlSigner(key: Buffer, ttlSeconds: number) {
  const mac = (path: string, viewer: string, expires: string): Buffer => createHmac('sha256', key).update(`${path}\n${viewer}\n${expires}`).digest();
  return {
    sign(id: number, variant: FileVariant, viewer: FileViewer, now: Date): { url: string; expiresAt: Date } {
      const step = Math.min(STEP_SECONDS, ttlSeconds);
      const expires = String(Math.ceil((now.getTime() / 1000 + ttlSeconds) / step) * step);
      const who = `${viewer.kind === 'staff' ? 's' : 'g'}.${viewer.tokenHash}`;
      const path = filePath(id, variant);
      const sig = mac(path, who, expires).toString('base64url');
      return { url: `${path}?viewer=${who}&expires=${expires}&sig=${sig}`, expiresAt: new Date(Number(expires) * 1000) };
    },
    verify(id: number, variant: FileVariant, q: FileUrlQuery, now: Date): Verified {
      const { viewer, expires, sig } = q;
      if (!viewer || !expires || !sig || !/^\d{1,12}$/.test(expires)) return { ok: false, why: 'invalid' };
      const m = /^([sg])\.([0-9a-f]{64})$/.exec(viewer);
      if (!m) return { ok: false, why: 'invalid' };
      const expected = mac(filePath(id, variant), viewer, expires);
      const given = Buffer.from(sig, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, why: 'invalid' };
      const expiresAt = new Date(Number(expires) * 1000);
      if (expiresAt.getTime() <= now.getTime()) return { ok: false, why: 'expired' };
      return { ok: true, viewer: { kind: m[1] === 's' ? 'staff' : 'guest', tokenHash: m[2]! }, expiresAt };
    },
  };
}

export type FileUrlSigner = ReturnType<typeof fileUrlSigner>;
