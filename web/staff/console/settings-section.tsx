// Desk settings: how long the desk waits before each alert, and the hotel's time zone.
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { SectionProps } from './console.js';
import { DeskHoursForm } from './desk-hours-form.js';
import type { DeskSettings } from './console-api.js';
import { useLoad } from './use-load.js';

const FIELDS = [
  ['cover_alert_minutes', 'Nobody has taken a conversation', 'Everyone on duty is alerted after this many minutes, then the managers after as long again.'],
  ['reply_alert_minutes', 'A guest waits for a reply', 'The handler is alerted after this many minutes, then everyone on duty, then the managers.'],
  ['vip_reply_alert_minutes', 'A VIP guest waits for a reply', 'The same, sooner, for stays marked VIP.'],
] as const;

export function SettingsSection({ api, me, onExpired, has }: SectionProps & { has: ReadonlySet<string> }) {
  const settings = useLoad(() => api.deskSettings(), onExpired);
  const [form, setForm] = useState<DeskSettings | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (settings.data) setForm(settings.data);
  }, [settings.data]);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!form) return;
    setSaved(false);
    if (await settings.act(() => api.updateDeskSettings(form))) setSaved(true);
  };

  return (
    <>
      <div className="section-head">
        <h2>Desk settings</h2>
      </div>
      {settings.error && (
        <p className="form-error" role="alert">
          {settings.error}
        </p>
      )}
      {!form && !settings.error && <p role="status">Loading…</p>}
      {form && (
        <form className="settings-form" onSubmit={(e) => void submit(e)}>
          <fieldset>
            <legend>Alert times (minutes, 1–240)</legend>
            {FIELDS.map(([key, label, help]) => (
              <label key={key} className="field">
                {label}
                <input
                  type="number"
                  min={1}
                  max={240}
                  required
                  aria-describedby={`${key}-help`}
                  value={form[key]}
                  onChange={(e) => setForm({ ...form, [key]: Number(e.target.value) })}
                />
                <small id={`${key}-help`} className="field-help">
                  {help}
                </small>
              </label>
            ))}
          </fieldset>
          <label className="field">
            Time zone of the hotel
            <input required value={form.time_zone} spellCheck={false} aria-describedby="tz-help" onChange={(e) => setForm({ ...form, time_zone: e.target.value })} />
            <small id="tz-help" className="field-help">
              An IANA name, such as Europe/Berlin or America/New_York.
            </small>
          </label>
          <div className="modal-actions">
            <span role="status" className="saved">
              {saved ? 'Saved.' : ''}
            </span>
            <button type="submit" className="btn btn-primary" disabled={settings.busy}>
              Save
            </button>
          </div>
        </form>
      )}
      {has.has('desk-day/settings/') && <DeskHoursForm api={api} me={me} onExpired={onExpired} />}
    </>
  );
}
