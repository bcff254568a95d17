import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Avatar } from '../shared/avatar.js';
import type { OnDutyMember, Staff } from '../shared/contract.js';
import { askNotificationPermission, notificationPermission } from './notify.js';
import { ConsoleLink } from './console/entry.js';
import { PushToggle } from './push-toggle.js';
import type { Colleague } from './use-team.js';

interface Props {
  me: Staff;
  /** Who has the dashboard open (presence). */
  online: Colleague[];
  /** Who clocked in (the duty roster): this, not an open tab, decides who is alerted. */
  onDuty: OnDutyMember[];
  meOnDuty: boolean | null;
  dutyBusy: boolean;
  onToggleDuty: () => void;
  connection: string | null;
  onSignOut: () => void;
}

function People({ label, region, className, people, online }: { label: string; region: string; className: string; people: { id: number | string; name: string; role: string; profile_image: string | null }[]; online: boolean }) {
  return (
    <section className={className} aria-label={region}>
      <span className="on-duty-label">
        {label} <span className="on-duty-count">({people.length})</span>
      </span>
      <ul>
        {people.map((c) => (
          <li key={c.id} title={`${c.name} · ${c.role}`}>
            <Avatar name={c.name} image={c.profile_image} size="sm" online={online ? true : null} />
            <span className="visually-hidden">
              {c.name}, {c.role}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function TopBar(props: Props) {
  const { me } = props;
  const { t } = useTranslation();
  const [permission, setPermission] = useState(notificationPermission);
  return (
    <header className="top-bar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">C</span>
        <span>Concierge</span>
        <span className="hotel-slug">{me.hotel_name ?? me.hotel_slug}</span>
      </div>
      <People label={t('top.onDuty')} region={t('top.staffOnDuty')} className="on-duty" people={props.onDuty} online={false} />
      <People label={t('top.online')} region={t('top.staffOnline')} className="on-duty online-now" people={props.online} online />
      {props.connection && (
        <span className="connection" role="status">
          {props.connection}
        </span>
      )}
      <div className="me">
        <button
          type="button"
          role="switch"
          aria-checked={props.meOnDuty === true}
          className={`btn btn-small duty-toggle ${props.meOnDuty ? 'on' : ''}`}
          disabled={props.meOnDuty === null || props.dutyBusy}
          onClick={props.onToggleDuty}
        >
          <span className="duty-dot" aria-hidden="true" />
          {t('top.onDuty')}
        </button>
        <ConsoleLink me={me} />
        <PushToggle me={me} />
        <span className="visually-hidden">{t('top.signedInAs')}</span>
        {permission === 'default' && (
          <button type="button" className="btn btn-ghost btn-small alerts-button" onClick={() => void askNotificationPermission().then(setPermission)}>
            <span aria-hidden="true">🔔</span>
            <span className="alerts-label">{t('top.enableAlerts')}</span>
          </button>
        )}
        <span className="me-avatar">
          <Avatar name={me.name} image={me.profile_image} size="sm" />
        </span>
        <span className="me-name">
          <strong>{me.name}</strong>
          <small>{me.role}</small>
        </span>
        <button type="button" className="btn btn-secondary btn-small" onClick={props.onSignOut}>
          {t('top.signOut')}
        </button>
      </div>
    </header>
  );
}
