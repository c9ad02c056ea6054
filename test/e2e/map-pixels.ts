// What share of a map screenshot is drawn: everything that differs from the dominant (background)
// colour counts. A blank or half-initialised map is one flat colour.
import type { RgbaImage } from './png.ts';

export interface DrawnShare {
  /** Share of pixels that differ clearly from the dominant colour. */
  drawnShare: number;
  /** Colours (4 bits per channel) covering at least 0.1 % of the image each. */
  distinctColours: number;
}

/** Channel difference below which a pixel still counts as background (antialiasing, dithering). */
const BACKGROUND_TOLERANCE = 12;

export function drawnShare(image: RgbaImage): DrawnShare {
  const { pixels } = image;
  const total = image.width * image.height;
  const buckets = new Uint32Array(4096);
  for (let offset = 0; offset < pixels.length; offset += 4) {
    buckets[((pixels[offset] >> 4) << 8) | ((pixels[offset + 1] >> 4) << 4) | (pixels[offset + 2] >> 4)]++;
  }
  let dominant = 0;
  for (let bucket = 1; bucket < buckets.length; bucket++) if (buckets[bucket] > buckets[dominant]) dominant = bucket;
  // The dominant colour itself: the mean of the pixels in its bucket.
  const sum = [0, 0, 0];
  for (let offset = 0; offset < pixels.length; offset += 4) {
    if ((((pixels[offset] >> 4) << 8) | ((pixels[offset + 1] >> 4) << 4) | (pixels[offset + 2] >> 4)) !== dominant) continue;
    sum[0] += pixels[offset];
    sum[1] += pixels[offset + 1];
    sum[2] += pixels[offset + 2];
  }
  const background = sum.map((channel) => channel / buckets[dominant]);
  let drawn = 0;
  for (let offset = 0; offset < pixels.length; offset += 4) {
    const difference = Math.max(
      Math.abs(pixels[offset] - background[0]),
      Math.abs(pixels[offset + 1] - background[1]),
      Math.abs(pixels[offset + 2] - background[2]),
    );
    if (difference > BACKGROUND_TOLERANCE) drawn++;
  }
  const minimum = total * 0.001;
  let distinctColours = 0;
  for (const count of buckets) if (count >= minimum) distinctColours++;
  return { drawnShare: drawn / total, distinctColours };
}
