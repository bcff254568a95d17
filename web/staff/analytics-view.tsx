// Handoff analytics for a hotel's managers: a window of days, the reports as charts (chart.js)
// and tables, and each table as a CSV download. `AnalyticsView` is what the manager's console
// mounts; /staff/analytics/ shows it on its own page (analyticsScreen, asked by app.tsx).
import { Chart, registerables, type ChartConfiguration } from 'chart.js';
import { useCallback, useEffect, useRef, useState, type ReactElement, type ReactNode } from 'react';
import type { Static } from 'typebox';
import type { AnalyticsReply } from '../../src/contract/schemas/analytics.js';
import { ApiError, errorText, request } from '../shared/api.js';
import type { Staff } from '../shared/contract.js';
import './analytics-view.css';

Chart.register(...registerables);

export type Analytics = Static<typeof AnalyticsReply>;
type CsvReport =
  | 'first-response-by-day' | 'first-response-by-staff' | 'handoffs' | 'reply-after-handoff'
  | 'orphaned-by-day' | 'orphaned-by-staff' | 'shift-changes' | 'staff-load';

export const ANALYTICS_PATH = '/staff/analytics/';

const query = (from: string, to: string): string => new URLSearchParams({ ...(from && { from }), ...(to && { to }) }).toString();

export function fetchAnalytics(token: string, hotel: string, from: string, to: string): Promise<Analytics> {
  return request<Analytics>(`/admin/${encodeURIComponent(hotel)}/analytics/?${query(from, to)}`, { token, timeoutMs: 60_000 });
}

/** Fetches one table as CSV (the bearer token rules out a plain link) and hands it to the browser as a download. */
export async function downloadCsv(token: string, hotel: string, report: CsvReport, from: string, to: string): Promise<void> {
  const res = await fetch(`/admin/${encodeURIComponent(hotel)}/analytics.csv?report=${report}&${query(from, to)}`, { headers: { Authorization: `Bearer ${token}` } });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: string; code?: string } | null;
    throw new ApiError(res.status, body?.code ?? `http_${res.status}`, body?.error ?? 'The export failed.');
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `${report}.csv`;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** 95 → "1 min 35 s", 4000 → "1 h 7 min"; null → "–". */
export function duration(seconds: number | null): string {
  if (seconds === null) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const m = Math.round(s / 60);
  return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
}

const minutes = (s: number | null): number | null => (s === null ? null : Math.round((s / 60) * 10) / 10);

function ChartCanvas({ label, config, empty = false }: { label: string; config: ChartConfiguration; empty?: boolean }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (empty || !ref.current) return undefined;
    const chart = new Chart(ref.current, config);
    return () => chart.destroy();
  }, [config, empty]);
  if (empty) return <p className="an-empty">Nothing in these days.</p>;
  return (
    <div className="an-chart">
      <canvas ref={ref} role="img" aria-label={label} />
    </div>
  );
}

function CsvButton({ onDownload, report, label }: { onDownload: (r: CsvReport) => void; report: CsvReport; label: string }) {
  return (
    <button type="button" className="btn btn-ghost btn-small an-csv" onClick={() => onDownload(report)} aria-label={`Download ${label} as CSV`}>
      CSV
    </button>
  );
}

function Section({ title, children, csv }: { title: string; children: ReactNode; csv?: ReactElement }) {
  return (
    <section className="an-card" aria-label={title}>
      <header className="an-card-head">
        <h2>{title}</h2>
        {csv}
      </header>
      {children}
    </section>
  );
}

const COLORS = { a: '#2f6fde', b: '#8a5a00', c: '#23794a', d: '#c53030' };
const common = { responsive: true, maintainAspectRatio: false, animation: false } as const;

