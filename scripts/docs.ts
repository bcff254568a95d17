// `npm run docs`: regenerates the docs that come from the code — docs/openapi.json (the real
// Fastify app's OpenAPI document), docs/api.md (from it) and docs/realtime.md (from the contract's
// channels and event schemas). `--check` writes nothing and fails, naming each stale file, when
// what is on disk differs from what the code generates now (test/docs.test.ts runs it).
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiPage } from './docs/api-page.js';
import { buildOpenApi } from './docs/openapi.js';
import { realtimePage } from './docs/realtime-page.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');

async function generate(): Promise<Map<string, string>> {
  const doc = await buildOpenApi();
  const api = apiPage(doc);
  if (api.missing.length > 0) {
    process.stderr.write(
      `docs: these routes have no description and no note in scripts/docs/api-notes.ts; say who may call them:\n  ${api.missing.join('\n  ')}\n`,
    );
  }
  return new Map([
    ['docs/openapi.json', `${JSON.stringify(doc, null, 2)}\n`],
    ['docs/api.md', api.text],
    ['docs/realtime.md', realtimePage()],
  ]);
}

const current = (path: string): Promise<string | null> => readFile(join(root, path), 'utf8').catch(() => null);

async function main(): Promise<number> {
  const files = await generate();
  if (!check) {
    await Promise.all([...files].map(([path, text]) => writeFile(join(root, path), text)));
    process.stdout.write(`docs: wrote ${[...files.keys()].join(', ')}\n`);
    return 0;
  }
  const stale: string[] = [];
  for (const [path, text] of files) {
    const onDisk = await current(path);
    if (onDisk !== text) stale.push(`${path} ${onDisk === null ? 'is missing' : `differs from what the code generates${firstDifference(onDisk, text)}`}`);
  }
  if (stale.length === 0) {
    process.stdout.write(`docs: ${[...files.keys()].join(', ')} are up to date\n`);
    return 0;
  }
  process.stderr.write(`docs: out of date — run \`npm run docs\` and commit the result:\n  ${stale.join('\n  ')}\n`);
  return 1;
}

/** Where two texts part, as a line number and both versions of that line, so a failing check shows what changed. */
function firstDifference(was: string, now: string): string {
  const a = was.split('\n');
  const b = now.split('\n');
  const i = a.findIndex((line, n) => line !== b[n]);
  const at = i === -1 ? a.length : i;
  return ` (first at line ${at + 1}:\n      on disk:   ${a[at] ?? '<end of file>'}\n      generated: ${b[at] ?? '<end of file>'})`;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`docs: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 2;
  },
);
