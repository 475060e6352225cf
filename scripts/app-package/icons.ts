/**
 * The app's icons, drawn from a few shapes: a presence ring and a desk phone joined by a bridge. Teams wants
 * color.png 192x192 (full colour) and outline.png 32x32 (white on transparent).
 */
import type { RgbaImage } from './png';

type Rgba = readonly [number, number, number, number];
/** Inside test in unit coordinates (0..1 across the icon). */
type Shape = (x: number, y: number) => boolean;

const WHITE: Rgba = [255, 255, 255, 255];
const BRAND_BLUE: Rgba = [15, 108, 189, 255];
const AVAILABLE_GREEN: Rgba = [107, 183, 0, 255];

const circle =
  (cx: number, cy: number, r: number): Shape =>
  (x, y) =>
    (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const ring =
  (cx: number, cy: number, outer: number, inner: number): Shape =>
  (x, y) =>
    circle(cx, cy, outer)(x, y) && !circle(cx, cy, inner)(x, y);
const roundedRect =
  (x0: number, y0: number, x1: number, y1: number, r: number): Shape =>
  (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
    const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
    return dx * dx + dy * dy <= r * r;
  };
const minus =
  (a: Shape, b: Shape): Shape =>
  (x, y) =>
    a(x, y) && !b(x, y);

const presenceRing = ring(0.33, 0.5, 0.2, 0.13);
const presenceDot = circle(0.33, 0.5, 0.085);
const bridge = roundedRect(0.5, 0.455, 0.63, 0.545, 0.01);
const phone = minus(roundedRect(0.6, 0.27, 0.82, 0.73, 0.06), roundedRect(0.65, 0.33, 0.77, 0.47, 0.02));

/** Layers painted in order over the background, each anti-aliased by 4x4 supersampling. */
function render(size: number, background: Rgba | null, layers: Array<[Shape, Rgba]>): RgbaImage {
  const pixels = new Uint8Array(size * size * 4);
  const samples = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let [r, g, b, a] = background ? background.map((c, i) => (i === 3 ? c / 255 : c)) : [0, 0, 0, 0];
      for (const [shape, color] of layers) {
        let hits = 0;
        for (let sy = 0; sy < samples; sy++)
          for (let sx = 0; sx < samples; sx++) if (shape((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size)) hits++;
        const cover = hits / (samples * samples);
        if (cover === 0) continue;
        // "over" compositing, straight alpha
        const outA = cover + a * (1 - cover);
        r = (color[0] * cover + r * a * (1 - cover)) / outA;
        g = (color[1] * cover + g * a * (1 - cover)) / outA;
        b = (color[2] * cover + b * a * (1 - cover)) / outA;
        a = outA;
      }
      const i = (py * size + px) * 4;
      pixels.set([Math.round(r), Math.round(g), Math.round(b), Math.round(a * 255)], i);
    }
  }
  return { width: size, height: size, pixels };
}

export function drawColorIcon(): RgbaImage {
  return render(192, BRAND_BLUE, [
    [presenceRing, WHITE],
    [presenceDot, AVAILABLE_GREEN],
    [bridge, WHITE],
    [phone, WHITE],
  ]);
}

export function drawOutlineIcon(): RgbaImage {
  return render(32, null, [
    [presenceRing, WHITE],
    [bridge, WHITE],
    [phone, WHITE],
  ]);
}
