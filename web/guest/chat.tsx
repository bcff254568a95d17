import { Fragment, useEffect, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Avatar } from '../shared/avatar.js';
import type { GuestSession, Message } from '../shared/contract.js';
import { usePageVisible } from '../shared/hooks.js';
import { MessageText } from '../shared/message-text.js';
import { useTypingSender } from '../shared/typing.js';
import { useChatScroll } from '../shared/use-chat-scroll.js';
import { useClock } from './guest-time.js';
import { isolate, lineText } from './handoff-lines.js';
import { ChatHeader } from './header.js';
import { DeskHours } from './desk-hours.js';
import { TranscriptButton } from './transcript-button.js';
import { PushOptIn } from './push-optin.js';
import { useGuestChat } from './use-guest-chat.js';
import { AttachButton, MessageAttachment } from '../shared/attachments.js';
import type { GuestNotice } from './use-guest-chat.js';

function typingSentence(names: string[], t: TFunction): string {
  if (names.length === 0) return '';
  if (names.length === 1) return t('typing.one', { name: isolate(names[0] ?? '') });
  if (names.length === 2) return t('typing.two', { a: isolate(names[0] ?? ''), b: isolate(names[1] ?? '') });
  return t('typing.many');
}

function Ticks({ m }: { m: Message }) {
  const { t } = useTranslation();
  const clock = useClock();
  const read = m.read_by_staff;
  return (
    <span className={`ticks ${read ? 'read' : ''}`} title={read ? t('chat.readAt', { time: clock.full(m.staff_read_at) }) : t('chat.sent')}>
      <span aria-hidden="true">{read ? '✓✓' : '✓'}</span> {read ? t('chat.read') : t('chat.sent')}
    </span>
  );
}

function Stamp({ iso }: { iso: string }) {
  const clock = useClock();
  return (
    <time dateTime={iso} title={clock.full(iso)}>
      {clock.time(iso)}
    </time>
  );
}

function DayDivider({ previous, message }: { previous: Message | undefined; message: Message }) {
  const clock = useClock();
  if (previous && clock.sameDay(previous.timestamp, message.timestamp)) return null;
  return (
    <li className="day-divider" aria-hidden="true">
      <span>{clock.day(message.timestamp)}</span>
    </li>
  );
}

function Item({ m }: { m: Message }) {
  const { t } = useTranslation();
  if (m.sender_type === 'system') {
    return (
      <li className="notice-line">
        <MessageText text={m.message} />
      </li>
    );
  }
  if (m.sender_type === 'guest') {
    return (
      <li className="gmsg gmsg-mine" data-message-id={m.id}>
        <div className="gbubble">
          <MessageAttachment m={m} />
          <MessageText text={m.message} />
          <span className="gmeta">
            <Stamp iso={m.timestamp} /> <Ticks m={m} />
          </span>
        </div>
      </li>
    );
  }
  const name = m.staff_info?.name ?? m.staff_display_name ?? m.staff_name ?? t('chat.staff');
  const role = m.staff_info?.role ?? m.staff_role_name ?? '';
  return (
    <li className="gmsg gmsg-staff" data-message-id={m.id}>
      <Avatar name={name} image={m.staff_info?.profile_image ?? null} size="sm" />
      <div>
        <p className="gsender">
          <span className="gsender-name">{name}</span> <span className="gsender-role">{role}</span>
        </p>
        <div className="gbubble">
          <MessageAttachment m={m} />
          <MessageText text={m.message} />
          <span className="gmeta">
            <Stamp iso={m.timestamp} />
          </span>
        </div>
      </div>
    </li>
  );
}

