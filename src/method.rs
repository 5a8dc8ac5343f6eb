//! The Méthode page: the public notice of the algorithm, generated from the model in use and the
//! feature dictionary.

use std::sync::Arc;

use leptos::prelude::*;

use crate::Loaded;

#[component]
pub fn MethodPage(loaded: Arc<Loaded>) -> impl IntoView {
    let _ = loaded;
    view! { <section class="method" id="method-page"></section> }
}
