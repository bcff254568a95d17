import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { errorText } from '../shared/api.js';
import { Avatar } from '../shared/avatar.js';
import type { ConversationSummary, Staff } from '../shared/contract.js';
import type { PusherClient } from '../shared/realtime.js';
import { clockTime } from '../shared/time.js';
import { typingSentence, useTypingSender } from '../shared/typing.js';
import { useCatchUp } from '../shared/use-timeline.js';
import { Composer } from './composer.js';
import { DeskDayApi } from './desk-day-api.js';
import { StayPanel } from './stay-panel.js';
import { TranscriptButton } from './transcript-button.js';
import { focusDone, focusRequest, useFocusRequests } from './search.js';
import type { InboxAction } from './inbox-state.js';
import { MessageList } from './message-list.js';
import { NotesPanel, useNotes } from './notes-panel.js';
import { ReleaseForm } from './release-form.js';
import type { StaffApi } from './staff-api.js';
import type { Activity } from './use-team.js';
import { useConversation } from './use-conversation.js';
import { useConversationLive } from './use-conversation-live.js';

interface Props {
  api: StaffApi;
  client: PusherClient | null;
  signedIn: boolean;
  nameOf: (staffId: number) => string | null;
  me: Staff;
  summary: ConversationSummary;
  visible: boolean;
  reconnects: number;
  activity: Map<string, Activity>;
  inbox: (action: InboxAction) => void;
  onClose: () => void;
  onTyping: (typing: boolean) => void;
  onExpired: () => void;
}

