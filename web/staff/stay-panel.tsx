// The stay beside the chat: who the guest is, when they arrived and leave ("arrived Monday ·
// departs tomorrow" on the hotel's calendar), their language, VIP and the staff's note. One line
// while reading; "Edit stay" opens the form. Staff only: the guest app never asks for it.
import { useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { errorText } from '../shared/api.js';
import type { StayPanel as Stay, StayPatch } from '../../src/contract/desk-day-types.js';
import type { DeskDayApi } from './desk-day-api.js';
import './desk-day.css';

const DAY = 86_400_000;

/** 'today', 'tomorrow', 'Monday' (within a week), else '3 Dec'; dates are 'YYYY-MM-DD' of the hotel's calendar. */
export function dayWord(date: string, today: string): string {
  const diff = Math.round((Date.parse(date) - Date.parse(today)) / DAY);
  if (diff === 0) return 'today';
  if (diff === 1) return 'tomorrow';
  if (diff === -1) return 'yesterday';
  const d = new Date(`${date}T12:00:00Z`);
  if (Math.abs(diff) < 7) return new Intl.DateTimeFormat('en', { weekday: 'long', timeZone: 'UTC' }).format(d);
  return new Intl.DateTimeFormat('en', { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(d);
}

/** The hotel-calendar date of an instant. */
export function hotelDate(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
}

export function stayLine(s: Stay): string {
  const parts = [`Arrived ${dayWord(hotelDate(s.checked_in_at, s.time_zone), s.today)}`];
  if (s.checked_out_at) parts.push(`checked out ${dayWord(hotelDate(s.checked_out_at, s.time_zone), s.today)}`);
  else if (s.expected_departure) parts.push(s.expected_departure < s.today ? `was due to depart ${dayWord(s.expected_departure, s.today)}` : `departs ${dayWord(s.expected_departure, s.today)}`);
  return parts.join(' · ');
}

export function StayPanel({ api, conversationId }: { api: DeskDayApi; conversationId: number }) {
  const [stay, setStay] = useState<Stay | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form, setForm] = useState({ guest_name: '', expected_departure: '', language: '', vip: false, note: '' });
  const id = useId();

  useEffect(() => {
    let stopped = false;
    api.stay(conversationId).then(
      (s) => {
        if (!stopped) setStay(s);
      },
      (err: unknown) => {
        if (!stopped) setError(`The stay could not be loaded: ${errorText(err)}`);
      },
    );
    return () => {
      stopped = true;
    };
  }, [api, conversationId]);

  function edit(): void {
    if (!stay) return;
    setForm({ guest_name: stay.guest_name, expected_departure: stay.expected_departure ?? '', language: stay.language ?? '', vip: stay.vip, note: stay.note ?? '' });
    setError(null);
    setEditing(true);
  }

  async function save(e: FormEvent): Promise<void> {
    e.preventDefault();
    setSaving(true);
    setError(null);
    const patch: StayPatch = {
      guest_name: form.guest_name,
      expected_departure: form.expected_departure === '' ? null : form.expected_departure,
      language: form.language.trim() === '' ? null : form.language.trim(),
      vip: form.vip,
      note: form.note,
    };
    try {
      setStay(await api.updateStay(conversationId, patch));
      setEditing(false);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setSaving(false);
    }
  }

  if (!stay) return error ? <p className="stay-panel stay-error" role="alert">{error}</p> : null;
  return (
    <aside className="stay-panel" aria-label="Stay" data-testid="stay-panel">
      <div className="stay-summary">
        <span className="stay-name">{stay.guest_name}</span>
        {stay.vip && <span className="stay-vip">VIP</span>}
        <span className="stay-dates">{stayLine(stay)}</span>
        {stay.language && <span className="stay-lang" title="The guest's language">{stay.language}</span>}
        {!editing && stay.note && <span className="stay-note">{stay.note}</span>}
        {!stay.checked_out_at && (
          <button type="button" className="btn btn-ghost btn-small stay-edit" aria-expanded={editing} aria-controls={`${id}-form`} onClick={() => (editing ? setEditing(false) : edit())}>
            {editing ? 'Close' : 'Edit stay'}
          </button>
        )}
      </div>
      {editing && (
        <form id={`${id}-form`} className="stay-form" onSubmit={(e) => void save(e)}>
          <label>
            Guest name
            <input value={form.guest_name} maxLength={120} required onChange={(e) => setForm({ ...form, guest_name: e.target.value })} />
          </label>
          <label>
            Departs
            <input type="date" value={form.expected_departure} onChange={(e) => setForm({ ...form, expected_departure: e.target.value })} />
          </label>
          <label>
            Language
            <input value={form.language} maxLength={35} placeholder="e.g. de, fr, pt-BR" onChange={(e) => setForm({ ...form, language: e.target.value })} />
          </label>
          <label className="stay-check">
            <input type="checkbox" checked={form.vip} onChange={(e) => setForm({ ...form, vip: e.target.checked })} /> VIP
          </label>
          <label className="stay-note-field">
            Note for staff (never shown to the guest)
            <textarea rows={2} maxLength={2000} value={form.note} onChange={(e) => setForm({ ...form, note: e.target.value })} />
          </label>
          <div className="stay-actions">
            <button type="submit" className="btn btn-primary btn-small" disabled={saving}>
              {saving ? 'Saving…' : 'Save stay'}
            </button>
            <button type="button" className="btn btn-ghost btn-small" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
          {error && <p className="stay-error" role="alert">{error}</p>}
        </form>
      )}
    </aside>
  );
}
