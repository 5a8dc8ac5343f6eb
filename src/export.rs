//! Exports of the detection list (CSV for French Excel, XLSX) with the explanation columns, and
//! the printable firm sheet. The files are built by `engine::export` and saved as a local file
//! (a `Blob` and a temporary `<a download>`): nothing leaves the browser.

use std::sync::Arc;

use engine::calendar::Month;
use engine::export::{self, FileFormat, View};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::followup::FollowUps;
use crate::i18n::ExportText;
use crate::{Lang, Loaded};

const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = URL, js_name = createObjectURL, catch)]
    fn create_object_url(blob: &web_sys::Blob) -> Result<String, JsValue>;
    #[wasm_bindgen(js_namespace = URL, js_name = revokeObjectURL)]
    fn revoke_object_url(url: &str);
}

/// Offers `bytes` as a file to save, without any request (a download is a navigation to a
/// `blob:` URL, which the page's `connect-src 'none'` allows). Text files go through it as UTF-8
/// (`events::save_file`), the XLSX as its binary content.
pub(crate) fn save_bytes(name: &str, bytes: &[u8], mime: &str) -> Result<(), JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    let url = create_object_url(&blob)?;
    let link: web_sys::HtmlElement = document.create_element("a")?.unchecked_into();
    link.set_attribute("href", &url)?;
    link.set_attribute("download", name)?;
    link.set_attribute("hidden", "")?;
    let body = document
        .body()
        .ok_or_else(|| JsValue::from_str("no body"))?;
    body.append_child(&link)?;
    link.click();
    link.remove();
    // The download has started from the URL; free it once the browser has taken it.
    set_timeout(
        move || revoke_object_url(&url),
        std::time::Duration::from_secs(10),
    );
    Ok(())
}

/// What the last export did.
#[derive(Clone)]
enum Outcome {
    Saved { firms: usize, name: String },
    Failed(String),
}

/// "1 entreprise", "12 entreprises" (or "firm(s)").
fn firms(n: usize, lang: Lang) -> String {
    let word = if n == 1 {
        ExportText::Firm
    } else {
        ExportText::Firms
    };
    format!(
        "{} {}",
        engine::format::decimal(n as f64, 0),
        word.get(lang)
    )
}

/// Builds and saves the export of `rows` in `format`.
fn save(
    loaded: &Loaded,
    book: &engine::followup::Book,
    rows: &[usize],
    view: View,
    format: FileFormat,
) -> Outcome {
    let a = &loaded.analysis;
    let table = export::table(a, book, rows, view);
    let name = export::file_name(a.at, format);
    let saved = match format {
        FileFormat::Csv => save_bytes(
            &name,
            export::csv(&table).as_bytes(),
            "text/csv;charset=utf-8",
        )
        .map_err(|e| format!("{e:?}")),
        FileFormat::Xlsx => {
            let title = format!("Vigie — liste de détection, {}", a.at.french());
            export::xlsx(&table, &title)
                .map_err(|e| e.to_string())
                .and_then(|bytes| {
                    save_bytes(&name, &bytes, XLSX_MIME).map_err(|e| format!("{e:?}"))
                })
        }
    };
    match saved {
        Ok(()) => Outcome::Saved {
            firms: table.rows.len(),
            name,
        },
        Err(why) => Outcome::Failed(why),
    }
}

/// The export buttons of the list: `rows` are indices into `analysis.scores`, in the list's
/// order and with its filters applied; `view` is its horizon and alert mode. The file holds
/// exactly these firms, in this order, with the alerts the list shows, the agent's follow-up
/// (followed, adjusted alert and its justification) and the explanation columns.
#[component]
pub fn ExportBar(
    loaded: Arc<Loaded>,
    rows: Signal<Vec<usize>>,
    view: Signal<View>,
) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let book = expect_context::<FollowUps>().0;
    let outcome = RwSignal::new(None::<Outcome>);
    let run = move |format: FileFormat| {
        let loaded = loaded.clone();
        move |_| {
            let rows = rows.get_untracked();
            let view = view.get_untracked();
            let done = book.with_untracked(|b| save(&loaded, b, &rows, view, format));
            outcome.set(Some(done));
        }
    };
    let count = move || rows.with(Vec::len);
    view! {
        <div class="export" id="export" role="group"
            aria-label=move || ExportText::Label.get(lang.get())>
            <span class="export-count" id="export-count" data-count=count>
                {move || format!("{} {}", ExportText::ListHas.get(lang.get()), firms(count(), lang.get()))}
            </span>
            <button class="secondary" id="export-csv" on:click=run(FileFormat::Csv)
                disabled=move || count() == 0
                title=move || ExportText::CsvHelp.get(lang.get())>
                {move || ExportText::Csv.get(lang.get())}
            </button>
            <button class="secondary" id="export-xlsx" on:click=run(FileFormat::Xlsx)
                disabled=move || count() == 0
                title=move || ExportText::XlsxHelp.get(lang.get())>
                {move || ExportText::Xlsx.get(lang.get())}
            </button>
            <span class="export-status" id="export-status" role="status" aria-live="polite">
                {move || outcome.get().map(|o| {
                    let l = lang.get();
                    match o {
                        Outcome::Saved { firms: n, name } => view! {
                            <span class="saved" data-firms=n>
                                {format!("{} {} ", firms(n, l), ExportText::ExportedTo.get(l))}
                                <span class="mono">{name}</span>
                            </span>
                        }.into_any(),
                        Outcome::Failed(why) => view! {
                            <span class="fatal">{format!("{} {why}", ExportText::Failed.get(l))}</span>
                        }.into_any(),
                    }
                })}
            </span>
        </div>
    }
}

