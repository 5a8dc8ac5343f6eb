//! Vigie's browser application: a thin Leptos shell over the engine. Everything runs here, in
//! WebAssembly; once the module is loaded the page forbids itself any network connection.

mod chart;
mod dictionary;
pub mod events;
mod firm;
mod gather;
mod home;
mod i18n;
mod list;
mod navigation;
pub mod reading;
mod report;

use std::sync::Arc;
use std::time::Duration;

use engine::demo::{DemoConfig, fingerprint, generate};
use engine::features::{CrisisWindow, FeatureParams, SectorEvents};
use engine::ingest::report::{FileReport, ImportReport};
use engine::panel::{Panel, PanelError};
use engine::pipeline::{Analysis, Imported, analyse_with, finish_import, import};
use leptos::prelude::*;

pub use i18n::{Lang, Text};

use home::{Given, Home};
use reading::{Batch, FileProgress, read_batch};

/// The demo the button loads: the CLI's `vigie demo --firms 1000 --seed 2016` gives the same files.
pub const DEMO: DemoConfig = DemoConfig {
    firms: 1000,
    seed: 2016,
    start: DemoConfig::DEFAULT_START,
    end: DemoConfig::DEFAULT_END,
};

/// An import the agent is looking at, before the analysis.
pub struct Report {
    pub report: Arc<ImportReport>,
    /// Fingerprint of the imported files (see `engine::demo::fingerprint`).
    pub fingerprint: String,
    /// Whether the files are the built-in demo.
    pub demo: bool,
}

/// A finished import, shared by the views.
pub struct Loaded {
    pub analysis: Analysis,
    /// Fingerprint of the imported files (see `engine::demo::fingerprint`).
    pub fingerprint: String,
    /// Whether the files are the built-in demo.
    pub demo: bool,
}

#[derive(Clone)]
enum Phase {
    Idle,
    /// The demo files are being generated.
    Generating,
    Reading(Vec<FileProgress>),
    /// The import report, waiting for the agent to ask for the analysis.
    Imported(Arc<Report>),
    Analysing(Arc<Report>),
    /// What went wrong, why each file was set aside, and the report when there was one.
    Failed {
        headline: String,
        details: Vec<String>,
        report: Option<Arc<Report>>,
    },
    Ready(Arc<Loaded>),
}

/// Adds a second Content-Security-Policy that forbids every connection. Policies only ever
/// tighten, so after this call nothing, not even our own code, can send a request.
pub fn lock_down_network() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let (Ok(meta), Some(head)) = (document.create_element("meta"), document.head()) else {
        return;
    };
    let _ = meta.set_attribute("http-equiv", "Content-Security-Policy");
    let _ = meta.set_attribute("content", "connect-src 'none'; form-action 'none'");
    let _ = head.append_child(&meta);
}

/// Runs the analysis on the import the agent has just read the report of.
fn analyse(
    panel: Result<Panel, PanelError>,
    shown: &Arc<Report>,
    events: SectorEvents,
    crisis: CrisisWindow,
) -> Phase {
    let imported = Imported {
        panel,
        report: (*shown.report).clone(),
    };
    let params = FeatureParams {
        crisis,
        ..FeatureParams::default()
    };
    match analyse_with(imported, None, events, params) {
        Ok(analysis) => Phase::Ready(Arc::new(Loaded {
            analysis,
            fingerprint: shown.fingerprint.clone(),
            demo: shown.demo,
        })),
        Err(failure) => Phase::Failed {
            headline: failure.error.to_string(),
            details: failure.set_aside(),
            report: Some(shown.clone()),
        },
    }
}

/// Reports for dropped entries the browser could not open: set aside, like any bad file.
fn unreadable_reports(names: Vec<String>) -> Vec<FileReport> {
    names
        .into_iter()
        .map(|name| FileReport {
            fatal: Some("lecture impossible par le navigateur".to_string()),
            ..FileReport::new(&name)
        })
        .collect()
}

