// Revoked access ends live connections: a logged-out token, a deactivated or re-keyed staff
// member, a checked-out stay. On the built-in server this reaches every node (through Redis when
// configured); the signed-in Pusher user is cut too, which also reaches an external service.
import { principalOfRevoked } from '../contract/identities.js';
import type { Listener } from './dispatcher.js';

export interface ConnectionCutter {
  /** Ends every socket registered under these principals, on every node. */
  disconnect(principals: readonly string[]): Promise<void>;
}

export function liveConnections(cutter: ConnectionCutter): Listener {
  return {
    name: 'live-connections',
    async handle(events) {
      const principals = events.flatMap((e) => (e.type === 'access-revoked' ? [principalOfRevoked(e.who)] : []));
      if (principals.length > 0) await cutter.disconnect(principals);
    },
  };
}
