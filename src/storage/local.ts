// Local disk: one file per key under the configured folder (FILES_DIR). Writes go to a temporary
// name first and are renamed into place, so a reader never sees half a file.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { KEY_PATTERN, type FileStorage } from './file-storage.js';

export function localStorage(root: string): FileStorage {
  const base = resolve(root);
  const pathOf = (key: string): string => {
    // Keys are made by the server; still, nothing may leave the folder.
    if (!KEY_PATTERN.test(key)) throw new Error(`Not a storage key: ${key}`);
    const path = resolve(join(base, key));
    if (!path.startsWith(base + sep)) throw new Error(`Not a storage key: ${key}`);
    return path;
  };
  return {
    kind: 'local',
    async put(key, body) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const temp = `${path}.${randomBytes(6).toString('hex')}.part`;
      await writeFile(temp, body, { mode: 0o600 });
      await rename(temp, path);
    },
    async get(key) {
      const path = pathOf(key);
      try {
        const info = await stat(path);
        return { body: createReadStream(path), size: info.size };
      } catch (err) {
        if ((err as { code?: string }).code === 'ENOENT') return null;
        throw err;
      }
    },
    async remove(keys) {
      await Promise.all(keys.map((key) => rm(pathOf(key), { force: true })));
    },
  };
}
