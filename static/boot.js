// Loads the wasm app without an inline script, so the page's Content-Security-Policy can forbid
// inline script entirely. Trunk writes this tag (Trunk.toml `pattern_script`) with the hashed
// file names in data attributes. If loading fails, say so on the page instead of leaving it blank.
const tag = document.getElementById('stslab-boot');
const msg = document.getElementById('boot-msg');
try {
  const js = new URL(tag.dataset.js, document.baseURI);
  const wasm = new URL(tag.dataset.wasm, document.baseURI);
  const mod = await import(js.href);
  await mod.default({ module_or_path: wasm });
  if (msg) msg.remove();
  // Offline use after the first visit (static/sw.js). Only over http(s), and never fatal.
  if ('serviceWorker' in navigator && /^https?:$/.test(location.protocol)) {
    navigator.serviceWorker.register(new URL('sw.js', document.baseURI)).catch(() => {});
  }
} catch (e) {
  if (msg) {
    msg.textContent = 'StatefulSet Lab could not start: ' + e + ' / StatefulSet 实验室无法启动。';
    msg.setAttribute('role', 'alert');
  }
  throw e;
}
