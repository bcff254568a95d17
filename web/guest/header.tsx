import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Avatar } from '../shared/avatar.js';
import type { AvailabilityReply, StaffInfo } from '../shared/contract.js';
import type { LinkState } from '../shared/use-pusher.js';
import { isolate } from './handoff-lines.js';
import { LanguagePicker } from './language-picker.js';

interface Props {
  /** Who is helping; null while nobody is (before anyone opened the chat, or after a release). */
  handler: StaffInfo | null;
  online: boolean | null;
  hotel: string;
  room: number;
  link: LinkState;
  availability: AvailabilityReply | null;
}

/** With nobody handling and nobody on duty, what the guest can expect (from the desk's reply times). */
export function deskExpectation(a: AvailabilityReply | null, t: TFunction): string | null {
  if (!a || a.on_duty_count > 0) return null;
  if (a.typical_reply_minutes === null) return t('header.nobody');
  return t('header.replyWithin', { count: a.typical_reply_minutes });
}

/** The guest's own connection, when it is not simply up. */
export function connectionText(state: LinkState, t: TFunction): string | null {
  switch (state) {
    case 'connected':
      return null;
    case 'initialized':
    case 'connecting':
      return t('header.connecting');
    case 'unavailable':
    case 'config-error':
      return t('header.lost');
    case 'failed':
      return t('header.unsupported');
    case 'disconnected':
      return t('header.disconnected');
  }
}

/** The reference's guest header: who is helping, their role, and whether they are online. */
export function ChatHeader({ handler, online, hotel, room, link, availability }: Props) {
  const { t } = useTranslation();
  const name = handler?.name ?? t('header.team');
  const expectation = handler ? null : deskExpectation(availability, t);
  const place = t('header.place', { hotel: isolate(hotel), room });
  const role = handler ? handler.role : (expectation ?? place);
  const connection = connectionText(link, t);
  // While our own connection is down we do not know whether the handler is online: say nothing.
  const presence = connection === null ? online : null;
  return (
    <>
      <header className="guest-header">
        <Avatar name={handler ? name : 'Front Desk'} image={handler?.profile_image ?? null} size="lg" online={handler && presence !== null ? presence : null} />
        <div className="guest-header-text">
          <h1 className="handler-name">
            {name}
            {expectation && <span className="visually-hidden"> —</span>}
          </h1>
          <p className="handler-role">{role}</p>
          {handler && presence !== null && (
            <p className={`handler-status ${presence ? 'on' : 'off'}`}>
              <span className="status-dot" aria-hidden="true" /> {presence ? t('header.online') : t('header.away')}
            </p>
          )}
          {handler && <p className="handler-hotel">{place}</p>}
        </div>
        <LanguagePicker tone="dark" />
      </header>
      {connection && (
        <p className="guest-connection" role="status">
          {connection}
        </p>
      )}
    </>
  );
}
