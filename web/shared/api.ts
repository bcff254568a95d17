// One fetch wrapper for both apps: JSON in and out, a bearer token, a time limit, and errors a
// person can read. Nothing waits forever: every call gives up after `timeoutMs`.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: unknown = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The server could not be reached at all (or did not answer in time). */
  get isNetwork(): boolean {
    return this.status === 0;
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  body?: unknown;
  token?: string | null;
  timeoutMs?: number;
  signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 10_000;

function readErrorBody(body: unknown): { code: string | null; error: string | null } {
  if (typeof body !== 'object' || body === null) return { code: null, error: null };
  const rec = body as Record<string, unknown>;
  return {
    code: typeof rec.code === 'string' ? rec.code : null,
    error: typeof rec.error === 'string' ? rec.error : null,
  };
}

function fallbackMessage(status: number): string {
  if (status === 401) return 'Please sign in again.';
  if (status === 403) return 'You are not allowed to do that.';
  if (status === 404) return 'That could not be found.';
  if (status === 429) return 'Too many attempts. Please wait a little and try again.';
  if (status === 503) return 'The service is briefly unavailable. Trying again shortly may help.';
  if (status >= 500) return 'Something went wrong on the server. Please try again.';
  return 'The request could not be completed.';
}

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const outer = opts.signal;
  const onOuterAbort = (): void => controller.abort();
  outer?.addEventListener('abort', onOuterAbort);
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method: opts.method ?? 'GET',
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: controller.signal,
    });
  } catch {
    if (outer?.aborted) throw new ApiError(0, 'aborted', 'Cancelled.');
    throw new ApiError(0, 'network', "Can't reach the server. Check the connection; we'll keep trying.");
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
  if (res.status === 204) return undefined as T;
  let body: unknown = null;
  const text = await res.text().catch(() => '');
  if (text) {
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      body = null;
    }
  }
  if (!res.ok) {
    const { code, error } = readErrorBody(body);
    throw new ApiError(res.status, code ?? `http_${res.status}`, error ?? fallbackMessage(res.status), body);
  }
  return body as T;
}

export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return 'Something went wrong.';
}

/** A random id for `client_message_id`, so a retried send never posts twice. */
export function newClientMessageId(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
