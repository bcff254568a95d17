// Where uploaded bytes are kept: one small interface, one file per driver (local.ts, s3.ts),
// chosen once from the configuration (index.ts).
import type { Readable } from 'node:stream';

export interface StoredObject {
  body: Readable;
  size: number;
}

export interface FileStorage {
  readonly kind: 'local' | 's3';
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** The object's bytes, or null when there is none under `key`. */
  get(key: string): Promise<StoredObject | null>;
  /** Removes these objects; a missing one is not an error. */
  remove(keys: readonly string[]): Promise<void>;
  /** S3 only: a presigned GET that works for `ttlSeconds` (the server redirects a checked viewer there). */
  presign?(key: string, opts: { contentType: string; disposition: string; ttlSeconds: number }): Promise<string>;
}

/** Keys are ours alone (never a client's file name): hotel, stay, then a random name. */
export const KEY_PATTERN = /^h\d+\/s\d+\/[A-Za-z0-9_-]{16,64}(-thumb)?\.(jpg|pdf)$/;
