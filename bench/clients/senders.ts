// HTTP load generator: closed loop (N workers, each waits for its answer) or open loop (a fixed
// rate, whatever the answers do). Bounded by count and time; loopback targets only.
import { Agent, request } from 'node:http';
import { now } from '../lib/clock.js';
import { Histogram } from '../lib/histogram.js';
import { serve } from '../lib/ipc.js';
import { marker } from '../lib/marker.js';
import { signedEventsPath, type ApiCredentials } from '../lib/pusher-api.js';

export interface RequestTemplate {
  method: 'POST' | 'GET';
  path: string;
  token?: string;
  /** `{{m}}` is replaced by the bench marker (send time and key). */
  body?: string;
  /** Prefix of this request's marker key. */
  tag: string;
  /** Sign as a Pusher HTTP API events call (path is then ignored). */
  pusher?: ApiCredentials;
}

export interface RunSpec {
  baseUrl: string;
  mode: 'closed' | 'open';
  /** closed: one list per worker, each cycled; open: the lists are taken in turn. */
  workers: RequestTemplate[][];
  rate?: number;
  durationMs: number;
  maxRequests: number;
  maxInFlight?: number;
  /** Regex source; its first group is kept per request (with keepLog). */
  capture?: string;
  keepLog?: boolean;
  okStatus: number[];
}

export interface LogEntry {
  key: string;
  template: number;
  worker: number;
  status: number;
  t0: number;
  ms: number;
  captured?: string;
}

export interface RunReport {
  requests: number;
  ok: number;
  errors: number;
  errorSamples: string[];
  skipped: number;
  elapsedMs: number;
  latency: ReturnType<Histogram['toJSON']>;
  log: LogEntry[];
}

const ALLOWED_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

async function run(spec: RunSpec): Promise<RunReport> {
  const base = new URL(spec.baseUrl);
  if (!ALLOWED_HOSTS.has(base.hostname)) throw new Error(`load goes to loopback only, not ${base.hostname}`);
  const inFlightMax = spec.mode === 'closed' ? spec.workers.length : (spec.maxInFlight ?? 256);
  const agent = new Agent({ keepAlive: true, maxSockets: inFlightMax, maxFreeSockets: inFlightMax });
  const capture = spec.capture === undefined ? null : new RegExp(spec.capture);
  const latency = new Histogram();
  const log: LogEntry[] = [];
  const errorSamples: string[] = [];
  let requests = 0;
  let ok = 0;
  let errors = 0;
  let skipped = 0;
  let inFlight = 0;
  const started = now();
  const deadline = started + spec.durationMs;

  const fire = (tmpl: RequestTemplate, worker: number, templateIndex: number): Promise<void> => {
    const seq = requests++;
    const t0 = now();
    const key = `${tmpl.tag}.${seq}`;
    const body = tmpl.body === undefined ? undefined : tmpl.body.replaceAll('{{m}}', marker(t0, key));
    const path = tmpl.pusher === undefined ? tmpl.path : signedEventsPath(tmpl.pusher, body ?? '');
    const headers: Record<string, string | number> = {};
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(body);
    }
    if (tmpl.token !== undefined) headers.authorization = `Bearer ${tmpl.token}`;
    inFlight += 1;
    return new Promise<void>((resolve) => {
      const done = (status: number, text: string, err?: string): void => {
        inFlight -= 1;
        const ms = now() - t0;
        latency.record(ms);
        const good = err === undefined && spec.okStatus.includes(status);
        if (good) ok += 1;
        else {
          errors += 1;
          if (errorSamples.length < 5) errorSamples.push(err ?? `${status} ${text.slice(0, 200)}`);
        }
        if (spec.keepLog) {
          const m = capture?.exec(text);
          log.push({ key, template: templateIndex, worker, status, t0, ms, ...(m?.[1] !== undefined && { captured: m[1] }) });
        }
        resolve();
      };
      const req = request({ host: base.hostname, port: base.port, method: tmpl.method, path, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')));
        res.on('error', (e) => done(0, '', e.message));
      });
      req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
      req.on('error', (e) => done(0, '', e.message));
      req.end(body);
    });
  };

  if (spec.mode === 'closed') {
    await Promise.all(spec.workers.map(async (list, w) => {
      for (let i = 0; now() < deadline && requests < spec.maxRequests && list.length > 0; i += 1) {
        const index = i % list.length;
        const tmpl = list[index];
        if (tmpl !== undefined) await fire(tmpl, w, index);
      }
    }));
  } else {
    const rate = spec.rate ?? 100;
    const interval = 1000 / rate;
    const pending = new Set<Promise<void>>();
    const cursor = spec.workers.map(() => 0);
    let turn = 0;
    let nextAt = started;
    while (now() < deadline && requests + skipped < spec.maxRequests) {
      const t = now();
      if (t < nextAt) {
        await new Promise((r) => setTimeout(r, Math.max(0, nextAt - t - 0.2)));
        continue;
      }
      nextAt += interval;
      const w = turn++ % spec.workers.length;
      const list = spec.workers[w] ?? [];
      const index = (cursor[w] ?? 0) % Math.max(1, list.length);
      cursor[w] = index + 1;
      const tmpl = list[index];
      if (tmpl === undefined) continue;
      if (inFlight >= inFlightMax) {
        skipped += 1;
        continue;
      }
      const p = fire(tmpl, w, index);
      pending.add(p);
      void p.then(() => pending.delete(p));
    }
    await Promise.all(pending);
  }
  agent.destroy();
  return { requests, ok, errors, errorSamples, skipped, elapsedMs: now() - started, latency: latency.toJSON(), log };
}

serve({ run });
