import { Avatar } from '../shared/avatar.js';
import type { AvailabilityReply, StaffInfo } from '../shared/contract.js';

interface Props {
  /** Who is helping; null while nobody is (before anyone opened the chat, or after a release). */
  handler: StaffInfo | null;
  online: boolean | null;
  hotel: string;
  room: number;
  connection: string | null;
  availability: AvailabilityReply | null;
}

/** With nobody handling and nobody on duty, what the guest can expect (from the desk's reply times). */
export function deskExpectation(a: AvailabilityReply | null): string | null {
  if (!a || a.on_duty_count > 0) return null;
  if (a.typical_reply_minutes === null) return 'Nobody is at the desk right now — we will reply as soon as someone is back';
  const n = a.typical_reply_minutes;
  return `We usually reply within ~${String(n)} ${n === 1 ? 'minute' : 'minutes'}`;
}

/** The reference's guest header: who is helping, their role, and whether they are online. */
export function ChatHeader({ handler, online, hotel, room, connection, availability }: Props) {
  const name = handler?.name ?? 'Front desk team';
  const expectation = handler ? null : deskExpectation(availability);
  const role = handler ? handler.role : (expectation ?? `${hotel} · Room ${String(room)}`);
  return (
    <header className="guest-header">
      <Avatar name={handler ? name : 'Front Desk'} image={handler?.profile_image ?? null} size="lg" online={handler ? online === true : null} />
      <div className="guest-header-text">
        <h1 className="handler-name">
          {name}
          {expectation && <span className="visually-hidden"> —</span>}
        </h1>
        <p className="handler-role">{role}</p>
        {handler && online !== null && (
          <p className={`handler-status ${online ? 'on' : 'off'}`}>
            <span className="status-dot" aria-hidden="true" /> {online ? 'Online' : 'Away'}
          </p>
        )}
      </div>
      {connection && (
        <p className="guest-connection" role="status">
          {connection}
        </p>
      )}
    </header>
  );
}
