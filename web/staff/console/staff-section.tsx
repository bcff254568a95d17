// Staff: who works at the hotel, who is on duty now, invitations still open; invite, edit the
// role and manager flag, deactivate (their open dashboards end at once), reactivate, reset a password.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { Dialog } from '../dialog.js';
import type { SectionProps } from './console.js';
import type { ConsoleStaff, LinkReply } from './console-api.js';
import { ConfirmDialog, LinkDialog } from './link-dialog.js';
import { useLoad } from './use-load.js';

type Open =
  | { kind: 'invite' }
  | { kind: 'edit'; staff: ConsoleStaff }
  | { kind: 'deactivate'; staff: ConsoleStaff }
  | { kind: 'reset'; staff: ConsoleStaff }
  | { kind: 'link'; link: LinkReply }
  | null;

const time = (iso: string): string => new Date(iso).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });

function status(s: ConsoleStaff): { text: string; tone: 'ok' | 'warn' | 'off' } {
  if (s.invite?.purpose === 'invite' && !s.has_password) {
    return s.invite.expired ? { text: 'Invitation expired', tone: 'warn' } : { text: `Invited · link until ${time(s.invite.expires_at)}`, tone: 'warn' };
  }
  if (!s.is_active) return { text: 'Deactivated', tone: 'off' };
  if (!s.has_password) return s.invite && !s.invite.expired ? { text: 'Password reset sent', tone: 'warn' } : { text: 'No password: send a reset link', tone: 'warn' };
  return { text: 'Active', tone: 'ok' };
}

