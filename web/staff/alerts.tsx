// Desk alerts meant for me (`conversation-alert` on my own channel): nobody answered in time. Each
// stays on screen until opened or dismissed; a hidden tab also gets the chime and, if allowed, a
// desktop notification.
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { DeskAlert } from '../shared/contract.js';
import { isDeskAlert } from '../shared/guards.js';
import { chime, desktopNotify } from './notify.js';
import { waitedSeconds } from './queue-text.js';

export function alertText(a: DeskAlert, t: TFunction): string {
  const room = t('alerts.room', { room: a.room_number });
  const waited = waitedSeconds(a.waited_seconds);
  const who = a.audience === 'manager' ? t('alerts.toManager') : a.audience === 'on-duty' ? t('alerts.toOnDuty') : '';
  return a.kind === 'cover' ? t('alerts.cover', { room, waited, who }) : t('alerts.reply', { room, waited, who });
}

export function useAlerts(myId: number, open: (id: number) => void) {
  const { t } = useTranslation();
  const [alerts, setAlerts] = useState<DeskAlert[]>([]);
  const onAlert = useCallback(
    (data: unknown) => {
      if (!isDeskAlert(data) || !data.staff_ids.includes(myId)) return;
      const a = data;
      // One line per conversation: a later step of the ladder replaces the earlier one.
      setAlerts((prev) => [...prev.filter((p) => p.conversation_id !== a.conversation_id), a]);
      if (document.visibilityState !== 'visible') {
        chime();
        desktopNotify(t('alerts.notifyTitle'), alertText(a, t), `alert-${String(a.conversation_id)}`, () => open(a.conversation_id));
      }
    },
    [myId, open, t],
  );
  const dismiss = useCallback((conversationId: number) => setAlerts((prev) => prev.filter((p) => p.conversation_id !== conversationId)), []);
  return { alerts, onAlert, dismiss };
}

export function AlertStack({ alerts, onOpen, onDismiss }: { alerts: DeskAlert[]; onOpen: (id: number) => void; onDismiss: (id: number) => void }) {
  const { t } = useTranslation();
  return (
    <section className="desk-alerts" aria-label={t('alerts.label')}>
      <div role="alert">
        {alerts.map((a) => (
          <p key={a.conversation_id} className={`desk-alert desk-alert-${a.kind}`}>
            <span aria-hidden="true">⏰</span> {alertText(a, t)}{' '}
            <button
              type="button"
              className="btn btn-small btn-primary"
              onClick={() => {
                onDismiss(a.conversation_id);
                onOpen(a.conversation_id);
              }}
            >
              {t('alerts.open', { room: a.room_number })}
            </button>{' '}
            <button type="button" className="btn btn-small btn-ghost" onClick={() => onDismiss(a.conversation_id)} aria-label={t('alerts.dismissLabel', { room: a.room_number })}>
              {t('alerts.dismiss')}
            </button>
          </p>
        ))}
      </div>
    </section>
  );
}
