// `npm run bench` (full, several minutes) and `npm run bench -- --quick` (under a minute, CI).
// Starts what it needs — Concierge on PostgreSQL (a schema of its own, dropped at the end), the
// raw baselines, Soketi, Redis-backed nodes — drives them from separate load-generator processes
// over loopback, prints the table and writes bench/results/<date>.json.
//
// Flags: --quick · --only=send,deliver,fanout,connections,handoff,inbox,two-nodes · --profile (CPU
// profiles of Concierge per scenario into bench/results/profiles/) · --no-soketi ·
// --env=NAME=VALUE (a setting for every Concierge node, e.g. --env=DATABASE_POOL_SIZE=8)
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { BenchContext, type ConciergeNode, type Sizes } from './lib/context.js';
import { machineInfo } from './lib/machine.js';
import { requireLoopback } from './lib/net.js';
import { machineBusySeconds } from './lib/proc.js';
import { table } from './lib/report.js';
import { installSoketi, soketiProblem } from './lib/soketi.js';
import { runConnections } from './scenarios/connections.js';
import { runDeliver, type DeliveryResult } from './scenarios/deliver.js';
import { runFanout } from './scenarios/fanout.js';
import { runHandoff } from './scenarios/handoff.js';
import { runInbox } from './scenarios/inbox.js';
import { runAnalytics } from './scenarios/analytics.js';
import { runSend } from './scenarios/send.js';
import { runTwoNodes } from './scenarios/two-nodes.js';

const FULL: Sizes = {
  sendLevels: [1, 8, 32], sendMs: 10_000, rooms: 1000, staff: 20, pastStays: 20_000, messagesPerStay: 10, pastSignIns: 50_000, deliverRate: 200, deliverMs: 20_000,
  fanoutN: [1000, 5000], fanoutDeliveries: 300_000, fanoutLoadMs: 10_000, idleSockets: 10_000, idleWindowMs: 10_000,
  handoffRounds: 5, hops: 2000, warmMs: 3000,
};
const QUICK: Sizes = {
  sendLevels: [1, 8, 32], sendMs: 700, rooms: 100, staff: 20, pastStays: 2000, messagesPerStay: 5, pastSignIns: 5000, deliverRate: 200, deliverMs: 1500,
  fanoutN: [200], fanoutDeliveries: 10_000, fanoutLoadMs: 800, idleSockets: 500, idleWindowMs: 500,
  handoffRounds: 1, hops: 200, warmMs: 300,
};
const SCENARIOS = ['send', 'deliver', 'handoff', 'inbox', 'analytics', 'fanout', 'connections', 'two-nodes'] as const;
type Scenario = (typeof SCENARIOS)[number];

const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

function parseArgs(argv: string[]) {
  const flags = new Set(argv.filter((a) => !a.includes('=')));
  const known = ['--quick', '--profile', '--no-soketi', '--help'];
  for (const a of argv) if (!known.includes(a) && !a.startsWith('--only=') && !a.startsWith('--env=')) throw new Error(`unknown option ${a}`);
  const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',').filter((s) => s !== '');
  for (const s of only ?? []) if (!(SCENARIOS as readonly string[]).includes(s)) throw new Error(`unknown scenario ${s}; one of ${SCENARIOS.join(', ')}`);
  if (flags.has('--help')) {
    process.stdout.write('npm run bench [-- --quick] [--only=send,deliver,handoff,inbox,analytics,fanout,connections,two-nodes] [--profile] [--no-soketi] [--env=NAME=VALUE …]\n');
    process.exit(0);
  }
  // --env=NAME=VALUE (repeatable): extra configuration for every Concierge node, to weigh a setting.
  const env: Record<string, string> = {};
  for (const a of argv.filter((x) => x.startsWith('--env='))) {
    const [name, ...value] = a.slice('--env='.length).split('=');
    if (name === undefined || name === '' || value.length === 0) throw new Error(`--env wants NAME=VALUE, got ${a}`);
    env[name] = value.join('=');
  }
  return { quick: flags.has('--quick'), profile: flags.has('--profile'), noSoketi: flags.has('--no-soketi'), env, only: new Set<Scenario>((only ?? SCENARIOS) as Scenario[]) };
}