export function ConversationView(props: Props) {
  const { api, me, summary, activity } = props;
  const guestName = summary.guest_name || 'Guest';
  const convo = useConversation({
    api,
    me,
    summary,
    visible: props.visible,
    typedAt: (staffId) =>
      Math.max(0, ...[...activity.values()].filter((a) => a.staffId === staffId && a.typedIn === summary.conversation_id).map((a) => a.typedAt)),
    inbox: props.inbox,
    onExpired: props.onExpired,
  });
  const notes = useNotes(api, summary.conversation_id);
  const deskDay = useMemo(() => new DeskDayApi(api), [api]);
  // The note left with the release, read once on opening: opening it makes me the handler, and
  // the inbox then forgets the note, but the person who picked it up still needs to read it.
  const [handoff] = useState(summary.needs_cover ? summary.handoff_note : null);
  const live = useConversationLive({
    client: props.client,
    signedIn: props.signedIn,
    nameOf: props.nameOf,
    hotel: api.hotel,
    me,
    summary,
    onMessage: convo.received,
    onHandler: (staff) => convo.applyHandler(staff, staff.id !== me.id),
    onReleased: convo.applyRelease,
    onReadByGuest: convo.readByGuest,
    onNote: notes.add,
  });
  const [highlight, setHighlight] = useState<Set<number>>(new Set());
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [releasing, setReleasing] = useState(false);
  const releaseButton = useRef<HTMLButtonElement>(null);

  const { onTyping } = props;
  const typing = useTypingSender(
    useCallback(
      (t: boolean) => {
        live.sendTyping(t);
        onTyping(t);
      },
      [live, onTyping],
    ),
  );

  useCatchUp(convo.catchUp, props.reconnects, live.subscribed && convo.phase.kind === 'ready');

  // A search result opened this conversation at a message: load older pages until it is there,
  // then scroll to it and flash it (by its data-message-id, outside the message list's code).
  const focusTick = useFocusRequests();
  const { phase, messages, hasMore, loadingOlder, loadOlder } = convo;
  useEffect(() => {
    const target = focusRequest(summary.conversation_id);
    if (target === null || phase.kind !== 'ready') return;
    if (messages.some((m) => m.id === target)) {
      const timer = setTimeout(() => {
        const el = document.querySelector<HTMLElement>(`[data-message-id="${String(target)}"]`);
        if (el) {
          el.scrollIntoView({ block: 'center' });
          for (const before of document.querySelectorAll('[data-search-target]')) before.removeAttribute('data-search-target');
          el.dataset.searchTarget = 'true';
          el.classList.add('search-flash');
          setTimeout(() => el.classList.remove('search-flash'), 2500);
        }
        focusDone();
      }, 60);
      return () => clearTimeout(timer);
    }
    if (!hasMore) focusDone();
    else if (!loadingOlder) void loadOlder();
    return undefined;
  }, [focusTick, phase.kind, messages, hasMore, loadingOlder, loadOlder, summary.conversation_id]);

  async function markUnread(): Promise<void> {
    setBusy(true);
    setActionError(null);
    try {
      await convo.markUnread();
      props.onClose();
    } catch (err) {
      setActionError(errorText(err));
      setBusy(false);
    }
  }

  async function release(reason: string): Promise<void> {
    await convo.release(reason);
    props.onClose();
  }

  async function resolve(resolved: boolean): Promise<void> {
    setBusy(true);
    setActionError(null);
    try {
      const r = await api.resolve(summary.conversation_id, resolved);
      props.inbox({ type: 'resolved', conversationId: r.conversation_id, resolved: r.resolved, at: r.resolved_at ?? new Date().toISOString() });
    } catch (err) {
      setActionError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  async function addNote(text: string): Promise<void> {
    notes.add(await api.addNote(summary.conversation_id, text));
  }

  function closeRelease(): void {
    setReleasing(false);
    releaseButton.current?.focus();
  }

  const handler = convo.handler;
  const handledByMe = handler?.id === me.id;
  const lastHandoff = [...convo.notices].reverse().find((n) => n.tone === 'handoff');
  // Viewers: those on this conversation's channel, plus what the presence channel reports. A
  // colleague whom presence saw more recently elsewhere, in every tab, has left without a goodbye.
  const viewerNames = new Map<number, string>();
  for (const v of live.viewers) viewerNames.set(v.staffId, v.name);
  const here = new Set<number>();
  for (const a of activity.values()) {
    if (a.conversationId !== summary.conversation_id) continue;
    viewerNames.set(a.staffId, a.name);
    here.add(a.staffId);
  }
  for (const a of activity.values()) {
    const lastOnChannel = Math.max(0, ...live.viewers.filter((v) => v.staffId === a.staffId).map((v) => v.seenAt));
    if (!here.has(a.staffId) && a.seenAt > lastOnChannel) viewerNames.delete(a.staffId);
  }
  viewerNames.delete(me.id);
  const typingLine = typingSentence([...(live.guestTyping ? [guestName] : []), ...live.colleaguesTyping]);

  return (
    <section className="conversation" aria-labelledby="conversation-title">
      <header className="conversation-header">
        <button type="button" className="btn btn-ghost back-button" onClick={props.onClose} aria-label="Back to inbox">
          ←
        </button>
        <div className="conversation-heading">
          <h2 id="conversation-title">
            Room {String(summary.room_number)} <span className="sep">·</span> {guestName}
          </h2>
          <p className="handler-line" data-testid="handler-line">
            {handler ? (
              <>
                <Avatar name={handler.name} image={handler.profile_image} size="sm" />
                {handledByMe ? 'You are handling this conversation' : `Handled by: ${handler.name} · ${handler.role}`}
              </>
            ) : (
              'Nobody is handling this conversation'
            )}
          </p>
          {viewerNames.size > 0 && (
            <p className="viewers" aria-label="Colleagues viewing">
              <span aria-hidden="true">👁</span> Also viewing: {[...viewerNames.values()].join(', ')}
            </p>
          )}
        </div>
        <div className="conversation-actions">
          {!handledByMe && convo.phase.kind === 'ready' && (
            <button type="button" className="btn btn-secondary" onClick={() => void convo.takeOver()}>
              Take over
            </button>
          )}
          {handledByMe && (
            <div className="release-anchor">
              <button
                ref={releaseButton}
                type="button"
                className="btn btn-secondary"
                aria-expanded={releasing}
                onClick={() => setReleasing((open) => !open)}
                disabled={convo.phase.kind !== 'ready'}
              >
                Release to team
              </button>
              {releasing && <ReleaseForm room={summary.room_number} onRelease={release} onCancel={closeRelease} />}
            </div>
          )}
          <button
            type="button"
            className="btn btn-secondary"
            onClick={() => void markUnread()}
            disabled={busy || convo.phase.kind !== 'ready'}
            title={handledByMe ? 'Leaves it unread and hands it to the team (e.g. going on a break)' : undefined}
          >
            Mark unread
          </button>
          <button type="button" className="btn btn-secondary" onClick={() => void resolve(!summary.resolved)} disabled={busy || convo.phase.kind !== 'ready'}>
            {summary.resolved ? 'Reopen' : 'Resolve'}
          </button>
          <TranscriptButton api={deskDay} token={api.token} conversationId={summary.conversation_id} />
        </div>
      </header>
      <StayPanel api={deskDay} conversationId={summary.conversation_id} />

      {handoff && (
        <div className="handoff-note" role="note" aria-label="Handoff note">
          <span aria-hidden="true">📝</span> From {handoff.by?.name.split(' ')[0] ?? 'a colleague'}, {clockTime(handoff.at)}: {handoff.note}
        </div>
      )}
      {lastHandoff && (
        <div className="handoff-banner" role="status">
          <span aria-hidden="true">ℹ</span> {lastHandoff.text}
        </div>
      )}
      {(actionError ?? convo.error ?? live.liveError) && (
        <div className="error-banner" role="alert">
          {actionError ?? convo.error ?? live.liveError}
        </div>
      )}

      {convo.phase.kind === 'confirm' && (
        <div className="guard" role="alertdialog" aria-labelledby="guard-title" aria-describedby="guard-why">
          <Avatar name={convo.phase.handler.name} image={convo.phase.handler.profile_image} size="lg" />
          <h3 id="guard-title">{convo.phase.handler.name.split(' ')[0]} is replying — take over?</h3>
          <p id="guard-why">
            {convo.phase.why} Taking over makes you the handler; the guest will see your name.
          </p>
          <div className="guard-actions">
            <button type="button" className="btn btn-primary" onClick={() => void convo.takeOver()} autoFocus>
              Take over
            </button>
            <button type="button" className="btn btn-ghost" onClick={convo.justRead}>
              Just read
            </button>
          </div>
        </div>
      )}
      {(convo.phase.kind === 'checking' || convo.phase.kind === 'opening') && (
        <div className="pane-state" role="status">
          <div className="spinner" aria-hidden="true" />
          Opening conversation…
        </div>
      )}
      {convo.phase.kind === 'error' && (
        <div className="pane-state" role="alert">
          <p>{convo.phase.message}</p>
          <button type="button" className="btn btn-primary" onClick={() => void convo.takeOver()}>
            Try again
          </button>
        </div>
      )}
      {convo.phase.kind === 'ready' && (
        <>
          <MessageList
            messages={convo.messages}
            pending={convo.pending}
            notices={convo.notices}
            meId={me.id}
            guestName={guestName}
            hasMore={convo.hasMore}
            loadingOlder={convo.loadingOlder}
            highlight={highlight}
            onLoadOlder={() => void convo.loadOlder()}
            onRetry={(p) => void convo.send(p.text, p.clientId)}
            onDiscard={convo.discard}
          />
          <NotesPanel notes={notes.notes} error={notes.error} myId={me.id} onAdd={addNote} />
          <p className="typing-line" aria-live="polite">
            {typingLine}
          </p>
          <Composer
            messages={convo.messages}
            meId={me.id}
            disabled={false}
            hint={handledByMe || !handler ? null : `${handler.name} is handling this conversation. Replying makes you the handler.`}
            onSend={(text) => void convo.send(text)}
            onInput={typing.onInput}
            onStopTyping={typing.stop}
            onConflict={(ids) => setHighlight(new Set(ids))}
            loadQuickReplies={() => deskDay.quickReplies(summary.conversation_id)}
          />
        </>
      )}
    </section>
  );
}
