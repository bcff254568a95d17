// The "/" picker of the composer: the hotel's quick replies, filled in for this conversation by
// the server, filtered by what follows the slash. A listbox the reply box drives (arrow keys,
// Enter, Escape) through aria-activedescendant, so focus never leaves the box.
import type { RenderedQuickReply } from '../../src/contract/desk-day-types.js';
import './desk-day.css';

export const PICKER_ID = 'quick-reply-picker';
export const optionId = (id: number): string => `quick-reply-${id}`;

/** The "/word" being typed right before the caret (at the start or after a space), if any. */
export function slashToken(text: string, caret: number): { start: number; filter: string } | null {
  const m = /(^|\s)\/([\p{L}\p{N}-]*)$/u.exec(text.slice(0, caret));
  if (!m) return null;
  return { start: caret - m[2]!.length - 1, filter: m[2]!.toLowerCase() };
}

export function matching(replies: readonly RenderedQuickReply[], filter: string): RenderedQuickReply[] {
  if (filter === '') return [...replies];
  const starts = replies.filter((q) => q.shortcut.startsWith(filter));
  const rest = replies.filter((q) => !q.shortcut.startsWith(filter) && (q.shortcut.includes(filter) || q.title.toLowerCase().includes(filter)));
  return [...starts, ...rest];
}

interface Props {
  replies: RenderedQuickReply[] | null;
  error: string | null;
  active: number;
  onPick: (q: RenderedQuickReply) => void;
  onHover: (index: number) => void;
}

export function QuickReplyPicker({ replies, error, active, onPick, onHover }: Props) {
  return (
    <div className="qr-picker">
      {replies === null && !error && <p className="qr-state" role="status">Loading quick replies…</p>}
      {error && <p className="qr-state" role="alert">{error}</p>}
      {replies !== null && replies.length === 0 && <p className="qr-state" role="status">No quick reply matches. Managers add them in the admin API.</p>}
      <ul id={PICKER_ID} role="listbox" aria-label="Quick replies" hidden={!replies || replies.length === 0}>
        {(replies ?? []).map((q, i) => (
          <li
            key={q.id}
            id={optionId(q.id)}
            role="option"
            aria-selected={i === active}
            className={`qr-option ${i === active ? 'qr-active' : ''}`}
            // mousedown, not click: the reply box keeps focus and its caret.
            onMouseDown={(e) => {
              e.preventDefault();
              onPick(q);
            }}
            onMouseEnter={() => onHover(i)}
          >
            <span className="qr-head">
              <span className="qr-shortcut">/{q.shortcut}</span> <span className="qr-title">{q.title}</span> <span className="qr-lang">{q.language}</span>
            </span>
            <span className="qr-text">{q.text}</span>
            {q.unfilled.length > 0 && <span className="qr-unfilled">No value for {q.unfilled.map((n) => `{${n}}`).join(', ')}: it stays in the text</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
