// What an upload becomes before it is stored: the type read from the bytes (never only the
// header), images decoded and re-encoded by sharp (auto-rotated, every metadata block such as
// EXIF and GPS dropped, bounded in size, plus a thumbnail), a PDF kept as sent.
import sharp from 'sharp';
import type { FilesConfig } from '../config.js';
import { AppError } from '../domain/errors.js';
import type { AttachmentKind } from '../domain/ports.js';

/** The types an upload may declare, and what each is stored as. */
export const ACCEPTED: Record<string, { kind: AttachmentKind; label: string }> = {
  'image/jpeg': { kind: 'image', label: 'a JPEG image' },
  'image/png': { kind: 'image', label: 'a PNG image' },
  'image/webp': { kind: 'image', label: 'a WebP image' },
  'application/pdf': { kind: 'file', label: 'a PDF document' },
};
export const ACCEPTED_TYPES = Object.keys(ACCEPTED);

/** A decoded image may have at most this many pixels (a 50-megapixel photo): no decompression bombs. */
const MAX_INPUT_PIXELS = 50_000_000;

/** The declared type is not accepted, or the bytes are not what it says: answered 415. */
export class UnsupportedFile extends Error {}

/** The type the first bytes show, among the accepted ones; null for anything else. */
export function sniff(bytes: Buffer): string | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  if (bytes.length >= 5 && bytes.toString('latin1', 0, 5) === '%PDF-') return 'application/pdf';
  return null;
}

/** The media type of a Content-Type header, lower case, without parameters. */
export const mediaType = (header: string | undefined): string => (header ?? '').split(';')[0]!.trim().toLowerCase();

/** The largest body any accepted type may have. */
export const maxUploadBytes = (files: Pick<FilesConfig, 'maxImageBytes' | 'maxDocumentBytes'>): number => Math.max(files.maxImageBytes, files.maxDocumentBytes);

export const maxBytesFor = (type: string, files: Pick<FilesConfig, 'maxImageBytes' | 'maxDocumentBytes'>): number =>
  ACCEPTED[type]?.kind === 'image' ? files.maxImageBytes : files.maxDocumentBytes;

export interface PreparedFile {
  kind: AttachmentKind;
  contentType: string;
  fileName: string;
  extension: 'jpg' | 'pdf';
  full: Buffer;
  thumbnail: Buffer | null;
  width: number | null;
  height: number | null;
}

export async function prepareUpload(bytes: Buffer, declared: string, name: string, files: FilesConfig): Promise<PreparedFile> {
  const accepted = ACCEPTED[declared];
  if (!accepted) throw new UnsupportedFile(`Files of type "${declared || 'none'}" are not accepted. Send ${ACCEPTED_TYPES.join(', ')}.`);
  if (bytes.length === 0) throw new AppError('invalid_request', 'The file is empty.');
  const actual = sniff(bytes);
  if (actual !== declared) throw new UnsupportedFile(`The file's content is not ${accepted.label}${actual ? ` (it looks like ${ACCEPTED[actual]!.label})` : ''}.`);
  if (accepted.kind === 'file') {
    return { kind: 'file', contentType: declared, fileName: cleanFileName(name, 'document', 'pdf'), extension: 'pdf', full: bytes, thumbnail: null, width: null, height: null };
  }
  try {
    const source = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' });
    // rotate() with no angle applies the EXIF orientation; sharp writes no metadata unless asked.
    const full = await source
      .rotate()
      .resize({ width: files.imageMaxSide, height: files.imageMaxSide, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    const thumbnail = await sharp(full.data)
      .resize({ width: files.thumbnailSide, height: files.thumbnailSide, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 72, mozjpeg: true })
      .toBuffer();
    return {
      kind: 'image',
      contentType: 'image/jpeg',
      fileName: cleanFileName(name, 'photo', 'jpg'),
      extension: 'jpg',
      full: full.data,
      thumbnail,
      width: full.info.width,
      height: full.info.height,
    };
  } catch (err) {
    if (err instanceof AppError) throw err;
    // sharp's messages name libvips internals; the client learns only that the image is unreadable.
    const big = err instanceof Error && /pixel limit/i.test(err.message);
    throw big
      ? new AppError('too_large', `The image has more than ${MAX_INPUT_PIXELS / 1_000_000} megapixels.`)
      : new AppError('invalid_request', `The image could not be read: the file is damaged or not ${accepted.label}.`);
  }
}

/** A file name safe to show and to put in Content-Disposition: no path, no control characters, the stored extension. */
export function cleanFileName(raw: string, fallback: string, extension: string): string {
  const base = raw.split(/[/\\]/).pop() ?? '';
  const stem = base
    .replace(/\.[^.]*$/, '')
    .replace(/[\p{Cc}\p{Cf}<>:"|?*]/gu, '')
    .trim()
    .slice(0, 120);
  return `${stem === '' ? fallback : stem}.${extension}`;
}
