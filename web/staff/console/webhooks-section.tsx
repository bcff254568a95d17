// Webhooks: where the hotel's events are POSTed (signed with the webhook's secret), and each
// webhook's delivery log. The secret is shown whole once, when the webhook is made.
// The wire shapes are spelled here: they are the webhook routes' (docs/webhooks.md).
import { useState } from 'react';
import type { FormEvent } from 'react';
import { Dialog } from '../dialog.js';
import type { SectionProps } from './console.js';
import { ConfirmDialog } from './link-dialog.js';
import { useLoad } from './use-load.js';

const EVENTS = ['message.created', 'conversation.handoff', 'conversation.released', 'conversation.escalated', 'stay.checked_in', 'stay.checked_out'] as const;

interface Webhook {
  id: number;
  url: string;
  events: string[];
  active: boolean;
  description: string;
  created_at: string;
  secret: string;
}
interface Delivery {
  id: number;
  event: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
}

type Open = { kind: 'add' } | { kind: 'secret'; hook: Webhook } | { kind: 'remove'; hook: Webhook } | { kind: 'log'; hook: Webhook } | null;
const when = (iso: string): string => new Date(iso).toLocaleString([], { dateStyle: 'short', timeStyle: 'medium' });

export function WebhooksSection(props: SectionProps) {
  const { api, onExpired } = props;
  const list = useLoad(() => api.call<Webhook[]>('GET', 'webhooks/'), onExpired);
  const [open, setOpen] = useState<Open>(null);
  const close = (): void => {
    setOpen(null);
    list.setError(null);
  };
  return (
    <>
      <div className="section-head">
        <h2>Webhooks</h2>
        <button type="button" className="btn btn-primary" onClick={() => setOpen({ kind: 'add' })}>
          Add a webhook
        </button>
      </div>
      <p className="section-summary">Each event is POSTed as JSON, signed with HMAC-SHA256 of the timestamp and the body; failed deliveries are retried with back-off.</p>
      {list.error && !open && (
        <p className="form-error" role="alert">
          {list.error}
        </p>
      )}
      {list.data?.length === 0 && <p>No webhooks yet.</p>}
      {list.data && list.data.length > 0 && (
        <table className="console-table">
          <thead>
            <tr>
              <th scope="col">Address</th>
              <th scope="col">Events</th>
              <th scope="col">State</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((h) => (
              <tr key={h.id} className={h.active ? '' : 'inactive'}>
                <th scope="row">
                  <span className="break">{h.url}</span>
                  {h.description && <small className="username">{h.description}</small>}
                </th>
                <td>{h.events.join(', ')}</td>
                <td>{h.active ? 'Active' : 'Paused'}</td>
                <td>
                  <div className="row-actions">
                    <button type="button" className="btn btn-secondary btn-small" onClick={() => setOpen({ kind: 'log', hook: h })}>
                      Deliveries
                    </button>
                    <button type="button" className="btn btn-secondary btn-small" disabled={list.busy} onClick={() => void list.act(() => api.call('PATCH', `webhooks/${h.id}/`, { active: !h.active }))}>
                      {h.active ? 'Pause' : 'Resume'}
                    </button>
                    <button type="button" className="btn btn-secondary btn-small" onClick={() => setOpen({ kind: 'remove', hook: h })}>
                      Remove
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open?.kind === 'add' && (
        <AddWebhook
          busy={list.busy}
          error={list.error}
          onClose={close}
          onAdd={async (body) => {
            const hook = await list.act(() => api.call<Webhook>('POST', 'webhooks/', body));
            if (hook) setOpen({ kind: 'secret', hook });
          }}
        />
      )}
      {open?.kind === 'secret' && (
        <Dialog title="Webhook added" titleId="secret-title" onClose={close}>
          <p>Verify each delivery with this signing secret. It is shown only now.</p>
          <label className="field">
            Signing secret
            <input className="link-box" readOnly value={open.hook.secret} onFocus={(e) => e.currentTarget.select()} />
          </label>
          <div className="modal-actions">
            <button type="button" className="btn btn-primary" onClick={close}>
              Done
            </button>
          </div>
        </Dialog>
      )}
      {open?.kind === 'remove' && (
        <ConfirmDialog
          title="Remove this webhook?"
          confirm="Remove"
          busy={list.busy}
          error={list.error}
          onClose={close}
          onConfirm={() => void list.act(() => api.call('DELETE', `webhooks/${open.hook.id}/`).then(() => true)).then((r) => r && close())}
        >
          <p>
            Nothing more is sent to <span className="break">{open.hook.url}</span>, and its delivery log goes with it.
          </p>
        </ConfirmDialog>
      )}
      {open?.kind === 'log' && <DeliveryLog {...props} hook={open.hook} onClose={close} />}
    </>
  );
}

function AddWebhook(props: { busy: boolean; error: string | null; onClose: () => void; onAdd: (b: { url: string; events: string[]; description: string }) => Promise<void> }) {
  const [url, setUrl] = useState('https://');
  const [events, setEvents] = useState<string[]>([...EVENTS]);
  const [description, setDescription] = useState('');
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!props.busy) void props.onAdd({ url: url.trim(), events, description: description.trim() });
  };
  return (
    <Dialog title="Add a webhook" titleId="webhook-title" onClose={props.onClose}>
      <form onSubmit={submit}>
        {props.error && (
          <p className="form-error" role="alert">
            {props.error}
          </p>
        )}
        <label className="field">
          Address (URL)
          <input autoFocus required type="url" maxLength={2000} value={url} onChange={(e) => setUrl(e.target.value)} />
        </label>
        <label className="field">
          Description
          <input maxLength={200} value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <fieldset>
          <legend>Events</legend>
          {EVENTS.map((ev) => (
            <label key={ev} className="check">
              <input type="checkbox" checked={events.includes(ev)} onChange={(e) => setEvents(e.target.checked ? [...events, ev] : events.filter((x) => x !== ev))} /> {ev}
            </label>
          ))}
        </fieldset>
        <div className="modal-actions">
          <button type="button" className="btn btn-secondary" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={props.busy || events.length === 0}>
            Add
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function DeliveryLog({ api, onExpired, hook, onClose }: SectionProps & { hook: Webhook; onClose: () => void }) {
  const log = useLoad(() => api.call<Delivery[]>('GET', `webhooks/${hook.id}/deliveries/`), onExpired);
  return (
    <Dialog title="Deliveries" titleId="deliveries-title" className="wide-dialog" onClose={onClose}>
      <p className="break">{hook.url}</p>
      {log.error && (
        <p className="form-error" role="alert">
          {log.error}
        </p>
      )}
      {log.data?.length === 0 && <p>Nothing delivered yet.</p>}
      {log.data && log.data.length > 0 && (
        <table className="console-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Event</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {log.data.map((d) => (
              <tr key={d.id}>
                <td>{when(d.created_at)}</td>
                <td>{d.event}</td>
                <td>
                  <span className={`status status-${d.status === 'delivered' ? 'ok' : d.status === 'failed' ? 'off' : 'warn'}`}>{d.status}</span>
                  {` · ${d.attempts} attempt${d.attempts === 1 ? '' : 's'}`}
                  {d.last_status !== null && ` · HTTP ${d.last_status}`}
                  {d.last_error && <small className="username">{d.last_error}</small>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="modal-actions">
        <button type="button" className="btn btn-secondary" onClick={() => void log.reload()}>
          Refresh
        </button>
        <button type="button" className="btn btn-primary" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
