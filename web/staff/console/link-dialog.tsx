// An invitation or reset link, shown once: the manager copies it (or reads it out) and hands it to
// the person. The server keeps only its hash, so closing this dialog is the last chance to see it.
import { useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { Dialog } from '../dialog.js';
import { absolute, type LinkReply } from './console-api.js';

export function LinkDialog({ link, onClose }: { link: LinkReply; onClose: () => void }) {
  const url = absolute(link.path);
  const box = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const who = link.staff.name;
  const copy = async (): Promise<void> => {
    box.current?.select();
    try {
      await navigator.clipboard.writeText(url);
      setCopied('Copied.');
    } catch {
      setCopied('Select the link and copy it (Ctrl+C).');
    }
  };
  return (
    <Dialog title={link.purpose === 'invite' ? `Invitation for ${who}` : `Password reset for ${who}`} titleId="link-title" onClose={onClose}>
      <p>
        Give this link to <strong>{who}</strong> ({link.staff.username}). It opens a page where they choose their password and sign in. It works once, until{' '}
        {new Date(link.expires_at).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })}.
      </p>
      <p className="console-warning">This link is shown only now. If it gets lost, make a new one.</p>
      <label className="field">
        Link
        <input ref={box} className="link-box" readOnly value={url} onFocus={(e) => e.currentTarget.select()} data-testid="invite-link" />
      </label>
      <p role="status" className="field-help">
        {copied}
      </p>
      <div className="modal-actions">
        <button type="button" className="btn btn-secondary" onClick={() => void copy()}>
          Copy link
        </button>
        <button type="button" className="btn btn-primary" onClick={onClose}>
          Done
        </button>
      </div>
    </Dialog>
  );
}

/** "Are you sure?" for actions that end someone's access. */
export function ConfirmDialog(props: { title: string; children: ReactNode; confirm: string; busy: boolean; error: string | null; onConfirm: () => void; onClose: () => void }) {
  return (
    <Dialog title={props.title} titleId="confirm-title" onClose={props.onClose}>
      {props.children}
      {props.error && (
        <p className="form-error" role="alert">
          {props.error}
        </p>
      )}
      <div className="modal-actions">
        <button type="button" className="btn btn-secondary" onClick={props.onClose}>
          Cancel
        </button>
        <button type="button" className="btn btn-primary" disabled={props.busy} onClick={props.onConfirm}>
          {props.confirm}
        </button>
      </div>
    </Dialog>
  );
}
