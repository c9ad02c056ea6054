// Serves the built web app for non-API paths; client routes fall back to index.html.
import { readFile, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import type { Context } from 'hono';
import { getMimeType } from 'hono/utils/mime';

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

/**
 * The file for a request path, or index.html for extension-less client routes; null when neither.
 * Paths escaping the root, dot-segments and encoded separators are refused.
 */
export async function findStaticFile(root: string, requestPath: string): Promise<StaticFile | null> {
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
    return {
      body: direct,
      contentType: getMimeType(target) ?? 'application/octet-stream',
      cacheControl: immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    };
  }
  const lastSegment = decoded.slice(decoded.lastIndexOf('/') + 1);
  if (lastSegment.includes('.')) return null;
  const index = await readIfFile(resolve(base, 'index.html'));
  return index ? { body: index, contentType: 'text/html; charset=utf-8', cacheControl: 'no-cache' } : null;
}

export function staticResponse(c: Context, file: StaticFile): Response {
  // HEAD needs no branch: Hono answers it from the GET response without the body.
  return c.body(file.body, 200, {
    'Content-Type': file.contentType,
    'Cache-Control': file.cacheControl,
    'Content-Length': String(file.body.byteLength),
  });
}
