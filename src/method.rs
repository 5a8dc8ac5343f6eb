//! The Méthode page: the public notice of the algorithm, generated from the model in use and the
//! feature dictionary (`engine::notice`), so that it always tells the truth about the model that
//! scores the firms on screen; printable.

use std::sync::Arc;

use engine::notice::{Bi, Block, Notice, Section, Table, notice};
use leptos::prelude::*;

use crate::i18n::MethodText;
use crate::list::source_text;
use crate::{Lang, Loaded, Text};

fn text(bi: &Bi, lang: Lang) -> String {
    bi.get(lang == Lang::En).to_string()
}

fn table_view(t: &Table, lang: Lang) -> AnyView {
    let headers = t.headers.clone();
    let rows = t.rows.clone();
    view! {
        <div class="notice-table">
            <table id=t.id.clone()>
                {t.caption.as_ref().map(|c| view! { <caption>{text(c, lang)}</caption> })}
                <thead><tr>{headers.iter().map(|h| view! { <th scope="col">{text(h, lang)}</th> }).collect_view()}</tr></thead>
                <tbody>
                    {rows.iter().map(|row| view! {
                        <tr>{row.iter().map(|c| view! { <td>{text(c, lang)}</td> }).collect_view()}</tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

fn block_view(b: &Block, lang: Lang) -> AnyView {
    match b {
        Block::Paragraph(p) => view! { <p>{text(p, lang)}</p> }.into_any(),
        Block::List(items) => view! {
            <ul>{items.iter().map(|i| view! { <li>{text(i, lang)}</li> }).collect_view()}</ul>
        }
        .into_any(),
        Block::Table(t) => table_view(t, lang),
    }
}

fn section_view(s: &Section, lang: Lang) -> impl IntoView + use<> {
    let id = format!("notice-{}", s.id);
    let title = format!("{id}-title");
    let labelled = title.clone();
    view! {
        <section class="notice-section" id=id data-section=s.id aria-labelledby=labelled>
            <h2 id=title>{text(&s.title, lang)}</h2>
            {s.blocks.iter().map(|b| block_view(b, lang)).collect_view()}
        </section>
    }
}

/// A contents link scrolls to its section without touching the address (a fragment change
/// would be a history entry the views' navigation reads).
fn jump(id: &'static str) -> impl Fn(leptos::ev::MouseEvent) + 'static {
    move |ev| {
        ev.prevent_default();
        let target = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&format!("notice-{id}")));
        if let Some(el) = target {
            el.scroll_into_view();
            if let Some(title) = el.query_selector("h2").ok().flatten() {
                let _ = title.set_attribute("tabindex", "-1");
                if let Ok(title) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(title) {
                    let _ = title.focus();
                }
            }
        }
    }
}

fn contents(n: &Notice, lang: Lang) -> impl IntoView + use<> {
    view! {
        <nav class="notice-contents" aria-label=MethodText::Contents.get(lang)>
            <h2>{MethodText::Contents.get(lang)}</h2>
            <ol>
                {n.sections.iter().map(|s| view! {
                    <li><a href=format!("#notice-{}", s.id) on:click=jump(s.id)>{text(&s.title, lang)}</a></li>
                }).collect_view()}
            </ol>
        </nav>
    }
}

#[component]
pub fn MethodPage(loaded: Arc<Loaded>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let a = &loaded.analysis;
    let notice = Arc::new(notice(&a.model, &a.report));
    let synthetic = a.model.training.synthetic;
    let edited = a.model.thresholds_edited();
    let source = {
        let loaded = loaded.clone();
        move || source_text(&loaded, lang.get())
    };
    let body = move || {
        let l = lang.get();
        view! {
            <h1 id="notice-title">{text(&notice.title, l)}</h1>
            <p class="notice-meta" id="notice-model" data-synthetic=synthetic.to_string() data-edited=edited.to_string()>
                {MethodText::ModelInUse.get(l)} " " {source()}
                {synthetic.then(|| view! { " " <span class="badge synthetic">{Text::Synthetic.get(l)}</span> })}
                {edited.then(|| view! { " " <span class="badge edited">{MethodText::Edited.get(l)}</span> })}
            </p>
            <p class="notice-meta help">{MethodText::Generated.get(l)}</p>
            {contents(&notice, l)}
            {notice.sections.iter().map(|s| section_view(s, l)).collect_view()}
        }
    };
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <section class="method" id="method-page">
            <div class="method-tools">
                <button class="link back" on:click=move |_| crate::navigation::back()>{move || Text::Back.get(lang.get())}</button>
                <button class="primary" id="method-print" on:click=print>{move || MethodText::Print.get(lang.get())}</button>
            </div>
            <article class="notice" id="notice" lang=move || if lang.get() == Lang::Fr { "fr" } else { "en" }>
                {body}
            </article>
        </section>
    }
}
