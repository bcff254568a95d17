// Desk hours and the automatic reply outside them (the desk-day settings routes): per weekday on
// the hotel's clock, closed days, the emergency number, and the reply in the default language.
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { SectionProps } from './console.js';
import { useLoad } from './use-load.js';

const DAYS = [
  ['mon', 'Monday'], ['tue', 'Tuesday'], ['wed', 'Wednesday'], ['thu', 'Thursday'], ['fri', 'Friday'], ['sat', 'Saturday'], ['sun', 'Sunday'],
] as const;
type Day = (typeof DAYS)[number][0];
type Hours = Partial<Record<Day, { opens: string; closes: string } | null>>;

interface DeskDay {
  default_language: string;
  desk_hours: Hours | null;
  after_hours_texts: Record<string, string>;
  emergency_number: string | null;
}

export function DeskHoursForm({ api, onExpired }: SectionProps) {
  const settings = useLoad(() => api.call<DeskDay>('GET', 'desk-day/settings/'), onExpired);
  const [keep, setKeep] = useState(false);
  const [hours, setHours] = useState<Hours>({});
  const [emergency, setEmergency] = useState('');
  const [reply, setReply] = useState('');
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    const s = settings.data;
    if (!s) return;
    setKeep(s.desk_hours !== null);
    setHours(s.desk_hours ?? Object.fromEntries(DAYS.map(([d]) => [d, { opens: '07:00', closes: '23:00' }])));
    setEmergency(s.emergency_number ?? '');
    setReply(s.after_hours_texts[s.default_language] ?? '');
  }, [settings.data]);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const s = settings.data;
    if (!s) return;
    setSaved(false);
    const texts = { ...s.after_hours_texts };
    if (reply.trim()) texts[s.default_language] = reply;
    else delete texts[s.default_language];
    const body = { desk_hours: keep ? hours : null, emergency_number: emergency.trim() || null, after_hours_texts: texts };
    if (await settings.act(() => api.call('PATCH', 'desk-day/settings/', body))) setSaved(true);
  };

  if (!settings.data) {
    return settings.error ? (
      <p className="form-error" role="alert">
        {settings.error}
      </p>
    ) : null;
  }
  return (
    <form className="settings-form" onSubmit={(e) => void submit(e)} aria-labelledby="desk-hours-title">
      <h3 id="desk-hours-title">Desk hours</h3>
      {settings.error && (
        <p className="form-error" role="alert">
          {settings.error}
        </p>
      )}
      <label className="check">
        <input type="checkbox" checked={keep} onChange={(e) => setKeep(e.target.checked)} /> The desk keeps hours (outside them guests get an automatic reply)
      </label>
      {keep && (
        <table className="console-table hours-table">
          <tbody>
            {DAYS.map(([d, label]) => {
              const h = hours[d] ?? null;
              return (
                <tr key={d}>
                  <th scope="row">{label}</th>
                  <td>
                    <label className="check">
                      <input type="checkbox" checked={h !== null} onChange={(e) => setHours({ ...hours, [d]: e.target.checked ? { opens: '07:00', closes: '23:00' } : null })} /> Open
                    </label>
                  </td>
                  <td>
                    {h && (
                      <span className="hours">
                        <input type="time" aria-label={`${label} opens`} value={h.opens} onChange={(e) => setHours({ ...hours, [d]: { ...h, opens: e.target.value } })} />
                        –
                        <input type="time" aria-label={`${label} closes`} value={h.closes === '24:00' ? '23:59' : h.closes} onChange={(e) => setHours({ ...hours, [d]: { ...h, closes: e.target.value === '23:59' ? '24:00' : e.target.value } })} />
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <label className="field">
        Emergency number (told to guests while the desk is closed)
        <input maxLength={40} value={emergency} onChange={(e) => setEmergency(e.target.value)} />
      </label>
      <label className="field">
        Automatic reply outside desk hours ({settings.data.default_language})
        <textarea rows={3} maxLength={1000} value={reply} placeholder="Empty: the built-in text" onChange={(e) => setReply(e.target.value)} />
      </label>
      <div className="modal-actions">
        <span role="status" className="saved">
          {saved ? 'Saved.' : ''}
        </span>
        <button type="submit" className="btn btn-primary" disabled={settings.busy}>
          Save desk hours
        </button>
      </div>
    </form>
  );
}
