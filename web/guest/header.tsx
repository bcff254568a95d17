import { Avatar } from '../shared/avatar.js';
import type { StaffInfo } from '../shared/contract.js';

interface Props {
  handler: StaffInfo | null;
  online: boolean | null;
  room: string;
  connection: string | null;
}

/** The reference's guest header: who is helping, their role, and whether they are online. */
export function ChatHeader({ handler, online, room, connection }: Props) {
  const name = handler?.name ?? 'Hotel Staff';
  const role = handler ? handler.role : `Front desk · Room ${room}`;
  return (
    <header className="guest-header">
      <Avatar name={name} image={handler?.profile_image ?? null} size="lg" online={handler ? online === true : null} />
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
