// Photos and files (docs/files.md): the upload (the file as the raw request body, never
// multipart), fresh signed URLs for one attachment, and the signed file URLs themselves.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { randomBytes } from 'node:crypto';
import { Type } from 'typebox';
import type { Readable } from 'node:stream';
import { presentAttachment, presentMessage, staffInfo } from '../../contract/presenters.js';
import { Attachment, AttachmentParams, FileParams, FileQuery, UploadQuery } from '../../contract/schemas/attachments.js';
import { SendReply } from '../../contract/schemas/chat.js';
import { ConversationParams, errors, ErrorReply } from '../../contract/schemas/common.js';
import { attachmentLinks, checkUpload, openAttachment, withFileUrls } from '../../domain/attachments.js';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import { sendMessage } from '../../domain/messages.js';
import { TokenBuckets } from '../../domain/rate-limit.js';
import { conversationKey } from '../../events/dispatcher.js';
import { filesBehind } from '../../storage/index.js';
import { ACCEPTED, ACCEPTED_TYPES, maxBytesFor, mediaType, prepareUpload, UnsupportedFile } from '../../storage/uploads.js';
import type { RouteContext } from '../context.js';

/** Images decoded at once on this node (sharp runs on libuv's thread pool); more wait their turn. */
const DECODING = 2;
/** Uploads waiting for a decoder before the node answers 503. */
const QUEUE = 32;

