//! The URL: `?lang=` picks the interface language (else `navigator.language`), and the share
//! link carries the session in `?s=`. Changing the language rewrites `?lang=` in place
//! (history.replaceState) so a reload or a copied address keeps it. `?embed=` asks for the
//! compact layout; `?lesson=&step=&seed=` is a teacher's class link, followed once.

use web_sys::UrlSearchParams;
use yew::prelude::*;

use crate::web::bridge::ClassLink;
use crate::web::i18n::Lang;

/// A query parameter of the current page address.
pub fn query(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    UrlSearchParams::new_with_str(&search).ok()?.get(name)
}

/// `?embed=LESSON/STEP`: the compact layout for an iframe, on that step (a step id or its
/// 1-based number; the first step when absent).
pub fn embed_target() -> Option<(String, String)> {
    let v = query("embed")?;
    let (lesson, step) = v.split_once('/').unwrap_or((v.as_str(), "1"));
    Some((lesson.trim().to_string(), step.trim().to_string()))
}

/// A teacher's class link, `?lesson=ID&step=N&seed=S` (step and seed optional). The page
/// follows it once at start; the address then drops it (see [`address_with`]), so a reload
/// resumes the learner's own session instead of starting the exercise over.
pub fn class_link() -> Result<Option<ClassLink>, String> {
    let Some(lesson) = query("lesson") else {
        return Ok(None);
    };
    let seed = match query("seed") {
        Some(s) => Some(s.trim().parse::<u64>().map_err(|_| {
            format!("seed={s}: the seed in the link must be a whole number from 0 to 18446744073709551615")
        })?),
        None => None,
    };
    Ok(Some(ClassLink {
        lesson: lesson.trim().to_string(),
        step: query("step").map_or_else(|| "1".into(), |s| s.trim().to_string()),
        seed,
    }))
}

/// The language to start in: `?lang=`, then the browser's language, then English.
pub fn initial_lang() -> Lang {
    query("lang")
        .and_then(|l| Lang::from_tag(&l))
        .or_else(|| {
            web_sys::window()
                .and_then(|w| w.navigator().language())
                .and_then(|l| Lang::from_tag(&l))
        })
        .unwrap_or(Lang::En)
}

/// The current address with `?lang=` (and optionally `?s=`) set and everything else kept.
pub fn address_with(lang: Lang, share: Option<&str>) -> Option<String> {
    let loc = web_sys::window()?.location();
    let params = UrlSearchParams::new_with_str(&loc.search().ok()?).ok()?;
    params.set("lang", lang.tag());
    // Without a share, drop any `s=` the page was opened with: the autosaved session moves on
    // from it, and a reload must not jump back to the linked state.
    match share {
        Some(s) => params.set("s", s),
        None => params.delete("s"),
    }
    // A class link is followed once, at start (`class_link`).
    for once in ["lesson", "step", "seed"] {
        params.delete(once);
    }
    let q: String = params.to_string().into();
    Some(format!(
        "{}{}?{}",
        loc.origin().ok()?,
        loc.pathname().ok()?,
        q
    ))
}

/// Keep `?lang=` in the address bar in step with the chosen language.
#[hook]
pub fn use_url_lang(lang: Lang) {
    use_effect_with(lang, |&lang| {
        if let (Some(url), Some(history)) = (
            address_with(lang, None),
            web_sys::window().and_then(|w| w.history().ok()),
        ) {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("lang", lang.tag());
        }
    });
}
