// "Download conversation": the guest's own chat as a text file (times on the hotel's clock),
// fetched with the session token and saved through a blob link.
import { useState } from 'react';
import { getI18n, useTranslation } from 'react-i18next';
import type { GuestSession } from '../shared/contract.js';
import { ensureDeskDayStrings, NS } from './desk-day-strings.js';
import './desk-day.css';

/** Fetches a text file with a bearer token and hands it to the browser as a download. */
export async function downloadText(path: string, token: string, fallbackName: string): Promise<void> {
  const res = await fetch(path, { headers: { Authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function TranscriptButton({ session }: { session: GuestSession }) {
  ensureDeskDayStrings(getI18n());
  const { t } = useTranslation(NS);
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);

  async function download(): Promise<void> {
    setBusy(true);
    setFailed(false);
    try {
      await downloadText(`/chat/${encodeURIComponent(session.hotel_slug)}/conversations/${session.conversation_id}/transcript/`, session.session_token, 'conversation.txt');
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="transcript-row">
      <button type="button" className="btn btn-ghost btn-small transcript-download" onClick={() => void download()} disabled={busy}>
        <span aria-hidden="true">⤓</span> {t('download')}
      </button>
      {failed && <p role="alert" className="transcript-failed">{t('downloadFailed')}</p>}
    </div>
  );
}
