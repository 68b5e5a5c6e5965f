// The real page in headless Chromium: load, run a preset, the canvas is
// drawn, the CSV downloads with the right header, bad values get a message,
// and nothing goes to the console or off the origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serve } from './server.mjs';
import { launch, watch } from './browser.mjs';

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

async function openPage() {
  const page = await context.newPage();
  const problems = watch(page, server.url.replace(/\/$/, ''));
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  return { page, problems };
}

// Pixels of the chart canvas that differ from its top-left (background) pixel.
function inkedPixels(page) {
  return page.evaluate(() => {
    const c = document.getElementById('chart');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) n++;
    }
    return { n, width: c.width, height: c.height };
  });
}

test('the preset runs to the end and draws a hi-DPI learning curve', async () => {
  const { page, problems } = await openPage();
  assert.equal(await page.locator('#probabilities input').count(), 2, 'preset loads two arms');
  assert.equal(await page.inputValue('#p-0'), '0.8');
  await page.click('#run');
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Done'), null, { timeout: 30000 });
  const status = await page.textContent('#status');
  assert.match(status, /300 trials × 20 seeds × 2 condition\(s\)/);
  const ink = await inkedPixels(page);
  const css = await page.evaluate(() => document.getElementById('chart').getBoundingClientRect().width);
  assert.equal(ink.width, Math.round(css * 2), 'canvas backing store follows devicePixelRatio 2');
  assert.ok(ink.n > 5000, `the chart is drawn (${ink.n} pixels)`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the CSV download has the tidy header and every trial', async () => {
  const { page, problems } = await openPage();
  await page.fill('#seeds', '3');
  await page.fill('#trials', '50');
  await page.click('#run');
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Done'), null, { timeout: 30000 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv')]);
  assert.equal(download.suggestedFilename(), 'modulab.csv');
  const text = await readFile(await download.path(), 'utf8');
  const lines = text.trim().split('\n');
  assert.equal(lines[0], 'condition,seed,trial,metric,value');
  const metrics = new Set(lines.slice(1).map((l) => l.split(',')[3]));
  for (const m of ['reward', 'correct', 'dopamine', 'learning_rate']) assert.ok(metrics.has(m), `CSV has ${m}`);
  // Preset: control + a dopamine condition, 3 seeds, 50 trials, every metric.
  assert.equal(lines.length - 1, 2 * 3 * 50 * metrics.size);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a bad value shows the engine\'s message naming the field', async () => {
  const { page, problems } = await openPage();
  await page.fill('#p-1', '1.3');
  await page.click('#run');
  const error = page.locator('#error');
  await error.waitFor({ state: 'visible' });
  assert.equal(await error.textContent(), 'task.p_reward[1]: must be within [0, 1], got 1.3');
  // Fixing it clears the message and runs.
  await page.fill('#p-1', '0.3');
  await page.click('#run');
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Done'), null, { timeout: 30000 });
  assert.equal(await error.isHidden(), true);
  assert.deepEqual(problems, []);
  await page.close();
});

test('pause stops the run and resume finishes it', async () => {
  const { page, problems } = await openPage();
  await page.fill('#trials', '20000');
  await page.fill('#seeds', '50');
  await page.click('#run');
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Running'));
  await page.click('#pause');
  const paused = await page.textContent('#status');
  assert.match(paused, /^Paused at trial \d+/);
  await page.waitForTimeout(200);
  assert.equal(await page.textContent('#status'), paused, 'nothing runs while paused');
  assert.equal(await page.textContent('#run'), 'Resume');
  await page.click('#run');
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Done'), null, { timeout: 60000 });
  assert.deepEqual(problems, []);
  await page.close();
});
