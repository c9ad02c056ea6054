// The map draws its labels without a glyph server: MapLibre draws each glyph locally on a canvas,
// with the `text-font` name as the CSS font family. That name is the generic sans-serif family, so
// the labels come out in the system's CJK font: no font file is on the path to the first picture
// (the bundled web font, dozens of subset files, loads later for the panels). Should the family
// ever name a web font, a label source still waits for the files its names need before reaching
// the map (a canvas does not wait for web fonts, and MapLibre caches what it drew).

/** The CSS family the map draws its labels in (the system's default sans-serif face). */
export const MAP_FONT = 'sans-serif';

/** The distinct characters of some label texts, in first-seen order. */
export function labelCharacters(texts: Iterable<string>): string {
  const seen = new Set<string>();
  for (const text of texts) for (const character of text) seen.add(character);
  return [...seen].join('');
}

/**
 * The CSS font shorthand MapLibre's canvas ends up using for `text-font: [font]` (it reads the
 * weight from the name: none here, so normal), at any size.
 */
export function fontQuery(font: string): string {
  // A generic family is a keyword: quoted, it would name a font called "sans-serif".
  const family = GENERIC_FAMILIES.has(font) ? font : `"${font}"`;
  return `400 16px ${family}`;
}

const GENERIC_FAMILIES = new Set(['serif', 'sans-serif', 'monospace', 'cursive', 'fantasy', 'system-ui']);

/** Loads the files a text needs in a font; never rejects (a missing file leaves the fallback). */
export async function loadMapFont(font: string, text: string, fonts: FontFaceSet = document.fonts): Promise<void> {
  if (text.length === 0) return;
  try {
    await fonts.load(fontQuery(font), text);
  } catch {
    // Unreachable server or broken file: the label still shows, in a system font.
  }
}

/** Whether every file a text needs in a font is loaded. */
export function mapFontReady(font: string, text: string, fonts: FontFaceSet = document.fonts): boolean {
  return text.length === 0 || fonts.check(fontQuery(font), text);
}
