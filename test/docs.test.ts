// The generated docs (docs/openapi.json, api.md, realtime.md) must say what the code does: a
// schema, route or event changed without `npm run docs` fails here, naming the stale file.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function run(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/docs.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('docs', () => {
  it('match what the code generates (run `npm run docs` when this fails)', async () => {
    const { code, output } = await run(['--check']);
    assert.equal(code, 0, output);
    assert.match(output, /up to date/);
  });
});
