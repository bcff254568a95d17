// Who may call each route and what it is for, where the route's own schema does not say it yet
// (no `summary` / `description`). A route's summary and description, once it has them, win over
// these: the notes are the fallback, not a second source. A route missing from both is listed
// with its tag's default and reported on stderr by the generator.

export interface RouteNote {
  who: string;
  what: string;
}

const STAFF = 'Staff of the hotel.';
const MEMBER = "Staff of the hotel, or a guest session of this conversation's stay.";
const MANAGER = 'A manager (`is_manager`) of the hotel.';
const SIGNED = 'A Pusher server SDK: the request is signed with the app key and secret (`auth_key`, `auth_timestamp`, `auth_version`, `body_md5`, `auth_signature`), not a Bearer token.';

export const ROUTE_NOTES: Record<string, RouteNote> = {
  'POST /auth/login/': { who: 'Anyone (no token).', what: 'Signs a staff member in and returns a Bearer token. Any wrong username/password pair gets the same 401; repeated failures get 429 with `Retry-After`.' },
  'POST /auth/logout/': { who: 'A signed-in staff member (a guest session is refused with 403).', what: 'Ends this token at once; its live sockets are closed.' },
  'GET /auth/me/': { who: 'A signed-in staff member.', what: 'The signed-in staff member.' },
  'POST /chat/{hotel_slug}/guest-session/room/{room_number}/initialize/': {
    who: "Anyone who knows the room's PIN (no token).",
    what: 'Opens (or, with a still-valid `session_token`, resumes) a guest session for the room\'s current stay. `pusher_channel` names the channel the guest subscribes to. Wrong PINs: 401, then 429 after repeated guesses.',
  },
  'GET /chat/guest-session/{session_token}/validate/': { who: 'Whoever holds the session token (it is in the path).', what: 'Whether a guest session is still valid (check-out ends it); 401 `{valid: false, reason}` when not.' },
  'GET /chat/{hotel_slug}/conversations/': { who: STAFF, what: "Every open conversation of a checked-in stay, most recent activity first, with unread counts and the current handler." },
  'GET /chat/{hotel_slug}/conversations/unread-count/': { who: STAFF, what: '`unread_count` is the number of unread conversations (the sidebar badge); each listed room counts its unread guest messages.' },
  'GET /chat/{hotel_slug}/conversations/{conversation_id}/messages/': { who: MEMBER, what: 'Messages, oldest first. `limit` defaults to 50 (at most 200); `before_id` pages back by message id.' },
  'POST /chat/{hotel_slug}/conversations/{conversation_id}/messages/send/': {
    who: MEMBER,
    what: 'Stores a message. A staff sender becomes the handler ("last one wins"). A repeated `client_message_id` returns the original message with `duplicate: true` and stores nothing. 409 when the stay has checked out.',
  },
  'POST /chat/{hotel_slug}/conversations/{conversation_id}/assign-staff/': {
    who: STAFF,
    what: 'The caller opens the conversation and becomes its handler. `changed` is false, `sessions_updated` 0 and no event is sent when the caller already was the handler.',
  },
  'POST /chat/{hotel_slug}/conversations/{conversation_id}/release/': {
    who: STAFF,
    what: 'Any staff member of the hotel may release (the handler going on break, or a colleague freeing what an absent one holds). The history records the optional `reason`, and `staff-released` goes to the guest and the staff. `released` is false, and nothing is sent, when nobody handled it already. 409 when the stay has checked out.',
  },
  'POST /chat/{hotel_slug}/conversations/{conversation_id}/mark-read/': { who: MEMBER, what: "Staff: the guest's messages are read (the badge clears for every staff member). Guest: the staff's messages are read." },
  'POST /chat/{hotel_slug}/conversations/{conversation_id}/mark-unread/': { who: STAFF, what: "Makes the latest guest message unread again, so the conversation is unread for every staff member; 409 when the guest has not written yet." },
  'GET /chat/{hotel_slug}/conversations/{conversation_id}/assignments/': { who: STAFF, what: 'The handoff history, oldest first, one entry per real change (opened, replied, released).' },
  'GET /chat/guest-session/{session_token}/unread-count/': { who: 'Whoever holds the guest session token (it is in the path).', what: "How many staff messages the guest has not read, and the latest message." },
  'POST /admin/{hotel_slug}/staff/': { who: MANAGER, what: 'Creates a staff member.' },
  'PATCH /admin/{hotel_slug}/staff/{staff_id}/': { who: MANAGER, what: "Changes a staff member. `is_active: false` or a new password ends that person's tokens and live sockets at once." },
  'POST /admin/{hotel_slug}/rooms/{room_number}/check-in/': { who: MANAGER, what: "Starts a new stay with a new PIN and a new conversation; earlier guest sessions of the room end. Sends `new-conversation`." },
  'POST /admin/{hotel_slug}/rooms/{room_number}/check-out/': { who: MANAGER, what: "Ends the stay: its conversation closes, its guest sessions end and their sockets lose the room channel. Sends `conversation-closed`." },
  'GET /pusher/config/': { who: 'Anyone (no token).', what: 'The options to give `new Pusher(key, options)`: host, port, TLS, and the two auth endpoints below.' },
  'POST /pusher/auth/': { who: 'A staff member or guest session (Bearer token).', what: 'Signs a private or presence subscription (`socket_id`, `channel_name`, as a form or JSON) for whoever may see that channel; 403 for a channel the caller may not watch. See realtime.md.' },
  'POST /pusher/user-auth/': { who: 'A staff member or guest session (Bearer token).', what: "Signs `pusher:signin`: the socket becomes this person's, so a check-out, logout or deactivation closes it." },
  'GET /healthz': { who: 'Anyone.', what: 'The process is up.' },
  'GET /readyz': { who: 'Anyone.', what: '200 while the database is reachable (`status: "degraded"` when a configured Redis is not); 503 when the database is not.' },
  'POST /apps/{appId}/events': { who: SIGNED, what: 'Pusher HTTP API: publishes one event to up to 100 channels.' },
  'POST /apps/{appId}/batch_events': { who: SIGNED, what: 'Pusher HTTP API: publishes up to 10 events at once.' },
  'GET /apps/{appId}/channels': { who: SIGNED, what: 'Pusher HTTP API: the occupied channels (`filter_by_prefix`, `info=subscription_count,user_count`).' },
  'GET /apps/{appId}/channels/{channelName}': { who: SIGNED, what: 'Pusher HTTP API: whether a channel is occupied, and its counts.' },
  'GET /apps/{appId}/channels/{channelName}/users': { who: SIGNED, what: 'Pusher HTTP API: the members of a presence channel.' },
  'POST /apps/{appId}/users/{userId}/terminate_connections': { who: SIGNED, what: "Pusher HTTP API: closes a signed-in user's connections on every node." },
};