/// Today as the sheet's footer says it: "1er décembre 2026" ("1 December 2026").
fn today(lang: Lang) -> String {
    let now = js_sys::Date::new_0();
    let (day, month) = (
        now.get_date(),
        Month::new(now.get_full_year() as i32, now.get_month() + 1),
    );
    let Some(month) = month else {
        return String::new();
    };
    match lang {
        Lang::Fr if day == 1 => format!("1er {}", month.french()),
        Lang::Fr => format!("{day} {}", month.french()),
        Lang::En => format!("{day} {}", month.english()),
    }
}

/// The id of the `<style>` element that holds the footer.
const FOOTER_STYLE: &str = "print-footer-style";

/// Puts the print footer's words in the `--print-footer` custom property of the root element
/// (a `<style>` element of its own in `<head>`), as a CSS string, or removes them.
/// `style/print.css` shows it in the bottom margin of every printed page ("Fiche imprimée le …
/// — données confidentielles"): a page margin box inherits from the root element, and a custom
/// property is the only way text from the page reaches it.
fn set_footer(text: Option<&str>) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let existing = document.get_element_by_id(FOOTER_STYLE);
    let Some(text) = text else {
        if let Some(e) = existing {
            e.remove();
        }
        return;
    };
    let element = match existing {
        Some(e) => e,
        None => {
            let Ok(e) = document.create_element("style") else {
                return;
            };
            e.set_id(FOOTER_STYLE);
            if document
                .head()
                .and_then(|h| h.append_child(&e).ok())
                .is_none()
            {
                return;
            }
            e
        }
    };
    let quoted = text.replace('\\', "\\\\").replace('"', "\\\"");
    element.set_text_content(Some(&format!(":root {{ --print-footer: \"{quoted}\"; }}")));
}

fn footer(lang: Lang) -> String {
    format!(
        "{} {} — {}",
        ExportText::PrintedOn.get(lang),
        today(lang),
        ExportText::Confidential.get(lang)
    )
}

/// The printable width of an A4 page with the print stylesheet's margins (186 mm), in CSS pixels.
const PRINT_WIDTH: f64 = 186.0 / 25.4 * 96.0;

/// Plotly draws a chart at its container's width on screen and does not redraw it for paper
/// (the print layout is not there yet on `beforeprint`, so it cannot be measured): on
/// `beforeprint` every chart is redrawn at the page's width (`style/print.css` stacks charts
/// one per line on paper), and on `afterprint` it fits its container again. Without this, a
/// chart wider than the page is cut at the right margin.
fn fit_charts_to_paper(printing: bool) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(plotly) = js_sys::Reflect::get(&window, &JsValue::from_str("Plotly"))
        .ok()
        .filter(|p| p.is_object())
    else {
        return;
    };
    let Some(relayout) = js_sys::Reflect::get(&plotly, &JsValue::from_str("relayout"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    let Ok(charts) = document.query_selector_all(".js-plotly-plot") else {
        return;
    };
    for i in 0..charts.length() {
        let Some(chart) = charts.item(i) else {
            continue;
        };
        let update = js_sys::Object::new();
        let width = if printing {
            // Less the chart frame's borders.
            JsValue::from_f64((PRINT_WIDTH - 4.0).floor())
        } else {
            JsValue::NULL
        };
        let _ = js_sys::Reflect::set(&update, &JsValue::from_str("width"), &width);
        let _ = js_sys::Reflect::set(&update, &JsValue::from_str("autosize"), &JsValue::TRUE);
        let _ = relayout.call2(&plotly, &chart, &update);
    }
}

/// "Imprimer la fiche": the browser's print dialog, with the print stylesheet. While the firm
/// page is shown, `<html>` carries the footer (refreshed before every print, also one started
/// with Ctrl+P), so that the sheet says when it was printed and that it is confidential, and
/// the charts are redrawn to the paper's width for the print.
#[component]
pub fn PrintButton() -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    Effect::new(move |_| set_footer(Some(&footer(lang.get()))));
    let before = window_event_listener(leptos::ev::beforeprint, move |_| {
        set_footer(Some(&footer(lang.get_untracked())));
        fit_charts_to_paper(true);
    });
    let after = window_event_listener(leptos::ev::afterprint, move |_| fit_charts_to_paper(false));
    on_cleanup(move || {
        before.remove();
        after.remove();
        set_footer(None);
    });
    let print = move |_| {
        set_footer(Some(&footer(lang.get_untracked())));
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <button class="secondary print" id="print-firm" on:click=print
            title=move || ExportText::PrintHelp.get(lang.get())>
            {move || ExportText::Print.get(lang.get())}
        </button>
    }
}
