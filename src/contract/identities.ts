// Who a live connection belongs to, as the realtime edge names it. Sockets are registered under
// principals (`staff:1`, `stay:7`, `token:<hash>`) so revoking access can cut them at once; a
// signed-in socket (pusher:signin) is the Pusher user `staff-1` or `stay-7`, which also reaches
// sockets on an external Pusher service.
import type { Actor } from '../domain/actor.js';
import type { RevokedAccess } from '../domain/domain-events.js';

/** The Pusher user a caller signs in as; null for the system. */
export function pusherUserId(actor: Actor): string | null {
  if (actor.kind === 'staff') return `staff-${actor.staff.id}`;
  if (actor.kind === 'guest') return `stay-${actor.session.stayId}`;
  return null;
}

/** The keys under which a caller's live sockets are registered. */
export function principalsOf(actor: Actor): string[] {
  switch (actor.kind) {
    case 'staff':
      return [`staff:${actor.staff.id}`, `token:${actor.tokenHash}`];
    case 'guest':
      return [`stay:${actor.session.stayId}`, `token:${actor.tokenHash}`];
    case 'system':
      return [];
  }
}

/** The principal whose sockets a revocation ends. */
export function principalOfRevoked(who: RevokedAccess): string {
  switch (who.kind) {
    case 'staff':
      return `staff:${who.staffId}`;
    case 'stay':
      return `stay:${who.stayId}`;
    case 'token':
      return `token:${who.tokenHash}`;
  }
}

/** The signed-in Pusher user behind a principal, if it has one (tokens have none). */
export function pusherUserOfPrincipal(principal: string): string | null {
  const m = /^(staff|stay):(\d+)$/.exec(principal);
  return m ? `${m[1]}-${m[2]}` : null;
}

/** The staff id of a member of the staff presence channel (its user_id), or null. */
export function staffIdOfMember(userId: string): number | null {
  const id = Number(userId);
  return Number.isInteger(id) && id > 0 ? id : null;
}

/** The principal of a signed-in Pusher user (`staff-1` → `staff:1`), or null. */
export function principalOfPusherUser(userId: string): string | null {
  const m = /^(staff|stay)-(\d+)$/.exec(userId);
  return m ? `${m[1]}:${m[2]}` : null;
}