#[component]
pub fn App() -> impl IntoView {
    let lang = RwSignal::new(Lang::Fr);
    provide_context(lang);
    let phase = RwSignal::new(Phase::Idle);
    // The agent's sector events, applied to the next analysis.
    let events = RwSignal::new(SectorEvents::default());
    provide_context(events);
    // The crisis window the features treat apart (a parameter, COVID-19 by default).
    let crisis = RwSignal::new(CrisisWindow::default());
    provide_context(crisis);
    // The editor's text those events are read from, kept across views and imports.
    provide_context(events::EventsText(RwSignal::new(String::new())));
    let selected: RwSignal<Option<usize>> = RwSignal::new(None);
    // The panel of the import on screen, moved into the analysis when the agent asks for it.
    let records: StoredValue<Option<Result<Panel, PanelError>>> = StoredValue::new(None);

    let show_report = move |imported: Imported, fingerprint: String, demo| {
        records.set_value(Some(imported.panel));
        phase.set(Phase::Imported(Arc::new(Report {
            report: Arc::new(imported.report),
            fingerprint,
            demo,
        })));
    };
    let load_demo = Callback::new(move |()| {
        phase.set(Phase::Generating);
        // Yield once so the browser paints the busy state before the computation.
        set_timeout(
            move || {
                let files = generate(&DEMO);
                show_report(import(&files), fingerprint(&files), true);
            },
            Duration::from_millis(30),
        );
    });
    let on_files = Callback::new(move |given: Given| {
        let batch = Batch::new(given.files);
        phase.set(Phase::Reading(batch.progress()));
        leptos::task::spawn_local(async move {
            let read = read_batch(batch, reading::CHUNK).await;
            let mut reports = read.reports;
            reports.extend(unreadable_reports(given.unreadable));
            show_report(
                finish_import(read.records, reports),
                read.fingerprint,
                false,
            );
        });
    });
    let run_analysis = Callback::new(move |()| {
        let Phase::Imported(shown) = phase.get_untracked() else {
            return;
        };
        let Some(read) = records.try_update_value(Option::take).flatten() else {
            return;
        };
        phase.set(Phase::Analysing(shown.clone()));
        set_timeout(
            move || {
                phase.set(analyse(
                    read,
                    &shown,
                    events.get_untracked(),
                    crisis.get_untracked(),
                ))
            },
            Duration::from_millis(30),
        );
    });
    let restart = move || {
        selected.set(None);
        records.set_value(None);
        phase.set(Phase::Idle);
        navigation::reset();
    };
    // The firm page lives at `?siren=…`, so the browser's Back button returns to the list instead
    // of leaving the page (and losing the import, which exists only in memory).
    let open_firm = Callback::new(move |firm: usize| {
        if let Phase::Ready(loaded) = phase.get_untracked() {
            navigation::push(loaded.analysis.panel.firms[firm].siren);
        }
        selected.set(Some(firm));
    });
    let _listener = window_event_listener(leptos::ev::popstate, move |_| {
        let firm = match phase.get_untracked() {
            Phase::Ready(loaded) => {
                navigation::current_siren().and_then(|s| loaded.analysis.panel.firm_index(s))
            }
            _ => None,
        };
        selected.set(firm);
    });
    // A file dropped beside the drop zone must not replace the page (the import would be lost).
    let _dragover = window_event_listener(leptos::ev::dragover, |ev| ev.prevent_default());
    let _drop = window_event_listener(leptos::ev::drop, |ev| ev.prevent_default());
    let toggle = move |_| lang.update(|l| *l = if *l == Lang::Fr { Lang::En } else { Lang::Fr });
    Effect::new(move |_| {
        let code = if lang.get() == Lang::Fr { "fr" } else { "en" };
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("lang", code);
        }
    });

    view! {
        <header class="top">
            <div class="brand">
                <span class="logo" aria-hidden="true">"◉"</span>
                <span class="name">"Vigie"</span>
                <span class="tagline">{move || Text::Tagline.get(lang.get())}</span>
            </div>
            <button class="lang" on:click=toggle>{move || Text::OtherLanguage.get(lang.get())}</button>
        </header>
        <p class="privacy" role="note">{move || Text::Privacy.get(lang.get())}</p>
        <main>
            {move || match phase.get() {
                Phase::Idle => view! { <Home on_demo=load_demo on_files=on_files busy=false/> }.into_any(),
                Phase::Generating => view! { <Home on_demo=load_demo on_files=on_files busy=true/> }.into_any(),
                Phase::Reading(progress) => {
                    view! { <Home on_demo=load_demo on_files=on_files busy=true progress=progress/> }.into_any()
                }
                Phase::Imported(shown) => {
                    view! { <ReportPage shown=shown on_analyse=run_analysis on_restart=restart busy=false/> }.into_any()
                }
                Phase::Analysing(shown) => {
                    view! { <ReportPage shown=shown on_analyse=run_analysis on_restart=restart busy=true/> }.into_any()
                }
                Phase::Failed { headline, details, report } => {
                    view! {
                        <div class="error" role="alert">
                            <p><strong>{move || Text::Error.get(lang.get())} " : " {headline.clone()}</strong></p>
                            <ul>{details.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ul>
                        </div>
                        {match report {
                            Some(shown) => view! { <ReportPage shown=shown on_analyse=run_analysis on_restart=restart busy=false can_analyse=false/> }.into_any(),
                            None => view! { <Home on_demo=load_demo on_files=on_files busy=false/> }.into_any(),
                        }}
                    }.into_any()
                }
                Phase::Ready(loaded) => match selected.get() {
                    None => view! { <list::DetectionList loaded=loaded open=open_firm on_restart=restart/> }.into_any(),
                    Some(firm) => view! { <firm::FirmPage loaded=loaded firm=firm/> }.into_any(),
                },
            }}
        </main>
    }
}

/// The import report with what comes next: analyse, or start again.
#[component]
fn ReportPage(
    shown: Arc<Report>,
    on_analyse: Callback<()>,
    on_restart: impl Fn() + Copy + 'static,
    /// The analysis is running.
    busy: bool,
    /// False once the records went into an analysis (after a failure, start again).
    #[prop(default = true)]
    can_analyse: bool,
) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let demo = shown.demo;
    let actions = move || {
        view! {
            <div class="actions">
                <button class="primary" id="analyse" on:click=move |_| on_analyse.run(()) disabled=busy || !can_analyse>
                    {move || Text::Analyse.get(lang.get())}
                </button>
                <button class="secondary" id="new-import" on:click=move |_| on_restart()>
                    {move || Text::NewImport.get(lang.get())}
                </button>
                {busy.then(|| view! { <span class="busy" role="status">{move || Text::Computing.get(lang.get())}</span> })}
            </div>
        }
    };
    view! {
        {actions()}
        <p class="meta report-meta">
            {move || if demo { Text::DemoData.get(lang.get()) } else { Text::ImportedData.get(lang.get()) }}
            " · " {move || Text::Fingerprint.get(lang.get())} " "
            <code id="report-fingerprint">{shown.fingerprint.clone()}</code>
        </p>
        <report::ImportReportView report=shown.report.clone()>
            <events::EventsEditor disabled=busy || !can_analyse/>
        </report::ImportReportView>
    }
}
