// Photos and files through the real server on local storage: uploads by the guest and by staff,
// limits and refusals, metadata stripped, signed URLs and who may use them, and erasure.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { ConfigError, loadConfig } from '../../src/config.js';
import { hashToken } from '../../src/domain/actor.js';
import { eraseStayAttachments } from '../../src/domain/attachments.js';
import { filesBehind } from '../../src/storage/index.js';
import { channelOf, guestTab, signIn, staffOnDuty } from '../helpers/chat.js';
import { client, guest, login, type Client } from '../helpers/http.js';
import { payload, startTestServer, type TestServer } from '../helpers/server.js';
import { checkedInGuest, pdfDocument, phonePhoto, pngImage, upload, uploadPath } from '../helpers/uploads.js';

let server: TestServer;
let api: Client;
let dir: string;
const t = {} as Record<'guest' | 'otherRoomGuest' | 'staff' | 'otherHotelStaff' | 'manager' | 'deactivated' | 'loggedOut' | 'checkedOutGuest', string>;
let convo101: number;
let convo105: number;
const MB = 1024 * 1024;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'concierge-files-test-'));
  server = await startTestServer({ env: { FILES_DIR: dir, FILE_MAX_IMAGE_MB: '1', FILE_MAX_DOCUMENT_MB: '2', FILE_UPLOADS_PER_MINUTE: '12' } });
  api = client(server.url);
  t.staff = await login(api, 'sarah');
  t.otherHotelStaff = await login(api, 'olga');
  t.manager = await login(api, 'manager');
  const g101 = await guest(api, 101);
  t.guest = g101.session_token;
  convo101 = g101.conversation_id;
  t.otherRoomGuest = (await guest(api, 102)).session_token;
  const g105 = await guest(api, 105);
  t.checkedOutGuest = g105.session_token;
  convo105 = g105.conversation_id;
  const temp = await api.post('/admin/hotel-abc/staff/', t.manager, { username: 'porter', password: 'amber-kettle-9', first_name: 'Tim', last_name: 'Porter', role: 'Porter' });
  assert.equal(temp.status, 201);
  t.deactivated = await login(api, 'porter', 'amber-kettle-9');
  t.loggedOut = await login(api, 'john');
});
after(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const storedFiles = async (): Promise<string[]> => (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
const fetchUrl = (url: string) => fetch(server.url + url, { redirect: 'manual' });
const messages = async (id: number, token: string) => (await api.get(`/chat/hotel-abc/conversations/${id}/messages/?limit=200`, token)).body as any[];

describe('a guest sends a photo', () => {
  let sent: any;

  before(async () => {
    const r = await upload(server.url, uploadPath('hotel-abc', convo101), t.guest, await phonePhoto(), 'image/jpeg', { file_name: 'IMG_0042 lamp.JPG', caption: 'The lamp is broken' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    sent = r.body.message;
  });

  it('stores it as a message with the caption as its text and an image attachment', () => {
    assert.equal(sent.sender_type, 'guest');
    assert.equal(sent.message, 'The lamp is broken');
    assert.equal(sent.attachment.kind, 'image');
    assert.equal(sent.attachment.content_type, 'image/jpeg');
    assert.equal(sent.attachment.file_name, 'IMG_0042 lamp.jpg');
    assert.ok(sent.attachment.size > 0);
  });

  it('turns the photo upright: orientation 6 stored 64×48 shows 48×64', () => {
    assert.equal(sent.attachment.width, 48);
    assert.equal(sent.attachment.height, 64);
  });

  it('keeps no metadata: no EXIF, no camera make, no GPS', async () => {
    for (const url of [sent.attachment.url, sent.attachment.thumbnail_url]) {
      const res = await fetchUrl(url);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'image/jpeg');
      const bytes = Buffer.from(await res.arrayBuffer());
      const meta = await sharp(bytes).metadata();
      assert.equal(meta.exif, undefined);
      assert.equal(meta.orientation, undefined);
      assert.equal(bytes.includes('TestCam'), false);
      assert.equal(bytes.includes('GPS'), false);
    }
  });

  it('makes a thumbnail no larger than the configured side', async () => {
    const res = await fetchUrl(sent.attachment.thumbnail_url);
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    assert.ok((meta.width ?? 0) <= 320 && (meta.height ?? 0) <= 320);
    assert.equal(meta.format, 'jpeg');
  });

  it('announces it like any message, without URLs in the shared realtime payload', () => {
    const events = server.events.filter((e) => payload(e)?.id === sent.id);
    assert.ok(events.some((e) => e.name === 'new-guest-message' && e.channel.includes('staff-inbox')));
    for (const e of events) {
      const a = payload(e).attachment;
      assert.equal(a.id, sent.attachment.id);
      assert.equal(a.url, null);
      assert.equal(a.thumbnail_url, null);
    }
    const unread = server.events.filter((e) => e.name === 'conversation-unread' && payload(e).conversation_id === convo101);
    assert.ok(unread.length > 0);
  });

  it('lists it for staff with URLs signed for them, which work', async () => {
    const listed = (await messages(convo101, t.staff)).find((m) => m.id === sent.id);
    assert.equal(listed.attachment.id, sent.attachment.id);
    assert.notEqual(listed.attachment.url, sent.attachment.url);
    assert.equal((await fetchUrl(listed.attachment.url)).status, 200);
    assert.ok(Date.parse(listed.attachment.expires_at) > Date.now());
  });
});

describe('staff send a PDF', () => {
  it('stores it as is, as a staff reply that makes the sender the handler', async () => {
    const { token, conversationId } = await checkedInGuest(api, t.manager, 110);
    await api.post(`/chat/hotel-abc/conversations/${conversationId}/messages/send/`, token, { message: 'Could I have the invoice?' });
    const emma = await login(api, 'emma');
    const pdf = pdfDocument();
    const r = await upload(server.url, uploadPath('hotel-abc', conversationId), emma, pdf, 'application/pdf', { file_name: 'Rechnung März.pdf' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.message.sender_type, 'staff');
    assert.equal(r.body.message.message, 'Rechnung März.pdf', 'without a caption, the text is the file name');
    assert.equal(r.body.message.attachment.kind, 'file');
    assert.equal(r.body.message.attachment.thumbnail_url, null);
    assert.equal(r.body.message.attachment.size, pdf.length);
    const handoff = server.events.find((e) => e.name === 'staff-assigned' && payload(e).conversation_id === conversationId && e.channel.includes('staff-inbox'));
    assert.equal(payload(handoff!).staff.name, 'Emma Brown');
    assert.equal(payload(handoff!).reason, 'replied');
    const res = await fetchUrl(r.body.message.attachment.url);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment; .*filename\*=UTF-8''Rechnung%20M%C3%A4rz\.pdf/);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), pdf);
    // The guest sees it too, with their own URL.
    const forGuest = (await messages(conversationId, token)).find((m) => m.id === r.body.message.id);
    assert.equal((await fetchUrl(forGuest.attachment.url)).status, 200);
  });

  it('answers a retried upload (same client_message_id) with the first, keeping one copy', async () => {
    const { conversationId } = await checkedInGuest(api, t.manager, 111);
    const before = (await storedFiles()).length;
    const first = await upload(server.url, uploadPath('hotel-abc', conversationId), t.staff, pdfDocument(), 'application/pdf', { client_message_id: 'inv-1' });
    const again = await upload(server.url, uploadPath('hotel-abc', conversationId), t.staff, pdfDocument(), 'application/pdf', { client_message_id: 'inv-1' });
    assert.equal(first.status, 201);
    assert.equal(again.status, 201);
    assert.equal(again.body.duplicate, true);
    assert.equal(again.body.message.id, first.body.message.id);
    assert.equal((await storedFiles()).length, before + 1);
  });
});

describe('realtime, through real pusher-js clients', () => {
  it('brings the attachment (without URLs) to the guest\'s tab and the staff inbox; each then asks for its own URLs', async () => {
    const tab = await guestTab(server.url, 104);
    const mike = await signIn(api, 'mike');
    const desk = await staffOnDuty(server.url, mike);
    try {
      const r = await upload(server.url, uploadPath('hotel-abc', tab.session.conversation_id), mike.token, pdfDocument(), 'application/pdf', { file_name: 'menu.pdf', caption: 'Our menu' });
      assert.equal(r.status, 201);
      const id = r.body.message.attachment.id;
      const atGuest = await tab.expect(channelOf.room(104), 'new-message', (d) => d.attachment?.id === id);
      assert.deepEqual(
        { ...atGuest.data.attachment },
        { id, kind: 'file', file_name: 'menu.pdf', content_type: 'application/pdf', size: pdfDocument().length, width: null, height: null, url: null, thumbnail_url: null, expires_at: null },
      );
      assert.equal(atGuest.data.message, 'Our menu');
      const atDesk = await desk.expect(channelOf.inbox(), 'new-staff-message', (d) => d.attachment?.id === id);
      assert.equal(atDesk.data.attachment.url, null);
      for (const token of [tab.session.session_token, mike.token]) {
        const links = await api.get(`/chat/hotel-abc/attachments/${id}/`, token);
        assert.equal(links.status, 200);
        assert.equal((await fetchUrl(links.body.url)).status, 200);
      }
    } finally {
      tab.release();
      desk.release();
    }
  });
});

describe('limits and refusals', () => {
  let count: number;
  let files: number;
  before(async () => {
    count = (await messages(convo101, t.staff)).length;
    files = (await storedFiles()).length;
  });
  const refused = async (bytes: Buffer, type: string | null, status: number, code: string, pattern?: RegExp) => {
    const r = await upload(server.url, uploadPath('hotel-abc', convo101), t.guest, bytes, type);
    assert.equal(r.status, status, JSON.stringify(r.body));
    assert.equal(r.body.code, code);
    if (pattern) assert.match(r.body.error, pattern);
  };

  it('refuses a type it does not accept (415)', () => refused(Buffer.from('hello'), 'text/plain', 415, 'unsupported_media_type', /not accepted/));
  it('refuses a renamed .exe sent as image/jpeg, by its bytes (415)', () =>
    refused(Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), Buffer.alloc(200, 1)]), 'image/jpeg', 415, 'unsupported_media_type', /not a JPEG image/));
  it('refuses a PNG that claims to be a JPEG (415)', async () => refused(await pngImage(), 'image/jpeg', 415, 'unsupported_media_type', /looks like a PNG/));
  it('refuses a "PDF" that does not start with %PDF (415)', () => refused(Buffer.from('<html>not a pdf</html>'), 'application/pdf', 415, 'unsupported_media_type'));
  it('refuses a damaged JPEG (400)', () => refused(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 7)]), 'image/jpeg', 400, 'invalid_request', /could not be read/));
  it('refuses an empty body (400)', () => refused(Buffer.alloc(0), 'image/jpeg', 400, 'invalid_request'));
  it('refuses a body with no type (415)', () => refused(Buffer.from('abc'), null, 415, 'unsupported_media_type'));
  it('refuses an image over the limit (413), by the bytes it reads', async () => {
    const big = Buffer.concat([await phonePhoto(), Buffer.alloc(1.5 * MB)]);
    await refused(big, 'image/jpeg', 413, 'too_large', /larger than 1 MB/);
  });
  it('refuses a body without Content-Length over the limit (413): it stops reading at the limit', async () => {
    const chunks = [await phonePhoto(), Buffer.alloc(MB), Buffer.alloc(MB)];
    const stream = new ReadableStream({
      pull(c) {
        const next = chunks.shift();
        if (next) c.enqueue(next);
        else c.close();
      },
    });
    const res = await fetch(server.url + uploadPath('hotel-abc', convo101), {
      method: 'POST',
      headers: { authorization: `Bearer ${t.guest}`, 'content-type': 'image/jpeg' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    assert.equal(res.status, 413);
  });
  it('takes a PDF up to its own limit (2 MB), above the image limit', async () => {
    const { conversationId } = await checkedInGuest(api, t.manager, 112);
    const r = await upload(server.url, uploadPath('hotel-abc', conversationId), t.staff, Buffer.concat([pdfDocument(), Buffer.alloc(1.5 * MB, 32)]), 'application/pdf');
    assert.equal(r.status, 201);
    files += 1;
  });
  it('refuses a caption over 4,000 characters (400)', async () => {
    const r = await upload(server.url, uploadPath('hotel-abc', convo101), t.guest, await phonePhoto(), 'image/jpeg', { caption: 'x'.repeat(4001) });
    assert.equal(r.status, 400);
  });
  it('wrote nothing for any refused upload: no message, no file', async () => {
    assert.equal((await messages(convo101, t.staff)).length, count);
    assert.equal((await storedFiles()).length, files);
  });
});

describe('a burst of concurrent uploads', () => {
  it('stores every accepted one whole and paces the sender (429 past the per-minute budget)', async () => {
    const { token, conversationId } = await checkedInGuest(api, t.manager, 113);
    const photo = await phonePhoto();
    const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => upload(server.url, uploadPath('hotel-abc', conversationId), token, photo, 'image/jpeg', { caption: `photo ${i}` })));
    const ok = answers.filter((a) => a.status === 201);
    const paced = answers.filter((a) => a.status === 429);
    assert.equal(ok.length + paced.length, 16, JSON.stringify(answers.map((a) => a.status)));
    assert.ok(ok.length >= 12 && paced.length >= 1, `${ok.length} stored, ${paced.length} paced`);
    const listed = (await messages(conversationId, token)).filter((m) => m.attachment);
    assert.deepEqual(listed.map((m) => m.id).sort(), ok.map((a) => a.body.message.id).sort());
    for (const m of listed) assert.equal((await fetchUrl(m.attachment.thumbnail_url)).status, 200);
  });
});

