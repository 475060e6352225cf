/** Draws appPackage/color.png and appPackage/outline.png (committed; run again only to change the design). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { drawColorIcon, drawOutlineIcon } from './app-package/icons';
import { encodePng } from './app-package/png';

const dir = join(__dirname, '..', 'appPackage');
writeFileSync(join(dir, 'color.png'), encodePng(drawColorIcon()));
writeFileSync(join(dir, 'outline.png'), encodePng(drawOutlineIcon()));
console.log(`wrote ${join(dir, 'color.png')} and ${join(dir, 'outline.png')}`);
