// Retention: how many days after check-out a stay's messages are kept, whether they are then
// deleted or anonymised, and a run now — first as a dry run that lists what it would touch.
// The wire shapes are spelled here: they are the retention routes'.
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { SectionProps } from './console.js';
import { DataRequests } from './data-requests.js';
import { ConfirmDialog } from './link-dialog.js';
import { useLoad } from './use-load.js';

type Mode = 'purge' | 'anonymise';
interface Retention {
  days: number;
  mode: Mode;
}
interface RunReply {
  dry_run: boolean;
  mode: Mode;
  cutoff: string;
  stays: Array<{ stay_id: number; room_number: number; guest_name: string; checked_out_at: string | null; messages: number }>;
  webhook_deliveries: number;
}

export function RetentionSection({ api, me, onExpired, has }: SectionProps & { has: ReadonlySet<string> }) {
  const policy = useLoad(() => api.call<Retention>('GET', 'retention/'), onExpired);
  const [form, setForm] = useState<Retention | null>(null);
  const [saved, setSaved] = useState(false);
  const [run, setRun] = useState<RunReply | null>(null);
  const [confirm, setConfirm] = useState(false);
  useEffect(() => {
    if (policy.data) setForm(policy.data);
  }, [policy.data]);

  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!form) return;
    setSaved(false);
    if (await policy.act(() => api.call('PATCH', 'retention/', form))) setSaved(true);
  };
  const go = async (dryRun: boolean): Promise<void> => {
    const r = await policy.act(() => api.call<RunReply>('POST', 'retention/run/', { dry_run: dryRun }));
    if (r) setRun(r);
    setConfirm(false);
  };

  return (
    <>
      <div className="section-head">
        <h2>Retention</h2>
      </div>
      {policy.error && !confirm && (
        <p className="form-error" role="alert">
          {policy.error}
        </p>
      )}
      {form && (
        <form className="settings-form" onSubmit={(e) => void save(e)}>
          <label className="field">
            Keep a stay's messages for this many days after check-out
            <input type="number" min={1} max={3650} required value={form.days} onChange={(e) => setForm({ ...form, days: Number(e.target.value) })} />
          </label>
          <fieldset>
            <legend>Then</legend>
            <label className="check">
              <input type="radio" name="mode" checked={form.mode === 'purge'} onChange={() => setForm({ ...form, mode: 'purge' })} /> Delete the messages and files
            </label>
            <label className="check">
              <input type="radio" name="mode" checked={form.mode === 'anonymise'} onChange={() => setForm({ ...form, mode: 'anonymise' })} /> Anonymise them (keep the figures, drop the text and the guest's name)
            </label>
          </fieldset>
          <div className="modal-actions">
            <span role="status" className="saved">
              {saved ? 'Saved.' : ''}
            </span>
            <button type="submit" className="btn btn-primary" disabled={policy.busy}>
              Save
            </button>
          </div>
        </form>
      )}
      <h3>Run now</h3>
      <p className="section-summary">The server also runs this by itself. A dry run lists the stays it would touch and changes nothing.</p>
      <div className="row-actions start">
        <button type="button" className="btn btn-secondary" disabled={policy.busy} onClick={() => void go(true)}>
          Dry run
        </button>
        <button type="button" className="btn btn-danger" disabled={policy.busy} onClick={() => setConfirm(true)}>
          Run now
        </button>
      </div>
      {run && (
        <div role="status" className="run-result">
          <p>
            {run.dry_run ? 'Dry run: would ' : 'Done: '}
            {run.mode === 'purge' ? 'delete' : 'anonymise'} the messages of {run.stays.length} stay{run.stays.length === 1 ? '' : 's'} checked out before{' '}
            {new Date(run.cutoff).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })}
            {run.webhook_deliveries > 0 && `, and forget ${run.webhook_deliveries} finished webhook deliveries`}.
          </p>
          {run.stays.length > 0 && (
            <ul>
              {run.stays.map((s) => (
                <li key={s.stay_id}>
                  Room {s.room_number}
                  {s.guest_name && ` · ${s.guest_name}`} · {s.messages} message{s.messages === 1 ? '' : 's'}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {has.has('stays/') && <DataRequests api={api} me={me} onExpired={onExpired} />}
      {confirm && (
        <ConfirmDialog title="Run retention now?" confirm="Run now" busy={policy.busy} error={policy.error} onClose={() => setConfirm(false)} onConfirm={() => void go(false)}>
          <p>This cannot be undone. Try a dry run first to see what it touches.</p>
        </ConfirmDialog>
      )}
    </>
  );
}
