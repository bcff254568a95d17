// Uploading files to the real server, and test files made with sharp (photos with EXIF and GPS).
import sharp from 'sharp';
import type { Client } from './http.js';

export interface Upload {
  status: number;
  body: any;
}

/** POSTs `bytes` as the raw body of an upload (the app's way: the file is the body). */
export async function upload(
  base: string,
  path: string,
  token: string | undefined,
  bytes: Buffer | Uint8Array,
  type: string | null,
  query: Record<string, string> = {},
): Promise<Upload> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (type !== null) headers['content-type'] = type;
  const qs = new URLSearchParams(query).toString();
  const res = await fetch(`${base}${path}${qs ? `?${qs}` : ''}`, { method: 'POST', headers, body: Uint8Array.from(bytes) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    /* keep the text */
  }
  return { status: res.status, body };
}

export const uploadPath = (hotel: string, conversationId: number): string => `/chat/${hotel}/conversations/${conversationId}/attachments/`;

/**
 * A small JPEG as a phone takes it: a camera make, GPS coordinates, and orientation 6 (stored
 * sideways, shown rotated 90°): width × height as stored, height × width as seen.
 */
export async function phonePhoto(width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 40 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestCam', Model: 'Phone 1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 8/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '11/1 34/1 0/1' },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

export const pngImage = (): Promise<Buffer> =>
  sharp({ create: { width: 40, height: 30, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 0.5 } } }).png().toBuffer();

/** A minimal valid PDF. */
export const pdfDocument = (): Buffer =>
  Buffer.from(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
      '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  );

/** Checks a guest in to `room` and opens their session; returns the session token and conversation. */
export async function checkedInGuest(api: Client, managerToken: string, room: number, hotel = 'hotel-abc') {
  const r = await api.post(`/admin/${hotel}/rooms/${room}/check-in/`, managerToken, { guest_name: `Guest ${room}` });
  if (r.status !== 201 && r.status !== 200) throw new Error(`check-in ${room}: ${r.status} ${JSON.stringify(r.body)}`);
  const s = await api.post(`/chat/${hotel}/guest-session/room/${room}/initialize/`, undefined, { pin: r.body.pin });
  if (s.status !== 200) throw new Error(`guest ${room}: ${s.status} ${JSON.stringify(s.body)}`);
  return { token: s.body.session_token as string, conversationId: s.body.conversation_id as number };
}