describe('who may upload and see files', () => {
  let attachmentId: number;
  let guestUrl: string;
  before(async () => {
    const r = await upload(server.url, uploadPath('hotel-abc', convo101), t.guest, await phonePhoto(), 'image/jpeg');
    attachmentId = r.body.message.attachment.id;
    guestUrl = r.body.message.attachment.url;
    assert.equal((await api.patch(`/admin/hotel-abc/staff/${(await api.get('/auth/me/', t.deactivated)).body.id}/`, t.manager, { is_active: false })).status, 200);
    assert.equal((await api.post('/auth/logout/', t.loggedOut)).status, 204);
  });

  const uploads: Array<[string, keyof typeof t | 'anonymous', number]> = [
    ['anonymous', 'anonymous', 401],
    ['another room\'s guest', 'otherRoomGuest', 404],
    ['staff of another hotel', 'otherHotelStaff', 403],
    ['a deactivated staff member', 'deactivated', 401],
    ['a signed-out staff member', 'loggedOut', 401],
    ['staff of the hotel', 'staff', 201],
    ['the stay\'s guest', 'guest', 201],
  ];
  for (const [label, who, status] of uploads) {
    it(`upload by ${label}: ${status}`, async () => {
      const token = who === 'anonymous' ? undefined : t[who];
      const r = await upload(server.url, uploadPath('hotel-abc', convo101), token, await phonePhoto(), 'image/jpeg');
      assert.equal(r.status, status, JSON.stringify(r.body));
    });
  }

  it('refuses a guest pretending to be staff: a guest token on another hotel\'s path (403)', async () => {
    const r = await upload(server.url, uploadPath('hotel-xyz', convo101), t.guest, await phonePhoto(), 'image/jpeg');
    assert.equal(r.status, 403);
  });

  const links: Array<[string, keyof typeof t | 'anonymous', number]> = [
    ['anonymous', 'anonymous', 401],
    ['another room\'s guest', 'otherRoomGuest', 403],
    ['staff of another hotel', 'otherHotelStaff', 403],
    ['a deactivated staff member', 'deactivated', 401],
    ['a signed-out staff member', 'loggedOut', 401],
    ['staff of the hotel', 'staff', 200],
    ['the stay\'s guest', 'guest', 200],
  ];
  for (const [label, who, status] of links) {
    it(`fresh URLs for ${label}: ${status}`, async () => {
      const r = await api.get(`/chat/hotel-abc/attachments/${attachmentId}/`, who === 'anonymous' ? undefined : t[who]);
      assert.equal(r.status, status, JSON.stringify(r.body));
      if (status === 200) assert.equal((await fetchUrl(r.body.url)).status, 200);
    });
  }

  /** A URL correctly signed for a session (the server's own signer): the fetch still checks that session's rights. */
  const signedFor = (kind: 'staff' | 'guest', token: string, at = new Date()) =>
    filesBehind(server.deps.files)!.signer.sign(attachmentId, 'full', { kind, tokenHash: hashToken(token) }, at).url;

  it('refuses a validly signed URL of another room\'s guest (403)', async () => {
    assert.equal((await fetchUrl(signedFor('guest', t.otherRoomGuest))).status, 403);
  });
  it('refuses a validly signed URL of another hotel\'s staff (403)', async () => {
    assert.equal((await fetchUrl(signedFor('staff', t.otherHotelStaff))).status, 403);
  });
  it('refuses the URLs of a deactivated and of a signed-out staff member (403)', async () => {
    assert.equal((await fetchUrl(signedFor('staff', t.deactivated))).status, 403);
    assert.equal((await fetchUrl(signedFor('staff', t.loggedOut))).status, 403);
  });
  it('refuses an expired URL (403)', async () => {
    const old = signedFor('guest', t.guest, new Date(Date.now() - 3 * 3600_000));
    const r = await fetchUrl(old);
    assert.equal(r.status, 403);
    assert.match((await r.json()).error, /expired/);
  });
  it('refuses a tampered URL: signature, viewer, expiry, file or variant changed (403)', async () => {
    const u = new URL(guestUrl, server.url);
    const sig = u.searchParams.get('sig')!;
    const variants = [
      guestUrl.replace(`sig=${sig}`, `sig=${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`),
      guestUrl.replace(/viewer=g\.[0-9a-f]+/, `viewer=g.${hashToken(t.otherRoomGuest)}`),
      // A guest claiming their session is staff's: the kind is signed too.
      guestUrl.replace('viewer=g.', 'viewer=s.'),
      guestUrl.replace(/expires=\d+/, `expires=${Number(u.searchParams.get('expires')) + 3600}`),
      guestUrl.replace(`/files/${attachmentId}/`, `/files/${attachmentId - 1}/`),
      guestUrl.replace('/full?', '/thumbnail?'),
      guestUrl.split('?')[0]!,
    ];
    for (const v of variants) assert.equal((await fetchUrl(v)).status, 403, v);
    assert.equal((await fetchUrl(guestUrl)).status, 200);
  });
  it('refuses the guest\'s URL once they have checked out (403), while staff keep theirs', async () => {
    const r = await upload(server.url, uploadPath('hotel-abc', convo105), t.checkedOutGuest, await phonePhoto(), 'image/jpeg');
    assert.equal(r.status, 201);
    const staffUrl = (await messages(convo105, t.staff)).find((m) => m.id === r.body.message.id).attachment.url;
    assert.equal((await fetchUrl(r.body.message.attachment.url)).status, 200);
    assert.equal((await api.post('/admin/hotel-abc/rooms/105/check-out/', t.manager)).status, 200);
    assert.equal((await fetchUrl(r.body.message.attachment.url)).status, 403);
    assert.equal((await fetchUrl(staffUrl)).status, 200);
    const late = await upload(server.url, uploadPath('hotel-abc', convo105), t.checkedOutGuest, await phonePhoto(), 'image/jpeg');
    assert.equal(late.status, 401);
    const closed = await upload(server.url, uploadPath('hotel-abc', convo105), t.staff, await phonePhoto(), 'image/jpeg');
    assert.equal(closed.status, 409);
  });
});

