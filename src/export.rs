//! Exports of the detection list (CSV for French Excel, XLSX) with the explanation columns.

use std::sync::Arc;

use leptos::prelude::*;

use crate::Loaded;

/// The export buttons of the list: `rows` are indices into `analysis.scores`, in the list's
/// order and with its filters applied.
#[component]
pub fn ExportBar(loaded: Arc<Loaded>, rows: Signal<Vec<usize>>) -> impl IntoView {
    let _ = (loaded, rows);
    view! { <div class="export" id="export"></div> }
}

/// "Imprimer la fiche": the browser's print dialog, with the print stylesheet.
#[component]
pub fn PrintButton() -> impl IntoView {
    view! { <span class="print" id="print-firm"></span> }
}
