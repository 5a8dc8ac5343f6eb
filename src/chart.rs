//! Plotly charts: built with the `plotly` crate, drawn by the vendored plotly.js.

use leptos::prelude::*;
use plotly::Plot;

/// A `div` that Plotly draws `plot` into once it is in the document.
#[component]
pub fn Chart(id: &'static str, plot: Plot) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if node.get().is_some() {
            let plot = plot.clone();
            leptos::task::spawn_local(async move {
                #[cfg(target_arch = "wasm32")]
                plotly::bindings::new_plot(id, &plot).await;
                #[cfg(not(target_arch = "wasm32"))]
                let _ = (id, plot);
            });
        }
    });
    view! { <div id=id node_ref=node class="chart" role="img"></div> }
}
