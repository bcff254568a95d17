// The shapes of CONTRACT.md, as the web apps read them. Field names are the contract's.

export interface StaffInfo {
  id: number;
  name: string;
  role: string;
  profile_image: string | null;
}

export interface Staff {
  id: number;
  username: string;
  name: string;
  first_name: string;
  last_name: string;
  role: string;
  profile_image: string | null;
  hotel_slug: string;
  /** Added by this server; older servers may not send it. */
  hotel_name?: string;
  is_manager: boolean;
}

export type SenderType = 'guest' | 'staff' | 'system';

export interface Message {
  id: number;
  conversation: number;
  room: number | null;
  room_number: number | string;
  sender_type: SenderType;
  staff: number | null;
  staff_name: string | null;
  staff_display_name: string | null;
  staff_role_name: string | null;
  staff_info: StaffInfo | null;
  guest_name: string | null;
  message: string;
  timestamp: string;
  status: 'delivered' | 'read';
  read_by_staff: boolean;
  read_by_guest: boolean;
  staff_read_at: string | null;
  guest_read_at: string | null;
  delivered_at: string | null;
  client_message_id: string | null;
}

export interface ConversationSummary {
  conversation_id: number;
  room_number: number | string;
  guest_name: string | null;
  last_message: string | null;
  last_message_time: string | null;
  has_unread: boolean;
  unread_count: number;
  current_handler: StaffInfo | null;
}

export interface LoginReply {
  token: string;
  staff: Staff;
}

export interface SendReply {
  conversation_id: number;
  message: Message;
  staff_info?: StaffInfo;
}

export interface AssignReply {
  conversation_id: number;
  assigned_staff: StaffInfo;
  sessions_updated: number;
  room_number: number | string;
  previous_staff: StaffInfo | null;
  changed: boolean;
}

export interface GuestSession {
  session_token: string;
  conversation_id: number;
  room_number: number | string;
  hotel_slug: string;
  hotel_name?: string;
  is_new_session?: boolean;
  pusher_channel: string;
  current_staff_handler: StaffInfo | null;
}

/** `staff-assigned` on the guest's room channel: the reference's payload plus two fields. */
export interface GuestStaffAssigned {
  staff_name: string;
  staff_role: string;
  conversation_id: number;
  staff_id: number;
  profile_image: string | null;
}

/** `staff-assigned` on the staff channels. */
export interface StaffAssigned {
  conversation_id: number;
  room_number: number | string;
  staff: StaffInfo;
  previous_staff: StaffInfo | null;
  reason: 'opened' | 'replied';
  assigned_at: string;
}

export interface UnreadChange {
  conversation_id: number;
  room_number: number | string;
  unread_count: number;
}

export interface ReadReceipt {
  message_ids: number[];
  read_at: string;
  staff_name?: string;
  room_number?: number | string;
}

export interface HandlerPresence {
  conversation_id: number;
  staff_id: number;
  online: boolean;
}

/** Our own client event on private channels: someone is (or stopped) typing. */
export interface TypingEvent {
  sender_type: 'guest' | 'staff';
  typing: boolean;
  staff_id?: number;
  name?: string;
}

/** Our own client event: which conversation a staff member has open (null: none). */
export interface ViewingEvent {
  staff_id: number;
  name: string;
  conversation_id: number | null;
  typing: boolean;
  /** Asks others to answer with their own state (sent when someone arrives). */
  hello?: boolean;
  /**
   * Which of the sender's browser tabs this is: one person may have the dashboard open on the
   * desk PC and a tablet, each on a different conversation, and neither should hide the other.
   */
  tab?: string;
}

export interface PusherClientConfig {
  key: string;
  cluster?: string;
  wsHost?: string;
  wsPort?: number;
  wssPort?: number;
  forceTLS?: boolean;
  enabledTransports?: string[];
}
