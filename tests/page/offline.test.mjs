// Offline (www/sw.js, registered by offline.js): after one visit of the
// page, the site works with the server gone and the browser offline: the
// page reloads and runs another preset, and the spiking page, an exercise
// and the article, never visited, load from the cache and draw. Checked for
// www/ at the root and for dist/ under a sub-path (/modulab/), each in a
// fresh browser profile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { serve, WWW, DIST } from './server.mjs';
import { launch, watch } from './browser.mjs';
import { waitInk, rerun } from './helpers.mjs';
import { figuresDrawn } from './figures.mjs';

const ENGINE_VERSION = readFileSync(new URL('../../Cargo.toml', import.meta.url), 'utf8').match(/^version = "([^"]+)"/m)[1];

for (const [name, root, base] of [['www/ at the root', WWW, '/'], ['dist/ under /modulab/', DIST, '/modulab/']]) {
  test(`${name} works offline after a first visit`, async () => {
    const server = await serve(root, { base });
    const context = await launch({ serviceWorkers: 'allow' });
    try {
      const page = await context.newPage();
      const problems = watch(page, server.url.slice(0, -base.length));
      await page.goto(server.url);
      await page.waitForSelector('body[data-state="done"]', { timeout: 30000 });
      // Active means installed: every file of the site is in its cache.
      const cached = await page.evaluate(async () => {
        const active = await Promise.race([navigator.serviceWorker.ready.then(() => true), new Promise((r) => setTimeout(r, 30000, false))]);
        const names = await caches.keys();
        return { active, names, files: names.length ? (await (await caches.open(names[0])).keys()).length : 0 };
      });
      assert.ok(cached.active, 'a service worker is active');
      assert.equal(cached.names.length, 1, `one cache: ${cached.names}`);
      assert.match(cached.names[0], new RegExp(`^modulab-${ENGINE_VERSION.replaceAll('.', '\\.')}-[0-9a-f]{12}$`), 'named after the engine version');
      assert.ok(cached.files > 30, `the site's files are kept (${cached.files})`);

      // Cut the network: the server is gone and the browser is offline.
      await server.close();
      await context.setOffline(true);
      await page.reload();
      await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
      const preset = await page.$eval('#scenario', (s) => [...s.options].map((o) => o.value).find((v) => v && v !== s.value && /reversal/.test(v)));
      assert.ok(preset, 'another preset to run');
      // Waits for the new run (not the reloaded one) to finish.
      await rerun(page, () => page.selectOption('#scenario', preset));
      assert.equal(await page.$eval('#scenario', (s) => s.value), preset);
      const ink = await waitInk(page, '#chart-0');
      assert.ok(ink.n > 5000, `the preset's chart is drawn offline (${ink.n} pixels)`);
      assert.match(await page.textContent('#status'), /^Done/);

      // Pages never visited come from the cache too.
      const spiking = await context.newPage();
      await spiking.goto(`${server.url}spiking.html`);
      await spiking.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
      // Its preset runs at once (in its worker, from the cache too).
      assert.ok((await waitInk(spiking, '#raster-0', 200)).n > 200, 'the spiking raster is drawn offline');
      // A folder's address, as a teacher shares it, opens its index.
      const index = await context.newPage();
      const response = await index.goto(`${server.url}exercises/`);
      assert.equal(response?.ok(), true, 'exercises/ offline');
      assert.match(await index.title(), /exercise/i);
      await index.close();
      for (const path of ['exercises/three_factor.html', 'article.html']) {
        const p = await context.newPage();
        await p.goto(server.url + path);
        const figures = await figuresDrawn(p);
        assert.ok(figures.length >= 1, `${path}: figures`);
        for (const f of figures) assert.ok(f.state === 'done' && f.ink > 5000 && !f.error, `${path}: ${JSON.stringify(f)}`);
      }
      // Before going offline the page logged no error (offline, a failed
      // fetch of the network-first worker is expected and not counted).
      assert.deepEqual(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::ERR/.test(p)), []);
    } finally {
      await context.close();
      await server.close();
    }
  });
}
