// What the shared shapes' fields mean, for fields whose TypeBox schema has no `description` yet
// (read from contract/presenters.ts). A description in the schema wins: once the schemas carry
// them, these entries can go.

export const MESSAGE_NOTES: Record<string, string> = {
  id: 'Positive; increases in the order messages are stored (`before_id` pages by it)',
  conversation: 'The conversation id',
  room: "The room's internal id (not its number)",
  room_number: 'The room number the guest sees',
  sender_type: '`system` messages come from Concierge itself',
  staff: "The sending staff member's id; null for a guest message",
  staff_name: 'The sender\'s name ("first last", "Hotel Staff" when both are empty); null for a guest message',
  staff_display_name: 'Same as `staff_name` (kept for clients of the original API)',
  staff_role_name: 'The sender\'s role ("Staff" when none is set); null for a guest message',
  staff_info: 'The sending staff member; null for a guest message',
  guest_name: "The stay's guest name",
  message: 'The text, 1–4,000 characters, trimmed',
  timestamp: 'When it was stored (UTC)',
  status: '`read` once the other side has read it',
  read_by_staff: 'A guest message that a staff member has read (reading clears it for every staff member)',
  read_by_guest: 'A staff message that the guest has read',
  staff_read_at: 'When staff read it',
  guest_read_at: 'When the guest read it',
  delivered_at: 'When it was stored',
  client_message_id: "The sender's own id for the message, if it sent one: a repeat returns this message instead of storing another",
};

export const STAFF_INFO_NOTES: Record<string, string> = {
  id: 'The staff id',
  name: '"first last"; "Hotel Staff" when both are empty',
  role: '"Staff" when none is set',
  profile_image: 'An image URL, if one is set',
};

export const STAFF_NOTES: Record<string, string> = {
  ...STAFF_INFO_NOTES,
  username: 'What they sign in with',
  hotel_slug: 'Their hotel',
  is_manager: 'May use the admin routes of their hotel',
  is_active: 'False once deactivated: their tokens no longer work',
};

export const SUMMARY_NOTES: Record<string, string> = {
  conversation_id: 'The conversation id',
  room_number: 'The room number',
  guest_name: "The stay's guest name",
  last_message: 'The latest message text; null before the first message',
  last_message_time: 'When the latest message was stored',
  last_activity: 'The latest message, or when the conversation began: the list is sorted by it, most recent first',
  has_unread: 'Whether any guest message is unread by staff',
  unread_count: "The guest's messages no staff member has read",
  current_handler: 'Who handles the conversation; null when nobody does',
};
