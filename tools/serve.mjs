// The one static file server of ModuLab, on Node's `http` module: `make
// serve` serves www/ with it, the page tests and benches serve www/ (or
// dist/ under a sub-path, as a static host would) with it, so what a
// developer opens is what the tests load.
//
//   node tools/serve.mjs [DIR = www] [--port 8000] [--base /]
//
// Headers every page needs: the right MIME type (application/wasm for
// streaming compilation), `Access-Control-Allow-Origin: *` (the article's
// iframe is sandboxed, so its origin is 'null' and it fetches the embed's
// modules and wasm in CORS mode, as it does from GitHub Pages), and
// `Cache-Control: no-cache` with an ETag: the browser keeps a copy but asks
// every time, so an edit or a rebuild is never hidden behind a stale file.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.wasm': 'application/wasm',
  '.png': 'image/png', '.svg': 'image/svg+xml', '.md': 'text/markdown; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8', '.txt': 'text/plain; charset=utf-8',
};

// The file under `dir` for a URL path (index.html for a directory), or null
// if the path leaves `dir`.
function fileFor(dir, path) {
  const root = dir.endsWith(sep) ? dir : dir + sep;
  const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
  return file.startsWith(root) ? file : null;
}

// Serves `root` at URL path `base` (e.g. '/modulab/'); `mounts` maps other
// URL prefixes to directories (the tests' fixtures). Resolves to
// {url, server, close}; port 0 picks a free one.
export async function serve({ root, base = '/', mounts = {}, port = 0, host = '127.0.0.1' } = {}) {
  const dirs = [[base, resolve(root)], ...Object.entries(mounts).map(([p, d]) => [p, resolve(d)])]
    .sort((a, b) => b[0].length - a[0].length);
  const server = createServer(async (req, res) => {
    const common = { 'access-control-allow-origin': '*', 'x-content-type-options': 'nosniff' };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...common, allow: 'GET, HEAD' }).end();
      return;
    }
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400, common).end('bad request');
      return;
    }
    // A sub-path without its slash (/modulab) is its directory.
    if (`${path}/` === base) { res.writeHead(301, { ...common, location: base }).end(); return; }
    const [prefix, dir] = dirs.find(([p]) => path.startsWith(p)) ?? [];
    const file = dir && fileFor(dir, path.slice(prefix.length - 1));
    const info = file && await stat(file).catch(() => null);
    if (!info) { res.writeHead(404, { ...common, 'content-type': 'text/plain' }).end('not found'); return; }
    if (info.isDirectory()) { res.writeHead(301, { ...common, location: `${path}/` }).end(); return; }
    const etag = `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
    const headers = {
      ...common,
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
      etag,
      'last-modified': info.mtime.toUTCString(),
    };
    if (req.headers['if-none-match'] === etag) { res.writeHead(304, headers).end(); return; }
    const body = await readFile(file).catch(() => null);
    if (!body) { res.writeHead(404, common).end('not found'); return; }
    res.writeHead(200, { ...headers, 'content-length': body.length }).end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise((ok, fail) => server.once('error', fail).listen(port, host, ok));
  const url = `http://${host}:${server.address().port}${base}`;
  // Drops open keep-alive connections too, so a test can cut the site off.
  const close = () => new Promise((ok) => { server.close(ok); server.closeAllConnections(); });
  return { url, server, close };
}

// `node tools/serve.mjs [DIR] [--port N] [--base /sub/]`: serves until Ctrl-C.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(name);
    return i < 0 ? fallback : args.splice(i, 2)[1];
  };
  const port = Number(option('--port', process.env.PORT ?? 8000));
  let base = option('--base', '/');
  if (!base.startsWith('/')) base = `/${base}`;
  if (!base.endsWith('/')) base += '/';
  const root = args[0] ?? 'www';
  const { url } = await serve({ root, base, port });
  console.log(`ModuLab (${root}) is served at ${url}  (Ctrl-C stops)`);
}