/** When a route has neither its own description nor a note: who, by its tag. */
export const TAG_WHO: Record<string, string> = {
  auth: 'See the route.',
  guest: 'A guest (the token is in the path or the body).',
  chat: MEMBER,
  admin: MANAGER,
  realtime: 'A staff member or guest session.',
  operations: 'Anyone.',
  pusher: SIGNED,
};

/** What each tag's section is about, in the order the page lists them. */
export const TAGS: ReadonlyArray<[tag: string, title: string, about: string]> = [
  ['auth', 'Staff sign-in', 'Staff sign in with a username and password and get a Bearer token.'],
  ['guest', 'Guest sessions', "A guest opens the room's chat with the room's PIN and gets a session token, used as a Bearer token like a staff token."],
  ['chat', 'Conversations and messages', "Everything under `/chat/{hotel_slug}/conversations/`. One conversation per stay; a staff token of another hotel gets 403, a conversation of another hotel or stay 404."],
  ['admin', 'Administration', 'Managers only. The same operations exist on the command line (`npx concierge --help`).'],
  ['realtime', 'Realtime client endpoints', 'What pusher-js calls; see [realtime.md](realtime.md).'],
  ['operations', 'Operations', '`GET /metrics` (Prometheus) is served too while `EXPOSE_METRICS` is on, and `GET /docs` (Swagger UI) and `GET /openapi.json` while `EXPOSE_API_DOCS` is on.'],
  ['pusher', 'Pusher HTTP API', "The server API of Pusher Channels, so the official `pusher` server SDKs can publish into Concierge's built-in realtime server."],
];
