// Listens for guest messages and lets the after-hours rule (domain/after-hours.ts) answer them.
// The answer runs as its own command, queued behind the guest's send on the same conversation
// key and not awaited: the guest's send returns at once, and the automatic reply follows it,
// published through the dispatcher like any message.
import type { Logger } from 'pino';
import { answerAfterHours } from '../domain/after-hours.js';
import type { Deps } from '../domain/ports.js';
import { conversationKey, type Dispatcher, type Listener } from './dispatcher.js';

export function afterHoursListener(parts: () => { deps: Deps; dispatcher: Dispatcher }, logger: Pick<Logger, 'error'>): Listener {
  return {
    name: 'after-hours',
    async handle(events) {
      for (const e of events) {
        if (e.type !== 'message-stored' || e.message.senderType !== 'guest') continue;
        const { deps, dispatcher } = parts();
        const c = e.conversation;
        dispatcher.run(conversationKey(c.hotelSlug, c.id), () => answerAfterHours(deps, c, e.message.createdAt)).catch((err: unknown) => {
          logger.error({ err, conversationId: c.id }, 'the after-hours reply failed');
        });
      }
    },
  };
}
