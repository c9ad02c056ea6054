// Who is signed in, as one small store shared by the fetch client and the views. The app asks
// GET /api/auth/session once (200 with or without access control, so a signed-out visit makes no
// failed request); until it answers, API requests wait, and while signed out they are not sent.
// A wall display opened as `/wall?token=…` exchanges the token for a session cookie first and the
// token leaves the address bar at once.
import type { SessionAnswer } from '../../../server/http/routes/auth.ts';
import type { Permission } from '../../../server/access/roles.ts';

export type { SessionAnswer };

export type SessionState =
  /** Not known yet. */
  | { phase: 'checking' }
  /** Access control is off: everything is shown. */
  | { phase: 'open' }
  | { phase: 'signed-out'; notice: 'tokenRefused' | 'sessionEnded' | null }
  | { phase: 'signed-in'; session: Extract<SessionAnswer, { user: object }> };

type Listener = () => void;

let state: SessionState = { phase: 'checking' };
let check: Promise<SessionState> | null = null;
const listeners = new Set<Listener>();

function publish(next: SessionState): SessionState {
  state = next;
  for (const listener of listeners) listener();
  return next;
}

export function sessionState(): SessionState {
  return state;
}

export function subscribeSession(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Takes `token` out of the address bar (before anything else reads or records it). */
function takeTokenFromUrl(): string | null {
  if (typeof window === 'undefined') return null;
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token');
  if (token === null) return null;
  url.searchParams.delete('token');
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
  return token;
}

let pendingToken = takeTokenFromUrl();

export type SignInResult =
  | { ok: true }
  | { ok: false; status: number; field: string | null; retryAfterSeconds: number | null };

/** POST /api/auth/login with a password or an API token; the session arrives as an HttpOnly cookie. */
export async function signIn(credentials: { username: string; password: string } | { token: string }): Promise<SignInResult> {
  let response: Response;
  try {
    response = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(credentials),
    });
  } catch {
    return { ok: false, status: 0, field: null, retryAfterSeconds: null };
  }
  if (response.ok) return { ok: true };
  let field: string | null = null;
  try {
    field = ((await response.json()) as { error?: { field?: string } }).error?.field ?? null;
  } catch {
    // Not JSON: the status says enough.
  }
  const retryAfter = Number(response.headers.get('Retry-After'));
  return { ok: false, status: response.status, field, retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null };
}

/** Ends the session on the server; the caller reloads into the sign-in view. */
export async function signOut(): Promise<void> {
  try {
    await fetch('/api/auth/logout', { method: 'POST', headers: { Accept: 'application/json' } });
  } catch {
    // Unreachable: the cookie stays until it expires, but this page signs out anyway.
  }
  publish({ phase: 'signed-out', notice: null });
}

async function runCheck(): Promise<SessionState> {
  let tokenRefused = false;
  if (pendingToken) {
    const exchange = await signIn({ token: pendingToken });
    // Exchanged once; asked again only when the server could not be reached.
    if (exchange.ok || exchange.status !== 0) pendingToken = null;
    tokenRefused = !exchange.ok && exchange.status !== 0;
  }
  let response: Response;
  try {
    response = await fetch('/api/auth/session', { headers: { Accept: 'application/json' }, cache: 'no-store' });
  } catch {
    // The server is down: requests go out and fail as unreachable; the next request asks again.
    check = null;
    return state;
  }
  if (!response.ok) {
    check = null;
    return state;
  }
  const answer = (await response.json()) as SessionAnswer;
  if (answer.access === 'off') return publish({ phase: 'open' });
  if (answer.user === null) return publish({ phase: 'signed-out', notice: tokenRefused ? 'tokenRefused' : null });
  return publish({ phase: 'signed-in', session: answer });
}

/** The session, asked once; every API request awaits it. */
export function ensureSession(): Promise<SessionState> {
  check ??= runCheck();
  return check;
}

/** Whether a request may go out now: not while signed out (it would only earn a 401). */
export async function mayRequest(): Promise<boolean> {
  const known = await ensureSession();
  return known.phase !== 'signed-out';
}

/** Any API answer of 401: the session ended (expired, revoked, signed out elsewhere). */
export function reportUnauthenticated(): void {
  if (state.phase === 'signed-out') return;
  check = Promise.resolve(publish({ phase: 'signed-out', notice: state.phase === 'signed-in' ? 'sessionEnded' : null }));
}

/**
 * Whether the signed-in account may do this here, from the permissions /api/auth/session gave:
 * a county-wide grant anywhere, an own-scope grant only inside a scope code (by code prefix, as the
 * server decides). `code` null means the whole county. Only for showing or hiding controls: the
 * server decides every request itself.
 */
export function can(current: SessionState, permission: Permission, code: string | null = null): boolean {
  if (current.phase === 'open') return true;
  if (current.phase !== 'signed-in') return false;
  const { user, permissions } = current.session;
  const reach = (permissions as Partial<Record<Permission, 'county' | 'own'>>)[permission];
  if (!reach) return false;
  if (reach === 'county') return true;
  return code !== null && user.scopeCodes.some((scope) => scope.length > 0 && code.startsWith(scope));
}
