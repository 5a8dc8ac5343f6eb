//! In-app navigation through the query string (`?siren=…` for a firm page, `?vue=modele`,
//! `?vue=secteurs`, `?vue=suivi`, `?vue=methode` for the other views), so that it works on any
//! static server (no rewrite rule) and the browser's Back and Forward buttons move between views.

use engine::ids::Siren;

/// The view the address bar points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Address {
    List,
    Firm(Siren),
    Page(Page),
}

/// The views reached from the navigation bar, besides the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Model,
    Sectors,
    FollowUp,
    Method,
}

impl Page {
    pub const ALL: [Page; 4] = [Page::Sectors, Page::FollowUp, Page::Model, Page::Method];

    /// The `?vue=` value.
    pub fn slug(self) -> &'static str {
        match self {
            Page::Model => "modele",
            Page::Sectors => "secteurs",
            Page::FollowUp => "suivi",
            Page::Method => "methode",
        }
    }

    fn from_slug(slug: &str) -> Option<Page> {
        Page::ALL.into_iter().find(|p| p.slug() == slug)
    }

    /// The page's address, for links.
    pub fn href(self) -> String {
        format!("?vue={}", self.slug())
    }
}

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
    if let Some(page) = params.get("vue").as_deref().and_then(Page::from_slug) {
        return Address::Page(page);
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

/// A new history entry for one of the navigation bar's pages.
pub fn push_page(page: Page) {
    push_url(&page.href());
}

/// A new history entry for the list (the page's bare address).
pub fn push_list() {
    let path = path();
    push_url(if path.is_empty() { "?" } else { &path });
}

/// The model page's address, for links.
pub fn model_href() -> String {
    Page::Model.href()
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
