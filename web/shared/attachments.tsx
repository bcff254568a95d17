// Photos and files in both apps (docs/files.md): the attach button, which uploads the file as the
// request body through XMLHttpRequest so its progress can be shown, and a message's attachment:
// a thumbnail that opens full size, or a chip for a PDF. URLs are signed for this viewer; a
// realtime message carries none (one payload goes to many viewers), so the view asks for them.
import { useEffect, useRef, useState } from 'react';
import type { ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { i18n as I18n } from 'i18next';
import { request } from './api.js';
import type { Message } from './contract.js';
import { attachmentStrings } from './attachments-strings.js';
import './attachments.css';

type Attachment = NonNullable<Message['attachment']>;

/** Where an upload goes: the conversation, and who sends it. */
export interface UploadTarget {
  hotel: string;
  conversationId: number;
  token: string;
}

/** The staff app's target: its stored token, the open conversation (in the path) and the hotel it signed in to. */
export function staffUploadTarget(): UploadTarget | null {
  const token = localStorage.getItem('concierge.staff.token');
  const match = /^\/staff\/conversations\/(\d+)\/?$/.exec(location.pathname);
  if (!token || !match?.[1]) return null;
  return { hotel: hotels.get(token) ?? '', conversationId: Number(match[1]), token };
}

// The last target an attach button was given: the message views use its hotel and token to ask
// for fresh URLs (both apps show a composer whenever they show messages).
let viewer: { hotel: string; token: string } | null = null;
/** A staff token's hotel (asked once per token: another person may sign in on this device). */
const hotels = new Map<string, string>();

async function staffHotel(token: string): Promise<string> {
  const hotel = hotels.get(token) ?? (await request<{ hotel_slug: string }>('/auth/me/', { token })).hotel_slug;
  hotels.set(token, hotel);
  return hotel;
}

const translated = new WeakSet<I18n>();
/** Adds this component's strings to the app's i18next once (every language it ships). */
function useStrings() {
  const { t, i18n } = useTranslation();
  if (!translated.has(i18n)) {
    translated.add(i18n);
    for (const [lng, strings] of Object.entries(attachmentStrings)) i18n.addResourceBundle(lng, 'translation', { attachments: strings }, true, false);
  }
  return (key: keyof (typeof attachmentStrings)['en'], vars: Record<string, string | number> = {}) => t(`attachments.${key}`, vars);
}

const IMAGE_TYPES = 'image/jpeg,image/png,image/webp';
const ACCEPT = `${IMAGE_TYPES},application/pdf`;

type Upload = { name: string; percent: number } | { name: string; error: string };

/** Sends `file` as the body of one request, reporting its progress; resolves with the server's answer. */
function send(target: UploadTarget, file: File, onProgress: (percent: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const query = new URLSearchParams({ file_name: file.name, client_message_id: crypto.randomUUID() });
    xhr.open('POST', `/chat/${encodeURIComponent(target.hotel)}/conversations/${target.conversationId}/attachments/?${query.toString()}`);
    xhr.setRequestHeader('Authorization', `Bearer ${target.token}`);
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) return resolve();
      let reason = `HTTP ${xhr.status}`;
      try {
        const body = JSON.parse(xhr.responseText) as { error?: unknown };
        if (typeof body.error === 'string') reason = body.error;
      } catch {
        /* not JSON */
      }
      reject(new Error(reason));
    };
    xhr.onerror = () => reject(new Error(''));
    xhr.send(file);
  });
}

/**
 * The attach button (and, for guests, a camera button: `capture` opens the phone's camera) with
 * the upload's progress. The message itself arrives like any other, through realtime.
 */
export function AttachButton({ target, guest = false }: { target: UploadTarget | null; guest?: boolean }) {
  const s = useStrings();
  const [upload, setUpload] = useState<Upload | null>(null);
  const [hotel, setHotel] = useState<string | null>(target?.hotel || null);
  const picker = useRef<HTMLInputElement>(null);
  const camera = useRef<HTMLInputElement>(null);
  const token = target?.token ?? null;

  useEffect(() => {
    if (!token) return;
    if (target?.hotel) {
      viewer = { hotel: target.hotel, token };
      setHotel(target.hotel);
      return;
    }
    staffHotel(token).then((h) => {
      viewer = { hotel: h, token };
      setHotel(h);
    }, () => undefined);
  }, [token, target?.hotel]);

  async function choose(e: ChangeEvent<HTMLInputElement>): Promise<void> {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file || !target || !hotel) return;
    setUpload({ name: file.name, percent: 0 });
    try {
      await send({ ...target, hotel }, file, (percent) => setUpload({ name: file.name, percent }));
      setUpload(null);
    } catch (err) {
      const reason = err instanceof Error && err.message ? err.message : s('network');
      setUpload({ name: file.name, error: s('failed', { name: file.name, reason }) });
    }
  }

  const busy = upload !== null && 'percent' in upload;
  const disabled = !target || !hotel || busy;
  return (
    <span className="att-control">
      <input ref={picker} type="file" accept={ACCEPT} hidden onChange={(e) => void choose(e)} data-testid="attach-input" />
      <button type="button" className="btn btn-ghost att-button" onClick={() => picker.current?.click()} disabled={disabled} aria-label={s(guest ? 'attachGuest' : 'attach')} title={s(guest ? 'attachGuest' : 'attach')}>
        <span aria-hidden="true">📎</span>
      </button>
      {guest && (
        <>
          <input ref={camera} type="file" accept="image/*" capture="environment" hidden onChange={(e) => void choose(e)} data-testid="camera-input" />
          <button type="button" className="btn btn-ghost att-button" onClick={() => camera.current?.click()} disabled={disabled} aria-label={s('takePhoto')} title={s('takePhoto')}>
            <span aria-hidden="true">📷</span>
          </button>
        </>
      )}
      {upload && (
        <span className={`att-status ${'error' in upload ? 'att-status-error' : ''}`} role={'error' in upload ? 'alert' : 'status'}>
          {'error' in upload ? (
            <>
              {upload.error}{' '}
              <button type="button" className="link" onClick={() => setUpload(null)}>
                {s('dismiss')}
              </button>
            </>
          ) : (
            <>
              <span>{s('uploading', { name: upload.name, percent: upload.percent })}</span>
              <progress max={100} value={upload.percent} aria-label={s('progress', { name: upload.name })} />
            </>
          )}
        </span>
      )}
    </span>
  );
}

