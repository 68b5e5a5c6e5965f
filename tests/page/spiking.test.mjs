// The spiking page in headless Chromium: it loads, runs the distal-reward
// preset live for a few seconds, draws the raster, and logs no error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve } from './server.mjs';
import { launch, watch } from './browser.mjs';
import { waitInk } from './helpers.mjs';

let server;
let context;

before(async () => {
  server = await serve();
  context = await launch();
});

after(async () => {
  await context?.close();
  await server?.close();
});

test('the spiking page runs faster than real time and draws the raster', async () => {
  const page = await context.newPage();
  const problems = watch(page, server.url.replace(/\/$/, ''));
  await page.goto(`${server.url}spiking.html`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  assert.equal(await page.locator('#condition option').count(), 2, 'preset conditions listed');
  await page.click('#run');
  await page.waitForTimeout(3000);
  const status = await page.textContent('#status');
  const t = Number(/([\d.]+) s of model time/.exec(status)?.[1]);
  assert.ok(t >= 3, `more than 3 s of model time in 3 s of wall clock: ${status}`);
  const raster = (await waitInk(page, '#raster', 200)).n;
  assert.ok(raster > 200, `the raster has spikes (${raster} pixels)`);
  assert.ok((await waitInk(page, '#weights', 100)).n > 100, 'the weight chart is drawn');
  await page.click('#pause');
  const paused = await page.textContent('#status');
  assert.match(paused, /^Paused/);
  await page.waitForTimeout(300);
  assert.equal(await page.textContent('#status'), paused, 'nothing runs while paused');
  // A bad duration shows the engine's message naming the field.
  await page.fill('#duration', '0');
  await page.dispatchEvent('#duration', 'change');
  await page.click('#run');
  await page.locator('#error').waitFor({ state: 'visible' });
  assert.match(await page.textContent('#error'), /^task\.duration_s: must be a whole number/);
  assert.deepEqual(problems, []);
  await page.close();
});
