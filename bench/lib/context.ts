// What every scenario gets: the run's settings, the processes it may start, and where its
// figures go. Every process started here is stopped by `closeAll`, whatever happened.
import { join } from 'node:path';
import type { ConnectSpec, FleetReport } from '../clients/sockets.js';
import type { RunReport, RunSpec } from '../clients/senders.js';
import type { Fixture, FixtureSpec } from '../servers/fixture.js';
import { now, sleep } from './clock.js';
import { Child } from './ipc.js';
import { CpuMeter, pidsNamed } from './proc.js';
import type { Row } from './report.js';

export interface Sizes {
  sendLevels: number[];
  sendMs: number;
  rooms: number;
  staff: number;
  /** The hotel's past (see addHistory): checked-out stays, messages per stay, expired sign-ins. */
  pastStays: number;
  messagesPerStay: number;
  pastSignIns: number;
  deliverRate: number;
  deliverMs: number;
  fanoutN: number[];
  fanoutDeliveries: number;
  fanoutLoadMs: number;
  idleSockets: number;
  idleWindowMs: number;
  handoffRounds: number;
  hops: number;
  /** Warm-up before each measured run (JIT, pools), discarded. */
  warmMs: number;
}

export interface ConciergeNode {
  child: Child;
  port: number;
  url: string;
  fixture: Fixture | undefined;
}

export class BenchContext {
  readonly rows: Row[] = [];
  readonly details: Record<string, unknown> = {};
  readonly failures: string[] = [];
  private readonly children = new Set<Child>();
  private readonly stoppers = new Set<() => Promise<void>>();

  constructor(
    readonly quick: boolean,
    readonly sizes: Sizes,
    readonly databaseUrl: string,
    readonly redisUrl: string,
    readonly schema: string,
    readonly logDir: string,
    readonly profileDir: string | null,
    readonly soketi: { available: boolean; reason: string },
    /** Extra settings for every Concierge node (--env). */
    readonly conciergeEnv: Record<string, string> = {},
  ) {}

  log(line: string): void {
    process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);
  }

  fail(reason: string): void {
    this.failures.push(reason);
    this.log(`FAILED: ${reason}`);
  }

  async child(name: string, file: string, nodeArgs: string[] = []): Promise<Child> {
    const c = await Child.start(name, file, { nodeArgs, logFile: join(this.logDir, `${name}.log`) });
    this.children.add(c);
    return c;
  }

  async stop(c: Child): Promise<void> {
    this.children.delete(c);
    await c.stop();
  }

  /** A cleanup for something that is not a Child (Soketi). */
  track(stop: () => Promise<void>): () => Promise<void> {
    this.stoppers.add(stop);
    return async () => {
      this.stoppers.delete(stop);
      await stop();
    };
  }

  async concierge(name: string, env: Record<string, string> = {}, fixture?: FixtureSpec): Promise<ConciergeNode> {
    const child = await this.child(name, 'servers/concierge.ts');
    const started = await child.call<{ port: number; url: string; fixture?: Fixture }>('start', { env: { DATABASE_URL: this.databaseUrl, ...this.conciergeEnv, ...env }, schema: this.schema, fixture }, 300_000);
    return { child, port: started.port, url: started.url, fixture: started.fixture };
  }

  fleet(name: string): Promise<Child> {
    return this.child(name, 'clients/sockets.ts');
  }

  async connect(fleet: Child, spec: ConnectSpec): Promise<void> {
    const r = await fleet.call<{ connected: number; failed: number; failures: string[]; ms: number }>('connect', spec, 600_000);
    if (r.failed > 0) throw new Error(`${r.failed} of ${spec.sockets.length} sockets could not connect and subscribe: ${r.failures.join('; ')}`);
    this.log(`  ${r.connected} sockets connected and subscribed in ${(r.ms / 1000).toFixed(1)} s`);
  }

  send(senders: Child, spec: RunSpec): Promise<RunReport> {
    return senders.call<RunReport>('run', spec, spec.durationMs + 120_000);
  }

  /** Waits until the fleets have `expected` deliveries, or none came for `quietMs`. */
  async drain(fleets: Child[], expected: number, quietMs = 3000, maxMs = 60_000): Promise<number> {
    const start = now();
    let last = -1;
    let lastChange = now();
    for (;;) {
      const progress = await Promise.all(fleets.map((f) => f.call<{ deliveries: number }>('progress')));
      const total = progress.reduce((s, p) => s + p.deliveries, 0);
      if (total !== last) {
        last = total;
        lastChange = now();
      }
      if (total >= expected || now() - lastChange > quietMs || now() - start > maxMs) return total;
      await sleep(50);
    }
  }

  report(fleet: Child): Promise<FleetReport> {
    return fleet.call<FleetReport>('report', {}, 60_000);
  }

  /** CPU of the given processes, plus PostgreSQL and Redis, over a window. */
  cpu(groups: Record<string, Child | number | Array<Child | number>>): CpuMeter {
    const pidOf = (x: Child | number): number => (typeof x === 'number' ? x : x.pid);
    const all: Record<string, () => number[]> = {};
    for (const [name, g] of Object.entries(groups)) {
      const list = Array.isArray(g) ? g : [g];
      all[name] = () => list.map(pidOf);
    }
    all.postgres = () => pidsNamed('postgres');
    all.redis = () => pidsNamed('redis-server');
    return new CpuMeter(all);
  }

  async profile<T>(node: ConciergeNode, scenario: string, work: () => Promise<T>): Promise<T> {
    if (this.profileDir === null) return work();
    await node.child.call('profileStart');
    try {
      return await work();
    } finally {
      const file = join(this.profileDir, `${scenario}.cpuprofile`);
      await node.child.call('profileStop', { file });
      this.log(`  profile: ${file}`);
    }
  }

  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.children].map((c) => c.stop()));
    this.children.clear();
    await Promise.allSettled([...this.stoppers].map((s) => s()));
    this.stoppers.clear();
  }
}
