import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from '../shared/api.js';
import type { Message, Staff } from '../shared/contract.js';
import { useNow, usePageVisible } from '../shared/hooks.js';
import { linkLabel, usePusher } from '../shared/use-pusher.js';
import { ConversationView } from './conversation-view.js';
import { filterInbox } from './inbox-state.js';
import type { InboxFilter } from './inbox-state.js';
import { InboxSidebar } from './inbox.js';
import { chime, desktopNotify, unlockAudio } from './notify.js';
import { me as fetchMe, StaffApi } from './staff-api.js';
import { TopBar } from './top-bar.js';
import { useInbox } from './use-inbox.js';
import { useTeam } from './use-team.js';

interface Props {
  token: string;
  me: Staff;
  onSignOut: () => void;
  onExpired: () => void;
}

function idFromPath(): number | null {
  const match = /^\/staff\/conversations\/(\d+)\/?$/.exec(location.pathname);
  return match ? Number(match[1]) : null;
}

export function Dashboard({ token, me, onSignOut, onExpired }: Props) {
  const api = useMemo(() => new StaffApi(token, me.hotel_slug), [token, me.hotel_slug]);
  const link = usePusher(token);
  const visible = usePageVisible();
  const now = useNow();
  const [openId, setOpenId] = useState<number | null>(idFromPath);
  const [myTyping, setMyTyping] = useState(false);
  const [filter, setFilter] = useState<InboxFilter>('all');
  const [query, setQuery] = useState('');
  const team = useTeam(link.client, me.hotel_slug, me, openId, myTyping);

  const openRef = useRef(openId);
  openRef.current = openId;
  const open = useCallback((id: number | null) => {
    setOpenId(id);
    setMyTyping(false);
    const path = id === null ? '/staff/' : `/staff/conversations/${id}`;
    if (location.pathname !== path) history.pushState(null, '', path);
  }, []);
  useEffect(() => {
    const onPop = (): void => setOpenId(idFromPath());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  // The first click or key press lets the chime play later, even from a background tab.
  useEffect(() => {
    const unlock = (): void => {
      unlockAudio();
      window.removeEventListener('pointerdown', unlock);
      window.removeEventListener('keydown', unlock);
    };
    window.addEventListener('pointerdown', unlock);
    window.addEventListener('keydown', unlock);
    return () => {
      window.removeEventListener('pointerdown', unlock);
      window.removeEventListener('keydown', unlock);
    };
  }, []);

  const onGuestMessage = useCallback(
    (m: Message) => {
      if (document.visibilityState === 'visible') return;
      chime();
      desktopNotify(`Room ${String(m.room_number)} · ${m.guest_name || 'Guest'}`, m.message, `conversation-${m.conversation}`, () => open(m.conversation));
    },
    [open],
  );

  const inbox = useInbox({
    api,
    client: link.client,
    myId: me.id,
    reconnects: link.reconnects,
    isBeingRead: (id) => openRef.current === id && document.visibilityState === 'visible',
    onGuestMessage,
    onExpired,
  });

  // The server closed the socket for good (e.g. the account was deactivated): is the token still
  // good? If so, start a new connection; if not, back to the sign-in form.
  const { restart } = link;
  useEffect(() => {
    if (link.state !== 'disconnected') return;
    let cancelled = false;
    fetchMe(token)
      .then(() => {
        if (!cancelled) restart();
      })
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 401) onExpired();
        else if (!cancelled) restart();
      });
    return () => {
      cancelled = true;
    };
  }, [link.state, token, restart, onExpired]);

  const unread = inbox.conversations.filter((c) => c.has_unread).length;
  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) Concierge · Staff` : 'Concierge · Staff';
  }, [unread]);

  const shown = filterInbox(inbox.conversations, filter, query, me.id);
  const summary = inbox.conversations.find((c) => c.conversation_id === openId) ?? null;
  const banner = linkLabel(link.state);

  return (
    <div className={`app-shell ${openId !== null ? 'has-open' : ''}`}>
      <TopBar me={me} onDuty={team.onDuty} connection={banner} onSignOut={onSignOut} />
      <div className="workspace">
        <InboxSidebar
          conversations={shown}
          total={inbox.conversations.length}
          status={inbox.status}
          error={inbox.error}
          filter={filter}
          query={query}
          myId={me.id}
          openId={openId}
          activity={team.activity}
          now={now}
          onFilter={setFilter}
          onQuery={setQuery}
          onOpen={open}
          onRetry={() => void inbox.refresh()}
        />
        <main className="pane">
          {openId === null && (
            <div className="pane-state empty-pane">
              <h2>Select a conversation</h2>
              <p>Opening a conversation makes you its handler; the guest sees your name.</p>
            </div>
          )}
          {openId !== null && summary === null && inbox.status !== 'ready' && (
            <div className="pane-state" role="status">
              <div className="spinner" aria-hidden="true" />
              Loading…
            </div>
          )}
          {openId !== null && summary === null && inbox.status === 'ready' && (
            <div className="pane-state" role="alert">
              <p>That conversation is not in your inbox (it may have closed at check-out).</p>
              <button type="button" className="btn btn-primary" onClick={() => open(null)}>
                Back to inbox
              </button>
            </div>
          )}
          {summary && (
            <ConversationView
              key={summary.conversation_id}
              api={api}
              client={link.client}
              me={me}
              summary={summary}
              visible={visible}
              reconnects={link.reconnects}
              activity={team.activity}
              inbox={inbox.dispatch}
              onClose={() => open(null)}
              onTyping={setMyTyping}
              onExpired={onExpired}
            />
          )}
        </main>
      </div>
    </div>
  );
}
