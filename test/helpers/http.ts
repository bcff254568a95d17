// A small JSON client over fetch, for talking to the real server in tests.
export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export function client(base: string) {
  async function call<T = any>(method: string, path: string, opts: { token?: string | undefined; body?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<Answer<T>> {
    const headers: Record<string, string> = Object.fromEntries(Object.entries(opts.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.raw !== undefined) {
      body = opts.raw;
      headers['content-type'] ??= 'application/json';
    } else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(base + path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      /* not JSON: keep the text so the assertion shows it */
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }
  return {
    get: <T = any>(path: string, token?: string) => call<T>('GET', path, { token }),
    post: <T = any>(path: string, token?: string, body?: unknown) => call<T>('POST', path, { token, body }),
    patch: <T = any>(path: string, token?: string, body?: unknown) => call<T>('PATCH', path, { token, body }),
    call,
  };
}

export type Client = ReturnType<typeof client>;

export const DEMO_PASSWORD = 'demo-pass-1234';

/** Signs in a demo staff member and returns the token. */
export async function login(api: Client, username: string, password = DEMO_PASSWORD): Promise<string> {
  const r = await api.post('/auth/login/', undefined, { username, password });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token as string;
}

/** Opens a guest session for a room with its PIN and returns the initialize answer. */
export async function guest(api: Client, room: number, hotel = 'hotel-abc', pin = '1234') {
  const r = await api.post(`/chat/${hotel}/guest-session/room/${room}/initialize/`, undefined, { pin });
  if (r.status !== 200) throw new Error(`guest ${room}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { session_token: string; conversation_id: number; pusher_channel: string; current_staff_handler: unknown };
}
