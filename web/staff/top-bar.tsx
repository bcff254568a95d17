import { useState } from 'react';
import { Avatar } from '../shared/avatar.js';
import type { Staff } from '../shared/contract.js';
import { askNotificationPermission, notificationPermission } from './notify.js';
import type { Colleague } from './use-team.js';

interface Props {
  me: Staff;
  onDuty: Colleague[];
  connection: string | null;
  onSignOut: () => void;
}

export function TopBar({ me, onDuty, connection, onSignOut }: Props) {
  const [permission, setPermission] = useState(notificationPermission);
  return (
    <header className="top-bar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">C</span>
        <span>Concierge</span>
        <span className="hotel-slug">{me.hotel_name ?? me.hotel_slug}</span>
      </div>
      <section className="on-duty" aria-label="Staff on duty">
        <span className="on-duty-label">
          On duty <span className="on-duty-count">({onDuty.length})</span>
        </span>
        <ul>
          {onDuty.map((c) => (
            <li key={c.id} title={`${c.name} · ${c.role}`}>
              <Avatar name={c.name} image={c.profile_image} size="sm" online />
              <span className="visually-hidden">
                {c.name}, {c.role}
              </span>
            </li>
          ))}
        </ul>
      </section>
      {connection && (
        <span className="connection" role="status">
          {connection}
        </span>
      )}
      <div className="me">
        <span className="visually-hidden">Signed in as</span>
        {permission === 'default' && (
          <button type="button" className="btn btn-ghost btn-small alerts-button" onClick={() => void askNotificationPermission().then(setPermission)}>
            <span aria-hidden="true">🔔</span>
            <span className="alerts-label">Enable alerts</span>
          </button>
        )}
        <span className="me-avatar">
          <Avatar name={me.name} image={me.profile_image} size="sm" />
        </span>
        <span className="me-name">
          <strong>{me.name}</strong>
          <small>{me.role}</small>
        </span>
        <button type="button" className="btn btn-secondary btn-small" onClick={onSignOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}
