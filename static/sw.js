// Offline support. After the first visit the app works with the network off: navigations go to
// the network first (so a new deployment is picked up at once) and fall back to the cached page;
// every other same-origin file (Trunk names them by content hash) is served from the cache
// first. When a fresh index.html arrives, cached files it no longer references are dropped, so
// an update replaces the old version instead of piling up beside it. Nothing here talks to any
// other origin: requests elsewhere (a teacher's pack) pass through untouched.
const CACHE = 'stslab-v1';

self.addEventListener('install', (event) => {
  event.waitUntil(self.skipWaiting());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

// Same-origin files a page references (src/href attributes, and the boot tag's data-js/-wasm).
function referenced(html, base) {
  const urls = new Set();
  for (const m of html.matchAll(/(?:src|href|data-js|data-wasm)="([^"]+)"/g)) {
    try { urls.add(new URL(m[1], base).href); } catch (_) { /* not a URL */ }
  }
  return urls;
}

async function prune(page, html) {
  const keep = referenced(html, page);
  const cache = await caches.open(CACHE);
  for (const req of await cache.keys()) {
    const u = new URL(req.url);
    u.search = '';
    if (req.mode !== 'navigate' && !keep.has(u.href) && u.href !== page) {
      // Files of an older version: the current page no longer asks for them.
      if (/-[0-9a-f]{8,20}(_bg)?\.(js|wasm|css)$/.test(u.pathname)) await cache.delete(req);
    }
  }
}

async function navigate(request) {
  const cache = await caches.open(CACHE);
  const page = new URL('./', self.registration.scope).href;
  try {
    const response = await fetch(request);
    if (response.ok) {
      await cache.put(page, response.clone());
      prune(page, await response.clone().text());
    }
    return response;
  } catch (err) {
    const cached = await cache.match(page);
    if (cached) return cached;
    throw err;
  }
}

async function asset(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request, { ignoreSearch: true });
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  if (req.mode === 'navigate') {
    event.respondWith(navigate(req));
  } else if (new URL(req.url).href.startsWith(self.registration.scope)) {
    event.respondWith(asset(req));
  }
});