/** The attachment's URLs for this viewer: the ones it came with, or fresh ones from the server. */
function useSignedUrls(a: Attachment) {
  const [links, setLinks] = useState<Pick<Attachment, 'url' | 'thumbnail_url' | 'expires_at'>>(a);
  const [gone, setGone] = useState(false);
  const asked = useRef(false);
  async function refresh(): Promise<Pick<Attachment, 'url' | 'thumbnail_url' | 'expires_at'> | null> {
    const v = viewer ?? (await staffViewer());
    if (!v) return null;
    try {
      const fresh = await request<Attachment>(`/chat/${encodeURIComponent(v.hotel)}/attachments/${a.id}/`, { token: v.token });
      setLinks(fresh);
      return fresh;
    } catch {
      setGone(true);
      return null;
    }
  }
  useEffect(() => {
    if (links.url === null && !asked.current) {
      asked.current = true;
      void refresh();
    }
  });
  const stale = () => links.expires_at === null || Date.parse(links.expires_at) - Date.now() < 30_000;
  return { links, gone, refresh, stale };
}

async function staffViewer(): Promise<{ hotel: string; token: string } | null> {
  const token = localStorage.getItem('concierge.staff.token');
  if (!token || !location.pathname.startsWith('/staff/')) return null;
  viewer = { hotel: await staffHotel(token), token };
  return viewer;
}

const sizeText = (bytes: number): string => (bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

/** A message's photo (a thumbnail that opens full size) or file (a chip that downloads it). */
export function MessageAttachment({ m }: { m: Message }) {
  const a = m.attachment;
  if (!a) return null;
  // A message without a caption has the file name as its text: hidden here (attachments.css).
  return <div className={`att ${m.message === a.file_name ? 'att-named' : ''}`}>{a.kind === 'image' ? <PhotoView a={a} /> : <FileChip a={a} />}</div>;
}

function PhotoView({ a }: { a: Attachment }) {
  const s = useStrings();
  const { links, gone, refresh, stale } = useSignedUrls(a);
  const [open, setOpen] = useState<string | null>(null);
  const retried = useRef(false);
  const box = a.width && a.height ? { width: Math.min(240, a.width), aspectRatio: `${a.width} / ${a.height}` } : undefined;
  if (gone) return <p className="att-gone">{s('unavailable')}</p>;
  async function show(): Promise<void> {
    const url = stale() ? (await refresh())?.url : links.url;
    if (url) setOpen(url);
  }
  return (
    <>
      <button type="button" className="att-thumb" onClick={() => void show()} aria-label={s('open', { name: a.file_name })} style={box}>
        {links.thumbnail_url ? (
          <img
            src={links.thumbnail_url}
            alt={a.file_name}
            onError={() => {
              // An expired URL: ask once for a fresh one.
              if (retried.current) return;
              retried.current = true;
              void refresh();
            }}
          />
        ) : (
          <span className="att-placeholder" aria-hidden="true">
            📷
          </span>
        )}
      </button>
      {open && <Lightbox url={open} name={a.file_name} onClose={() => setOpen(null)} />}
    </>
  );
}

function Lightbox({ url, name, onClose }: { url: string; name: string; onClose: () => void }) {
  const s = useStrings();
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    close.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      before?.focus();
    };
  }, [onClose]);
  return (
    <div className="att-lightbox" role="dialog" aria-modal="true" aria-label={name} onClick={onClose}>
      <img src={url} alt={name} className="att-full" onClick={(e) => e.stopPropagation()} />
      <button ref={close} type="button" className="btn att-close" onClick={onClose}>
        {s('close')}
      </button>
    </div>
  );
}

function FileChip({ a }: { a: Attachment }) {
  const s = useStrings();
  const { links, gone, refresh, stale } = useSignedUrls(a);
  if (gone) return <p className="att-gone">{s('unavailable')}</p>;
  return (
    <a
      className="att-file"
      href={links.url ?? undefined}
      download={a.file_name}
      aria-label={s('download', { name: a.file_name })}
      onClick={(e) => {
        if (!stale()) return;
        // An old URL would be refused: take a fresh one first.
        e.preventDefault();
        void refresh().then((fresh) => {
          if (fresh?.url) location.assign(fresh.url);
        });
      }}
    >
      <span aria-hidden="true" className="att-file-icon">
        PDF
      </span>
      <span className="att-file-name">{a.file_name}</span>
      <span className="att-file-size">{sizeText(a.size)}</span>
    </a>
  );
}
