// Start-up refusals and safe defaults: what loadConfig accepts in production or beyond loopback.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';

const STRONG = { PUSHER_APP_ID: 'hotel-app', PUSHER_KEY: 'hotel-key', PUSHER_SECRET: 'a'.repeat(10) + 'b'.repeat(22) };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.problems;
  }
}

describe('start-up refusals', () => {
  it('refuses the default Pusher credentials in production', () => {
    assert.match(problems({ NODE_ENV: 'production' }).join('\n'), /PUSHER_APP_ID, PUSHER_KEY and PUSHER_SECRET must be set in production/);
  });

  it('refuses the default Pusher credentials whenever HOST is reachable beyond this machine, production or not', () => {
    for (const HOST of ['0.0.0.0', '::', '192.168.1.20', 'concierge.example']) {
      assert.match(problems({ HOST }).join('\n'), /must be set when HOST/, HOST);
    }
    for (const HOST of ['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]']) assert.deepEqual(problems({ HOST }), [], HOST);
  });

  it('refuses a short PUSHER_SECRET beyond loopback and in production', () => {
    assert.match(problems({ HOST: '0.0.0.0', ...STRONG, PUSHER_SECRET: 'ab' }).join('\n'), /PUSHER_SECRET must be at least 20 characters/);
    assert.match(problems({ NODE_ENV: 'production', ...STRONG, PUSHER_SECRET: 'short-secret' }).join('\n'), /at least 20/);
    assert.deepEqual(problems({ HOST: '0.0.0.0', ...STRONG }), []);
  });

  it('refuses a TRUST_PROXY that is not a hop count or a list of addresses', () => {
    for (const TRUST_PROXY of ['true', 'yes', '11', '10.0.0.1/99', 'proxy.example', '1.2.3.4/8/2']) {
      assert.match(problems({ TRUST_PROXY }).join('\n'), /TRUST_PROXY/, TRUST_PROXY);
    }
  });
});

describe('safe defaults', () => {
  it('seeds the demo hotels only on a private development machine unless asked', () => {
    assert.equal(loadConfig({}).seedDemo, true);
    assert.equal(loadConfig({ NODE_ENV: 'production', ...STRONG }).seedDemo, false);
    assert.equal(loadConfig({ HOST: '0.0.0.0', ...STRONG }).seedDemo, false);
    const asked = loadConfig({ NODE_ENV: 'production', ...STRONG, SEED_DEMO: '1' });
    assert.equal(asked.seedDemo, true);
    assert.match(asked.warnings.join('\n'), /SEED_DEMO=1/);
  });

  it('trusts no proxy by default, and a hop count or addresses when told', () => {
    assert.deepEqual(loadConfig({}).trustProxy, { kind: 'none' });
    assert.deepEqual(loadConfig({ TRUST_PROXY: '2' }).trustProxy, { kind: 'hops', hops: 2 });
    assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.1, 192.168.0.0/16, loopback' }).trustProxy, {
      kind: 'addresses',
      addresses: ['10.0.0.1', '192.168.0.0/16', 'loopback'],
    });
  });

  it('hides /metrics and the API docs in production unless asked', () => {
    const prod = loadConfig({ NODE_ENV: 'production', ...STRONG });
    assert.equal(prod.exposeMetrics, false);
    assert.equal(prod.exposeApiDocs, false);
    const dev = loadConfig({});
    assert.equal(dev.exposeMetrics, true);
    assert.equal(dev.exposeApiDocs, true);
    assert.equal(loadConfig({ NODE_ENV: 'production', ...STRONG, EXPOSE_METRICS: '1' }).exposeMetrics, true);
  });

  it('warns loudly about LEGACY_PUBLIC_CHANNELS=1', () => {
    assert.deepEqual(loadConfig({}).warnings, []);
    assert.match(loadConfig({ LEGACY_PUBLIC_CHANNELS: '1' }).warnings.join('\n'), /LEGACY_PUBLIC_CHANNELS=1.*without signing in/);
  });

  it('bounds requests and sockets by default', () => {
    const c = loadConfig({});
    assert.deepEqual(c.http, { headersTimeoutMs: 20_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 75_000 });
    assert.deepEqual(c.realtimeLimits, { maxConnections: 10_000, maxConnectionsPerAddress: 1000, maxSubscriptionsPerSocket: 100, maxPresenceMembers: 100, idleTimeoutMs: 120_000 });
    assert.deepEqual(loadConfig({ WS_IDLE_TIMEOUT_SECONDS: '5', WS_MAX_PRESENCE_MEMBERS: '7' }).realtimeLimits.idleTimeoutMs, 5000);
  });
});
