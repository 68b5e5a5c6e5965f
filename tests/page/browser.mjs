// Launches the system's Chromium (Debian package) through playwright-core;
// no browser is ever downloaded.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function chromiumPath() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  for (const name of ['chromium', 'chromium-browser']) {
    try { return execFileSync('sh', ['-c', `command -v ${name}`]).toString().trim(); } catch { /* next */ }
  }
  throw new Error('Chromium not found: run `make test`, which installs it');
}

// Service workers are blocked unless asked for (the offline test): every
// other test then sees each request reach the server, and page.route works.
// A phone: `{ phone: true }` (375 × 740, touch).
export async function launch({ serviceWorkers = 'block', phone = false } = {}) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'modulab-chromium-'));
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    acceptDownloads: true,
    serviceWorkers,
    viewport: phone ? { width: 375, height: 740 } : { width: 1200, height: 800 },
    ...(phone ? { hasTouch: true, isMobile: true } : {}),
    deviceScaleFactor: 2,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
}

// Records console errors, page errors and requests that leave the origin.
export function watch(page, origin) {
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) problems.push(`request outside the origin: ${url}`);
  });
  return problems;
}
