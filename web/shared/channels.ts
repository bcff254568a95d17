// The hotel's channel names (the contract's realtime section), spelled once for both apps.
// `hotel` is the hotel slug. The server spells the same names in src/contract/channels.ts.
export const channels = {
  /** The guest's room: the stay's guest sessions and the hotel's staff. */
  room: (hotel: string, room: number): string => `private-${hotel}-room-${String(room)}-chat`,
  /** One conversation, for the hotel's staff. */
  conversation: (hotel: string, id: number): string => `private-${hotel}-conversation-${String(id)}-chat`,
  /** Every conversation of the hotel, for its staff. */
  inbox: (hotel: string): string => `private-${hotel}-staff-inbox`,
  /** One staff member's own channel. */
  staff: (hotel: string, staffId: number): string => `private-${hotel}-staff-${String(staffId)}-chat`,
  /** Who of the hotel's staff is online. */
  presence: (hotel: string): string => `presence-${hotel}-staff`,
};
