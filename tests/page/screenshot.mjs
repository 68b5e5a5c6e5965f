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
    // A comparison a reader would make: control, dopamine halved, haloperidol.
    await page.goto(server.url);
    await page.waitForSelector('body[data-state="done"]');
    const id = await page.evaluate(() => window.modulab.runner.id);
    await page.click('#add-condition');
    await page.fill('#c2-label', 'haloperidol');
    await page.press('#c2-label', 'Tab');
    await page.locator('#c2-drugs-haloperidol').check();
    await page.waitForFunction((id) => window.modulab.runner.id > id && window.modulab.state.scenario.conditions[2]?.drugs && document.body.dataset.state === 'done', id);
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
