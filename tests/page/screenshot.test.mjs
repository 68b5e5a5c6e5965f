// Screenshots of the page at a desktop and a phone size, compared with the
// stored references in tests/page/reference/ with a tolerance robust to font
// anti-aliasing: both images are averaged over 4 × 4 pixel blocks, and at
// most 2 % of blocks may differ by more than 24 levels in any channel.
// The run-time figure of the status line is masked. To update the
// references after an intended change: UPDATE_REFERENCE=1 node --test tests/page/screenshot.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { setup, waitInk, chartsDrawn, compareImages as compare } from './helpers.mjs';

const env = setup();
const REF = fileURLToPath(new URL('./reference/', import.meta.url));
const MAX_FRACTION = 0.02;

for (const [name, viewport] of [['desktop', { width: 1100, height: 720 }], ['phone', { width: 390, height: 780 }]]) {
  test(`the page looks like the ${name} reference`, async () => {
    const { page, problems } = await env.open('', { viewport });
    await waitInk(page, '#chart-0');
    await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
    // Every chart on the canvas (after the blur's redraw), a frame later.
    await chartsDrawn(page);
    const shot = await page.screenshot({ scale: 'css', mask: [page.locator('#status')], animations: 'disabled' });
    const file = `${REF}${name}.png`;
    if (process.env.UPDATE_REFERENCE) {
      await mkdir(REF, { recursive: true });
      await writeFile(file, shot);
    }
    const ref = await readFile(file).catch(() => null);
    assert.ok(ref, `no reference ${file}: run with UPDATE_REFERENCE=1 to store one`);
    const result = await compare(page, shot.toString('base64'), ref.toString('base64'));
    if (result.sizeMismatch || result.fraction > MAX_FRACTION) {
      await writeFile(`${REF}${name}.actual.png`, shot);
    }
    assert.equal(result.sizeMismatch, undefined, result.sizeMismatch);
    assert.ok(result.fraction <= MAX_FRACTION, `${(result.fraction * 100).toFixed(2)} % of blocks differ (at most ${MAX_FRACTION * 100} %); see ${name}.actual.png`);
    assert.deepEqual(problems, []);
    await page.close();
  });
}
