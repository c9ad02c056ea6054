// The map draws its labels with the font the page ships (no glyph server): MapLibre draws each
// glyph locally on a canvas, with the `text-font` name as the CSS font family. That name is the
// page's own family (its @font-face rules come with the bundled CSS), so the map shares the font
// files the panels load anyway. A canvas does not wait for web fonts, so the files a label needs
// are loaded before its data reaches the map: no glyph is ever drawn, and cached, in a fallback font.

/** The CSS family of the bundled font (main.tsx imports its @font-face rules). */
export const MAP_FONT = 'Noto Sans SC';

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
  return `400 16px "${font}"`;
}

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
