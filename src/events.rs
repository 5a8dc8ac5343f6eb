//! The sector-event editor of the import-report page: the agent writes (or loads, or pastes the
//! example into) a small `;`-separated file of events affecting whole branches, sees at once which
//! lines are valid and what is wrong with the others, and the valid events go into the analysis.
//! Everything stays in the page: a loaded file is read with the File API, a download is a `Blob`.

use engine::calendar::Month;
use engine::features::events::{self, EventIssue, SectorEvent};
use engine::features::{CrisisWindow, SectorEvents};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::{Lang, Text};

/// The name of the downloaded file.
pub const DOWNLOAD_NAME: &str = "evenements_sectoriels.csv";

/// The editor's text, kept by the app (so it survives a language toggle, the analysis and a new
/// import); the parsed events live in the `RwSignal<SectorEvents>` context.
#[derive(Clone, Copy)]
pub struct EventsText(pub RwSignal<String>);

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = URL, js_name = createObjectURL, catch)]
    fn create_object_url(blob: &web_sys::Blob) -> Result<String, JsValue>;
    #[wasm_bindgen(js_namespace = URL, js_name = revokeObjectURL)]
    fn revoke_object_url(url: &str);
}

/// The month as the interface shows it ("mars 2020", "March 2020").
fn month(m: Month, lang: Lang) -> String {
    if lang == Lang::Fr {
        m.french()
    } else {
        m.english()
    }
}

/// "faible", "moyenne", "forte" (or "low", "medium", "strong").
pub fn severity(level: u8, lang: Lang) -> &'static str {
    match level {
        1 => Text::SeverityLow,
        2 => Text::SeverityMedium,
        _ => Text::SeverityHigh,
    }
    .get(lang)
}

/// "ligne 3, colonne debut : mois attendu…" ("ligne 3 : …" when the whole line is at fault).
/// The message keeps its quoted value together with its guillemets (no-break spaces inside).
pub fn issue_text(issue: &EventIssue, lang: Lang) -> String {
    let colon = if lang == Lang::Fr { "\u{a0}:" } else { ":" };
    let line = Text::LineLower.get(lang);
    let message = if lang == Lang::Fr || issue.message_en.is_empty() {
        &issue.message
    } else {
        &issue.message_en
    };
    let message = message.replace("« ", "«\u{a0}").replace(" »", "\u{a0}»");
    if issue.column == "—" || issue.column.is_empty() {
        format!("{line} {}{colon} {message}", issue.line)
    } else {
        format!(
            "{line} {}, {} {}{colon} {message}",
            issue.line,
            Text::ColumnLower.get(lang),
            issue.column,
        )
    }
}

/// "Fermeture administrative des restaurants (forte) depuis mars 2020, jusqu'en juin 2021".
pub fn describe(event: &SectorEvent, lang: Lang) -> String {
    let mut out = format!(
        "{} ({}) {} {}",
        event.label,
        severity(event.severity, lang),
        Text::Since.get(lang),
        month(event.start, lang)
    );
    if let Some(end) = event.end {
        out.push_str(&format!(", {} {}", Text::Until.get(lang), month(end, lang)));
    }
    out
}

/// Text of a file the agent loaded (BOM, UTF-8, else Windows-1252: see the engine).
pub fn decode(bytes: &[u8]) -> String {
    engine::ingest::small_text(bytes)
}

/// Offers `text` as a file to save, without any request: a `Blob`, its object URL and a temporary
/// `<a download>` (a download is a navigation, which the page's `connect-src 'none'` allows).
pub(crate) fn save_file(name: &str, text: &str, mime: &str) -> Result<(), JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
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

/// The events file to save, after a BOM so that a spreadsheet opens the accents right (reading
/// strips it).
fn download(text: &str) -> Result<(), JsValue> {
    save_file(DOWNLOAD_NAME, &format!("\u{feff}{text}"), "text/csv")
}

