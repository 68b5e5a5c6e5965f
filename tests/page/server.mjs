// The page tests' server: the project's one server (tools/serve.mjs), serving
// www/ (or dist/, under a sub-path) with the test-only pages of fixtures/
// (an article embedding figures, an iframe host) under /__test__/.
import { fileURLToPath } from 'node:url';
import { serve as serveDir } from '../../tools/serve.mjs';

export const WWW = fileURLToPath(new URL('../../www/', import.meta.url));
export const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

export function serve(root = WWW, { base = '/' } = {}) {
  return serveDir({ root, base, mounts: { '/__test__/': FIXTURES } });
}
