//! Plotly charts: built with the `plotly` crate, drawn by the vendored plotly.js.

use leptos::prelude::*;
use plotly::Plot;

/// Plotly's decimal and thousands separators, French style (as every number of the app).
pub const SEPARATORS: &str = ",\u{202f}";

/// A `div` that Plotly draws `plot` into once it is in the document.
#[component]
pub fn Chart(
    #[prop(into)] id: String,
    plot: Plot,
    /// Extra classes of the `div` (its size).
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    let target = id.clone();
    Effect::new(move |_| {
        if node.get().is_some() {
            let plot = plot.clone();
            let id = target.clone();
            leptos::task::spawn_local(async move {
                // The view may have been replaced meanwhile (a language toggle, another
                // horizon): plotly.js throws on a missing element.
                let present = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id(&id))
                    .is_some();
                #[cfg(target_arch = "wasm32")]
                if present {
                    plotly::bindings::new_plot(&id, &plot).await;
                }
                #[cfg(not(target_arch = "wasm32"))]
                let _ = (present, plot);
            });
        }
    });
    view! { <div id=id node_ref=node class=format!("chart {class}") role="img"></div> }
}
