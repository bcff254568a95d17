// Soketi 1.6.1, the peer: installed on demand into bench/peers/soketi (its own package.json,
// see shared/peers/SOKETI.md) and run on loopback only with the committed config.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep } from './clock.js';
import { freePort } from './net.js';

export const SOKETI_DIR = fileURLToPath(new URL('../peers/soketi/', import.meta.url));
const SERVER_JS = join(SOKETI_DIR, 'node_modules/@soketi/soketi/bin/server.js');

/** Null when Soketi is installed and its native uWebSockets.js loads; else why not. */
export function soketiProblem(): string | null {
  if (!existsSync(SERVER_JS)) return 'not installed';
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(String(require('uWebSockets.js').App))"], { cwd: SOKETI_DIR, encoding: 'utf8', timeout: 20_000 });
  if (!probe.stdout.includes('[native code]')) return 'uWebSockets.js has no native build here';
  if (/Falling back/i.test(probe.stderr)) return 'uWebSockets.js fell back to a NodeJS implementation';
  return null;
}

/** npm ci (or install) in bench/peers/soketi; about 30 s. */
export function installSoketi(log: (line: string) => void): string | null {
  const lock = existsSync(join(SOKETI_DIR, 'package-lock.json'));
  log(`installing Soketi into bench/peers/soketi (npm ${lock ? 'ci' : 'install'}, about 30 s)…`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, [lock ? 'ci' : 'install', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: SOKETI_DIR, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) return `npm failed: ${(r.stderr || r.stdout || '').trim().split('\n').slice(-3).join(' / ')}`;
  return soketiProblem();
}

export interface RunningSoketi {
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/** Soketi's config file: dotted option names, apps under `appManager.array.apps`. */
export type SoketiConfig = Record<string, unknown>;

/**
 * Starts Soketi on free loopback ports with the committed config, or with what `configure` makes
 * of it (the tests give it their own app and webhooks).
 */
export async function startSoketi(logFile: string, configure: (config: SoketiConfig) => SoketiConfig = (c) => c): Promise<RunningSoketi> {
  const port = await freePort();
  const metricsPort = await freePort();
  const config = configure(JSON.parse(readFileSync(join(SOKETI_DIR, 'soketi.config.json'), 'utf8')) as SoketiConfig);
  const file = join(tmpdir(), `soketi-${process.pid}-${port}.json`);
  writeFileSync(file, JSON.stringify({ ...config, port, 'metrics.port': metricsPort }));
  const out = openSync(logFile, 'a');
  const proc: ChildProcess = spawn(process.execPath, [SERVER_JS, 'start', `--config=${file}`], { cwd: SOKETI_DIR, stdio: ['ignore', out, out] });
  let exited = false;
  proc.once('exit', () => {
    exited = true;
  });
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (exited) throw new Error(`Soketi exited at start; see ${logFile}`);
    const ok = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`Soketi did not answer within 20 s; see ${logFile}`);
    }
    await sleep(200);
  }
  return {
    port,
    pid: proc.pid ?? -1,
    async stop() {
      if (exited) return;
      const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 8000);
      await gone;
      clearTimeout(timer);
      rmSync(file, { force: true });
    },
  };
}
