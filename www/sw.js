// The service worker that keeps ModuLab usable offline after a first visit
// (registered by offline.js). At install it stores every file of the site
// (pkg/offline-manifest.js lists them) in a cache named after the engine's
// version and a hash of the files, so a new build installs a new worker and
// its activation deletes the old cache. Requests go to the network first
// and the cache only answers when the network fails: online, a reader (or a
// developer under `make serve`) never gets stale code.
importScripts('pkg/offline-manifest.js');

const { version, files } = self.MODULAB_OFFLINE;
const CACHE = `modulab-${version}`;
// This file sits at the site's root, which may be a sub-path (/modulab/).
const ROOT = new URL('./', self.location.href);
const KEPT = new Set(files.map((f) => new URL(f, ROOT).href));

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll([...KEPT].map((url) => new Request(url, { cache: 'reload' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('modulab-') && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// The file a request asks for, without query and hash (embed.html?scenario=…).
function key(request) {
  const url = new URL(request.url);
  url.search = '';
  url.hash = '';
  return url.href;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  // Only the site's own files; anything else goes its usual way.
  if (request.method !== 'GET' || !KEPT.has(key(request))) return;
  event.respondWith((async () => {
    try {
      const response = await fetch(request);
      if (response.ok && response.type === 'basic') {
        const copy = response.clone();
        event.waitUntil(caches.open(CACHE).then((cache) => cache.put(key(request), copy)));
      }
      return response;
    } catch (offline) {
      const kept = await caches.match(key(request), { cacheName: CACHE });
      if (kept) return kept;
      throw offline;
    }
  })());
});
