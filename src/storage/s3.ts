// S3-compatible storage through the official AWS SDK (AWS S3, MinIO, Ceph, R2, s3rver in tests).
// Downloads are not proxied: after checking the viewer, the server redirects to a presigned GET
// that works for a minute (S3_PRESIGN_TTL_SECONDS).
import { DeleteObjectsCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Readable } from 'node:stream';
import type { FilesConfig } from '../config.js';
import type { FileStorage } from './file-storage.js';

/** S3 allows 1000 keys per DeleteObjects. */
const DELETE_BATCH = 1000;

export function s3Storage(s3: NonNullable<FilesConfig['s3']>): FileStorage & { client: S3Client } {
  const client = new S3Client({
    region: s3.region,
    ...(s3.endpoint && { endpoint: s3.endpoint }),
    forcePathStyle: s3.forcePathStyle,
    ...(s3.credentials && { credentials: s3.credentials }),
    // Checksums only where S3 requires them: several S3-compatible servers reject the SDK's
    // newer default (CRC32 trailers on every upload).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const Bucket = s3.bucket;
  return {
    kind: 's3',
    client,
    async put(key, body, contentType) {
      await client.send(new PutObjectCommand({ Bucket, Key: key, Body: body, ContentType: contentType, ContentLength: body.length }));
    },
    async get(key) {
      try {
        const r = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        return r.Body ? { body: r.Body as Readable, size: r.ContentLength ?? 0 } : null;
      } catch (err) {
        if ((err as { name?: string }).name === 'NoSuchKey') return null;
        throw err;
      }
    },
    async remove(keys) {
      for (let i = 0; i < keys.length; i += DELETE_BATCH) {
        const batch = keys.slice(i, i + DELETE_BATCH);
        const r = await client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }));
        if (r.Errors && r.Errors.length > 0) throw new Error(`S3 refused to delete ${r.Errors.length} object(s): ${r.Errors[0]?.Code ?? 'unknown'}`);
      }
    },
    presign(key, opts) {
      const command = new GetObjectCommand({ Bucket, Key: key, ResponseContentType: opts.contentType, ResponseContentDisposition: opts.disposition });
      return getSignedUrl(client, command, { expiresIn: opts.ttlSeconds });
    },
  };
}