/** CPU busy on the whole machine over one second, in % of one core. */
async function busyPercent(ms = 1000): Promise<number> {
  const before = machineBusySeconds();
  await new Promise((r) => setTimeout(r, ms));
  return Math.round(((machineBusySeconds() - before) / (ms / 1000)) * 1000) / 10;
}

/**
 * This machine may be shared: before a scenario, wait (up to 2 minutes) until whatever else runs
 * has calmed down, so it does not land in the figures; say so when it did not.
 */
async function waitForQuiet(ctx: BenchContext): Promise<number> {
  const deadline = Date.now() + 120_000;
  let busy = await busyPercent();
  if (busy <= 15) return busy;
  ctx.log(`  the machine is busy with something else (${busy} % CPU); waiting for it to calm down…`);
  while (busy > 15 && Date.now() < deadline) busy = await busyPercent(2000);
  if (busy > 15) ctx.log(`  still ${busy} % busy after 2 minutes: this scenario's figures include that load (see "other")`);
  return busy;
}

async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`drop schema if exists "${schema}" cascade`);
  await client.end();
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const startedAt = new Date();
  const databaseUrl = requireLoopback(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', 'BENCH_DATABASE_URL');
  const redisUrl = requireLoopback(process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379', 'BENCH_REDIS_URL');
  const sizes = args.quick ? QUICK : FULL;
  const log = (line: string): void => void process.stdout.write(`${line}\n`);

  const machine = await machineInfo(databaseUrl, redisUrl);
  log(`Concierge benchmarks (${args.quick ? 'quick' : 'full'}) · ${String(machine.cores)} × ${String(machine.cpu)} · node ${process.version} · commit ${String(machine.commit).slice(0, 10)}`);
  if (machine.postgres === 'unreachable') {
    log(`PostgreSQL is not reachable at ${databaseUrl}. Start it (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set BENCH_DATABASE_URL.`);
    return 1;
  }
  if (machine.redis === 'unreachable' && args.only.has('two-nodes')) {
    log(`Redis is not reachable at ${redisUrl}: the two-node scenario will fail. Start redis-server on 127.0.0.1:6379 or set BENCH_REDIS_URL.`);
  }

  let soketi = { available: false, reason: 'left out (--no-soketi)' };
  if (!args.noSoketi && (args.only.has('fanout') || args.only.has('connections'))) {
    let problem = soketiProblem();
    if (problem === 'not installed' && !args.quick) problem = installSoketi(log);
    soketi = problem === null ? { available: true, reason: '' } : { available: false, reason: `left out: ${problem}${args.quick ? ' (quick mode does not install it; `npm run bench` does)' : ''}` };
    log(soketi.available ? 'Soketi: installed, native uWebSockets.js' : `Soketi: ${soketi.reason}`);
  }

  // Anything else busy on the machine skews every figure: say so up front, and in the results.
  const busy0 = machineBusySeconds();
  await new Promise((r) => setTimeout(r, 2000));
  const backgroundCpu = Math.round((machineBusySeconds() - busy0) * 50 * 10) / 10;
  log(`background CPU before the run: ${backgroundCpu} % of 200 %${backgroundCpu > 20 ? ' — something else is running; figures will be noisy (see "other" in the CPU figures)' : ''}`);

  const stamp = startedAt.toISOString().slice(0, 19).replace(/:/g, '');
  const schema = `bench_${stamp.replace(/-/g, '').toLowerCase()}_${randomBytes(3).toString('hex')}`;
  const logDir = mkdtempSync(join(tmpdir(), 'concierge-bench-'));
  const profileDir = args.profile ? join(RESULTS_DIR, 'profiles', stamp) : null;
  if (profileDir !== null) mkdirSync(profileDir, { recursive: true });
  log(`schema ${schema} · process logs in ${logDir}`);
  const ctx = new BenchContext(args.quick, sizes, databaseUrl, redisUrl, schema, logDir, profileDir, soketi, args.env);
  if (Object.keys(args.env).length > 0) log(`Concierge nodes run with ${JSON.stringify(args.env)}`);
  if (!soketi.available && !args.quick && !args.noSoketi && (args.only.has('fanout') || args.only.has('connections'))) ctx.fail(`Soketi ${soketi.reason}`);

  let interrupted = false;
  const onSignal = (): void => {
    if (interrupted) return;
    interrupted = true;
    log('interrupted: stopping every process and dropping the schema…');
    void ctx.closeAll().then(() => dropSchema(databaseUrl, schema)).finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const timings: Record<string, number> = {};
  const background: Record<string, number> = {};
  try {
    const needsMain = [...args.only].some((s) => s !== 'connections');
    let main: ConciergeNode | null = null;
    if (needsMain) {
      const t = performance.now();
      main = await ctx.concierge('concierge', {}, { hotel: 'bench-hotel', rooms: sizes.rooms, staff: sizes.staff, pastStays: sizes.pastStays, messagesPerStay: sizes.messagesPerStay, pastSignIns: sizes.pastSignIns });
      ctx.log(`Concierge up on ${main.url} with ${sizes.rooms} rooms, ${sizes.staff} staff and a past of ${sizes.pastStays.toLocaleString('en')} stays (${(sizes.pastStays * sizes.messagesPerStay).toLocaleString('en')} messages) and ${sizes.pastSignIns.toLocaleString('en')} sign-ins in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    let single: DeliveryResult | null = null;
    const steps: Array<[Scenario, () => Promise<void>]> = [
      ['send', async () => runSend(ctx, main!)],
      ['deliver', async () => {
        single = await runDeliver(ctx, main!);
      }],
      ['handoff', async () => runHandoff(ctx, main!)],
      ['inbox', async () => runInbox(ctx, main!)],
      ['analytics', async () => runAnalytics(ctx, main!)],
      ['fanout', async () => runFanout(ctx, main!)],
      ['connections', async () => runConnections(ctx)],
      ['two-nodes', async () => {
        const fixture = main!.fixture!;
        // One node's worth of CPU is freed for the two nodes.
        await ctx.stop(main!.child);
        await runTwoNodes(ctx, fixture, single);
      }],
    ];
    for (const [name, step] of steps) {
      if (!args.only.has(name) || interrupted) continue;
      ctx.log(`— ${name}`);
      if (!args.quick) background[name] = await waitForQuiet(ctx);
      const t = performance.now();
      try {
        await step();
      } catch (err) {
        ctx.fail(`${name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      }
      timings[name] = Math.round(performance.now() - t);
    }
  } catch (err) {
    ctx.fail(`setup: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  } finally {
    await ctx.closeAll();
    await dropSchema(databaseUrl, schema).catch((err: unknown) => ctx.log(`could not drop schema ${schema}: ${String(err)}`));
  }

  // Quick sizes are too small to judge a target by; the table shows them without a verdict.
  const rows = args.quick ? ctx.rows.map(({ met: _met, ...r }) => r) : ctx.rows;
  log('');
  log(table(rows));
  if (args.quick) log('(--quick: targets are shown, not judged; run `npm run bench` for figures that mean something)');
  log('');
  // A full run is <date>.json; a quick or partial one never overwrites it.
  const partial = args.only.size < SCENARIOS.length ? `-only-${[...args.only].join('-')}` : '';
  const file = join(RESULTS_DIR, `${startedAt.toISOString().slice(0, 10)}${args.quick ? '-quick' : ''}${partial}.json`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(file, `${JSON.stringify({
    startedAt: startedAt.toISOString(), mode: args.quick ? 'quick' : 'full', machine, backgroundCpuPercent: { start: backgroundCpu, beforeScenario: background }, conciergeEnv: args.env, sizes, soketi, timingsMs: timings,
    rows, details: ctx.details, failures: ctx.failures,
  }, null, 2)}\n`);
  log(`results: ${file}`);
  const seconds = ((Date.now() - startedAt.getTime()) / 1000).toFixed(0);
  if (ctx.failures.length > 0) {
    log(`${ctx.failures.length} problem(s) in ${seconds} s:`);
    for (const f of ctx.failures) log(`  - ${f.split('\n')[0] ?? f}`);
    return 1;
  }
  log(`done in ${seconds} s: no scenario errored and nothing was lost (timings are reported, never asserted)`);
  return 0;
}

main().then((code) => process.exit(code), (err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
