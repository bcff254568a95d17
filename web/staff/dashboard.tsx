import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import '../shared/i18n-staff.js';
import { ApiError, errorText } from '../shared/api.js';
import type { DutyBody, Message, Staff } from '../shared/contract.js';
import { useNow, usePageVisible } from '../shared/hooks.js';
import { linkLabel, usePusher } from '../shared/use-pusher.js';
import { AlertStack, useAlerts } from './alerts.js';
import { ClockOutDialog } from './clock-out.js';
import { ConversationView } from './conversation-view.js';
import { MessageSearch } from './search.js';
import { filterInbox } from './inbox-state.js';
import type { InboxView } from './inbox-state.js';
import { ShiftSummary } from './shift-summary.js';
import { InboxSidebar } from './inbox.js';
import { chime, desktopNotify, unlockAudio } from './notify.js';
import { me as fetchMe, StaffApi } from './staff-api.js';
import { TopBar } from './top-bar.js';
import { useInbox } from './use-inbox.js';
import { useDuty } from './use-duty.js';
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

/**
 * When a room opens, the reply box takes the focus (it appears once the conversation has loaded),
 * unless the take-over question or a dialog holds it.
 */
function useReplyFocus(openId: number | null): void {
  useEffect(() => {
    if (openId === null) return;
    let frame = 0;
    const until = Date.now() + 3_000;
    const tryFocus = (): void => {
      const box = document.getElementById('reply');
      const held = document.activeElement?.closest('[role="alertdialog"], dialog, .release-form');
      if (held) return;
      if (box instanceof HTMLTextAreaElement && !box.disabled) {
        box.focus();
        return;
      }
      if (Date.now() < until) frame = requestAnimationFrame(tryFocus);
    };
    frame = requestAnimationFrame(tryFocus);
    return () => cancelAnimationFrame(frame);
  }, [openId]);
}

export function Dashboard({ token, me, onSignOut, onExpired }: Props) {
  const { t } = useTranslation();
  const api = useMemo(() => new StaffApi(token, me.hotel_slug), [token, me.hotel_slug]);
  const link = usePusher(token);
  const visible = usePageVisible();
  const now = useNow();
  const [openId, setOpenId] = useState<number | null>(idFromPath);
  const [myTyping, setMyTyping] = useState(false);
  const [view, setView] = useState<InboxView>({ filter: 'all', query: '', showQuiet: false, showResolved: false });
  const [dutyDialog, setDutyDialog] = useState<'clock-out' | 'shift' | null>(null);
  const [dutyBusy, setDutyBusy] = useState(false);
  const [dutyError, setDutyError] = useState<string | null>(null);
  const team = useTeam(link.client, link.signedIn, me.hotel_slug, me, openId, myTyping);

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
      desktopNotify(t('pane.notifyTitle', { room: m.room_number, guest: m.guest_name || t('inbox.guest') }), m.message, `conversation-${m.conversation}`, () => open(m.conversation));
    },
    [open, t],
  );
  useReplyFocus(openId);

  const duty = useDuty(api, me.id, link.reconnects);
  const alerts = useAlerts(me.id, open);
  const inbox = useInbox({
    api,
    client: link.client,
    myId: me.id,
    reconnects: link.reconnects,
    isBeingRead: (id) => openRef.current === id && document.visibilityState === 'visible',
    onGuestMessage,
    onExpired,
    inboxEvents: { 'staff-duty-changed': duty.onDutyChanged },
    myEvents: { 'conversation-alert': alerts.onAlert },
  });

  // Clocking in shows what the last shift left; clocking out while handling asks for notes first.
  const handled = inbox.conversations.filter((c) => c.current_handler?.id === me.id);
  const setDuty = duty.setDuty;
  const clock = useCallback(
    async (onDuty: boolean, body: Omit<DutyBody, 'on_duty'> = {}) => {
      setDutyBusy(true);
      setDutyError(null);
      try {
        await setDuty({ on_duty: onDuty, ...body });
        setDutyDialog(onDuty ? 'shift' : null);
      } catch (err) {
        setDutyError(errorText(err));
        throw err;
      } finally {
        setDutyBusy(false);
      }
    },
    [setDuty],
  );
  const toggleDuty = (): void => {
    if (!duty.meOnDuty) void clock(true).catch(() => undefined);
    else if (handled.length > 0) setDutyDialog('clock-out');
    else void clock(false).catch(() => undefined);
  };

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
    document.title = unread > 0 ? t('app.titleUnread', { count: unread }) : t('app.title');
  }, [unread, t]);

  const shown = filterInbox(inbox.conversations, view, me.id);
  const summary = inbox.conversations.find((c) => c.conversation_id === openId) ?? null;
  const banner = linkLabel(link.state);

  return (
    <div className={`app-shell ${openId !== null ? 'has-open' : ''}`}>
      <a className="skip-link" href="#conversation-pane">
        {t('app.skipToChat')}
      </a>
      <TopBar
        me={me}
        online={team.online}
        onDuty={duty.roster}
        meOnDuty={duty.meOnDuty}
        dutyBusy={dutyBusy}
        onToggleDuty={toggleDuty}
        connection={banner}
        onSignOut={onSignOut}
      />
      {dutyError && (
        <div className="error-banner" role="alert">
          {dutyError}
        </div>
      )}
      <AlertStack alerts={alerts.alerts} onOpen={open} onDismiss={alerts.dismiss} />
      <MessageSearch api={api} onOpen={open} />
      {dutyDialog === 'clock-out' && (
        <ClockOutDialog handled={handled} onClockOut={(body) => clock(false, body)} onCancel={() => setDutyDialog(null)} />
      )}
      {dutyDialog === 'shift' && (
        <ShiftSummary
          conversations={inbox.conversations}
          roster={duty.roster}
          now={now}
          onOpen={(id) => {
            setDutyDialog(null);
            open(id);
          }}
          onClose={() => setDutyDialog(null)}
        />
      )}
      <div className="workspace">
        <InboxSidebar
          conversations={shown}
          all={inbox.conversations}
          status={inbox.status}
          error={inbox.error}
          view={view}
          myId={me.id}
          openId={openId}
          activity={team.activity}
          now={now}
          onView={setView}
          onOpen={open}
          onRetry={() => void inbox.refresh()}
        />
        <main className="pane" id="conversation-pane" tabIndex={-1}>
          {openId === null && (
            <div className="pane-state empty-pane">
              <h2>{t('pane.selectTitle')}</h2>
              <p>{t('pane.selectHelp')}</p>
            </div>
          )}
          {openId !== null && summary === null && inbox.status !== 'ready' && (
            <div className="pane-state" role="status">
              <div className="spinner" aria-hidden="true" />
              {t('pane.loading')}
            </div>
          )}
          {openId !== null && summary === null && inbox.status === 'ready' && (
            <div className="pane-state" role="alert">
              <p>{t('pane.notInInbox')}</p>
              <button type="button" className="btn btn-primary" onClick={() => open(null)}>
                {t('pane.backToInbox')}
              </button>
            </div>
          )}
          {summary && (
            <ConversationView
              key={summary.conversation_id}
              api={api}
              client={link.client}
              signedIn={link.signedIn}
              nameOf={team.nameOf}
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
