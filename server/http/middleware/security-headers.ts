// Security headers on every answer: a content security policy that allows only this origin (the
// product never talks to another), no sniffing, no referrer, no framing. No CORS header is ever sent,
// so browsers keep other origins out of the API.
import type { MiddlewareHandler } from 'hono';

/**
 * What the built web app needs: its own scripts and styles, MapLibre's and deck.gl's blob: workers,
 * data:/blob: images and fonts; style attributes set by the map libraries are the one inline allowance.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "child-src 'self' blob:",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "connect-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
});

export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value);
    c.res.headers.delete('Access-Control-Allow-Origin');
  };
}
