import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';

// jsqr is CommonJS whose types declare an ES default export: under NodeNext the default
// import is module.exports, which carries the function as .default too.
const jsQR = jsQRModule.default;

/**
 * QR codes read back by an independent decoder (jsQR), from the SVG a page embeds or from a
 * browser's screenshot: what a resident's phone would read, not what the generator meant.
 */

/** Dark modules of an SVG drawn as unit squares ("M20,20h10v10h-10z"), the form uqr writes. */
export function decodeQrSvg(svg: string, scale = 4): string | null {
  const viewBox = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  const path = /<path[^>]* d="([^"]+)"/.exec(svg);
  if (!viewBox || !path) throw new Error('not an SVG of squares with a viewBox');
  const side = Number(viewBox[1]);
  const squares = [...(path[1] as string).matchAll(/M(\d+),(\d+)h(\d+)v(\d+)h-\d+z/g)];
  if (squares.length === 0) throw new Error('no squares in the path');
  const module = Number(squares[0]?.[3]);
  const modules = side / module;
  const width = modules * scale;
  const pixels = new Uint8ClampedArray(width * width * 4).fill(255);
  for (const [, x, y] of squares) {
    const mx = Number(x) / module;
    const my = Number(y) / module;
    for (let dy = 0; dy < scale; dy += 1) {
      for (let dx = 0; dx < scale; dx += 1) {
        const at = ((my * scale + dy) * width + mx * scale + dx) * 4;
        pixels[at] = 0;
        pixels[at + 1] = 0;
        pixels[at + 2] = 0;
      }
    }
  }
  return jsQR(pixels, width, width)?.data ?? null;
}

/** A PNG (a screenshot) searched for a QR code. */
export function decodeQrPng(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null;
}
