// Outside desk hours the guest sees that the desk is closed, when it opens (on the hotel's clock,
// in the guest's language) and the emergency number. Asked again every minute and when the page
// becomes visible; nothing shows while the desk is open or the hotel keeps no hours.
import { useEffect, useState } from 'react';
import { getI18n, useTranslation } from 'react-i18next';
import { request } from '../shared/api.js';
import type { GuestSession } from '../shared/contract.js';
import type { DeskHoursReply } from '../../src/contract/desk-day-types.js';
import { ensureDeskDayStrings, NS } from './desk-day-strings.js';
import './desk-day.css';

const REFRESH_MS = 60_000;

export function openingTime(iso: string, language: string, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = { timeZone, weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  try {
    return new Intl.DateTimeFormat(language, options).format(new Date(iso));
  } catch {
    return new Intl.DateTimeFormat('en', options).format(new Date(iso));
  }
}

export function DeskHours({ session }: { session: GuestSession }) {
  ensureDeskDayStrings(getI18n());
  const { t, i18n } = useTranslation(NS);
  const [hours, setHours] = useState<DeskHoursReply | null>(null);

  useEffect(() => {
    let stopped = false;
    const load = () => {
      request<DeskHoursReply>(`/chat/${encodeURIComponent(session.hotel_slug)}/desk/hours/`, { token: session.session_token }).then(
        (h) => {
          if (!stopped) setHours(h);
        },
        // Not knowing the hours hides the notice; the chat works without it.
        () => undefined,
      );
    };
    load();
    const timer = setInterval(load, REFRESH_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') load();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stopped = true;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [session.hotel_slug, session.session_token]);

  if (!hours || !hours.hours_set || hours.open_now) return null;
  const language = i18n.resolvedLanguage ?? i18n.language;
  return (
    <aside className="desk-hours" aria-label={t('closed')} data-testid="desk-hours">
      <p className="desk-hours-closed">
        <span aria-hidden="true">🌙</span> {t('closed')}
      </p>
      {hours.opens_at && <p className="desk-hours-opens">{t('opens', { time: openingTime(hours.opens_at, language, hours.time_zone) })}</p>}
      {hours.emergency_number && (
        <p className="desk-hours-emergency">
          <a href={`tel:${hours.emergency_number.replace(/[^0-9+]/g, '')}`}>{t('emergency', { number: hours.emergency_number })}</a>
        </p>
      )}
    </aside>
  );
}