export function StaffSection({ api, me, onExpired }: SectionProps) {
  const list = useLoad(() => api.staff(), onExpired);
  const [open, setOpen] = useState<Open>(null);
  const close = (): void => {
    setOpen(null);
    list.setError(null);
  };
  const onDuty = list.data?.filter((s) => s.on_duty) ?? [];

  return (
    <>
      <div className="section-head">
        <h2>Staff</h2>
        <button type="button" className="btn btn-primary" onClick={() => setOpen({ kind: 'invite' })}>
          Invite a receptionist
        </button>
      </div>
      <p className="section-summary" role="status">
        {list.data ? `On duty now: ${onDuty.length === 0 ? 'nobody' : onDuty.map((s) => s.name).join(', ')}.` : 'Loading…'}
      </p>
      {list.error && !open && (
        <p className="form-error" role="alert">
          {list.error}
        </p>
      )}
      {list.data && (
        <table className="console-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Account</th>
              <th scope="col">On duty</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((s) => {
              const st = status(s);
              const self = s.id === me.id;
              return (
                <tr key={s.id} data-username={s.username} className={s.is_active ? '' : 'inactive'}>
                  <th scope="row">
                    {s.name}
                    <small className="username">{s.username}</small>
                  </th>
                  <td>
                    {s.role}
                    {s.is_manager && <span className="badge">Manager</span>}
                  </td>
                  <td>
                    <span className={`status status-${st.tone}`}>{st.text}</span>
                  </td>
                  <td>{s.on_duty_since ? `Since ${new Date(s.on_duty_since).toLocaleTimeString([], { timeStyle: 'short' })}` : '—'}</td>
                  <td>
                    <div className="row-actions">
                      <button type="button" className="btn btn-secondary btn-small" onClick={() => setOpen({ kind: 'edit', staff: s })} aria-label={`Edit ${s.name}`}>
                        Edit
                      </button>
                      {!self && (s.is_active || s.invite?.purpose === 'invite') && (
                        <button type="button" className="btn btn-secondary btn-small" onClick={() => setOpen({ kind: 'reset', staff: s })} aria-label={`${s.is_active ? 'Reset password of' : 'New invitation link for'} ${s.name}`}>
                          {s.is_active ? 'Reset password' : 'New link'}
                        </button>
                      )}
                      {!self && s.is_active && (
                        <button type="button" className="btn btn-danger btn-small" onClick={() => setOpen({ kind: 'deactivate', staff: s })} aria-label={`Deactivate ${s.name}`}>
                          Deactivate
                        </button>
                      )}
                      {!s.is_active && s.has_password && (
                        <button
                          type="button"
                          className="btn btn-secondary btn-small"
                          disabled={list.busy}
                          aria-label={`Reactivate ${s.name}`}
                          onClick={() => void list.act(() => api.updateStaff(s.id, { is_active: true }))}
                        >
                          Reactivate
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {open?.kind === 'invite' && (
        <InviteDialog
          busy={list.busy}
          error={list.error}
          onClose={close}
          onInvite={async (body) => {
            const link = await list.act(() => api.invite(body));
            if (link) setOpen({ kind: 'link', link });
          }}
        />
      )}
      {open?.kind === 'edit' && (
        <EditDialog
          staff={open.staff}
          self={open.staff.id === me.id}
          busy={list.busy}
          error={list.error}
          onClose={close}
          onSave={async (patch) => {
            if (await list.act(() => api.updateStaff(open.staff.id, patch))) close();
          }}
        />
      )}
      {open?.kind === 'deactivate' && (
        <ConfirmDialog
          title={`Deactivate ${open.staff.name}?`}
          confirm="Deactivate"
          busy={list.busy}
          error={list.error}
          onClose={close}
          onConfirm={() => void list.act(() => api.updateStaff(open.staff.id, { is_active: false })).then((r) => r && close())}
        >
          <p>They are signed out at once, everywhere: an open dashboard closes. Conversations they handle stay with them until someone takes them. You can reactivate the account later.</p>
        </ConfirmDialog>
      )}
      {open?.kind === 'reset' && (
        <ConfirmDialog
          title={open.staff.is_active ? `Reset the password of ${open.staff.name}?` : `A new invitation link for ${open.staff.name}?`}
          confirm="Make a link"
          busy={list.busy}
          error={list.error}
          onClose={close}
          onConfirm={() => void list.act(() => api.resetPassword(open.staff.id)).then((link) => link && setOpen({ kind: 'link', link }))}
        >
          <p>
            {open.staff.is_active
              ? 'Their current password stops working now and they are signed out everywhere. You get a one-time link for them to choose a new one; nobody ever sees a password.'
              : 'The earlier link stops working; you get a new one-time link for them.'}
          </p>
        </ConfirmDialog>
      )}
      {open?.kind === 'link' && <LinkDialog link={open.link} onClose={close} />}
    </>
  );
}

function InviteDialog(props: { busy: boolean; error: string | null; onClose: () => void; onInvite: (b: { username: string; first_name: string; last_name: string; role: string; is_manager: boolean }) => Promise<void> }) {
  const [first, setFirst] = useState('');
  const [last, setLast] = useState('');
  const [username, setUsername] = useState('');
  const [role, setRole] = useState('Receptionist');
  const [manager, setManager] = useState(false);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!props.busy) void props.onInvite({ username: username.trim().toLowerCase(), first_name: first.trim(), last_name: last.trim(), role: role.trim(), is_manager: manager });
  };
  return (
    <Dialog title="Invite a receptionist" titleId="invite-title" onClose={props.onClose}>
      <form onSubmit={submit}>
        <p className="field-help">They get a one-time link to choose their own password. Until then the account cannot sign in.</p>
        {props.error && (
          <p className="form-error" role="alert">
            {props.error}
          </p>
        )}
        <label className="field">
          First name
          <input autoFocus required maxLength={100} value={first} onChange={(e) => setFirst(e.target.value)} />
        </label>
        <label className="field">
          Last name
          <input maxLength={100} value={last} onChange={(e) => setLast(e.target.value)} />
        </label>
        <label className="field">
          Username
          <input required minLength={2} maxLength={64} pattern="[a-zA-Z0-9][a-zA-Z0-9._\-]{1,63}" autoCapitalize="none" spellCheck={false} aria-describedby="username-help" value={username} onChange={(e) => setUsername(e.target.value)} />
          <small id="username-help" className="field-help">
            Lowercase letters, digits, dot, dash or underscore.
          </small>
        </label>
        <label className="field">
          Role
          <input required maxLength={100} value={role} onChange={(e) => setRole(e.target.value)} />
        </label>
        <label className="check">
          <input type="checkbox" checked={manager} onChange={(e) => setManager(e.target.checked)} /> Manager (may use this console)
        </label>
        <div className="modal-actions">
          <button type="button" className="btn btn-secondary" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={props.busy}>
            {props.busy ? 'Inviting…' : 'Invite'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function EditDialog(props: { staff: ConsoleStaff; self: boolean; busy: boolean; error: string | null; onClose: () => void; onSave: (p: { first_name: string; last_name: string; role: string; is_manager?: boolean }) => Promise<void> }) {
  const s = props.staff;
  const [first, setFirst] = useState(s.first_name);
  const [last, setLast] = useState(s.last_name);
  const [role, setRole] = useState(s.role);
  const [manager, setManager] = useState(s.is_manager);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!props.busy) void props.onSave({ first_name: first.trim(), last_name: last.trim(), role: role.trim(), ...(!props.self && { is_manager: manager }) });
  };
  return (
    <Dialog title={`Edit ${s.name}`} titleId="edit-title" onClose={props.onClose}>
      <form onSubmit={submit}>
        {props.error && (
          <p className="form-error" role="alert">
            {props.error}
          </p>
        )}
        <label className="field">
          First name
          <input autoFocus maxLength={100} value={first} onChange={(e) => setFirst(e.target.value)} />
        </label>
        <label className="field">
          Last name
          <input maxLength={100} value={last} onChange={(e) => setLast(e.target.value)} />
        </label>
        <label className="field">
          Role
          <input required maxLength={100} value={role} onChange={(e) => setRole(e.target.value)} />
        </label>
        <label className="check">
          <input type="checkbox" checked={manager} disabled={props.self} onChange={(e) => setManager(e.target.checked)} /> Manager (may use this console)
        </label>
        {props.self && <p className="field-help">You cannot take away your own manager role; another manager can.</p>}
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
