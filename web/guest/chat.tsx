import { Fragment, useEffect, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { Avatar } from '../shared/avatar.js';
import type { GuestSession, Message } from '../shared/contract.js';
import { usePageVisible } from '../shared/hooks.js';
import { MessageText } from '../shared/message-text.js';
import { DayDivider } from '../shared/day-divider.js';
import { clockTime, fullTime } from '../shared/time.js';
import { typingSentence, useTypingSender } from '../shared/typing.js';
import { useChatScroll } from '../shared/use-chat-scroll.js';
import { linkLabel } from '../shared/use-pusher.js';
import { ChatHeader } from './header.js';
import { PushOptIn } from './push-optin.js';
import { useGuestChat } from './use-guest-chat.js';
import type { GuestNotice } from './use-guest-chat.js';

function Ticks({ m }: { m: Message }) {
  const read = m.read_by_staff;
  return (
    <span className={`ticks ${read ? 'read' : ''}`} title={read ? `Read ${fullTime(m.staff_read_at)}` : 'Sent'}>
      <span aria-hidden="true">{read ? '✓✓' : '✓'}</span> {read ? 'Read' : 'Sent'}
    </span>
  );
}

function Item({ m }: { m: Message }) {
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
          <MessageText text={m.message} />
          <span className="gmeta">
            <time dateTime={m.timestamp}>{clockTime(m.timestamp)}</time> <Ticks m={m} />
          </span>
        </div>
      </li>
    );
  }
  const name = m.staff_info?.name ?? m.staff_display_name ?? m.staff_name ?? 'Hotel Staff';
  const role = m.staff_info?.role ?? m.staff_role_name ?? 'Staff';
  return (
    <li className="gmsg gmsg-staff" data-message-id={m.id}>
      <Avatar name={name} image={m.staff_info?.profile_image ?? null} size="sm" />
      <div>
        <p className="gsender">
          <span className="gsender-name">{name}</span> <span className="gsender-role">{role}</span>
        </p>
        <div className="gbubble">
          <MessageText text={m.message} />
          <span className="gmeta">
            <time dateTime={m.timestamp}>{clockTime(m.timestamp)}</time>
          </span>
        </div>
      </div>
    </li>
  );
}

export function GuestChat({ session, onLost }: { session: GuestSession; onLost: () => void }) {
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
    const base = 'Chat with the front desk';
    document.title = chat.unreadCount > 0 ? `(${chat.unreadCount}) ${base}` : base;
  }, [chat.unreadCount]);

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
      <ChatHeader handler={chat.handler} online={chat.online} hotel={session.hotel_name} room={session.room_number} connection={linkLabel(chat.link.state)} availability={chat.availability} />
      <PushOptIn session={session} />
      <div className="visually-hidden" aria-live="polite" aria-atomic="true">
        {chat.announcement}
      </div>
      {chat.error && chat.status === 'ready' && (
        <div className="error-banner" role="alert">
          {chat.error}
        </div>
      )}
      <main className="guest-messages" ref={ref} onScroll={onScroll} tabIndex={0} aria-label="Conversation with the front desk">
        {chat.status === 'loading' && (
          <div className="center-screen" role="status">
            <div className="spinner" aria-hidden="true" />
            <p>Loading messages…</p>
          </div>
        )}
        {chat.status === 'error' && (
          <div className="center-screen" role="alert">
            <p>{chat.error}</p>
            <button type="button" className="btn btn-primary" onClick={() => void chat.retryLoad()}>
              Try again
            </button>
          </div>
        )}
        {chat.status === 'ready' && (
          <>
            {chat.hasMore && (
              <div className="load-older">
                <button type="button" className="btn btn-ghost btn-small" onClick={() => void chat.loadOlder()} disabled={chat.loadingOlder}>
                  {chat.loadingOlder ? 'Loading…' : 'Earlier messages'}
                </button>
              </div>
            )}
            {messages.length === 0 && chat.pending.length === 0 && (
              <div className="welcome">
                <p className="welcome-title">Welcome! 👋</p>
                <p>Ask us anything — towels, late check-out, restaurant tips. A member of our team will reply here.</p>
              </div>
            )}
            <ol className="gmessages" aria-label="Messages" ref={contentRef}>
              {messages.map((m, i) => {
                const prev = messages[i - 1];
                return (
                  <Fragment key={m.id}>
                    <DayDivider previous={prev} message={m} />
                    <Item m={m} />
                    {after(m.id).map((n) => (
                      <li key={n.key} className="notice-line handoff-line">
                        {n.text}
                      </li>
                    ))}
                  </Fragment>
                );
              })}
              {orphan.map((n) => (
                <li key={n.key} className="notice-line handoff-line">
                  {n.text}
                </li>
              ))}
              {chat.pending.map((p) => (
                <li key={p.clientId} className="gmsg gmsg-mine pending">
                  <div className="gbubble">
                    <MessageText text={p.text} />
                    <span className="gmeta">
                      {p.failed ? (
                        <span role="alert">
                          Not sent.{' '}
                          <button type="button" className="link" onClick={() => void chat.send(p.text, p.clientId)}>
                            Retry
                          </button>{' '}
                          <button type="button" className="link" onClick={() => chat.discard(p.clientId)}>
                            Remove
                          </button>
                        </span>
                      ) : (
                        'Sending…'
                      )}
                    </span>
                  </div>
                </li>
              ))}
            </ol>
          </>
        )}
      </main>
      <p className="typing-line" aria-live="polite">
        {typingSentence(chat.staffTyping)}
      </p>
      <form className="guest-composer" onSubmit={submit}>
        <label htmlFor="guest-message" className="visually-hidden">
          Your message
        </label>
        <textarea
          id="guest-message"
          ref={box}
          rows={1}
          maxLength={4000}
          placeholder="Type a message…"
          value={draft}
          onChange={(e) => {
            setDraft(e.target.value);
            if (e.target.value.trim()) typing.onInput();
            else typing.stop();
          }}
          onKeyDown={onKey}
          onBlur={typing.stop}
        />
        <button type="submit" className="btn btn-primary send-button" disabled={draft.trim() === ''} aria-label="Send message">
          <span aria-hidden="true">➤</span>
          <span className="send-label">Send</span>
        </button>
      </form>
    </div>
  );
}