#[component]
pub fn EventsEditor(
    /// Read-only while the analysis runs (it has already taken the events).
    disabled: bool,
) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let parsed = expect_context::<RwSignal<SectorEvents>>();
    let EventsText(text) = expect_context::<EventsText>();
    let load_error = RwSignal::new(false);
    let set_text = move |value: String| {
        parsed.set(events::parse(&value));
        text.set(value);
    };
    let on_input = move |ev: leptos::ev::Event| set_text(event_target_value(&ev));
    let insert_example = move |_| set_text(events::EXAMPLE.to_string());
    let picked = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|l| l.get(0)) else {
            return;
        };
        input.set_value("");
        load_error.set(false);
        leptos::task::spawn_local(async move {
            let read = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await;
            match read {
                Ok(buffer) => set_text(decode(&js_sys::Uint8Array::new(&buffer).to_vec())),
                Err(_) => load_error.set(true),
            }
        });
    };
    let save = move |_| {
        if download(&text.get_untracked()).is_err() {
            load_error.set(true);
        }
    };
    let status = move || {
        let l = lang.get();
        let read = parsed.read();
        let (valid, issues) = (read.events.len(), read.issues.len());
        if text.with(|t| t.trim().is_empty()) {
            return Text::NoEvents.get(l).to_string();
        }
        let mut out = format!(
            "{valid} {}",
            if valid == 1 {
                Text::ValidEvent
            } else {
                Text::ValidEvents
            }
            .get(l)
        );
        if issues > 0 {
            out.push_str(&format!(
                " · {issues} {}",
                if issues == 1 {
                    Text::IssueOne
                } else {
                    Text::IssueMany
                }
                .get(l)
            ));
        }
        out
    };
    let issues = move || {
        let l = lang.get();
        let read = parsed.read();
        (!read.issues.is_empty()).then(|| {
            view! {
                <ul class="events-issues" id="events-issues" role="alert">
                    {read.issues.iter().map(|i| view! {
                        <li data-line=i.line data-column=i.column.clone()>{issue_text(i, l)}</li>
                    }).collect_view()}
                </ul>
            }
        })
    };
    let table = move || {
        let l = lang.get();
        let read = parsed.read();
        (!read.events.is_empty()).then(|| {
            view! {
                <table class="events-table" id="events-table">
                    <thead><tr>
                        <th>{Text::NafPrefix.get(l)}</th>
                        <th>{Text::Start.get(l)}</th>
                        <th>{Text::End.get(l)}</th>
                        <th>{Text::EventLabel.get(l)}</th>
                        <th>{Text::Severity.get(l)}</th>
                    </tr></thead>
                    <tbody>
                        {read.events.iter().map(|e| view! {
                            <tr>
                                <td class="mono">{e.naf_prefix.clone()}</td>
                                <td>{month(e.start, l)}</td>
                                <td>{e.end.map(|m| month(m, l)).unwrap_or_else(|| Text::Ongoing.get(l).to_string())}</td>
                                <td>{e.label.clone()}</td>
                                <td><span class=format!("severity s{}", e.severity)>{severity(e.severity, l)}</span></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }
        })
    };
    view! {
        <section class="events-editor" id="sector-events" aria-labelledby="events-title">
            <h2 id="events-title">{move || Text::EventsTitle.get(lang.get())}</h2>
            <p class="help">{move || Text::EventsHelp.get(lang.get())}</p>
            <p class="help format">
                {move || Text::EventsFormat.get(lang.get())} " "
                <code>"naf_prefix;debut;fin;libelle;severite"</code>
                {move || Text::EventsFormatHint.get(lang.get())}
            </p>
            <div class="events-body">
                <div class="events-input">
                    <textarea
                        id="events-editor"
                        rows="7"
                        spellcheck="false"
                        placeholder="naf_prefix;debut;fin;libelle;severite"
                        aria-label=move || Text::EventsTitle.get(lang.get())
                        aria-describedby="events-status"
                        prop:value=move || text.get()
                        on:input=on_input
                        readonly=disabled
                    ></textarea>
                    <div class="events-tools">
                        <button class="secondary" id="events-example" on:click=insert_example disabled=disabled>
                            {move || Text::InsertExample.get(lang.get())}
                        </button>
                        <label class="button secondary" class:disabled=disabled>
                            {move || Text::LoadEventsFile.get(lang.get())}
                            <input class="visually-hidden" id="events-file" type="file"
                                accept=".csv,.txt,text/csv,text/plain" on:change=picked disabled=disabled/>
                        </label>
                        <button class="secondary" id="events-download" on:click=save
                            disabled=move || text.with(|t| t.trim().is_empty())>
                            {move || Text::Download.get(lang.get())}
                        </button>
                    </div>
                    {move || load_error.get().then(|| view! {
                        <p class="fatal" role="alert">{Text::FileError.get(lang.get())}</p>
                    })}
                </div>
                <div class="events-result" aria-live="polite">
                    <p class="events-status" id="events-status"
                        class:has-issues=move || !parsed.read().issues.is_empty()>{status}</p>
                    {issues}
                </div>
            </div>
            {table}
            <CrisisInputs disabled=disabled/>
        </section>
    }
}

/// The crisis window (support measures, suspended failures) the features treat apart: a
/// parameter of the analysis, COVID-19 by default. Each input keeps what the agent typed; the
/// window follows them whenever both are months in order, and otherwise the error says which
/// window still applies.
#[component]
fn CrisisInputs(disabled: bool) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let crisis = expect_context::<RwSignal<CrisisWindow>>();
    let start = RwSignal::new(crisis.get_untracked().start.to_string());
    let end = RwSignal::new(crisis.get_untracked().end.to_string());
    let valid = move || match (Month::parse(&start.get()), Month::parse(&end.get())) {
        (Ok(s), Ok(e)) if s <= e => Some(CrisisWindow { start: s, end: e }),
        _ => None,
    };
    Effect::new(move |_| {
        if let Some(window) = valid() {
            crisis.set(window);
        }
    });
    view! {
        <p class="crisis">
            <label for="crisis-start">{move || Text::CrisisWindow.get(lang.get())}</label> " "
            <input type="month" id="crisis-start" disabled=disabled
                prop:value=move || start.get()
                on:change=move |ev| start.set(event_target_value(&ev))/>
            " " {move || Text::Until.get(lang.get())} " "
            <input type="month" id="crisis-end" aria-label=move || Text::CrisisWindow.get(lang.get()) disabled=disabled
                prop:value=move || end.get()
                on:change=move |ev| end.set(event_target_value(&ev))/>
            " "
            <span class="help">{move || Text::CrisisHelp.get(lang.get())}</span>
            {move || valid().is_none().then(|| {
                let l = lang.get();
                let kept = crisis.get();
                view! {
                    <span class="fatal" role="alert" id="crisis-error">
                        {Text::CrisisError.get(l)} " — " {Text::CrisisKept.get(l)} " "
                        {month(kept.start, l)} " – " {month(kept.end, l)}
                    </span>
                }
            })}
        </p>
    }
}
