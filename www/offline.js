// Registers the service worker that keeps the site usable offline (sw.js,
// at the site's root, so it covers every page). A page with an opaque
// origin (a sandboxed iframe) has none: nothing to do there.
try {
  navigator.serviceWorker?.register(new URL('./sw.js', import.meta.url)).catch((e) => console.warn(`offline copy unavailable: ${e.message}`));
} catch { /* no service workers here */ }
