// Takes the README's screenshots of the page after a run:
//   node tests/page/screenshot.mjs            → docs/screenshot.png and docs/screenshot-phone.png
//   node tests/page/screenshot.mjs OUT.png    → one desktop screenshot
import { serve } from './server.mjs';
import { launch } from './browser.mjs';

const shots = process.argv[2]
  ? [[process.argv[2], { width: 1280, height: 860 }]]
  : [['docs/screenshot.png', { width: 1280, height: 860 }], ['docs/screenshot-phone.png', { width: 390, height: 844 }]];
const server = await serve();
const context = await launch();
try {
  for (const [out, viewport] of shots) {
    const page = await context.newPage();
    await page.setViewportSize(viewport);
    // The comparison a reader would make: control vs haloperidol vs L-DOPA.
    await page.goto(server.url);
    await page.waitForSelector('body[data-state="done"]');
    const id = await page.evaluate(() => window.modulab.runner.id);
    await page.selectOption('#scenario', 'reversal_drugs.json');
    await page.waitForFunction((id) => window.modulab.runner.id > id && document.body.dataset.state === 'done', id);
    await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
    await page.waitForTimeout(200);
    await page.screenshot({ path: out, scale: 'css' });
    console.log(`wrote ${out}`);
    await page.close();
  }
} finally {
  await context.close();
  await server.close();
}