export const attachmentRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  const { deps, dispatcher, config } = ctx;
  const tags = ['files'];
  const uploads = new TokenBuckets(config.files.uploadsPerMinute, deps.clock);
  const decoding = semaphore(DECODING, QUEUE);

  // Any body type reaches the upload handler as its raw stream: the handler checks the type
  // (and then the bytes) itself, after it knows who is asking, and reads at most the limit.
  app.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
  for (const type of ACCEPTED_TYPES) app.addContentTypeParser(type, (_req, payload, done) => done(null, payload));

  app.post('/chat/:hotel_slug/conversations/:conversation_id/attachments/', {
    schema: {
      tags,
      summary: 'Send a photo or a PDF: the file is the request body, its type the Content-Type',
      description:
        `Accepted: ${ACCEPTED_TYPES.join(', ')}. Images are re-encoded (metadata removed, auto-rotated, a thumbnail made); ` +
        'the type is checked from the bytes. The message is stored and announced like any other; a staff upload is a staff reply.',
      params: ConversationParams,
      querystring: UploadQuery,
      response: { 201: SendReply, ...errors(400, 401, 403, 404, 409, 413, 429, 503), 415: ErrorReply },
    },
  }, async (req, reply) => {
    const { hotel_slug: hotel, conversation_id: id } = req.params;
    const body = req.body as unknown;
    const { me, conversation } = await checkUpload(deps, req.actor, hotel, id);
    const files = filesBehind(deps.files)!;
    const wait = uploads.take(me.kind === 'staff' ? `staff:${me.staff.id}` : `stay:${me.session.stayId}`);
    if (wait > 0) throw new AppError('rate_limited', `You are sending files too fast. Please wait ${wait} seconds.`, { retry_after: wait });
    const type = mediaType(req.headers['content-type']);
    if (!ACCEPTED[type]) {
      return reply.code(415).send({ error: `Files of type "${type || 'none'}" are not accepted. Send ${ACCEPTED_TYPES.join(', ')}.`, code: 'unsupported_media_type' });
    }
    if (!isStream(body)) throw new AppError('invalid_request', 'Send the file as the request body.');
    const limit = maxBytesFor(type, config.files);
    const tooLarge = () => new AppError('too_large', `The file is larger than ${limit / (1024 * 1024)} MB.`, { max_bytes: limit });
    if (Number(req.headers['content-length'] ?? 0) > limit) throw tooLarge();
    const bytes = await readAtMost(body, limit);
    if (bytes === null) throw tooLarge();

    let prepared;
    try {
      prepared = await decoding(() => prepareUpload(bytes, type, req.query.file_name ?? '', config.files));
    } catch (err) {
      if (err instanceof UnsupportedFile) return reply.code(415).send({ error: err.message, code: 'unsupported_media_type' });
      throw err;
    }
    const stem = `h${conversation.hotelId}/s${conversation.stayId}/${randomBytes(18).toString('base64url')}`;
    const storageKey = `${stem}.${prepared.extension}`;
    const thumbnailKey = prepared.thumbnail ? `${stem}-thumb.jpg` : null;
    const keys = thumbnailKey ? [storageKey, thumbnailKey] : [storageKey];
    await Promise.all([
      files.storage.put(storageKey, prepared.full, prepared.contentType),
      ...(thumbnailKey && prepared.thumbnail ? [files.storage.put(thumbnailKey, prepared.thumbnail, 'image/jpeg')] : []),
    ]);
    let r;
    try {
      r = await dispatcher.run(conversationKey(hotel, id), () =>
        sendMessage(deps, req.actor, hotel, id, {
          // Without a caption the text is the file name: inbox previews, push and search show it
          // (the apps hide it under the attachment, which names the file already).
          text: req.query.caption?.trim() ? req.query.caption : prepared.fileName,
          clientMessageId: req.query.client_message_id,
          attachment: {
            kind: prepared.kind,
            fileName: prepared.fileName,
            contentType: prepared.contentType,
            size: prepared.full.length,
            width: prepared.width,
            height: prepared.height,
            storageKey,
            thumbnailKey,
          },
        }),
      );
    } catch (err) {
      // Nothing half-written: the message was refused, so its files go too.
      await files.storage.remove(keys).catch((e: unknown) => req.log.warn({ err: e }, 'could not remove the files of a refused upload'));
      throw err;
    }
    // A retry of an earlier upload answers with the first; this copy is not kept.
    if (r.duplicate) await files.storage.remove(keys);
    const [message] = withFileUrls(deps, me, [r.message]);
    return reply.code(201).send({
      conversation_id: r.conversation.id,
      message: presentMessage(message!),
      ...(r.staff && { staff_info: staffInfo(r.staff) }),
      duplicate: r.duplicate,
    });
  });

  app.get('/chat/:hotel_slug/attachments/:attachment_id/', {
    schema: {
      tags,
      summary: "An attachment with URLs signed for the caller (realtime payloads carry none: one payload goes to many viewers)",
      params: AttachmentParams,
      response: { 200: Attachment, ...errors(401, 403, 404, 503) },
    },
  }, async (req, reply) => {
    const a = await attachmentLinks(deps, req.actor, req.params.hotel_slug, req.params.attachment_id);
    return reply.header('cache-control', 'private, no-store').send(presentAttachment(a));
  });

  app.get('/files/:attachment_id/:variant', {
    schema: {
      tags,
      summary: 'A signed file URL (as url and thumbnail_url give it); 403 when expired, altered, or its viewer may no longer see the file',
      security: [],
      params: FileParams,
      querystring: FileQuery,
      response: { 200: Type.Unsafe<Readable>({ type: 'string', format: 'binary', description: 'The file (local storage)' }), 302: Type.Null({ description: 'S3: a presigned URL in Location' }), ...errors(403, 404, 503) },
    },
  }, async (req, reply) => {
    const { attachment_id: id, variant } = req.params;
    const files = filesBehind(deps.files);
    if (!files) throw new AppError('unavailable', 'File storage is not set up on this server.');
    const checked = files.signer.verify(id, variant, req.query, deps.clock.now());
    if (!checked.ok) throw forbidden(checked.why === 'expired' ? 'This link has expired.' : 'This link is not valid.');
    const a = await openAttachment(deps, checked.viewer, id);
    const key = variant === 'thumbnail' ? a.thumbnailKey : a.storageKey;
    if (!key) throw notFound('That file');
    const contentType = variant === 'thumbnail' ? 'image/jpeg' : a.contentType;
    // A PDF is downloaded, never shown from this origin; images show inline.
    const disposition = contentDisposition(a.kind === 'image' ? 'inline' : 'attachment', a.fileName);
    if (files.storage.presign) {
      const url = await files.storage.presign(key, { contentType, disposition, ttlSeconds: files.config.s3?.presignTtlSeconds ?? 60 });
      return reply.header('cache-control', 'private, no-store').redirect(url, 302);
    }
    const object = await files.storage.get(key);
    if (!object) throw notFound('That file');
    const maxAge = Math.max(0, Math.floor((checked.expiresAt.getTime() - deps.clock.now().getTime()) / 1000));
    return reply
      .header('content-type', contentType)
      .header('content-length', String(object.size))
      .header('content-disposition', disposition)
      .header('cache-control', `private, max-age=${maxAge}`)
      .send(object.body);
  });
};

function isStream(v: unknown): v is Readable {
  return typeof v === 'object' && v !== null && typeof (v as Readable).pipe === 'function' && typeof (v as Readable).on === 'function';
}

/** The whole body, or null as soon as it passes `limit` bytes (the rest is discarded, not kept). */
function readAtMost(stream: Readable, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      // Past the limit nothing more is kept. The stream is not destroyed (that would cut the
      // connection before the 413 is read): the rest is read and dropped, bounded by the
      // request timeout.
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.resume();
      resolve(null);
    };
    const onEnd = () => resolve(Buffer.concat(chunks, size));
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', reject);
  });
}

/** At most `slots` runs at once, `queue` more waiting; past that, 503. */
function semaphore(slots: number, queue: number) {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (running >= slots) {
      if (waiting.length >= queue) throw new AppError('unavailable', 'The server is busy with other uploads. Please try again.', { retry_after: 2 });
      await new Promise<void>((resolve) => waiting.push(resolve));
    } else {
      running += 1;
    }
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}

/** RFC 6266: an ASCII fallback and the UTF-8 name. */
function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
