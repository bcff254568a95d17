// The manager's console: the hotel's staff, rooms and desk settings, one tab each, for managers.
// Tabs follow the WAI-ARIA pattern (arrow keys move between them); the open tab is kept in the
// address's fragment, so a reload stays on it.
import { useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { Staff } from '../../shared/contract.js';
import { ConsoleApi } from './console-api.js';
import { RoomsSection } from './rooms-section.js';
import { SettingsSection } from './settings-section.js';
import { StaffSection } from './staff-section.js';
import './console.css';

interface Props {
  token: string;
  me: Staff;
  onSignOut: () => void;
  onExpired: () => void;
}

export interface SectionProps {
  api: ConsoleApi;
  me: Staff;
  onExpired: () => void;
}

const TABS = [
  { id: 'staff', label: 'Staff', render: (p: SectionProps) => <StaffSection {...p} /> },
  { id: 'rooms', label: 'Rooms', render: (p: SectionProps) => <RoomsSection {...p} /> },
  { id: 'settings', label: 'Desk settings', render: (p: SectionProps) => <SettingsSection {...p} /> },
] as const;
type TabId = (typeof TABS)[number]['id'];

const tabFromHash = (): TabId => TABS.find((t) => `#${t.id}` === window.location.hash)?.id ?? 'staff';

export function ManagerConsole({ token, me, onSignOut, onExpired }: Props) {
  const api = useMemo(() => new ConsoleApi(token, me.hotel_slug), [token, me.hotel_slug]);
  const [tab, setTab] = useState<TabId>(tabFromHash);
  const refs = useRef(new Map<TabId, HTMLButtonElement>());

  const open = (id: TabId, focus = false): void => {
    setTab(id);
    history.replaceState(null, '', `#${id}`);
    if (focus) refs.current.get(id)?.focus();
  };
  const onKey = (e: KeyboardEvent): void => {
    const i = TABS.findIndex((t) => t.id === tab);
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    open(TABS[(next + TABS.length) % TABS.length]!.id, true);
  };
  const current = TABS.find((t) => t.id === tab)!;

  return (
    <div className="console-screen">
      <header className="top-bar console-bar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">C</span>
          <span>Concierge</span>
          <span className="hotel-slug">{me.hotel_name}</span>
        </div>
        <h1 className="console-title">Manager console</h1>
        <div className="me">
          <a className="btn btn-secondary btn-small" href="/staff/">
            Back to the desk
          </a>
          <span className="me-name">
            <strong>{me.name}</strong>
            <small>{me.role}</small>
          </span>
          <button type="button" className="btn btn-secondary btn-small" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main className="console-main">
        <div className="console-tabs" role="tablist" aria-label="Console sections" onKeyDown={onKey}>
          {TABS.map((t) => (
            <button
              key={t.id}
              ref={(el) => {
                if (el) refs.current.set(t.id, el);
              }}
              type="button"
              role="tab"
              id={`tab-${t.id}`}
              aria-selected={t.id === tab}
              aria-controls={`panel-${t.id}`}
              tabIndex={t.id === tab ? 0 : -1}
              className="console-tab"
              onClick={() => open(t.id)}
            >
              {t.label}
            </button>
          ))}
        </div>
        <section className="console-panel" role="tabpanel" id={`panel-${current.id}`} aria-labelledby={`tab-${current.id}`}>
          {current.render({ api, me, onExpired })}
        </section>
      </main>
    </div>
  );
}
