// Renders images/icon.svg to images/icon.png (256×256), the extension's icon on the
// Marketplace and Open VSX. Run after editing the SVG: node scripts/render-icon.mjs
// (test/package/icon.test.ts fails when the committed PNG differs from a fresh render).
import { Resvg } from '@resvg/resvg-js';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const ICON_SVG = path.join(ROOT, 'images', 'icon.svg');
export const ICON_PNG = path.join(ROOT, 'images', 'icon.png');

/** The PNG bytes of the icon. */
export function renderIcon() {
  const resvg = new Resvg(readFileSync(ICON_SVG, 'utf8'), { fitTo: { mode: 'width', value: 256 }, font: { loadSystemFonts: false } });
  return resvg.render().asPng();
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  writeFileSync(ICON_PNG, renderIcon());
  process.stdout.write(`wrote ${path.relative(ROOT, ICON_PNG)}\n`);
}
