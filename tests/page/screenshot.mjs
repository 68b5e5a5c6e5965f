// Takes the README's screenshot of the page after a run: node tests/page/screenshot.mjs OUT.png
import { serve } from './server.mjs';
import { launch } from './browser.mjs';

const out = process.argv[2] ?? 'docs/screenshot.png';
const server = await serve();
const context = await launch();
try {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1100, height: 640 });
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready="true"]');
  await page.click('#run');
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Done'));
  await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  await page.screenshot({ path: out, scale: 'css' });
  console.log(`wrote ${out}`);
} finally {
  await context.close();
  await server.close();
}
