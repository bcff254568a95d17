// Everyone an authorization test asks as: nobody, the right guest, another room's guest, staff and
// a manager of the hotel, staff of another hotel and its guest, a deactivated account, a
// logged-out one and a checked-out guest. Each is a real token from the real server.
import assert from 'node:assert/strict';
import { guest, login, type Client } from './http.js';

export type Who =
  | 'anonymous' | 'guest' | 'otherRoomGuest' | 'staff' | 'manager' | 'otherHotelStaff' | 'otherHotelGuest'
  | 'deactivated' | 'loggedOut' | 'checkedOutGuest';

export interface People {
  tokens: Record<Who, string | undefined>;
  /** The guest's conversation (room 101 of hotel-abc, John Doe). */
  conversationId: number;
  otherRoomConversationId: number;
  otherHotelConversationId: number;
}

/** Signs everyone in; `tag` keeps the accounts this makes apart from another file's. */
export async function people(api: Client, tag: string): Promise<People> {
  const manager = await login(api, 'manager');
  const g = await guest(api, 101);
  const other = await guest(api, 102);
  const xyz = await guest(api, 201, 'hotel-xyz');
  const create = await api.post('/admin/hotel-abc/staff/', manager, { username: `${tag}-temp`, password: 'amber-kettle-9', first_name: 'Tim', last_name: 'Temp', role: 'Porter' });
  assert.equal(create.status, 201, JSON.stringify(create.body));
  const deactivated = await login(api, `${tag}-temp`, 'amber-kettle-9');
  assert.equal((await api.patch(`/admin/hotel-abc/staff/${create.body.id}/`, manager, { is_active: false })).status, 200);
  const loggedOut = await login(api, 'john');
  assert.equal((await api.post('/auth/logout/', loggedOut)).status, 204);
  const checkIn = await api.post('/admin/hotel-abc/rooms/119/check-in/', manager, { guest_name: 'Gone Already' });
  const checkedOutGuest = (await guest(api, 119, 'hotel-abc', checkIn.body.pin)).session_token;
  assert.equal((await api.post('/admin/hotel-abc/rooms/119/check-out/', manager)).status, 200);
  return {
    tokens: {
      anonymous: undefined,
      guest: g.session_token,
      otherRoomGuest: other.session_token,
      staff: await login(api, 'sarah'),
      manager,
      otherHotelStaff: await login(api, 'olga'),
      otherHotelGuest: xyz.session_token,
      deactivated,
      loggedOut,
      checkedOutGuest,
    },
    conversationId: g.conversation_id,
    otherRoomConversationId: other.conversation_id,
    otherHotelConversationId: xyz.conversation_id,
  };
}

/** Outsiders' answers on any hotel-abc endpoint: no valid token 401, another hotel 403. */
export const OUTSIDERS = { anonymous: 401, deactivated: 401, loggedOut: 401, checkedOutGuest: 401, otherHotelStaff: 403, otherHotelGuest: 403 } as const;
