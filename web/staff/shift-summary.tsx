// Clocking in: what the last shift left. Who waits (longest first), which conversations are held
// by someone no longer on duty, and the handoff notes they wrote.
import { useTranslation } from 'react-i18next';
import type { ConversationSummary, OnDutyMember } from '../shared/contract.js';
import { clockTime } from '../shared/time.js';
import { Dialog } from './dialog.js';
import { isWaiting } from './inbox-state.js';
import { waitedFor } from './queue-text.js';

interface Props {
  conversations: ConversationSummary[];
  roster: OnDutyMember[];
  now: number;
  onOpen: (id: number) => void;
  onClose: () => void;
}

export function ShiftSummary({ conversations, roster, now, onOpen, onClose }: Props) {
  const { t } = useTranslation();
  const onDuty = new Set(roster.map((s) => s.id));
  const waiting = conversations.filter(isWaiting).sort((a, b) => Date.parse(a.waiting_since ?? '') - Date.parse(b.waiting_since ?? ''));
  const heldOffDuty = conversations.filter((c) => c.current_handler && !onDuty.has(c.current_handler.id) && !c.resolved && c.last_message_time);
  const notes = conversations.filter((c) => c.handoff_note && c.needs_cover);
  const room = (c: ConversationSummary) => (
    <button type="button" className="link" onClick={() => onOpen(c.conversation_id)}>
      {t('shift.room', { room: c.room_number })}
    </button>
  );
  return (
    <Dialog title={t('shift.title')} titleId="shift-title" className="shift-summary" onClose={onClose}>
      <section aria-labelledby="shift-waiting">
        <h3 id="shift-waiting">{waiting.length === 0 ? t('shift.nobodyWaiting') : t('shift.waitingCount', { count: waiting.length })}</h3>
        <ul>
          {waiting.map((c) => (
            <li key={c.conversation_id}>
              {room(c)} · {c.guest_name || t('inbox.guest')} · {t('shift.waiting', { time: waitedFor(c.waiting_since, now) })}
            </li>
          ))}
        </ul>
      </section>
      {heldOffDuty.length > 0 && (
        <section aria-labelledby="shift-held">
          <h3 id="shift-held">{t('shift.heldOffDuty')}</h3>
          <ul>
            {heldOffDuty.map((c) => (
              <li key={c.conversation_id}>
                {room(c)} · {c.current_handler?.name}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="shift-notes">
        <h3 id="shift-notes">{notes.length === 0 ? t('shift.noNotes') : t('shift.notes')}</h3>
        <ul>
          {notes.map((c) => (
            <li key={c.conversation_id}>
              {room(c)} ·{' '}
              {t('shift.noteFrom', { name: c.handoff_note?.by?.name.split(' ')[0] ?? t('shift.colleague'), time: clockTime(c.handoff_note?.at), note: c.handoff_note?.note ?? '' })}
            </li>
          ))}
        </ul>
      </section>
      <div className="modal-actions">
        <button type="button" className="btn btn-primary" onClick={onClose} autoFocus>
          {t('shift.start')}
        </button>
      </div>
    </Dialog>
  );
}
