// Where a run happened: machine, versions, commit. Saved with every result file.
import { execFileSync } from 'node:child_process';
import { cpus, release, totalmem } from 'node:os';
import pg from 'pg';
import { Redis } from 'ioredis';

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

export async function machineInfo(databaseUrl: string, redisUrl: string): Promise<Record<string, unknown>> {
  const cpu = cpus();
  let postgres = 'unreachable';
  let redis = 'unreachable';
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    postgres = String((await client.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]?.v);
  } catch {
    // reported as unreachable
  } finally {
    await client.end().catch(() => undefined);
  }
  const r = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2000, retryStrategy: () => null });
  try {
    await r.connect();
    redis = /redis_version:(\S+)/.exec(await r.info('server'))?.[1] ?? 'unknown';
  } catch {
    // reported as unreachable
  } finally {
    r.disconnect();
  }
  const dirty = git(['status', '--porcelain', '--untracked-files=no', '--', 'src']) !== '';
  return {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    commit: git(['rev-parse', 'HEAD']),
    srcDirty: dirty,
    postgres,
    redis,
  };
}
