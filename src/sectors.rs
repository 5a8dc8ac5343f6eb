//! The Secteurs page: sector stress index by NAF division and month, the sector-event editor,
//! and the firms each event affects.

use std::sync::Arc;

use leptos::prelude::*;

use crate::Loaded;

#[component]
pub fn SectorsPage(loaded: Arc<Loaded>) -> impl IntoView {
    let _ = loaded;
    view! { <section class="sectors" id="sectors-page"></section> }
}