export function GuestChat({ session, onLost }: { session: GuestSession; onLost: () => void }) {
  const { t } = useTranslation();
  const clock = useClock();
  const visible = usePageVisible();
  const chat = useGuestChat(session, visible, onLost);
  const [draft, setDraft] = useState('');
  const box = useRef<HTMLTextAreaElement>(null);
  const typing = useTypingSender(chat.sendTyping);
  const { messages } = chat;
  const { ref, onScroll, contentRef } = useChatScroll({
    firstId: messages[0]?.id ?? 0,
    lastId: messages[messages.length - 1]?.id ?? 0,
    pin: chat.pending.length + chat.notices.length,
    onNearTop: chat.hasMore ? () => void chat.loadOlder() : undefined,
  });

  useEffect(() => {
    const base = t('chat.title');
    document.title = chat.unreadCount > 0 ? `(${chat.unreadCount}) ${base}` : base;
  }, [chat.unreadCount, t]);

  // After the PIN (or a reload into the chat) the guest's next move is to write.
  useEffect(() => {
    box.current?.focus();
  }, []);

  function submit(e?: FormEvent): void {
    e?.preventDefault();
    const text = draft.trim();
    if (!text) return;
    void chat.send(text);
    setDraft('');
    typing.stop();
    box.current?.focus();
  }

  function onKey(e: KeyboardEvent<HTMLTextAreaElement>): void {
    // On phones Enter makes a new line; on a keyboard, Enter sends and Shift+Enter breaks.
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing && window.matchMedia('(pointer: fine)').matches) {
      e.preventDefault();
      submit();
    }
  }

  const after = (id: number): GuestNotice[] => chat.notices.filter((n) => n.afterId === id);
  const known = new Set(messages.map((m) => m.id));
  const orphan = chat.notices.filter((n) => !known.has(n.afterId));

  return (
    <div className="guest-chat">
      <a className="skip-link" href="#guest-conversation">
        {t('skipToChat')}
      </a>
      <ChatHeader handler={chat.handler} online={chat.online} hotel={session.hotel_name} room={session.room_number} link={chat.link.state} availability={chat.availability} />
      <PushOptIn session={session} />
      <DeskHours session={session} />
      <TranscriptButton session={session} />
      <div className="visually-hidden" aria-live="polite" aria-atomic="true">
        {chat.announcement}
      </div>
      {chat.error && chat.status === 'ready' && (
        <div className="error-banner" role="alert">
          {chat.error}
        </div>
      )}
      <main id="guest-conversation" className="guest-messages" ref={ref} onScroll={onScroll} tabIndex={0} aria-label={t('chat.conversation')}>
        {chat.status === 'loading' && (
          <div className="center-screen" role="status">
            <div className="spinner" aria-hidden="true" />
            <p>{t('chat.loading')}</p>
          </div>
        )}
        {chat.status === 'error' && (
          <div className="center-screen" role="alert">
            <p>{chat.error}</p>
            <button type="button" className="btn btn-primary" onClick={() => void chat.retryLoad()}>
              {t('tryAgain')}
            </button>
          </div>
        )}
        {chat.status === 'ready' && (
          <>
            {chat.hasMore && (
              <div className="load-older">
                <button type="button" className="btn btn-ghost btn-small" onClick={() => void chat.loadOlder()} disabled={chat.loadingOlder}>
                  {chat.loadingOlder ? t('chat.loadingOlder') : t('chat.earlier')}
                </button>
              </div>
            )}
            {messages.length === 0 && chat.pending.length === 0 && (
              <div className="welcome">
                <p className="welcome-title">{t('chat.welcomeTitle')}</p>
                <p>{t('chat.welcomeBody')}</p>
              </div>
            )}
            <ol className="gmessages" aria-label={t('chat.messages')} ref={contentRef}>
              {messages.map((m, i) => {
                const prev = messages[i - 1];
                return (
                  <Fragment key={m.id}>
                    <DayDivider previous={prev} message={m} />
                    <Item m={m} />
                    {after(m.id).map((n) => (
                      <li key={n.key} className="notice-line handoff-line">
                        {lineText(n, t)}
                      </li>
                    ))}
                  </Fragment>
                );
              })}
              {orphan.map((n) => (
                <li key={n.key} className="notice-line handoff-line">
                  {lineText(n, t)}
                </li>
              ))}
              {chat.pending.map((p) => (
                <li key={p.clientId} className={`gmsg gmsg-mine pending ${p.failed ? 'failed' : ''}`}>
                  <div className="gbubble">
                    <MessageText text={p.text} />
                    <span className="gmeta">
                      {p.failed ? (
                        <span role="alert">
                          {t('chat.notSent')}{' '}
                          <button type="button" className="link" onClick={() => void chat.send(p.text, p.clientId)}>
                            {t('chat.retry')}
                          </button>{' '}
                          <button type="button" className="link" onClick={() => chat.discard(p.clientId)}>
                            {t('chat.remove')}
                          </button>
                        </span>
                      ) : (
                        t('chat.sending')
                      )}
                    </span>
                  </div>
                </li>
              ))}
            </ol>
            {messages.length > 0 && <p className="times-note">{t('chat.timesIn', { zone: clock.timeZone.replace(/_/g, ' ') })}</p>}
          </>
        )}
      </main>
      <p className="typing-line" aria-live="polite">
        {typingSentence(chat.staffTyping, t)}
      </p>
      <form className="guest-composer" onSubmit={submit}>
        <label htmlFor="guest-message" className="visually-hidden">
          {t('chat.yourMessage')}
        </label>
        <textarea
          id="guest-message"
          ref={box}
          rows={1}
          maxLength={4000}
          placeholder={t('chat.placeholder')}
          value={draft}
          onChange={(e) => {
            setDraft(e.target.value);
            if (e.target.value.trim()) typing.onInput();
            else typing.stop();
          }}
          onKeyDown={onKey}
          onBlur={typing.stop}
        />
        <AttachButton guest target={{ hotel: session.hotel_slug, conversationId: session.conversation_id, token: session.session_token }} />
        <button type="submit" className="btn btn-primary send-button" disabled={draft.trim() === ''} aria-label={t('chat.sendMessage')}>
          <span aria-hidden="true" className="send-arrow">
            ➤
          </span>
          <span className="send-label">{t('chat.send')}</span>
        </button>
      </form>
    </div>
  );
}
