// Security headers on every kind of answer, caching of the web apps, what production hides, and
// the Host header of /pusher/config/.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { client, type Client } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** A built-looking web folder: two pages, a hashed asset and its source map. */
function webDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'concierge-web-'));
  for (const app of ['staff', 'guest']) {
    mkdirSync(join(dir, app));
    writeFileSync(join(dir, app, 'index.html'), `<!doctype html><title>${app}</title><script type="module" src="/assets/app-Ab12Cd34.js"></script>`);
  }
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets', 'app-Ab12Cd34.js'), 'console.log(1);\n//# sourceMappingURL=app-Ab12Cd34.js.map');
  writeFileSync(join(dir, 'assets', 'app-Ab12Cd34.js.map'), '{"version":3,"sources":["secret.ts"],"mappings":""}');
  return dir;
}

const PRODUCTION = { NODE_ENV: 'production', PUSHER_APP_ID: 'prod-app', PUSHER_KEY: 'prod-key', PUSHER_SECRET: 'p'.repeat(32), SEED_DEMO: '1' };

function assertHardened(headers: Headers, what: string): void {
  const csp = headers.get('content-security-policy') ?? '';
  assert.match(csp, /default-src 'self'/, what);
  assert.match(csp, /frame-ancestors 'none'/, what);
  assert.match(csp, /script-src 'self'(;|$)/, what);
  assert.doesNotMatch(csp, /upgrade-insecure-requests/, what);
  assert.equal(headers.get('x-content-type-options'), 'nosniff', what);
  assert.equal(headers.get('referrer-policy'), 'no-referrer', what);
  assert.equal(headers.get('x-frame-options'), 'DENY', what);
}

/** GET with a Host header of our choosing (fetch does not allow setting it). */
function getWithHost(url: string, path: string, host: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('in development', () => {
  let server: TestServer;
  let api: Client;
  before(async () => {
    server = await startTestServer({ env: { WEB_DIR: webDir() } });
    api = client(server.url);
  });
  after(() => server.close());

  it('sends the security headers on the API, the web apps, their assets, the docs and errors', async () => {
    const answers: Array<[string, Promise<{ status: number; headers: Headers }>]> = [
      ['API', api.get('/healthz')],
      ['pusher config', api.get('/pusher/config/')],
      ['staff app', api.get('/staff/')],
      ['guest app', api.get('/guest/hotel-abc/101')],
      ['asset', api.get('/assets/app-Ab12Cd34.js')],
      ['openapi', api.get('/openapi.json')],
      ['404', api.get('/no/such/thing')],
      ['401', api.get('/auth/me/')],
      ['400', api.call('POST', '/auth/login/', { raw: '{not json' })],
    ];
    for (const [what, answer] of answers) assertHardened((await answer).headers, what);
    const docs = await fetch(`${server.url}/docs/`, { redirect: 'follow' });
    assert.equal(docs.status, 200);
    assert.match(docs.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    assert.equal(docs.headers.get('x-content-type-options'), 'nosniff');
  });

  it('never lets a browser keep index.html for long, and keeps hashed assets for ever', async () => {
    for (const path of ['/staff/', '/staff/anything', '/guest/hotel-abc/101']) {
      const page = await api.get(path);
      assert.equal(page.status, 200, path);
      assert.equal(page.headers.get('cache-control'), 'no-cache', path);
    }
    const asset = await api.get('/assets/app-Ab12Cd34.js');
    assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  });

  it('echoes a well-formed Host into /pusher/config/ and answers 400, never 500, to a malformed one', async () => {
    const ok = await getWithHost(server.url, '/pusher/config/', 'chat.hotel.example:8443');
    assert.equal(ok.status, 200);
    assert.equal(JSON.parse(ok.body).wsHost, 'chat.hotel.example');
    assert.equal(JSON.parse(ok.body).wsPort, 8443);
    for (const host of ['bad_host!:80', 'x:99999', '[::1', 'a..b', '"><script>']) {
      const r = await getWithHost(server.url, '/pusher/config/', host);
      assert.equal(r.status, 400, host);
      assert.equal(JSON.parse(r.body).code, 'invalid_request', host);
    }
    for (const path of ['/healthz', '/staff/', '/no/such/thing']) {
      assert.notEqual((await getWithHost(server.url, path, '[::1')).status, 500, path);
    }
  });
});

describe('in production', () => {
  let server: TestServer;
  let api: Client;
  before(async () => {
    server = await startTestServer({ env: { ...PRODUCTION, WEB_DIR: webDir() } });
    api = client(server.url);
  });
  after(() => server.close());

  it('hides /metrics, /docs and /openapi.json unless asked', async () => {
    for (const path of ['/metrics', '/docs', '/docs/', '/openapi.json']) {
      const r = await api.get(path);
      assert.equal(r.status, 404, path);
      assert.equal(r.body.code, 'not_found', path);
    }
    assert.equal((await api.get('/healthz')).status, 200);
  });

  it('serves the apps but never their source maps', async () => {
    assert.equal((await api.get('/assets/app-Ab12Cd34.js')).status, 200);
    const map = await api.get('/assets/app-Ab12Cd34.js.map');
    assert.equal(map.status, 404);
    assertHardened(map.headers, 'refused map');
  });

  it('shows /metrics when EXPOSE_METRICS=1', async () => {
    const open = await startTestServer({ env: { ...PRODUCTION, EXPOSE_METRICS: '1' } });
    try {
      assert.equal((await client(open.url).get('/metrics')).status, 200);
    } finally {
      await open.close();
    }
  });
});
