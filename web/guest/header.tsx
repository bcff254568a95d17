import { Avatar } from '../shared/avatar.js';
import type { StaffInfo } from '../shared/contract.js';

interface Props {
  /** Who is helping; null while nobody is (before anyone opened the chat, or after a release). */
  handler: StaffInfo | null;
  online: boolean | null;
  hotel: string;
  room: number;
  connection: string | null;
}

/** The reference's guest header: who is helping, their role, and whether they are online. */
export function ChatHeader({ handler, online, hotel, room, connection }: Props) {
  const name = handler?.name ?? 'Front desk team';
  const role = handler ? handler.role : `${hotel} · Room ${String(room)}`;
  return (
    <header className="guest-header">
      <Avatar name={handler ? name : 'Front Desk'} image={handler?.profile_image ?? null} size="lg" online={handler ? online === true : null} />
      <div className="guest-header-text">
        <h1 className="handler-name">{name}</h1>
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
