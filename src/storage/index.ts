// Files, put together once from the configuration: the storage driver, the URL signer, and the
// port the domain uses (domain/ports.ts AttachmentFiles).
import type { FilesConfig } from '../config.js';
import type { AttachmentFiles } from '../domain/ports.js';
import type { FileStorage } from './file-storage.js';
import { localStorage } from './local.js';
import { s3Storage } from './s3.js';
import { fileUrlSigner, type FileUrlSigner } from './signed-urls.js';

export interface Files {
  config: FilesConfig;
  storage: FileStorage;
  signer: FileUrlSigner;
  port: AttachmentFiles;
}

/** The Files behind a domain port (the HTTP routes need the storage and the signer, not only the port). */
const byPort = new WeakMap<AttachmentFiles, Files>();
export const filesBehind = (port: AttachmentFiles | undefined): Files | undefined => (port ? byPort.get(port) : undefined);

export function createFiles(config: FilesConfig): Files {
  const storage = config.s3 ? s3Storage(config.s3) : localStorage(config.dir);
  const signer = fileUrlSigner(config.urlKey, config.urlTtlSeconds);
  const files: Files = {
    config,
    storage,
    signer,
    port: {
      urls(viewer, a, now) {
        const full = signer.sign(a.id, 'full', viewer, now);
        const thumbnail = a.kind === 'image' ? signer.sign(a.id, 'thumbnail', viewer, now).url : null;
        return { full: full.url, thumbnail, expiresAt: full.expiresAt };
      },
      remove: (keys) => storage.remove(keys),
    },
  };
  byPort.set(files.port, files);
  return files;
}
