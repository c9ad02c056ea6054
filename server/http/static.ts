// Serves the built web app for non-API paths; client routes fall back to index.html, written for
// the database's scale (a province's page preloads no whole layer).
import { readFile, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import type { Context } from 'hono';
import { getMimeType } from 'hono/utils/mime';
import type { GridStore } from '../store/store.ts';

export interface StaticFile {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
  cacheControl: string;
}

async function readIfFile(path: string): Promise<Uint8Array<ArrayBuffer> | null> {
  try {
    return (await stat(path)).isFile() ? ((await readFile(path)) as Uint8Array<ArrayBuffer>) : null;
  } catch {
    return null;
  }
}

/** One county, or several (a province): the page's map draws the whole-database layers from tiles. */
export type PageScale = 'county' | 'province';

/** Whole-layer data the page preloads for a county; a province's layers are far too large for that. */
const WHOLE_LAYER_PATHS: ReadonlySet<string> = new Set(['/api/grids', '/api/issues/points', '/api/basemap']);
const PRELOAD_LINK = /[ \t]*<link\b[^>]*\brel="preload"[^>]*>[ \t]*\r?\n?/gi;
const HREF = /\bhref="([^"]*)"/i;
const SCALE_META = /(<meta\s+name="gridmap-scale"\s+content=")[^"]*(")/i;

/**
 * index.html for a database of this scale: a province's page says so in its `gridmap-scale` meta
 * (the app reads it before any request) and has no preload of a whole layer. A county's is unchanged.
 */
export function pageForScale(html: string, scale: PageScale): string {
  if (scale === 'county') return html;
  const page = html.replace(PRELOAD_LINK, (link) => {
    const href = HREF.exec(link)?.[1];
    return href && WHOLE_LAYER_PATHS.has(href.replace(/&amp;/g, '&').split(/[?#]/)[0]) ? '' : link;
  });
  return SCALE_META.test(page) ? page.replace(SCALE_META, `$1${scale}$2`) : page.replace(/<\/head>/i, `<meta name="gridmap-scale" content="${scale}" />\n</head>`);
}

/** Turns the index.html file into the page served. */
export type IndexPage = (html: Uint8Array<ArrayBuffer>) => Promise<Uint8Array<ArrayBuffer>>;

/**
 * index.html written for the store's scale: the county count is read once per data version (seeding
 * a county moves it), and the page once per scale and file content.
 */
export function indexPageFor(store: Pick<GridStore, 'dataVersion' | 'getProvince'>): IndexPage {
  let counted: { version: number; scale: PageScale } | null = null;
  const written = new Map<PageScale, { source: string; page: Uint8Array<ArrayBuffer> }>();
  return async (html) => {
    const version = store.dataVersion();
    if (counted?.version !== version) {
      const province = await store.getProvince();
      counted = { version, scale: province !== null && province.countyCount > 1 ? 'province' : 'county' };
    }
    const { scale } = counted;
    if (scale === 'county') return html;
    const source = Buffer.from(html.buffer, html.byteOffset, html.byteLength).toString('utf8');
    const cached = written.get(scale);
    if (cached?.source === source) return cached.page;
    const page = new Uint8Array(Buffer.from(pageForScale(source, scale), 'utf8'));
    written.set(scale, { source, page });
    return page;
  };
}

/**
 * The file for a request path, or index.html for extension-less client routes (through `indexPage`
 * when given); null when neither. Paths escaping the root, dot-segments and encoded separators are refused.
 */
export async function findStaticFile(root: string, requestPath: string, indexPage?: IndexPage): Promise<StaticFile | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || /(^|\/)\.\.?(\/|$)/.test(decoded)) return null;
  const base = resolve(root);
  const target = resolve(base, `.${decoded}`);
  if (target !== base && !target.startsWith(base + sep)) return null;
  const direct = decoded.endsWith('/') ? null : await readIfFile(target);
  if (direct) {
    // Build tools put content hashes in asset names: those never change.
    const immutable = decoded.startsWith('/assets/');
    const isIndex = target === resolve(base, 'index.html');
    return {
      body: isIndex && indexPage ? await indexPage(direct) : direct,
      contentType: getMimeType(target) ?? 'application/octet-stream',
      cacheControl: immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    };
  }
  const lastSegment = decoded.slice(decoded.lastIndexOf('/') + 1);
  if (lastSegment.includes('.')) return null;
  const index = await readIfFile(resolve(base, 'index.html'));
  if (!index) return null;
  return { body: indexPage ? await indexPage(index) : index, contentType: 'text/html; charset=utf-8', cacheControl: 'no-cache' };
}

export function staticResponse(c: Context, file: StaticFile): Response {
  // HEAD needs no branch: Hono answers it from the GET response without the body.
  return c.body(file.body, 200, {
    'Content-Type': file.contentType,
    'Cache-Control': file.cacheControl,
    'Content-Length': String(file.body.byteLength),
  });
}
