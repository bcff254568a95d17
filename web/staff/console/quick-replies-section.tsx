// Quick replies: the hotel's canned answers (typed after / in the composer), per language.
// The wire shapes are spelled here: they are the quick-reply routes' (docs/front-desk-day.md).
import { useState } from 'react';
import type { FormEvent } from 'react';
import { Dialog } from '../dialog.js';
import type { SectionProps } from './console.js';
import { ConfirmDialog } from './link-dialog.js';
import { useLoad } from './use-load.js';

interface QuickReply {
  id: number;
  shortcut: string;
  title: string;
  texts: Record<string, string>;
}

type Open = { kind: 'edit'; reply: QuickReply | null } | { kind: 'remove'; reply: QuickReply } | null;

export function QuickRepliesSection({ api, onExpired }: SectionProps) {
  const list = useLoad(() => api.call<QuickReply[]>('GET', 'quick-replies/'), onExpired);
  const [open, setOpen] = useState<Open>(null);
  const close = (): void => {
    setOpen(null);
    list.setError(null);
  };
  return (
    <>
      <div className="section-head">
        <h2>Quick replies</h2>
        <button type="button" className="btn btn-primary" onClick={() => setOpen({ kind: 'edit', reply: null })}>
          Add a quick reply
        </button>
      </div>
      <p className="section-summary">Staff type / and the shortcut in a reply to insert one; placeholders such as {'{guest_first_name}'} are filled in.</p>
      {list.error && !open && (
        <p className="form-error" role="alert">
          {list.error}
        </p>
      )}
      {list.data?.length === 0 && <p>No quick replies yet.</p>}
      {list.data && list.data.length > 0 && (
        <table className="console-table">
          <thead>
            <tr>
              <th scope="col">Shortcut</th>
              <th scope="col">Title</th>
              <th scope="col">Languages</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((q) => (
              <tr key={q.id}>
                <th scope="row">/{q.shortcut}</th>
                <td>{q.title}</td>
                <td>{Object.keys(q.texts).join(', ')}</td>
                <td>
                  <div className="row-actions">
                    <button type="button" className="btn btn-secondary btn-small" aria-label={`Edit /${q.shortcut}`} onClick={() => setOpen({ kind: 'edit', reply: q })}>
                      Edit
                    </button>
                    <button type="button" className="btn btn-secondary btn-small" aria-label={`Remove /${q.shortcut}`} onClick={() => setOpen({ kind: 'remove', reply: q })}>
                      Remove
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open?.kind === 'edit' && (
        <QuickReplyDialog
          reply={open.reply}
          busy={list.busy}
          error={list.error}
          onClose={close}
          onSave={async (body) => {
            const r = open.reply;
            const done = await list.act(() => (r ? api.call('PATCH', `quick-replies/${r.id}/`, body) : api.call('POST', 'quick-replies/', body)));
            if (done) close();
          }}
        />
      )}
      {open?.kind === 'remove' && (
        <ConfirmDialog
          title={`Remove /${open.reply.shortcut}?`}
          confirm="Remove"
          busy={list.busy}
          error={list.error}
          onClose={close}
          onConfirm={() => void list.act(() => api.call('DELETE', `quick-replies/${open.reply.id}/`).then(() => true)).then((r) => r && close())}
        >
          <p>Staff can no longer insert it. Replies already sent stay as they are.</p>
        </ConfirmDialog>
      )}
    </>
  );
}

function QuickReplyDialog(props: { reply: QuickReply | null; busy: boolean; error: string | null; onClose: () => void; onSave: (b: { shortcut: string; title: string; texts: Record<string, string> }) => Promise<void> }) {
  const r = props.reply;
  const [shortcut, setShortcut] = useState(r?.shortcut ?? '');
  const [title, setTitle] = useState(r?.title ?? '');
  const [texts, setTexts] = useState<Array<[string, string]>>(r ? Object.entries(r.texts) : [['en', '']]);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const clean = texts.map(([l, t]) => [l.trim(), t] as const).filter(([l, t]) => l && t.trim());
    if (!props.busy) void props.onSave({ shortcut: shortcut.trim().toLowerCase(), title: title.trim(), texts: Object.fromEntries(clean) });
  };
  return (
    <Dialog title={r ? `Edit /${r.shortcut}` : 'Add a quick reply'} titleId="quick-reply-title" onClose={props.onClose}>
      <form onSubmit={submit}>
        {props.error && (
          <p className="form-error" role="alert">
            {props.error}
          </p>
        )}
        <label className="field">
          Shortcut
          <input autoFocus required maxLength={40} spellCheck={false} value={shortcut} onChange={(e) => setShortcut(e.target.value)} />
        </label>
        <label className="field">
          Title
          <input required maxLength={80} value={title} onChange={(e) => setTitle(e.target.value)} />
        </label>
        {texts.map(([lang, text], i) => (
          <fieldset key={i} className="text-per-language">
            <legend>Text {i + 1}</legend>
            <label className="field">
              Language (en, de, fr…)
              <input required maxLength={35} size={6} value={lang} onChange={(e) => setTexts(texts.map((t, j) => (j === i ? [e.target.value, t[1]] : t)))} />
            </label>
            <label className="field">
              Reply
              <textarea required maxLength={2000} rows={3} value={text} onChange={(e) => setTexts(texts.map((t, j) => (j === i ? [t[0], e.target.value] : t)))} />
            </label>
          </fieldset>
        ))}
        <button type="button" className="btn btn-ghost btn-small" onClick={() => setTexts([...texts, ['', '']])}>
          Add a language
        </button>
        <div className="modal-actions">
          <button type="button" className="btn btn-secondary" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={props.busy}>
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}
