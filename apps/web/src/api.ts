/**
 * The API client: the access token lives in sessionStorage (gone with the tab), every call sends it, and
 * a 401 (expired or revoked token) clears it and sends the admin back to the login page. The API issues
 * no refresh tokens, so signing in again is the refresh.
 */
const SESSION_KEY = 'boutique-ml.session';

export interface Session {
  access: string;
  username: string;
  role: string;
  /** Epoch ms. */
  expiresAt: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

let onUnauthorized: (message: string) => void = () => {};

/** Called when the session is gone or refused (the app shows the login page). */
export function whenUnauthorized(handler: (message: string) => void): void {
  onUnauthorized = handler;
}

export function currentSession(): Session | null {
  const raw = sessionStorage.getItem(SESSION_KEY);
  if (!raw) return null;
  try {
    const session = JSON.parse(raw) as Session;
    // A token about to expire would fail mid-page: ask for the password now instead.
    if (typeof session.access !== 'string' || session.expiresAt < Date.now() + 10_000) {
      sessionStorage.removeItem(SESSION_KEY);
      return null;
    }
    return session;
  } catch {
    sessionStorage.removeItem(SESSION_KEY);
    return null;
  }
}

export function signOut(): void {
  sessionStorage.removeItem(SESSION_KEY);
}

async function parse(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function errorOf(res: Response, body: unknown): ApiError {
  const error = (body as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
  return new ApiError(
    res.status,
    error?.code ?? 'http_error',
    error?.message ?? `The server answered ${res.status} ${res.statusText}.`,
    error?.details,
  );
}

/** POST /api/auth/token/; keeps the session for this tab. Only admins and superusers may use the dashboard. */
export async function signIn(username: string, password: string): Promise<Session> {
  const res = await fetch('/api/auth/token/', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await parse(res)) as { access: string; expires_in: number; role: string } | null;
  if (!res.ok || !body) throw errorOf(res, body);
  if (body.role !== 'admin' && body.role !== 'superuser') {
    throw new ApiError(403, 'forbidden', 'This dashboard is for admin accounts only.');
  }
  const session: Session = {
    access: body.access,
    username,
    role: body.role,
    expiresAt: Date.now() + body.expires_in * 1000,
  };
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  return session;
}

/** A JSON call to the API with the session's token; throws ApiError with the API's code and message. */
export async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const session = currentSession();
  if (!session) {
    onUnauthorized('Your session ended: sign in again.');
    throw new ApiError(401, 'unauthorized', 'Sign in again.');
  }
  const res = await fetch(path, {
    method,
    headers: {
      authorization: `Bearer ${session.access}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const parsed = await parse(res);
  if (res.status === 401) {
    signOut();
    onUnauthorized('Your session expired: sign in again.');
  }
  if (!res.ok) throw errorOf(res, parsed);
  return parsed as T;
}
