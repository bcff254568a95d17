import { Fragment } from 'react';
import { MessageAttachment } from '../shared/attachments.js';
import { Avatar } from '../shared/avatar.js';
import type { Message } from '../shared/contract.js';
import { MessageText } from '../shared/message-text.js';
import { DayDivider } from '../shared/day-divider.js';
import { clockTime, fullTime } from '../shared/time.js';
import { useChatScroll } from '../shared/use-chat-scroll.js';
import type { Notice } from './notices.js';
import type { Pending } from '../shared/use-timeline.js';

interface Props {
  messages: Message[];
  pending: Pending[];
  notices: Notice[];
  meId: number;
  guestName: string;
  hasMore: boolean;
  loadingOlder: boolean;
  highlight: Set<number>;
  onLoadOlder: () => void;
  onRetry: (p: Pending) => void;
  onDiscard: (clientId: string) => void;
}

function Receipt({ m }: { m: Message }) {
  const read = m.read_by_guest || m.status === 'read';
  return (
    <span className={`receipt ${read ? 'read' : ''}`} title={read ? `Read by guest ${fullTime(m.guest_read_at)}` : 'Delivered'}>
      <span aria-hidden="true">{read ? '✓✓' : '✓'}</span> {read ? 'Read' : 'Delivered'}
    </span>
  );
}

function Bubble({ m, meId, guestName, highlighted }: { m: Message; meId: number; guestName: string; highlighted: boolean }) {
  if (m.sender_type === 'system') {
    return (
      <li className="notice-line" data-message-id={m.id}>
        <MessageText text={m.message} />
      </li>
    );
  }
  const staff = m.sender_type === 'staff';
  const name = staff ? (m.staff_info?.name ?? m.staff_display_name ?? m.staff_name ?? 'Hotel Staff') : (m.guest_name || guestName);
  const role = staff ? (m.staff_info?.role ?? m.staff_role_name ?? 'Staff') : 'Guest';
  const mine = staff && m.staff === meId;
  return (
    <li className={`msg ${staff ? 'msg-staff' : 'msg-guest'} ${mine ? 'msg-mine' : ''} ${highlighted ? 'msg-highlight' : ''}`} data-message-id={m.id}>
      <Avatar name={name} image={staff ? m.staff_info?.profile_image : null} size="sm" />
      <div className="msg-body">
        <div className="msg-meta">
          <span className="msg-author">{mine ? `${name} (you)` : name}</span>
          <span className="msg-role">{role}</span>
          <time dateTime={m.timestamp} title={fullTime(m.timestamp)}>
            {clockTime(m.timestamp)}
          </time>
        </div>
        <div className="bubble">
          <MessageAttachment m={m} />
          <MessageText text={m.message} />
        </div>
        {staff && <Receipt m={m} />}
      </div>
    </li>
  );
}

export function MessageList(props: Props) {
  const { messages, pending, notices, meId, hasMore, loadingOlder, onLoadOlder } = props;
  const first = messages[0];
  const last = messages[messages.length - 1];
  const { ref, onScroll, contentRef } = useChatScroll({
    firstId: first?.id ?? 0,
    lastId: last?.id ?? 0,
    pin: pending.length,
    onNearTop: hasMore ? onLoadOlder : undefined,
  });
  const noticesAfter = (id: number): Notice[] => notices.filter((n) => n.afterId === id);
  const knownIds = new Set(messages.map((m) => m.id));
  const leading = notices.filter((n) => !knownIds.has(n.afterId) && (first === undefined || n.afterId < first.id || n.afterId === 0));
  const trailing = notices.filter((n) => !knownIds.has(n.afterId) && first !== undefined && n.afterId > first.id);

  return (
    <div className="messages" ref={ref} onScroll={onScroll} role="log" aria-label="Messages" aria-live="polite" tabIndex={0}>
      {hasMore && (
        <div className="load-older">
          <button type="button" className="btn btn-ghost btn-small" onClick={onLoadOlder} disabled={loadingOlder}>
            {loadingOlder ? 'Loading…' : 'Load earlier messages'}
          </button>
        </div>
      )}
      {messages.length === 0 && pending.length === 0 && <p className="empty-note">No messages yet. Say hello to the guest.</p>}
      <ol className="message-items" ref={contentRef}>
        {leading.map((n) => (
          <li key={n.key} className={`notice-line tone-${n.tone}`}>
            <span aria-hidden="true">ℹ</span> {n.text}
          </li>
        ))}
        {messages.map((m, i) => {
          const prev = messages[i - 1];
          return (
            <Fragment key={m.id}>
              <DayDivider previous={prev} message={m} />
              <Bubble m={m} meId={meId} guestName={props.guestName} highlighted={props.highlight.has(m.id)} />
              {noticesAfter(m.id).map((n) => (
                <li key={n.key} className={`notice-line tone-${n.tone}`}>
                  <span aria-hidden="true">ℹ</span> {n.text}
                </li>
              ))}
            </Fragment>
          );
        })}
        {trailing.map((n) => (
          <li key={n.key} className={`notice-line tone-${n.tone}`}>
            <span aria-hidden="true">ℹ</span> {n.text}
          </li>
        ))}
        {pending.map((p) => (
          <li key={p.clientId} className="msg msg-staff msg-mine msg-pending">
            <div className="msg-body">
              <div className="bubble">
                <MessageText text={p.text} />
              </div>
              {p.failed ? (
                <span className="receipt failed" role="alert">
                  Not sent.{' '}
                  <button type="button" className="link" onClick={() => props.onRetry(p)}>
                    Retry
                  </button>{' '}
                  <button type="button" className="link" onClick={() => props.onDiscard(p.clientId)}>
                    Discard
                  </button>
                </span>
              ) : (
                <span className="receipt">Sending…</span>
              )}
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
