// The map draws its labels with the font the page ships (no glyph server): the @font-face rules
// of the bundled CSS are handed to MapLibre's `font-faces`, which loads each subset file only when
// a label needs one of its characters.
import type { FontFacesSpecification } from 'maplibre-gl';

/** The font names the style's `text-font` uses. */
export const MAP_FONT_REGULAR = 'Noto Sans SC Regular';
export const MAP_FONT_BOLD = 'Noto Sans SC Bold';

export interface FontFaceRuleText {
  family: string;
  weight: string;
  style: string;
  src: string;
  unicodeRange: string;
}

/** The woff2 URL of a CSS `src` descriptor, else its first URL; null when it has none. */
export function preferredFontUrl(src: string): string | null {
  const urls = [...src.matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)\s*(?:format\(\s*(['"]?)([\w-]+)\3\s*\))?/g)].map((match) => ({
    url: match[2],
    format: match[4] ?? '',
  }));
  if (urls.length === 0) return null;
  return (urls.find((entry) => entry.format === 'woff2') ?? urls[0]).url;
}

/** 'U+4E00-4E0F, U+20' → ['U+4E00-4E0F', 'U+20']. */
export function unicodeRanges(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => /^U\+[0-9a-f?]+(-[0-9a-f]+)?$/i.test(part));
}

function unquote(family: string): string {
  return family.trim().replace(/^(['"])(.*)\1$/, '$2');
}

/** Maps the rules of one CSS family to the style's regular and bold font names. */
export function fontFacesFromRules(rules: readonly FontFaceRuleText[], cssFamily: string): FontFacesSpecification {
  const regular: { url: string; 'unicode-range': string[] }[] = [];
  const bold: { url: string; 'unicode-range': string[] }[] = [];
  for (const rule of rules) {
    if (unquote(rule.family) !== cssFamily || (rule.style.trim() || 'normal') !== 'normal') continue;
    const url = preferredFontUrl(rule.src);
    if (url === null) continue;
    const ranges = unicodeRanges(rule.unicodeRange);
    const face = ranges.length > 0 ? { url, 'unicode-range': ranges } : { url, 'unicode-range': [] };
    const weight = rule.weight.trim();
    if (weight === '700' || weight === 'bold') bold.push(face);
    else if (weight === '400' || weight === 'normal' || weight === '') regular.push(face);
  }
  const faces: FontFacesSpecification = {};
  // A face with no range covers every character: drop the empty list so MapLibre reads it so.
  const tidy = (list: typeof regular) => list.map((face) => (face['unicode-range'].length > 0 ? face : { url: face.url }));
  if (regular.length > 0) faces[MAP_FONT_REGULAR] = tidy(regular);
  // Without a bold file, bold labels use the regular one rather than a system font.
  const boldOrRegular = bold.length > 0 ? bold : regular;
  if (boldOrRegular.length > 0) faces[MAP_FONT_BOLD] = tidy(boldOrRegular);
  return faces;
}

/** The page's @font-face rules, read from its stylesheets (same-origin only). */
export function readFontFaceRules(doc: Document): FontFaceRuleText[] {
  const rules: FontFaceRuleText[] = [];
  for (const sheet of Array.from(doc.styleSheets)) {
    let cssRules: CSSRuleList;
    try {
      cssRules = sheet.cssRules;
    } catch {
      continue;
    }
    for (const rule of Array.from(cssRules)) {
      if (!(rule instanceof CSSFontFaceRule)) continue;
      const style = rule.style;
      rules.push({
        family: style.getPropertyValue('font-family'),
        weight: style.getPropertyValue('font-weight'),
        style: style.getPropertyValue('font-style'),
        src: style.getPropertyValue('src'),
        unicodeRange: style.getPropertyValue('unicode-range'),
      });
    }
  }
  return rules;
}
