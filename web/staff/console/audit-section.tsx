// The audit log: who did what (sign-ins, deactivations, check-ins and outs, exports, settings),
// newest first, a page at a time. Read only: nobody can change it.
// The wire shape is spelled here: it is the audit route's.
import { useState } from 'react';
import { ApiError, errorText } from '../../shared/api.js';
import type { SectionProps } from './console.js';
import { useLoad } from './use-load.js';

interface AuditEntry {
  id: number;
  at: string;
  actor: { kind: string; staff_id: number | null; name: string };
  action: string;
  target: string | null;
  details: Record<string, unknown>;
}

const PAGE = 50;

export function AuditSection({ api, onExpired }: SectionProps) {
  const first = useLoad(() => api.call<AuditEntry[]>('GET', `audit/?limit=${PAGE}`), onExpired);
  const [older, setOlder] = useState<AuditEntry[]>([]);
  const [end, setEnd] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const entries = [...(first.data ?? []), ...older];

  const more = async (): Promise<void> => {
    const last = entries.at(-1);
    if (!last) return;
    try {
      const page = await api.call<AuditEntry[]>('GET', `audit/?limit=${PAGE}&before_id=${last.id}`);
      setOlder([...older, ...page]);
      if (page.length < PAGE) setEnd(true);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) onExpired();
      else setError(errorText(err));
    }
  };

  return (
    <>
      <div className="section-head">
        <h2>Audit log</h2>
        <button
          type="button"
          className="btn btn-secondary"
          onClick={() => {
            setOlder([]);
            setEnd(false);
            void first.reload();
          }}
        >
          Refresh
        </button>
      </div>
      <p className="section-summary">What staff and managers did, newest first. Entries cannot be changed or removed.</p>
      {(first.error ?? error) && (
        <p className="form-error" role="alert">
          {first.error ?? error}
        </p>
      )}
      {first.data?.length === 0 && <p>Nothing recorded yet.</p>}
      {entries.length > 0 && (
        <table className="console-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>{new Date(e.at).toLocaleString([], { dateStyle: 'short', timeStyle: 'medium' })}</td>
                <td>{e.actor.name}</td>
                <td>
                  {e.action}
                  {e.target && <small className="username">{e.target}</small>}
                </td>
                <td className="details">{Object.entries(e.details).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' · ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {first.data && first.data.length === PAGE && !end && (
        <button type="button" className="btn btn-secondary load-more" onClick={() => void more()}>
          Older entries
        </button>
      )}
    </>
  );
}
