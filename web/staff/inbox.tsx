import { useTranslation } from 'react-i18next';
import { Avatar } from '../shared/avatar.js';
import type { ConversationSummary } from '../shared/contract.js';
import { relativeTime } from '../shared/time.js';
import { hiddenCounts, isWaiting } from './inbox-state.js';
import type { InboxFilter, InboxView } from './inbox-state.js';
import { lastReadText, lastSenderLabel, waitedFor } from './queue-text.js';
import type { Activity } from './use-team.js';

interface Props {
  conversations: ConversationSummary[];
  /** Every conversation, before filtering (for the counts of what is hidden). */
  all: ConversationSummary[];
  status: 'loading' | 'ready' | 'error';
  error: string | null;
  view: InboxView;
  myId: number;
  openId: number | null;
  activity: Map<string, Activity>;
  now: number;
  onView: (v: InboxView) => void;
  onOpen: (id: number) => void;
  onRetry: () => void;
}

const FILTERS: { value: InboxFilter; label: string }[] = [
  { value: 'mine', label: 'inbox.filterMine' },
  { value: 'unassigned', label: 'inbox.filterUnassigned' },
  { value: 'waiting', label: 'inbox.filterWaiting' },
  { value: 'all', label: 'inbox.filterAll' },
];

function Colleagues({ activity, id, myId }: { activity: Map<string, Activity>; id: number; myId: number }) {
  const { t } = useTranslation();
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
        <>✎ {t('inbox.typing', { names: typing.map((a) => a.name.split(' ')[0]).join(', ') })}</>
      ) : (
        <>👁 {t('inbox.viewing', { names: here.map((a) => a.name.split(' ')[0]).join(', ') })}</>
      )}
    </span>
  );
}

function Row({ c, props }: { c: ConversationSummary; props: Props }) {
  const { myId } = props;
  const { t } = useTranslation();
  const handler = c.current_handler;
  const waiting = isWaiting(c);
  const sender = lastSenderLabel(c, myId);
  const read = lastReadText(c, myId);
  const open = props.openId === c.conversation_id;
  return (
    <li>
      <button
        type="button"
        className={`inbox-item ${c.has_unread ? 'unread' : ''} ${open ? 'open' : ''} ${c.needs_cover ? 'needs-cover' : ''}`}
        aria-current={open ? 'true' : undefined}
        data-room={String(c.room_number)}
        onClick={() => props.onOpen(c.conversation_id)}
      >
        <span className="item-top">
          <span className="item-title">
            {t('inbox.room', { room: c.room_number, guest: c.guest_name || t('inbox.guest') })}
            {c.vip && <span className="tag tag-vip">{t('inbox.vip')}</span>}
          </span>
          {c.has_unread && (
            <span className="badge" aria-label={t('inbox.unread', { count: c.unread_count })}>
              {c.unread_count > 0 ? c.unread_count : '•'}
            </span>
          )}
        </span>
        <span className="item-tags">
          {c.needs_cover && <span className="tag tag-cover">{t('inbox.needsCover')}</span>}
          {waiting && <span className="tag tag-reply">{t('inbox.needsReply')}</span>}
          {c.unread_by_me === true && <span className="tag tag-mine">{t('inbox.unreadByMe')}</span>}
          {c.resolved && <span className="tag tag-resolved">{t('inbox.resolved')}</span>}
        </span>
        <span className="item-last">
          {c.last_message ? (
            <>
              {sender && <span className="item-sender">{sender} </span>}
              {c.last_message}
            </>
          ) : (
            t('inbox.noMessages')
          )}
        </span>
        <span className={`item-time ${waiting ? 'waiting' : ''}`}>
          {waiting ? t('inbox.waiting', { time: waitedFor(c.waiting_since, props.now) }) : relativeTime(c.last_message_time, props.now)}
        </span>
        <span className={`item-handler ${handler ? (handler.id === myId ? 'me' : '') : 'none'}`}>
          {handler ? (
            <>
              <Avatar name={handler.name} image={handler.profile_image} size="xs" />
              {handler.id === myId ? t('inbox.handledByMe', { name: handler.name }) : t('inbox.handledBy', { name: handler.name })}
            </>
          ) : (
            t('inbox.unassigned')
          )}
        </span>
        {read && <span className="item-read">{read}</span>}
        <Colleagues activity={props.activity} id={c.conversation_id} myId={myId} />
      </button>
    </li>
  );
}

export function InboxSidebar(props: Props) {
  const { conversations, view, onView } = props;
  const { t } = useTranslation();
  const filter = view.filter;
  const hidden = hiddenCounts(props.all);
  return (
    <nav className="inbox" aria-label={t('inbox.label')}>
      <div className="inbox-tools">
        <label htmlFor="inbox-search" className="visually-hidden">
          {t('inbox.searchLabel')}
        </label>
        <input
          id="inbox-search"
          type="search"
          placeholder={t('inbox.searchPlaceholder')}
          value={view.query}
          onChange={(e) => onView({ ...view, query: e.target.value })}
        />
        <div className="segmented" role="group" aria-label={t('inbox.show')}>
          {FILTERS.map((f) => (
            <button
              key={f.value}
              type="button"
              className={filter === f.value ? 'active' : ''}
              aria-pressed={filter === f.value}
              onClick={() => onView({ ...view, filter: f.value })}
            >
              {t(f.label)}
            </button>
          ))}
        </div>
        <div className="inbox-toggles">
          <label>
            <input type="checkbox" checked={view.showQuiet} onChange={(e) => onView({ ...view, showQuiet: e.target.checked })} /> {t('inbox.quiet', { count: hidden.quiet })}
          </label>
          <label>
            <input type="checkbox" checked={view.showResolved} onChange={(e) => onView({ ...view, showResolved: e.target.checked })} /> {t('inbox.resolvedToggle', { count: hidden.resolved })}
          </label>
        </div>
      </div>
      {props.error && props.status === 'ready' && (
        <p className="inbox-warning" role="status">
          {t('inbox.stale')}
        </p>
      )}
      {props.status === 'loading' && (
        <div className="pane-state" role="status">
          <div className="spinner" aria-hidden="true" />
          {t('inbox.loading')}
        </div>
      )}
      {props.status === 'error' && (
        <div className="pane-state" role="alert">
          <p>{props.error}</p>
          <button type="button" className="btn btn-primary" onClick={props.onRetry}>
            {t('inbox.tryAgain')}
          </button>
        </div>
      )}
      {props.status === 'ready' && conversations.length === 0 && (
        <p className="empty-note">
          {props.all.length === 0
            ? t('inbox.emptyAll')
            : filter === 'mine'
              ? t('inbox.emptyMine')
              : filter === 'waiting'
                ? t('inbox.emptyWaiting')
                : view.query
                  ? t('inbox.emptySearch')
                  : t('inbox.emptyNeeds')}
        </p>
      )}
      <ul className="inbox-list">
        {conversations.map((c) => (
          <Row key={c.conversation_id} c={c} props={props} />
        ))}
      </ul>
    </nav>
  );
}
