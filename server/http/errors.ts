// Every error leaves as JSON `{ error: { code, message, field? } }`: never HTML, never a stack trace.
import type { Context, ErrorHandler, Hono, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { StoreError } from '../store/store.ts';

export type ApiErrorStatus = 400 | 404 | 405 | 409 | 413 | 415 | 422 | 500 | 503;

export interface ApiErrorBody {
  error: { code: string; message: string; field?: string };
}

/** An error meant for the client: its status, a stable code, and the offending input field if any. */
export class ApiError extends Error {
  readonly status: ApiErrorStatus;
  readonly code: string;
  readonly field: string | undefined;
  constructor(status: ApiErrorStatus, code: string, message: string, field?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

export function errorBody(code: string, message: string, field?: string): ApiErrorBody {
  return { error: field === undefined ? { code, message } : { code, message, field } };
}

export function errorResponse(c: Context, status: ApiErrorStatus, code: string, message: string, field?: string, headers?: Record<string, string>): Response {
  return c.json(errorBody(code, message, field), status, headers);
}

const STORE_ERROR_STATUS: Record<StoreError['code'], ApiErrorStatus> = {
  conflict: 409,
  invalid: 400,
  invalid_cursor: 400,
  // The locator and the store disagree about the grid plan: a server fault, not the client's.
  unknown_grid: 500,
  not_seeded: 503,
};

/** Global onError: known errors keep their status; anything else is a bare 500. */
export function createErrorHandler(log: (error: unknown) => void = () => {}): ErrorHandler {
  return (error, c) => {
    if (error instanceof ApiError) return errorResponse(c, error.status, error.code, error.message, error.field);
    if (error instanceof StoreError) {
      const status = STORE_ERROR_STATUS[error.code];
      if (status === 500) log(error);
      return errorResponse(c, status, error.code, status === 500 ? 'internal error' : error.message, error.code === 'invalid_cursor' ? 'cursor' : undefined);
    }
    if (error instanceof HTTPException && error.status < 500) {
      return c.json(errorBody('http_error', error.message || 'request refused'), error.status);
    }
    log(error);
    return errorResponse(c, 500, 'internal', 'internal error');
  };
}

export const apiNotFound: NotFoundHandler = (c) => errorResponse(c, 404, 'not_found', `no route for ${c.req.method} ${c.req.path}`);

const ALL_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** The methods a path does not support (for registering a 405 handler on them). */
export function otherMethods(allowed: ReadonlyArray<(typeof ALL_METHODS)[number]>): string[] {
  const withHead = allowed.includes('GET') ? [...allowed, 'HEAD'] : [...allowed];
  return ALL_METHODS.filter((m) => !withHead.includes(m));
}

export function methodNotAllowed(allowed: readonly string[]) {
  const allow = (allowed.includes('GET') ? [...allowed, 'HEAD'] : [...allowed]).join(', ');
  return (c: Context) => errorResponse(c, 405, 'method_not_allowed', `${c.req.method} is not allowed here; use ${allow}`, undefined, { Allow: allow });
}

type Method = (typeof ALL_METHODS)[number];

/**
 * Registers 405 answers for the methods each path does not support. Returns the router with its
 * type unchanged, so the typed client only sees the real routes.
 */
export function guardMethods<T extends Hono<any, any, any>>(router: T, allowedByPath: Record<string, readonly Method[]>): T {
  for (const [path, allowed] of Object.entries(allowedByPath)) router.on(otherMethods(allowed), path, methodNotAllowed(allowed));
  return router;
}
