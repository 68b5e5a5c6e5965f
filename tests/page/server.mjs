// A static file server for www/ on a free loopback port, for page tests.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WWW = fileURLToPath(new URL('../../www/', import.meta.url));
// Test-only pages (an article embedding figures, an iframe host), served under /__test__/.
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm',
  '.png': 'image/png', '.svg': 'image/svg+xml',
};

export async function serve(root = WWW) {
  const server = createServer(async (req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let base = root;
    if (path.startsWith('/__test__/')) { base = FIXTURES; path = path.slice('/__test__'.length); }
    const file = normalize(join(base, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(base.endsWith(sep) ? base : base + sep)) { res.writeHead(403).end(); return; }
    try {
      const body = await readFile(file);
      // Cross-origin reads allowed, as GitHub Pages does: a sandboxed iframe
      // (opaque origin) fetches the embed's modules and wasm in CORS mode.
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'access-control-allow-origin': '*',
      }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) };
}
