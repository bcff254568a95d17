// A local stand-in for a browser vendor's push service (FCM, Mozilla autopush…), which cannot be
// reached from here: an HTTPS server that receives what `web-push` posts, checks the VAPID
// Authorization header (an ES256 JWT signed with the server's key), and decrypts the aes128gcm
// body (RFC 8291 / RFC 8188) with the private key of a subscription the test itself generated,
// as a browser would. A payload it can read proves the server encrypted it for that browser.
import { spawnSync } from 'node:child_process';
import { createECDH, createHmac, createDecipheriv, createPublicKey, randomBytes, verify, type ECDH } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { globalAgent, createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';

/** A browser's side of one subscription: the keys it keeps and what it hands the server. */
export interface FakeBrowser {
  id: string;
  endpoint: string;
  /** What PushSubscription.toJSON() gives the page, to POST to the subscribe endpoint. */
  subscription: { endpoint: string; expirationTime: null; keys: { p256dh: string; auth: string } };
  ecdh: ECDH;
  authSecret: Buffer;
}

/** One push as the push service received and the browser decrypted it. */
export interface Delivery {
  browser: string;
  /** The decrypted JSON payload. */
  payload: any;
  /** The VAPID JWT's claims, after its signature was checked. */
  claims: { aud: string; exp: number; sub: string };
  /** The `k=` of the Authorization header: the server's VAPID public key. */
  vapidKey: string;
  ttl: string | undefined;
  urgency: string | undefined;
  encoding: string | undefined;
}

export interface PushEndpoint {
  origin: string;
  deliveries: Delivery[];
  /** Requests the service could not verify or decrypt (each is a test failure). */
  rejected: string[];
  /** A new subscription, as a browser would make it. */
  browser(name?: string): FakeBrowser;
  /** Answer this browser's pushes with `status` (410: the subscription is gone; 0: never answer). */
  answer(browser: FakeBrowser, status: number): void;
  /** How many pushes were posted to this browser (answered or not). */
  posts(browser: FakeBrowser): number;
  close(): Promise<void>;
}

const b64u = (b: Buffer): string => b.toString('base64url');

/** A self-signed certificate for 127.0.0.1, trusted by this process's https requests (web-push uses the global agent). */
function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'push-endpoint-'));
  try {
    const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'pipe' });
    if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr.toString()}`);
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const hmac = (key: Buffer, data: Buffer): Buffer => createHmac('sha256', key).update(data).digest();

/** RFC 8291 §3.4 and RFC 8188 §2: what a browser does with a push message body. */
export function decryptAes128gcm(body: Buffer, ecdh: ECDH, authSecret: Buffer): Buffer {
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body[20]!;
  const serverKey = body.subarray(21, 21 + idLength);
  const ciphertext = body.subarray(21 + idLength);
  if (ciphertext.length > recordSize) throw new Error('more than one record');
  const shared = ecdh.computeSecret(serverKey);
  const prkKey = hmac(authSecret, shared);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), ecdh.getPublicKey(), serverKey, Buffer.from([1])]);
  const ikm = hmac(prkKey, keyInfo);
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0\x01')).subarray(0, 16);
  const nonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0\x01')).subarray(0, 12);
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end -= 1;
  if (padded[end] !== 2) throw new Error('no last-record delimiter');
  return padded.subarray(0, end);
}

/** Checks `vapid t=<jwt>, k=<key>` (RFC 8292): an ES256 signature by k over the JWT. */
export function verifyVapid(header: string | undefined): { claims: Delivery['claims']; key: string } {
  const m = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header ?? '');
  if (!m) throw new Error(`not a VAPID Authorization header: ${header}`);
  const [, jwt = '', key = ''] = m;
  const raw = Buffer.from(key, 'base64url');
  if (raw.length !== 65 || raw[0] !== 4) throw new Error('k is not a P-256 public key');
  const publicKey = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64u(raw.subarray(1, 33)), y: b64u(raw.subarray(33)) }, format: 'jwk' });
  const [head = '', body = '', signature = ''] = jwt.split('.');
  const ok = verify('sha256', Buffer.from(`${head}.${body}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
  if (!ok) throw new Error('the VAPID JWT signature does not verify');
  const header_ = JSON.parse(Buffer.from(head, 'base64url').toString()) as { alg?: string };
  if (header_.alg !== 'ES256') throw new Error('the VAPID JWT is not ES256');
  return { claims: JSON.parse(Buffer.from(body, 'base64url').toString()) as Delivery['claims'], key };
}

export async function startPushEndpoint(): Promise<PushEndpoint> {
  const { key, cert } = selfSignedCertificate();
  // web-push posts through https.request with the global agent: trust our certificate there.
  globalAgent.options.ca = [...rootCertificates, cert.toString()];
  const browsers = new Map<string, FakeBrowser>();
  const answers = new Map<string, number>();
  const counts = new Map<string, number>();
  const deliveries: Delivery[] = [];
  const rejected: string[] = [];
  let next = 0;

  const server: Server = createServer({ key, cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const id = /^\/push\/([\w-]+)$/.exec(req.url ?? '')?.[1] ?? '';
      const browser = browsers.get(id);
      counts.set(id, (counts.get(id) ?? 0) + 1);
      const status = answers.get(id);
      if (!browser) {
        res.writeHead(404).end();
        return;
      }
      if (status === 0) return; // a push service that never answers
      if (status !== undefined) {
        res.writeHead(status).end();
        return;
      }
      try {
        if (req.method !== 'POST') throw new Error(`method ${req.method}`);
        const { claims, key: vapidKey } = verifyVapid(req.headers.authorization);
        const payload = JSON.parse(decryptAes128gcm(Buffer.concat(chunks), browser.ecdh, browser.authSecret).toString('utf8')) as unknown;
        deliveries.push({
          browser: id,
          payload,
          claims,
          vapidKey,
          ttl: req.headers.ttl as string | undefined,
          urgency: req.headers.urgency as string | undefined,
          encoding: req.headers['content-encoding'],
        });
        res.writeHead(201).end();
      } catch (err) {
        rejected.push(`${id}: ${(err as Error).message}`);
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    deliveries,
    rejected,
    browser(name) {
      next += 1;
      const id = name ?? `b${next}`;
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const authSecret = randomBytes(16);
      const endpoint = `${origin}/push/${id}`;
      const b: FakeBrowser = { id, endpoint, ecdh, authSecret, subscription: { endpoint, expirationTime: null, keys: { p256dh: b64u(ecdh.getPublicKey()), auth: b64u(authSecret) } } };
      browsers.set(id, b);
      return b;
    },
    answer(browser, status) {
      answers.set(browser.id, status);
    },
    posts(browser) {
      return counts.get(browser.id) ?? 0;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
