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

use crate::i18n::SectorText as S;
use crate::{Lang, Text};

/// The name of the downloaded file.
pub const DOWNLOAD_NAME: &str = "evenements_sectoriels.csv";

/// The editor's text, kept by the app (so it survives a language toggle, the analysis and a new
/// import); the parsed events live in the `RwSignal<SectorEvents>` context.
#[derive(Clone, Copy)]
pub struct EventsText(pub RwSignal<String>);

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
    crate::export::save_bytes(name, text.as_bytes(), mime)
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
    /// The sectors page: each event can be edited or deleted, a form adds one, and the crisis
    /// window (a parameter of the import's analysis) is left to the report page.
    #[prop(optional)]
    manage: bool,
) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let parsed = expect_context::<RwSignal<SectorEvents>>();
    let EventsText(text) = expect_context::<EventsText>();
    let load_error = RwSignal::new(false);
    let form = EventForm::new();
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
                        {manage.then(|| view! { <th>{S::Actions.get(l)}</th> })}
                    </tr></thead>
                    <tbody>
                        {read.events.iter().enumerate().map(|(i, e)| view! {
                            <tr data-index=i class:editing=move || form.editing.get() == Some(i)>
                                <td class="mono">{e.naf_prefix.clone()}</td>
                                <td>{month(e.start, l)}</td>
                                <td>{e.end.map(|m| month(m, l)).unwrap_or_else(|| Text::Ongoing.get(l).to_string())}</td>
                                <td>{e.label.clone()}</td>
                                <td><span class=format!("severity s{}", e.severity)>{severity(e.severity, l)}</span></td>
                                {manage.then(|| {
                                    let event = e.clone();
                                    let name = e.label.clone();
                                    view! {
                                        <td class="actions">
                                            <button class="secondary small event-edit" type="button"
                                                aria-label=format!("{} : {name}", S::Edit.get(l))
                                                on:click=move |_| form.load(i, &event)>{S::Edit.get(l)}</button>
                                            <button class="secondary small event-delete" type="button"
                                                aria-label=format!("{} : {}", S::Delete.get(l), e.label)
                                                on:click=move |_| delete_event(i, form)>{S::Delete.get(l)}</button>
                                        </td>
                                    }
                                })}
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
            {manage.then(|| view! { <EventFormView form=form/> })}
            {(!manage).then(|| view! { <CrisisInputs disabled=disabled/> })}
        </section>
    }
}

/// Removes the event at `index` (its line of the text; every other line stays as written).
fn delete_event(index: usize, form: EventForm) {
    let current = form.text.get_untracked();
    let (_, lines) = events::parse_located(&current);
    if let Some(line) = lines.get(index) {
        form.set_text(events::edit_line(&current, *line, None));
    }
    // The form was editing this event, or one after it whose position has moved.
    if form.editing.get_untracked().is_some_and(|e| e >= index) {
        form.clear();
    }
}

/// The fields of the add / edit form, as typed.
#[derive(Clone, Copy)]
struct EventForm {
    naf: RwSignal<String>,
    start: RwSignal<String>,
    end: RwSignal<String>,
    label: RwSignal<String>,
    severity: RwSignal<String>,
    /// The event being edited (its position among the valid events), or `None` to add one.
    editing: RwSignal<Option<usize>>,
    /// The agent tried to submit: every field's problem is shown, typed or not.
    submitted: RwSignal<bool>,
    /// The editor's text and the events read from it (the app's contexts).
    text: RwSignal<String>,
    parsed: RwSignal<SectorEvents>,
}

impl EventForm {
    fn new() -> EventForm {
        EventForm {
            naf: RwSignal::new(String::new()),
            start: RwSignal::new(String::new()),
            end: RwSignal::new(String::new()),
            label: RwSignal::new(String::new()),
            severity: RwSignal::new("2".to_string()),
            editing: RwSignal::new(None),
            submitted: RwSignal::new(false),
            text: expect_context::<EventsText>().0,
            parsed: expect_context::<RwSignal<SectorEvents>>(),
        }
    }

    /// Replaces the editor's text and the events read from it.
    fn set_text(&self, value: String) {
        self.parsed.set(events::parse(&value));
        self.text.set(value);
    }

    fn clear(&self) {
        for field in [self.naf, self.start, self.end, self.label] {
            field.set(String::new());
        }
        self.severity.set("2".to_string());
        self.editing.set(None);
        self.submitted.set(false);
    }

    /// Fills the form with an event to edit.
    fn load(&self, index: usize, e: &SectorEvent) {
        self.naf.set(e.naf_prefix.clone());
        self.start.set(e.start.to_string());
        self.end
            .set(e.end.map(|m| m.to_string()).unwrap_or_default());
        self.label.set(e.label.clone());
        self.severity.set(e.severity.to_string());
        self.editing.set(Some(index));
        self.submitted.set(false);
        if let Some(input) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("event-naf"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = input.focus();
        }
    }

    /// The event the fields describe, through the file's own rules.
    fn checked(&self) -> Result<SectorEvent, Vec<EventIssue>> {
        events::check_fields(
            &self.naf.get(),
            &self.start.get(),
            &self.end.get(),
            &self.label.get(),
            &self.severity.get(),
        )
    }
}

/// The add / edit form: one control per column of the file, each checked as the agent types
/// (with the messages of the file's reader), the event added as a new line of the text or
/// written over the edited event's line.
#[component]
fn EventFormView(form: EventForm) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let text = form.text;
    let checked = Memo::new(move |_| form.checked());
    // A field's problems, once it holds something (or once the agent tried to submit).
    let problems = move |column: &'static str, field: RwSignal<String>| {
        let shown = form.submitted.get() || !field.with(|v| v.trim().is_empty());
        let l = lang.get();
        match checked.get() {
            Err(issues) if shown => issues
                .iter()
                .filter(|i| i.column == column)
                .map(|i| {
                    let message = if l == Lang::Fr || i.message_en.is_empty() {
                        &i.message
                    } else {
                        &i.message_en
                    };
                    message.replace("« ", "«\u{a0}").replace(" »", "\u{a0}»")
                })
                .collect::<Vec<_>>(),
            _ => Vec::new(),
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submitted.set(true);
        let Ok(event) = checked.get_untracked() else {
            return;
        };
        let current = text.get_untracked();
        let updated = match form.editing.get_untracked() {
            Some(index) => {
                let (_, lines) = events::parse_located(&current);
                match lines.get(index) {
                    Some(line) => events::edit_line(&current, *line, Some(&event)),
                    None => events::append_event(&current, &event),
                }
            }
            None => events::append_event(&current, &event),
        };
        form.set_text(updated);
        form.clear();
    };
    let field = move |id: &'static str,
                      column: &'static str,
                      name: S,
                      hint: Option<S>,
                      value: RwSignal<String>| {
        let error_id = format!("{id}-error");
        let described = format!("{id}-hint {error_id}");
        let has_error = move || !problems(column, value).is_empty();
        view! {
            <div class="field" class:invalid=has_error>
                <label for=id>{move || name.get(lang.get())}</label>
                <input type="text" id=id name=column autocomplete="off" spellcheck="false"
                    aria-describedby=described aria-invalid=move || has_error().to_string()
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))/>
                <span class="hint" id=format!("{id}-hint")>{move || hint.map(|h| h.get(lang.get()))}</span>
                <span class="field-error" id=error_id role="alert">
                    {move || problems(column, value).join(" ; ")}
                </span>
            </div>
        }
    };
    let editing = move || form.editing.get().is_some();
    view! {
        <form class="event-form" id="event-form" on:submit=submit novalidate=true>
            <h3 id="event-form-title">
                {move || if editing() { S::EditTitle } else { S::AddTitle }.get(lang.get())}
            </h3>
            <div class="fields">
                {field("event-naf", "naf_prefix", S::FieldNaf, Some(S::FieldNafHelp), form.naf)}
                {field("event-start", "debut", S::FieldStart, Some(S::MonthHelp), form.start)}
                {field("event-end", "fin", S::FieldEnd, Some(S::EndHelp), form.end)}
                {field("event-label", "libelle", S::FieldLabel, None, form.label)}
                <div class="field">
                    <label for="event-severity">{move || S::FieldSeverity.get(lang.get())}</label>
                    <select id="event-severity" name="severite"
                        prop:value=move || form.severity.get()
                        on:change=move |ev| form.severity.set(event_target_value(&ev))>
                        {[1u8, 2, 3].into_iter().map(|level| view! {
                            <option value=level.to_string() selected=move || form.severity.get() == level.to_string()>
                                {move || format!("{level} — {}", severity(level, lang.get()))}
                            </option>
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <div class="form-actions">
                <button class="primary" type="submit" id="event-submit">
                    {move || if editing() { S::Save } else { S::Add }.get(lang.get())}
                </button>
                {move || editing().then(|| view! {
                    <button class="secondary" type="button" id="event-cancel" on:click=move |_| form.clear()>
                        {S::Cancel.get(lang.get())}
                    </button>
                })}
                {move || (form.submitted.get() && checked.get().is_err()).then(|| view! {
                    <span class="fatal" id="event-form-invalid" role="alert">{S::FormInvalid.get(lang.get())}</span>
                })}
            </div>
        </form>
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
