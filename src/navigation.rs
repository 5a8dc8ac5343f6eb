//! In-app navigation through the query string (`?siren=…` for a firm page, `?vue=modele` for the
//! model page), so that it works on any static server (no rewrite rule) and the browser's Back
//! and Forward buttons move between views.

use engine::ids::Siren;

/// The view the address bar points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Address {
    List,
    Firm(Siren),
    Model,
}

/// The query-string value of the model page.
const MODEL_VIEW: &str = "modele";

fn history() -> Option<web_sys::History> {
    web_sys::window().and_then(|w| w.history().ok())
}

/// The view of the current address.
pub fn current() -> Address {
    let params = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|search| web_sys::UrlSearchParams::new_with_str(&search).ok());
    let Some(params) = params else {
        return Address::List;
    };
    if params.get("vue").as_deref() == Some(MODEL_VIEW) {
        return Address::Model;
    }
    match params.get("siren").map(|s| Siren::parse(&s)) {
        Some(Ok((siren, _))) => Address::Firm(siren),
        _ => Address::List,
    }
}

fn path() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}

fn push_url(url: &str) {
    if let Some(h) = history() {
        let _ = h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url));
    }
}

/// A new history entry for a firm page.
pub fn push(siren: Siren) {
    push_url(&format!("?siren={siren}"));
}

/// A new history entry for the model page.
pub fn push_model() {
    push_url(&format!("?vue={MODEL_VIEW}"));
}

/// The model page's address, for links.
pub fn model_href() -> String {
    format!("?vue={MODEL_VIEW}")
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
