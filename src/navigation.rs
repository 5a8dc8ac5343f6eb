//! In-app navigation through the query string (`?siren=…`), so that it works on any static
//! server (no rewrite rule) and the browser's Back and Forward buttons move between views.

use engine::ids::Siren;

fn history() -> Option<web_sys::History> {
    web_sys::window().and_then(|w| w.history().ok())
}

/// The SIREN of the firm page the address bar points to, if any.
pub fn current_siren() -> Option<Siren> {
    let search = web_sys::window()?.location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    Siren::parse(&params.get("siren")?).ok().map(|(s, _)| s)
}

fn path() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}

/// A new history entry for a firm page.
pub fn push(siren: Siren) {
    if let Some(h) = history() {
        let url = format!("?siren={siren}");
        let _ = h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// Back to the previous view, as the browser's Back button does.
pub fn back() {
    if let Some(h) = history() {
        let _ = h.back();
    }
}

/// Forgets the current view's address (a new import starts from the list).
pub fn reset() {
    if let Some(h) = history() {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path()));
    }
}
