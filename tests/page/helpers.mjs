// Shared set-up of the page tests: one server and one browser per file.
import { before, after } from 'node:test';
import { serve } from './server.mjs';
import { launch, watch } from './browser.mjs';

export function setup() {
  const env = {};
  before(async () => {
    env.server = await serve();
    env.context = await launch();
    env.origin = env.server.url.replace(/\/$/, '');
  });
  after(async () => {
    await env.context?.close();
    await env.server?.close();
  });
  // Opens `path` and waits for the first run to finish.
  env.open = async (path = '', { done = true, viewport } = {}) => {
    const page = await env.context.newPage();
    if (viewport) await page.setViewportSize(viewport);
    const problems = watch(page, env.origin);
    page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss(); });
    await page.goto(env.server.url + path);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
    if (done) await waitDone(page);
    return { page, problems };
  };
  return env;
}

export const waitDone = (page, timeout = 30000) =>
  page.waitForSelector('body[data-state="done"]', { timeout });

// Pixels of a canvas close to an RGB colour (within `tol` per channel).
export function colourCount(page, selector, [r, g, b], tol = 24) {
  return page.evaluate(({ selector, r, g, b, tol }) => {
    const c = document.querySelector(selector);
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (Math.abs(d[i] - r) <= tol && Math.abs(d[i + 1] - g) <= tol && Math.abs(d[i + 2] - b) <= tol) n++;
    }
    return n;
  }, { selector, r, g, b, tol });
}

// Pixels that differ from the canvas's top-left (background) pixel.
export function inked(page, selector) {
  return page.evaluate((selector) => {
    const c = document.querySelector(selector);
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) n++;
    return { n, width: c.width, height: c.height, bg: [d[0], d[1], d[2]] };
  }, selector);
}

// The page's URL hash for a state, encoded by the page's own module.
export function encode(page, state) {
  return page.evaluate(async (state) => (await import('/state.js')).encodeState(state), state);
}

export const BLUE = [0, 114, 178];
export const VERMILLION = [213, 94, 0];

// Does `action`, then waits until the page has started a new run and finished it.
export async function rerun(page, action, timeout = 30000) {
  const id = await page.evaluate(() => window.modulab.runner.id);
  await action();
  await page.waitForFunction((id) => window.modulab.runner.id > id && document.body.dataset.state === 'done', id, { timeout });
}
