// One Concierge node for the benchmarks: the real startServer (as `npm start` runs it), on
// PostgreSQL in the run's own schema, optionally with Redis, and the bench hotel.
import { loadConfig } from '../../src/config.js';
import { serverLogger, startServer, type RunningServer } from '../../src/server.js';
import { serve } from '../lib/ipc.js';
import { takeLoopDelay } from '../lib/loop-delay.js';
import { readMarker } from '../lib/marker.js';
import { startProfile, stopProfile } from '../lib/profiler.js';
import { addHistory, createFixture, type FixtureSpec } from './fixture.js';

let server: RunningServer | null = null;
/** Events handed to the publisher while recording: what the sockets should get, per channel. */
let recording: Array<[string, string, unknown]> | null = null;
const MESSAGE_ID = /"message_id":(\d+)/;

serve({
  async start(opts: { env: Record<string, string>; schema: string; fixture?: FixtureSpec }) {
    // The send pace limit (60 a minute per sender) would answer most of a load test with 429:
    // the bench measures throughput, so it lifts the limits unless a run sets them.
    const config = loadConfig({
      PORT: '0', HOST: '127.0.0.1', DATA_DIR: 'memory://', SEED_DEMO: '0',
      SEND_LIMIT_PER_MINUTE: '1000000000', SEND_LIMIT_PER_ADDRESS_PER_MINUTE: '1000000000',
      // The handoff storm's observer watches 101 channels on one socket; a dashboard holds a few.
      WS_MAX_SUBSCRIPTIONS_PER_SOCKET: '10000', ...opts.env,
    });
    // The log as in production; the orchestrator sends this process's stdout to a file.
    server = await startServer(config, {
      logger: serverLogger(config),
      schema: opts.schema,
      // Only references are kept here; keys are worked out when asked, off the measured path.
      onEvents: (events) => {
        if (recording !== null) for (const e of events) recording.push([e.channel, e.name, e.data]);
      },
    });
    const fixture = opts.fixture === undefined ? undefined : await createFixture(server.deps, opts.fixture);
    if (opts.fixture !== undefined && fixture !== undefined && config.databaseUrl) await addHistory(config.databaseUrl, opts.schema, fixture.hotelId, opts.fixture);
    return { port: server.port, url: server.url, fixture };
  },
  stats() {
    return { rss: process.memoryUsage().rss, connections: server?.realtime.stats().connections ?? 0 };
  },
  recordEvents() {
    recording = [];
    takeLoopDelay();
  },
  loopDelay: () => takeLoopDelay(),
  /** The recorded events with their bench key (marker, or message id for message-delivered). */
  events() {
    const out = (recording ?? []).map(([channel, name, data]) => {
      const json = JSON.stringify(data);
      const key = readMarker(json)?.key ?? (name === 'message-delivered' ? `id:${MESSAGE_ID.exec(json)?.[1] ?? '?'}` : null);
      return { channel, name, key };
    });
    recording = null;
    return out;
  },
  gc() {
    globalThis.gc?.();
    return process.memoryUsage().rss;
  },
  profileStart: () => startProfile(),
  profileStop: (p: { file: string }) => stopProfile(p.file),
  async stop() {
    await server?.close();
    server = null;
  },
});
