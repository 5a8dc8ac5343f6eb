//! The follow-up (Suivi): the agent's book of followed firms, notes, feedback and expert
//! adjustments, kept in this browser only.

use std::sync::Arc;

use engine::followup::Book;
use engine::ids::Siren;
use engine::model::Alert;
use leptos::prelude::*;

use crate::list::alert_badge;
use crate::{Lang, Loaded};

/// The agent's book, shared by every view.
#[derive(Clone, Copy)]
pub struct FollowUps(pub RwSignal<Book>);

/// The book saved in this browser (empty when there is none).
pub fn load() -> Book {
    Book::default()
}

/// The alert as shown everywhere: the model's, and the agent's adjustment with its
/// justification when there is one (never silently).
pub fn alert_view(alert: Alert, siren: Siren, lang: Lang) -> impl IntoView {
    let book = expect_context::<FollowUps>().0;
    let adjusted = book.with(|b| {
        b.adjustment(siren)
            .map(|a| (a.apply(alert), a.justification.clone()))
    });
    view! {
        {alert_badge(alert, lang)}
        {adjusted.map(|(to, why)| view! {
            " → " <span class="adjusted" title=why>{alert_badge(to, lang)}</span>
        })}
    }
}

/// The Suivi page.
#[component]
pub fn FollowUpPage(loaded: Arc<Loaded>) -> impl IntoView {
    let _ = loaded;
    view! { <section class="followup" id="followup-page"></section> }
}

/// The firm page's follow-up panel: follow, notes, feedback, adjustment.
#[component]
pub fn FirmFollowUp(loaded: Arc<Loaded>, firm: usize) -> impl IntoView {
    let _ = (loaded, firm);
    view! { <section class="firm-followup" id="firm-followup"></section> }
}
