// The web app's page for someone not signed in: its `<link rel="preload">` of API data would only
// earn 401s (and console errors) before the sign-in view shows, so they are left out of the page
// for a request without a valid session. Signed-in requests get the page unchanged.
import type { MiddlewareHandler } from 'hono';
import { isGuardedPath } from '../../access/policy.ts';
import { identify, type AccessSettings } from './identity.ts';

const PRELOAD_LINK = /[ \t]*<link\b[^>]*\brel="preload"[^>]*>[ \t]*\r?\n?/gi;
const HREF = /\bhref="([^"]*)"/i;

/** The page without preloads of guarded paths (the API, tiles, OGC, Open311). */
export function withoutGuardedPreloads(html: string): string {
  return html.replace(PRELOAD_LINK, (link) => {
    const href = HREF.exec(link)?.[1];
    if (!href) return link;
    const path = href.replace(/&amp;/g, '&').split(/[?#]/)[0];
    return isGuardedPath(path) ? '' : link;
  });
}

export function signedOutPage(settings: AccessSettings): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || isGuardedPath(c.req.path)) return;
    if (!c.res.headers.get('content-type')?.startsWith('text/html') || c.res.status !== 200) return;
    // The answer depends on the cookie from now on.
    c.res.headers.append('Vary', 'Cookie');
    if (await identify(settings.store, (name) => c.req.header(name))) return;
    const contentType = c.res.headers.get('content-type')!;
    const page = withoutGuardedPreloads(await c.res.text());
    // Hono copies the old answer's headers onto the new one, except its type: the old length must
    // not come along, the type must be given again.
    c.res.headers.delete('Content-Length');
    c.res = new Response(c.req.method === 'HEAD' ? null : page, {
      status: 200,
      headers: { 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(page, 'utf8')) },
    });
  };
}
