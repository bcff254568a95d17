// "Today" / "Yesterday" / a date between messages of different days, in both apps' timelines.
import type { Message } from './contract.js';
import { dayLabel, sameDay } from './time.js';

export function DayDivider({ previous, message }: { previous: Message | undefined; message: Message }) {
  if (previous && sameDay(previous.timestamp, message.timestamp)) return null;
  return (
    <li className="day-divider" aria-hidden="true">
      <span>{dayLabel(message.timestamp)}</span>
    </li>
  );
}
