// `npm test`: every test file under test/, through Node's test runner with TypeScript via tsx.
// DATABASE_URL set → the database suites run on that PostgreSQL; unset → on embedded PGlite.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWeb } from './build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' || e.name === 'helpers' ? [] : find(path);
    return e.name.endsWith('.test.ts') ? [relative(root, path)] : [];
  });
}

const files = find(join(root, 'test')).filter((f) => only.length === 0 || only.some((o) => f.includes(o))).sort();
if (files.some((f) => f.startsWith('test/e2e/'))) buildWeb({ quiet: true });
process.stdout.write(`Running ${files.length} test files on ${process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'embedded PGlite'}\n`);
// Every PostgreSQL test schema of a run is named after the run (test_<pid>_…, see
// test/helpers/server.ts) and dropped here: before the run those of runs that are no longer alive,
// after it its own. No file drops one while another file's migrator is listing schemas, and two
// runs on one machine (a developer's and a helper's) leave each other's schemas alone.
const runId = String(process.pid);
function dropTestSchemas() {
  const url = process.env.DATABASE_URL || process.env.TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/test';
  const script = `
    const pg = require('pg');
    const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
    const c = new pg.Client({ connectionString: process.argv[1], connectionTimeoutMillis: 2000 });
    c.connect().then(async () => {
      const { rows } = await c.query("select nspname from pg_namespace where nspname ~ '^(test|prof)_'");
      for (const { nspname } of rows) {
        const run = /^test_([0-9]+)_/.exec(nspname)?.[1];
        if (run === process.argv[2] || run === undefined || !alive(Number(run))) {
          await c.query('drop schema if exists "' + nspname + '" cascade');
        }
      }
      await c.end();
    }).catch(() => process.exit(0));`;
  spawnSync(process.execPath, ['-e', script, url, runId], { cwd: root, stdio: 'inherit' });
}

dropTestSchemas();
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=120000', ...files],
  { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test', CONCIERGE_TEST_RUN: runId } },
);
dropTestSchemas();
process.exit(r.status ?? 1);
