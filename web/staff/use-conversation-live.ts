// The open conversation's realtime side: its staff channel (messages, handoffs, guest read
// receipts, colleagues viewing and typing) and the room channel (the guest typing). Who is typing
// or viewing is the server's stamp on the client event (staff-{id} / stay-{id}): a guest's event
// that claims to be staff still counts as the guest typing.
import { useCallback, useEffect, useRef, useState } from 'react';
import { channels } from '../shared/channels.js';
import type { ConversationSummary, Message, Note, Staff, StaffInfo, StaffReleased, TypingEvent, ViewingEvent } from '../shared/contract.js';
import { isMessage, isNote, isReadByGuest, isStaffAssigned, isStaffReleased, isTyping, isViewing } from '../shared/guards.js';
import { TAB_ID, viewingKey, type PusherClient } from '../shared/realtime.js';
import { useClientEvents } from '../shared/client-events.js';
import type { Sender } from '../shared/client-events.js';
import { sendClientEvent, useChannel } from '../shared/use-channel.js';
import { useTypists } from '../shared/typing.js';

const HEARTBEAT_MS = 15_000;
const EXPIRE_MS = 45_000;

export interface Viewer {
  staffId: number;
  name: string;
  seenAt: number;
}

interface Options {
  client: PusherClient | null;
  signedIn: boolean;
  hotel: string;
  me: Staff;
  summary: ConversationSummary;
  /** A colleague's name as the server knows it (presence), or null. */
  nameOf: (staffId: number) => string | null;
  onMessage: (m: Message) => void;
  onHandler: (staff: StaffInfo) => void;
  onReleased: (event: StaffReleased) => void;
  onReadByGuest: (ids: number[], at: string) => void;
  /** `internal-note-added`: a note between staff (this channel is staff-only). */
  onNote: (note: Note) => void;
}

export function useConversationLive(opts: Options) {
  const { client, signedIn, hotel, me, summary } = opts;
  const ref = useRef(opts);
  ref.current = opts;
  // Keyed by viewingKey: one entry per colleague's tab on this conversation.
  const [viewers, setViewers] = useState<Map<string, Viewer>>(new Map());
  const guest = useTypists();
  const colleagues = useTypists();

  const convoLink = useRef<ReturnType<typeof useChannel> | null>(null);
  const viewing = useCallback(
    (open: boolean, hello = false) => {
      if (!convoLink.current) return;
      const e: ViewingEvent = { staff_id: me.id, name: me.name, conversation_id: open ? summary.conversation_id : null, typing: false, tab: TAB_ID, ...(hello ? { hello: true } : {}) };
      sendClientEvent(convoLink.current, 'client-viewing', e);
    },
    [me.id, me.name, summary.conversation_id],
  );

  const someoneTyping = (data: unknown, sender: Sender): void => {
    if (!isTyping(data)) return;
    if (sender.kind === 'guest') guest.heard('guest', summary.guest_name || 'Guest', data.typing);
    else if (sender.staffId !== me.id) colleagues.heard(`staff-${String(sender.staffId)}`, ref.current.nameOf(sender.staffId) ?? 'A colleague', data.typing);
  };

  const convo = useChannel(client, channels.conversation(hotel, summary.conversation_id), {
    'new-message': (data) => {
      if (!isMessage(data)) return;
      const m = data;
      ref.current.onMessage(m);
      if (m.sender_type === 'guest') guest.heard('guest', '', false);
      else if (m.staff !== null) colleagues.heard(`staff-${String(m.staff)}`, '', false);
    },
    'staff-assigned': (data) => {
      if (isStaffAssigned(data)) ref.current.onHandler(data.staff);
    },
    'staff-released': (data) => {
      if (isStaffReleased(data)) ref.current.onReleased(data);
    },
    'internal-note-added': (data) => {
      if (isNote(data)) ref.current.onNote(data);
    },
    'messages-read-by-guest': (data) => {
      if (isReadByGuest(data)) ref.current.onReadByGuest(data.message_ids, data.read_at);
    },
  });
  convoLink.current = convo;
  useClientEvents(client, channels.conversation(hotel, summary.conversation_id), {
    'client-viewing': (data, sender) => {
      if (!isViewing(data) || sender.kind !== 'staff' || sender.staffId === me.id) return;
      const e = { ...data, staff_id: sender.staffId };
      const name = ref.current.nameOf(sender.staffId) ?? 'A colleague';
      setViewers((prev) => {
        const next = new Map(prev);
        if (e.conversation_id === summary.conversation_id) next.set(viewingKey(e), { staffId: e.staff_id, name, seenAt: Date.now() });
        else next.delete(viewingKey(e));
        return next;
      });
      if (e.hello) viewing(true);
    },
    'client-typing': someoneTyping,
  });

  // Subscribed only so that our typing reaches the guest and theirs reaches us.
  const room = useChannel(client, channels.room(hotel, summary.room_number), {});
  useClientEvents(client, channels.room(hotel, summary.room_number), { 'client-typing': someoneTyping });

  // Tell colleagues we are here (and ask who else is); say goodbye when leaving.
  useEffect(() => {
    if (!convo.subscribed || !signedIn) return;
    viewing(true, true);
    const t = setInterval(() => {
      viewing(true);
      setViewers((prev) => {
        const cutoff = Date.now() - EXPIRE_MS;
        const next = new Map([...prev].filter(([, v]) => v.seenAt > cutoff));
        return next.size === prev.size ? prev : next;
      });
    }, HEARTBEAT_MS);
    return () => {
      clearInterval(t);
      viewing(false);
    };
  }, [convo.subscribed, signedIn, viewing]);

  /** Our own typing: the guest sees it on the room channel, colleagues on the conversation's. */
  const sendTyping = useCallback(
    (typing: boolean) => {
      const e: TypingEvent = { sender_type: 'staff', typing, staff_id: me.id, name: me.name };
      sendClientEvent(room, 'client-typing', e);
      sendClientEvent(convo, 'client-typing', e);
    },
    [room, convo, me.id, me.name],
  );

  return {
    viewers: [...viewers.values()],
    guestTyping: guest.typists.length > 0,
    colleaguesTyping: colleagues.typists.map((t) => t.name),
    sendTyping,
    liveError: convo.error ?? room.error,
    subscribed: convo.subscribed,
  };
}