describe('erasing a stay\'s files', () => {
  it('removes the stored files and the rows; the URLs answer 404 and the messages keep their text', async () => {
    const { token, conversationId } = await checkedInGuest(api, t.manager, 114);
    const r = await upload(server.url, uploadPath('hotel-abc', conversationId), token, await phonePhoto(), 'image/jpeg', { caption: 'before' });
    const staffUrl = (await messages(conversationId, t.staff)).find((m) => m.id === r.body.message.id).attachment.url;
    const before = await storedFiles();
    const stayId = await server.deps.store.read(async (x) => (await x.conversations.find((await x.hotels.findBySlug('hotel-abc'))!.id, conversationId))?.stayId);
    assert.ok(stayId);
    const { erased } = await eraseStayAttachments(server.deps, stayId);
    assert.equal(erased, 1);
    assert.equal((await storedFiles()).length, before.length - 2);
    assert.equal((await fetchUrl(staffUrl)).status, 404);
    const m = (await messages(conversationId, t.staff)).find((x) => x.id === r.body.message.id);
    assert.equal(m.message, 'before');
    assert.equal(m.attachment, undefined);
    assert.deepEqual(await eraseStayAttachments(server.deps, stayId), { erased: 0 });
  });
});

describe('file settings', () => {
  const problems = (env: Record<string, string>): string[] => {
    try {
      loadConfig({ DATA_DIR: 'memory://', ...env });
      return [];
    } catch (err) {
      return err instanceof ConfigError ? err.problems : [String(err)];
    }
  };
  it('refuses half an S3 key pair, an endpoint without a bucket, and a short URL secret', () => {
    assert.match(problems({ S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'x' }).join(), /S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together/);
    assert.match(problems({ S3_ENDPOINT: 'http://127.0.0.1:9000' }).join(), /S3_ENDPOINT is set but S3_BUCKET is not/);
    assert.match(problems({ FILE_URL_SECRET: 'short' }).join(), /FILE_URL_SECRET must be at least 20 characters/);
    assert.match(problems({ FILE_MAX_IMAGE_MB: '0' }).join(), /FILE_MAX_IMAGE_MB must be a whole number from 1 to 200/);
  });
  it('keeps files beside the database by default, and signs with a key that changes with the secret', () => {
    const a = loadConfig({ DATA_DIR: '/var/lib/concierge' }).files;
    assert.equal(a.dir, '/var/lib/concierge-files');
    assert.equal(a.s3, null);
    const b = loadConfig({ DATA_DIR: 'memory://', FILE_URL_SECRET: 'x'.repeat(32) }).files;
    assert.notDeepEqual(a.urlKey, b.urlKey);
    const s3 = loadConfig({ DATA_DIR: 'memory://', S3_BUCKET: 'b', S3_ENDPOINT: 'http://127.0.0.1:9000' }).files.s3;
    assert.equal(s3?.forcePathStyle, true);
    assert.equal(s3?.region, 'us-east-1');
  });
});
