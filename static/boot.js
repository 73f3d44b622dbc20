// Loads the wasm app without an inline script, so the page's Content-Security-Policy can forbid
// inline script entirely. Trunk writes this tag (Trunk.toml `pattern_script`) with the hashed
// file names in data attributes. If loading fails, say so on the page instead of leaving it blank.
const tag = document.getElementById('stslab-boot');
const msg = document.getElementById('boot-msg');
// The page's language, chosen as the app chooses it (src/web/hooks/use_url.rs `initial_lang`):
// `?lang=`, else the browser's language, else English. The static message is English only, so
// that an English page never lays out CJK text before the app starts (on a machine without a
// CJK font, looking for one costs tens of milliseconds).
const pick = (t) => {
  t = (t || '').trim().toLowerCase();
  return t.startsWith('zh') ? 'zh-CN' : t.startsWith('en') ? 'en' : null;
};
const lang = pick(new URLSearchParams(location.search).get('lang')) || pick(navigator.language) || 'en';
const say = (en, zh) => {
  if (!msg) return;
  msg.textContent = lang === 'zh-CN' ? zh : en;
  msg.lang = lang;
};
say('Loading StatefulSet Lab…', '正在加载 StatefulSet 实验室…');
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
  say('StatefulSet Lab could not start: ' + e, 'StatefulSet 实验室无法启动：' + e);
  if (msg) msg.setAttribute('role', 'alert');
  throw e;
}
