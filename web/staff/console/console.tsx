// The manager's console: the hotel's staff, rooms and desk settings, one tab each, for managers.
// Tabs follow the WAI-ARIA pattern (arrow keys move between them); the open tab is kept in the
// address's fragment, so a reload stays on it.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent, ReactElement } from 'react';
import { ApiError } from '../../shared/api.js';
import type { Staff } from '../../shared/contract.js';
import { AnalyticsView } from '../analytics-view.js';
import { AuditSection } from './audit-section.js';
import { ConsoleApi } from './console-api.js';
import { QuickRepliesSection } from './quick-replies-section.js';
import { RetentionSection } from './retention-section.js';
import { RoomsSection } from './rooms-section.js';
import { SettingsSection } from './settings-section.js';
import { StaffSection } from './staff-section.js';
import { WebhooksSection } from './webhooks-section.js';
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

interface Tab {
  id: string;
  label: string;
  /** An administration path the section needs: the tab shows only where the server has it (404: not this version). */
  needs?: string;
  render: (p: SectionProps & { has: ReadonlySet<string> }) => ReactElement;
}

const TABS: readonly Tab[] = [
  { id: 'staff', label: 'Staff', render: (p) => <StaffSection {...p} /> },
  { id: 'rooms', label: 'Rooms', render: (p) => <RoomsSection {...p} /> },
  { id: 'settings', label: 'Desk settings', render: (p) => <SettingsSection {...p} /> },
  { id: 'quick-replies', label: 'Quick replies', needs: 'quick-replies/', render: (p) => <QuickRepliesSection {...p} /> },
  { id: 'analytics', label: 'Analytics', render: (p) => <AnalyticsView hotelSlug={p.me.hotel_slug} token={p.api.token} onExpired={p.onExpired} /> },
  { id: 'webhooks', label: 'Webhooks', needs: 'webhooks/', render: (p) => <WebhooksSection {...p} /> },
  { id: 'audit', label: 'Audit log', needs: 'audit/?limit=1', render: (p) => <AuditSection {...p} /> },
  { id: 'retention', label: 'Retention', needs: 'retention/', render: (p) => <RetentionSection {...p} /> },
];
/** Paths probed for sections inside a tab (desk hours in Desk settings, data requests in Retention). */
const EXTRA_PATHS = ['desk-day/settings/', 'stays/'];

const tabFromHash = (): string => window.location.hash.slice(1) || 'staff';

/** Which of the optional administration paths this server answers. */
function useAvailable(api: ConsoleApi): ReadonlySet<string> | null {
  const [has, setHas] = useState<ReadonlySet<string> | null>(null);
  useEffect(() => {
    let live = true;
    const paths = [...TABS.flatMap((t) => (t.needs ? [t.needs] : [])), ...EXTRA_PATHS];
    void Promise.all(
      paths.map((path) =>
        api.call('GET', path).then(
          () => path,
          (err: unknown) => (err instanceof ApiError && err.status === 404 ? null : path),
        ),
      ),
    ).then((found) => live && setHas(new Set(found.filter((p): p is string => p !== null))));
    return () => {
      live = false;
    };
  }, [api]);
  return has;
}

export function ManagerConsole({ token, me, onSignOut, onExpired }: Props) {
  const api = useMemo(() => new ConsoleApi(token, me.hotel_slug), [token, me.hotel_slug]);
  const has = useAvailable(api);
  const tabs = TABS.filter((t) => !t.needs || has?.has(t.needs));
  const [wanted, setTab] = useState<string>(tabFromHash);
  const tab = tabs.some((t) => t.id === wanted) ? wanted : 'staff';
  const refs = useRef(new Map<string, HTMLButtonElement>());

  const open = (id: string, focus = false): void => {
    setTab(id);
    history.replaceState(null, '', `#${id}`);
    if (focus) refs.current.get(id)?.focus();
  };
  const onKey = (e: KeyboardEvent): void => {
    // From the focused tab, not the state: two quick presses arrive before React renders again.
    const focused = e.target instanceof HTMLElement ? e.target.id.replace(/^tab-/, '') : tab;
    const i = tabs.findIndex((t) => t.id === focused);
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    open(tabs[(next + tabs.length) % tabs.length]!.id, true);
  };
  const current = tabs.find((t) => t.id === tab)!;

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
          {tabs.map((t) => (
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
          {current.render({ api, me, onExpired, has: has ?? new Set() })}
        </section>
      </main>
    </div>
  );
}
