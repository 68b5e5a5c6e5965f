// tools/serve.mjs, the server of `make serve` and of the page tests: it says
// where it serves, and sends the headers the pages need (MIME types incl.
// application/wasm, CORS for the article's sandboxed iframe, revalidation).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { serve } from '../../tools/serve.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

// A raw GET (fetch would normalise `..` away).
const get = (url, headers = {}) => new Promise((ok, fail) => {
  request(url, { headers }, (res) => { res.resume(); res.on('end', () => ok(res)); }).on('error', fail).end();
});

test('`node tools/serve.mjs www` prints its address and serves the page there', async () => {
  const child = spawn(process.execPath, ['tools/serve.mjs', 'www', '--port', '0'], { cwd: ROOT });
  try {
    const line = await new Promise((ok, fail) => {
      let out = '';
      child.stdout.on('data', (d) => { out += d; if (out.includes('\n')) ok(out); });
      child.on('exit', (code) => fail(new Error(`exited ${code}`)));
    });
    const url = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(line)?.[1];
    assert.ok(url, `address printed: ${line}`);
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<title>ModuLab/);
  } finally {
    child.kill();
  }
});

test('headers: MIME types, CORS, revalidation; 304, 404 and no escape from the root', async () => {
  const { url, close } = await serve({ root: `${ROOT}www` });
  try {
    const wasm = await get(`${url}pkg/modulab_bg.wasm`);
    assert.equal(wasm.statusCode, 200);
    assert.equal(wasm.headers['content-type'], 'application/wasm');
    assert.equal(wasm.headers['access-control-allow-origin'], '*');
    assert.equal(wasm.headers['cache-control'], 'no-cache');
    assert.equal((await get(`${url}pkg/modulab_bg.wasm`, { 'if-none-match': wasm.headers.etag })).statusCode, 304);
    for (const [path, type] of [['', 'text/html'], ['app.js', 'text/javascript'], ['style.css', 'text/css'], ['scenarios.json', 'application/json']]) {
      assert.match((await get(url + path)).headers['content-type'], new RegExp(`^${type}`), path);
    }
    assert.equal((await get(`${url}nothing.js`)).statusCode, 404);
    assert.equal((await get(`${url}%2e%2e/Cargo.toml`)).statusCode, 404);
    assert.equal((await get(`${url}exercises`)).headers.location, '/exercises/');
  } finally {
    await close();
  }
  // Under a sub-path, as a static host serves dist/.
  const sub = await serve({ root: `${ROOT}www`, base: '/modulab/' });
  try {
    assert.equal((await get(sub.url)).statusCode, 200);
    assert.equal((await get(sub.url.replace('/modulab/', '/modulab'))).headers.location, '/modulab/');
    assert.equal((await get(sub.url.replace('/modulab/', '/index.html'))).statusCode, 404);
  } finally {
    await sub.close();
  }
});
