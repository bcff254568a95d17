// "Export transcript" in the conversation's header: the conversation as a text file.
import { useState } from 'react';
import type { DeskDayApi } from './desk-day-api.js';

export function TranscriptButton({ api, token, conversationId }: { api: DeskDayApi; token: string; conversationId: number }) {
  const [error, setError] = useState<string | null>(null);

  async function exportIt(): Promise<void> {
    setError(null);
    try {
      const res = await fetch(api.transcriptPath(conversationId), { headers: { Authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`The transcript could not be exported (HTTP ${res.status}).`);
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'conversation.txt';
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setError(err instanceof Error && err.message.startsWith('The transcript') ? err.message : 'The transcript could not be exported.');
    }
  }

  return (
    <>
      <button type="button" className="btn btn-secondary" onClick={() => void exportIt()}>
        Export transcript
      </button>
      {error && <span role="alert" className="stay-error">{error}</span>}
    </>
  );
}