function charts(a: Analytics) {
  const days = a.first_response.by_day;
  const firstResponse: ChartConfiguration = {
    type: 'line',
    data: {
      labels: days.map((d) => d.day),
      datasets: [
        { label: 'Median (min)', data: days.map((d) => minutes(d.p50_seconds)), borderColor: COLORS.a, backgroundColor: COLORS.a, spanGaps: true },
        { label: '90th percentile (min)', data: days.map((d) => minutes(d.p90_seconds)), borderColor: COLORS.b, backgroundColor: COLORS.b, spanGaps: true },
      ],
    },
    options: { ...common, scales: { y: { beginAtZero: true, title: { display: true, text: 'minutes' } } } },
  };
  const handoffs: ChartConfiguration = {
    type: 'bar',
    data: {
      labels: a.handoffs.distribution.map((d) => String(d.handoffs)),
      datasets: [{ label: 'Conversations', data: a.handoffs.distribution.map((d) => d.conversations), backgroundColor: COLORS.a }],
    },
    options: { ...common, scales: { x: { title: { display: true, text: 'handoffs in the conversation' } }, y: { beginAtZero: true, ticks: { precision: 0 } } } },
  };
  const orphans: ChartConfiguration = {
    type: 'bar',
    data: {
      labels: a.orphaned.by_day.map((d) => d.day),
      datasets: [
        { label: 'Released at clock-out', data: a.orphaned.by_day.map((d) => d.released), backgroundColor: COLORS.d },
        { label: 'Covered since', data: a.orphaned.by_day.map((d) => d.covered), backgroundColor: COLORS.c },
      ],
    },
    options: { ...common, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  };
  const backlog: ChartConfiguration = {
    type: 'line',
    data: {
      labels: a.shift_changes.map((c) => `${new Date(c.at).toLocaleString(undefined, { timeZone: a.time_zone, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })} ${c.on_duty ? 'in' : 'out'}`),
      datasets: [
        { label: 'Guests waiting', data: a.shift_changes.map((c) => c.waiting), borderColor: COLORS.a, backgroundColor: COLORS.a, stepped: true },
        { label: 'Needing cover', data: a.shift_changes.map((c) => c.needs_cover), borderColor: COLORS.d, backgroundColor: COLORS.d, stepped: true },
      ],
    },
    options: { ...common, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  };
  const load: ChartConfiguration = {
    type: 'bar',
    data: {
      labels: a.staff_load.map((s) => s.name),
      datasets: [
        { label: 'Messages', data: a.staff_load.map((s) => s.messages), backgroundColor: COLORS.a },
        { label: 'Conversations', data: a.staff_load.map((s) => s.conversations), backgroundColor: COLORS.c },
        { label: 'Handoffs received', data: a.staff_load.map((s) => s.handoffs_received), backgroundColor: COLORS.b },
      ],
    },
    options: { ...common, indexAxis: 'y', scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
  };
  return { firstResponse, handoffs, orphans, backlog, load };
}

function Tile({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="an-tile">
      <div className="an-tile-value">{value}</div>
      <div className="an-tile-label">{label}</div>
      {hint && <div className="an-tile-hint">{hint}</div>}
    </div>
  );
}

function Reports({ a, onDownload }: { a: Analytics; onDownload: (r: CsvReport) => void }) {
  const [c, setC] = useState(() => charts(a));
  useEffect(() => setC(charts(a)), [a]);
  const fr = a.first_response.overall;
  const rah = a.reply_after_handoff;
  const csv = (report: CsvReport, label: string) => <CsvButton onDownload={onDownload} report={report} label={label} />;
  return (
    <>
      <div className="an-tiles">
        <Tile label="First response, median" value={duration(fr.p50_seconds)} hint={`90 %: ${duration(fr.p90_seconds)} · ${fr.count} answered, ${fr.unanswered} not`} />
        <Tile label="Handoffs per conversation" value={a.handoffs.mean === null ? '–' : a.handoffs.mean.toFixed(2)} hint={`${a.handoffs.handoffs} in ${a.handoffs.conversations} conversations`} />
        <Tile label="Reply after a handoff, median" value={duration(rah.overall.p50_seconds)} hint={`${rah.overall.count} answered, ${rah.overall.unanswered} not`} />
        <Tile label="Left at clock-out" value={String(a.orphaned.released)} hint={`${a.orphaned.covered} covered · median wait ${duration(a.orphaned.wait.p50_seconds)}`} />
      </div>
      <div className="an-grid">
        <Section title="First-response time by day" csv={csv('first-response-by-day', 'first-response time by day')}>
          <ChartCanvas label="First-response time by day, median and 90th percentile in minutes" config={c.firstResponse} empty={a.first_response.by_day.length === 0} />
        </Section>
        <Section title="Handoffs per conversation" csv={csv('handoffs', 'handoffs per conversation')}>
          <ChartCanvas label="How many conversations changed hands how often" config={c.handoffs} empty={a.handoffs.conversations === 0} />
        </Section>
        <Section title="Left at clock-out, by day" csv={csv('orphaned-by-day', 'conversations left at clock-out by day')}>
          <ChartCanvas label="Conversations released at clock-out and covered since, by day" config={c.orphans} empty={a.orphaned.by_day.length === 0} />
        </Section>
        <Section title="Backlog at each shift change" csv={csv('shift-changes', 'backlog at shift changes')}>
          <ChartCanvas label="Guests waiting and conversations needing cover at each clock-in and clock-out" config={c.backlog} empty={a.shift_changes.length === 0} />
        </Section>
      </div>
      <Section title="First response by staff member" csv={csv('first-response-by-staff', 'first response by staff member')}>
        <div className="an-table-wrap"><table className="an-table">
          <thead><tr><th>Staff member</th><th>Replies</th><th>Median</th><th>90 %</th><th>Mean</th></tr></thead>
          <tbody>
            {a.first_response.by_staff.map((s) => (
              <tr key={s.staff_id}><td>{s.name}</td><td>{s.count}</td><td>{duration(s.p50_seconds)}</td><td>{duration(s.p90_seconds)}</td><td>{duration(s.mean_seconds)}</td></tr>
            ))}
          </tbody>
        </table></div>
      </Section>
      <Section title="Reply after a handoff" csv={csv('reply-after-handoff', 'reply after a handoff')}>
        <div className="an-table-wrap"><table className="an-table">
          <thead><tr><th>After</th><th>Answered</th><th>Not yet</th><th>Median</th><th>90 %</th><th>Mean</th></tr></thead>
          <tbody>
            {rah.by_kind.map((k) => (
              <tr key={k.kind}><td>{k.kind === 'released' ? 'a release' : 'a takeover'}</td><td>{k.count}</td><td>{k.unanswered}</td><td>{duration(k.p50_seconds)}</td><td>{duration(k.p90_seconds)}</td><td>{duration(k.mean_seconds)}</td></tr>
            ))}
          </tbody>
        </table></div>
      </Section>
      <Section title="Staff load" csv={csv('staff-load', 'staff load')}>
        <ChartCanvas label="Messages, conversations and handoffs received per staff member" config={c.load} empty={a.staff_load.length === 0} />
        <div className="an-table-wrap"><table className="an-table">
          <thead><tr><th>Staff member</th><th>Conversations</th><th>Messages</th><th>Handoffs received</th><th>Handoffs given</th><th>Alerts</th><th>Left at clock-out</th></tr></thead>
          <tbody>
            {a.staff_load.map((s) => (
              <tr key={s.staff_id} className={s.is_active ? undefined : 'an-inactive'}>
                <td>{s.name}{s.is_active ? '' : ' (deactivated)'}</td><td>{s.conversations}</td><td>{s.messages}</td><td>{s.handoffs_received}</td><td>{s.handoffs_given}</td><td>{s.alerts}</td>
                <td>{a.orphaned.by_staff.find((o) => o.staff_id === s.staff_id)?.released ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table></div>
        <p className="an-note">
          <CsvButton onDownload={onDownload} report="orphaned-by-staff" label="conversations left at clock-out by staff member" /> Left at clock-out, by staff member
        </p>
      </Section>
    </>
  );
}

export interface AnalyticsViewProps {
  hotelSlug: string;
  token: string;
  /** The token was refused (signed out elsewhere, deactivated). */
  onExpired?: () => void;
}

const dayOffset = (day: string, days: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The reports for one hotel: the console mounts this; the standalone page wraps it. */
export function AnalyticsView({ hotelSlug, token, onExpired }: AnalyticsViewProps) {
  const [range, setRange] = useState({ from: '', to: '' });
  const [draft, setDraft] = useState({ from: '', to: '' });
  const [data, setData] = useState<Analytics | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    const ctl = new AbortController();
    setLoading(true);
    setError(null);
    fetchAnalytics(token, hotelSlug, range.from, range.to).then((a) => {
      if (ctl.signal.aborted) return;
      setData(a);
      setDraft({ from: a.from, to: a.to });
      setLoading(false);
    }, (err: unknown) => {
      if (ctl.signal.aborted) return;
      if (err instanceof ApiError && err.status === 401) onExpired?.();
      setError(errorText(err));
      setLoading(false);
    });
    return () => ctl.abort();
  }, [token, hotelSlug, range, onExpired]);

  const onDownload = useCallback((report: CsvReport) => {
    downloadCsv(token, hotelSlug, report, data?.from ?? range.from, data?.to ?? range.to).catch((err: unknown) => setError(errorText(err)));
  }, [token, hotelSlug, data, range]);

  const preset = (days: number) => {
    const to = data?.to ?? draft.to;
    if (to) setRange({ from: dayOffset(to, -(days - 1)), to });
  };

  return (
    <div className="an-view">
      <form
        className="an-range"
        onSubmit={(e) => {
          e.preventDefault();
          setRange({ ...draft });
        }}
      >
        <label>
          From <input type="date" value={draft.from} max={draft.to || undefined} onChange={(e) => setDraft({ ...draft, from: e.target.value })} required />
        </label>
        <label>
          To <input type="date" value={draft.to} min={draft.from || undefined} onChange={(e) => setDraft({ ...draft, to: e.target.value })} required />
        </label>
        <button type="submit" className="btn btn-primary btn-small" disabled={loading}>Show</button>
        <span className="an-presets" role="group" aria-label="Quick ranges">
          {[7, 30, 90, 365].map((n) => (
            <button key={n} type="button" className="btn btn-ghost btn-small" onClick={() => preset(n)} disabled={loading}>{n} days</button>
          ))}
        </span>
        {data && <span className="an-zone">Days on the hotel&apos;s clock ({data.time_zone})</span>}
      </form>
      {error && <p className="an-error" role="alert">{error}</p>}
      {loading && !data && <p role="status">Loading the reports…</p>}
      {data && <div aria-busy={loading}><Reports a={data} onDownload={onDownload} /></div>}
    </div>
  );
}

interface AuthLike {
  kind: string;
  token?: string;
  staff?: Staff;
}

/** /staff/analytics/: the view on its own page, for a manager; anyone else goes back to the desk. */
export function analyticsScreen(auth: AuthLike, on: { expired: () => void }): ReactElement | null {
  if (auth.kind !== 'signed-in' || !auth.token || !auth.staff || !window.location.pathname.startsWith(ANALYTICS_PATH.slice(0, -1))) return null;
  if (!auth.staff.is_manager) {
    history.replaceState(null, '', '/staff/');
    return null;
  }
  return (
    <div className="an-page">
      <header className="an-page-head">
        <h1>Handoff analytics · {auth.staff.hotel_name}</h1>
        <a className="btn btn-ghost btn-small" href="/staff/">Back to the desk</a>
      </header>
      <AnalyticsView hotelSlug={auth.staff.hotel_slug} token={auth.token} onExpired={on.expired} />
    </div>
  );
}
