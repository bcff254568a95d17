import { Avatar } from '../shared/avatar.js';
import type { ConversationSummary } from '../shared/contract.js';
import { relativeTime } from '../shared/time.js';
import type { InboxFilter } from './inbox-state.js';
import type { Activity } from './use-team.js';

interface Props {
  conversations: ConversationSummary[];
  total: number;
  status: 'loading' | 'ready' | 'error';
  error: string | null;
  filter: InboxFilter;
  query: string;
  myId: number;
  openId: number | null;
  activity: Map<string, Activity>;
  now: number;
  onFilter: (f: InboxFilter) => void;
  onQuery: (q: string) => void;
  onOpen: (id: number) => void;
  onRetry: () => void;
}

const FILTERS: { value: InboxFilter; label: string }[] = [
  { value: 'mine', label: 'Mine' },
  { value: 'unassigned', label: 'Unassigned' },
  { value: 'all', label: 'All' },
];

function Colleagues({ activity, id, myId }: { activity: Map<string, Activity>; id: number; myId: number }) {
  const tabs = [...activity.values()].filter((a) => a.conversationId === id && a.staffId !== myId);
  // A colleague with two tabs on this conversation is one name; typing in either counts.
  const byStaff = new Map<number, Activity>();
  for (const a of tabs) if (!byStaff.get(a.staffId)?.typing) byStaff.set(a.staffId, a);
  const here = [...byStaff.values()];
  if (here.length === 0) return null;
  const typing = here.filter((a) => a.typing);
  return (
    <span className="item-activity">
      {typing.length > 0 ? (
        <>✎ {typing.map((a) => a.name.split(' ')[0]).join(', ')} typing…</>
      ) : (
        <>👁 {here.map((a) => a.name.split(' ')[0]).join(', ')} viewing</>
      )}
    </span>
  );
}

export function InboxSidebar(props: Props) {
  const { conversations, filter, myId } = props;
  return (
    <nav className="inbox" aria-label="Conversations">
      <div className="inbox-tools">
        <label htmlFor="inbox-search" className="visually-hidden">
          Search by room or guest
        </label>
        <input
          id="inbox-search"
          type="search"
          placeholder="Search room or guest"
          value={props.query}
          onChange={(e) => props.onQuery(e.target.value)}
        />
        <div className="segmented" role="group" aria-label="Show conversations">
          {FILTERS.map((f) => (
            <button
              key={f.value}
              type="button"
              className={filter === f.value ? 'active' : ''}
              aria-pressed={filter === f.value}
              onClick={() => props.onFilter(f.value)}
            >
              {f.label}
            </button>
          ))}
        </div>
      </div>
      {props.error && props.status === 'ready' && (
        <p className="inbox-warning" role="status">
          Can't refresh right now; showing the last known list.
        </p>
      )}
      {props.status === 'loading' && (
        <div className="pane-state" role="status">
          <div className="spinner" aria-hidden="true" />
          Loading conversations…
        </div>
      )}
      {props.status === 'error' && (
        <div className="pane-state" role="alert">
          <p>{props.error}</p>
          <button type="button" className="btn btn-primary" onClick={props.onRetry}>
            Try again
          </button>
        </div>
      )}
      {props.status === 'ready' && conversations.length === 0 && (
        <p className="empty-note">
          {props.total === 0 ? 'No guest conversations yet.' : filter === 'mine' ? 'You are not handling any conversation.' : 'Nothing matches.'}
        </p>
      )}
      <ul className="inbox-list">
        {conversations.map((c) => {
          const handler = c.current_handler;
          return (
            <li key={c.conversation_id}>
              <button
                type="button"
                className={`inbox-item ${c.has_unread ? 'unread' : ''} ${props.openId === c.conversation_id ? 'open' : ''}`}
                aria-current={props.openId === c.conversation_id ? 'true' : undefined}
                data-room={String(c.room_number)}
                onClick={() => props.onOpen(c.conversation_id)}
              >
                <span className="item-top">
                  <span className="item-title">
                    Room {String(c.room_number)} - {c.guest_name || 'Guest'}
                  </span>
                  {c.has_unread && (
                    <span className="badge" aria-label={`${c.unread_count} unread`}>
                      {c.unread_count > 0 ? c.unread_count : '•'}
                    </span>
                  )}
                </span>
                <span className="item-last">{c.last_message ? `Last: "${c.last_message}"` : 'No messages yet'}</span>
                <span className="item-time">{relativeTime(c.last_message_time, props.now)}</span>
                <span className={`item-handler ${handler ? (handler.id === myId ? 'me' : '') : 'none'}`}>
                  {handler ? (
                    <>
                      <Avatar name={handler.name} image={handler.profile_image} size="xs" />
                      Handled by: {handler.id === myId ? `${handler.name} (you)` : handler.name}
                    </>
                  ) : (
                    'Unassigned'
                  )}
                </span>
                <Colleagues activity={props.activity} id={c.conversation_id} myId={myId} />
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
