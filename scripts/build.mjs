// Builds the web apps into dist/web when their sources are newer than the last build (or with --force).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const output = join(root, 'dist', 'web', 'staff', 'index.html');

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

export function buildWeb({ force = false, quiet = false } = {}) {
  const stale = force || !existsSync(output) || newest(join(root, 'web')) > statSync(output).mtimeMs;
  if (!stale) return;
  if (!quiet) process.stdout.write('Building the web apps (vite)…\n');
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--config', join(root, 'web', 'vite.config.ts'), '--logLevel', quiet ? 'error' : 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('The web build failed (see above).');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildWeb({ force: process.argv.includes('--force') });
}
