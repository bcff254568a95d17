// Desk alerts meant for me (`conversation-alert` on my own channel): nobody answered in time. Each
// stays on screen until opened or dismissed; a hidden tab also gets the chime and, if allowed, a
// desktop notification.
import { useCallback, useState } from 'react';
import type { DeskAlert } from '../shared/contract.js';
import { isDeskAlert } from '../shared/guards.js';
import { chime, desktopNotify } from './notify.js';
import { waitedSeconds } from './queue-text.js';

export function alertText(a: DeskAlert): string {
  const room = `Room ${String(a.room_number)}`;
  const waited = waitedSeconds(a.waited_seconds);
  const who = a.audience === 'manager' ? ' (escalated to the duty manager)' : a.audience === 'on-duty' ? ' (sent to everyone on duty)' : '';
  return a.kind === 'cover' ? `${room} needs cover: nobody has picked it up for ${waited}${who}` : `${room} has waited ${waited} for a reply${who}`;
}

export function useAlerts(myId: number, open: (id: number) => void) {
  const [alerts, setAlerts] = useState<DeskAlert[]>([]);
  const onAlert = useCallback(
    (data: unknown) => {
      if (!isDeskAlert(data) || !data.staff_ids.includes(myId)) return;
      const a = data;
      // One line per conversation: a later step of the ladder replaces the earlier one.
      setAlerts((prev) => [...prev.filter((p) => p.conversation_id !== a.conversation_id), a]);
      if (document.visibilityState !== 'visible') {
        chime();
        desktopNotify('Concierge · a guest is waiting', alertText(a), `alert-${String(a.conversation_id)}`, () => open(a.conversation_id));
      }
    },
    [myId, open],
  );
  const dismiss = useCallback((conversationId: number) => setAlerts((prev) => prev.filter((p) => p.conversation_id !== conversationId)), []);
  return { alerts, onAlert, dismiss };
}

export function AlertStack({ alerts, onOpen, onDismiss }: { alerts: DeskAlert[]; onOpen: (id: number) => void; onDismiss: (id: number) => void }) {
  return (
    <section className="desk-alerts" aria-label="Desk alerts">
      <div role="alert">
        {alerts.map((a) => (
          <p key={a.conversation_id} className={`desk-alert desk-alert-${a.kind}`}>
            <span aria-hidden="true">⏰</span> {alertText(a)}{' '}
            <button
              type="button"
              className="btn btn-small btn-primary"
              onClick={() => {
                onDismiss(a.conversation_id);
                onOpen(a.conversation_id);
              }}
            >
              Open room {String(a.room_number)}
            </button>{' '}
            <button type="button" className="btn btn-small btn-ghost" onClick={() => onDismiss(a.conversation_id)} aria-label={`Dismiss the alert for room ${String(a.room_number)}`}>
              Dismiss
            </button>
          </p>
        ))}
      </div>
    </section>
  );
}
