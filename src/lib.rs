//! Vigie's browser application: a thin Leptos shell over the engine. Everything runs here, in
//! WebAssembly; once the module is loaded the page forbids itself any network connection.

mod chart;
mod choices;
mod dictionary;
pub mod events;
mod explanation;
mod export;
mod firm;
pub mod followup;
mod gather;
mod home;
mod i18n;
mod list;
mod method;
mod model_page;
mod navigation;
pub mod reading;
mod report;
mod sectors;

use std::sync::{Arc, Weak};
use std::time::Duration;

use engine::demo::{DemoConfig, fingerprint, generate};
use engine::features::{CrisisWindow, FeatureParams, SectorEvents};
use engine::ingest::report::{FileReport, ImportReport};
use engine::model::{Model, ModelError, Progress, TrainConfig, Trainer};
use engine::panel::{Panel, PanelError};
use engine::pipeline::{
    AlertMode, Analysis, Imported, ModelChoice, Options, analyse_imported, finish_import, import,
};
use leptos::prelude::*;

pub use i18n::{Lang, Text};

use home::{Given, Home};
use navigation::{Address, Page};
use reading::{Batch, FileProgress, read_batch, yield_to_browser};

/// The demo the button loads: the CLI's `vigie demo --firms 1000 --seed 2016` gives the same files.
pub const DEMO: DemoConfig = DemoConfig {
    firms: 1000,
    seed: 2016,
    start: DemoConfig::DEFAULT_START,
    end: DemoConfig::DEFAULT_END,
};

/// The name of a downloaded model file.
pub const MODEL_FILE: &str = "vigie-modele.json";

/// An import the agent is looking at, before the analysis.
pub struct Report {
    pub report: Arc<ImportReport>,
    /// Fingerprint of the imported files (see `engine::demo::fingerprint`).
    pub fingerprint: String,
    /// Whether the files are the built-in demo.
    pub demo: bool,
    /// The months it can be scored at (none when no panel could be built).
    pub months: Option<choices::Months>,
}

/// Where the model that scores the firms comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelSource {
    /// The model embedded in the app (trained on synthetic demo data).
    Embedded,
    /// Trained in this browser on the data on screen.
    Trained,
    /// Loaded from a model file (its name).
    File(String),
}

/// A finished import, shared by the views.
pub struct Loaded {
    pub analysis: Analysis,
    /// Fingerprint of the imported files (see `engine::demo::fingerprint`).
    pub fingerprint: String,
    /// Whether the files are the built-in demo.
    pub demo: bool,
    /// Where `analysis.model` comes from.
    pub source: ModelSource,
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
    /// The import on screen is being scored again with another model.
    Rescoring,
}

/// The view of a finished import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum View {
    List,
    Firm(usize),
    Page(Page),
}

/// Moves between the views of a finished import (each move is a history entry, so Back works).
#[derive(Clone, Copy)]
pub struct Navigator {
    /// Opens the page of the firm at this index of `Panel::firms`.
    pub open_firm: Callback<usize>,
    pub open_page: Callback<Page>,
    pub open_list: Callback<()>,
}

/// Scores the import on screen again: another model, sector events, scoring month or alert
/// mode (`None` keeps the current one).
pub struct Rescore {
    pub model: Model,
    pub source: ModelSource,
    pub events: Option<SectorEvents>,
    pub at: Option<engine::calendar::Month>,
    pub alerts: Option<AlertMode>,
}

impl Rescore {
    /// The same import with another model.
    pub fn model(model: Model, source: ModelSource) -> Rescore {
        Rescore {
            model,
            source,
            events: None,
            at: None,
            alerts: None,
        }
    }

    /// The same model (and its source) with other settings, filled in by the caller.
    pub fn same(loaded: &Loaded) -> Rescore {
        Rescore::model(loaded.analysis.model.clone(), loaded.source.clone())
    }
}

/// Where a training in the browser is.
#[derive(Debug, Clone, PartialEq)]
pub enum TrainState {
    Idle,
    Running(Progress),
    /// Trained; the firms are being scored with the new model.
    Rescoring,
    Done,
    Cancelled,
    Failed(String),
}

/// What the model page can do with the app's model: train one on the data on screen, cancel
/// that training, or score the firms with a model loaded from a file.
#[derive(Clone, Copy)]
pub struct ModelControl {
    pub state: RwSignal<TrainState>,
    /// Why the last model file was refused.
    pub error: RwSignal<Option<String>>,
    cancel: RwSignal<bool>,
    train: Callback<()>,
    apply: Callback<(Rescore, Weak<Loaded>)>,
}

impl ModelControl {
    pub fn train(&self) {
        self.train.run(());
    }

    /// Stops the training between two steps; the current model stays.
    pub fn cancel(&self) {
        self.cancel.set(true);
    }

    pub fn busy(&self) -> bool {
        matches!(
            self.state.get(),
            TrainState::Running(_) | TrainState::Rescoring
        )
    }

    /// Scores the import `on` (if it is still the one on screen) with a model read from a file.
    pub fn use_file(&self, model: Model, name: String, on: &Arc<Loaded>) {
        self.error.set(None);
        self.state.set(TrainState::Idle);
        self.apply.run((
            Rescore::model(model, ModelSource::File(name)),
            Arc::downgrade(on),
        ));
    }

    /// Scores the import `on` (if it is still the one on screen) again as `request` says: the
    /// views are unmounted meanwhile and come back on the new analysis.
    pub fn rescore(&self, request: Rescore, on: &Arc<Loaded>) {
        self.apply.run((request, Arc::downgrade(on)));
    }
}

/// Runs the trainer step by step, giving the page back to the browser between steps (progress
/// shown, cancel button answered).
async fn train_steps(
    loaded: &Loaded,
    config: TrainConfig,
    state: RwSignal<TrainState>,
    stop: impl Fn() -> bool,
) -> Result<Model, ModelError> {
    yield_to_browser().await;
    let mut trainer = Trainer::new(&loaded.analysis.panel, config, &loaded.analysis.events)?;
    loop {
        if stop() {
            return Err(ModelError::Cancelled);
        }
        match trainer.step()? {
            Some(mut progress) => {
                // Never backwards on screen (a new horizon may restart its estimate).
                if let TrainState::Running(shown) = state.get_untracked() {
                    progress.fraction = progress.fraction.max(shown.fraction);
                }
                state.set(TrainState::Running(progress));
            }
            None => break,
        }
        yield_to_browser().await;
    }
    if stop() {
        return Err(ModelError::Cancelled);
    }
    trainer.finish()
}

/// Whether `weak` is the import on screen.
fn is_current(phase: RwSignal<Phase>, weak: &Weak<Loaded>) -> bool {
    matches!(phase.get_untracked(), Phase::Ready(current) if Weak::ptr_eq(&Arc::downgrade(&current), weak))
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

/// Runs the analysis on the import the agent has just read the report of, at the chosen month
/// with the chosen model; a training in the browser starts from the embedded model's ranking
/// (the crisis window of the report page applies to it).
fn analyse(
    panel: Result<Panel, PanelError>,
    shown: &Arc<Report>,
    events: SectorEvents,
    at: Option<engine::calendar::Month>,
    pick: &choices::ModelPick,
) -> Phase {
    let imported = Imported {
        panel,
        report: (*shown.report).clone(),
    };
    let (model, source) = match pick {
        choices::ModelPick::File(name, model) => (
            ModelChoice::Given(Box::new((**model).clone())),
            ModelSource::File(name.clone()),
        ),
        choices::ModelPick::Embedded | choices::ModelPick::Train => {
            (ModelChoice::Embedded, ModelSource::Embedded)
        }
    };
    let options = Options {
        at,
        events,
        model,
        alerts: AlertMode::Thresholds,
    };
    match analyse_imported(imported, options) {
        Ok(analysis) => Phase::Ready(Arc::new(Loaded {
            analysis,
            fingerprint: shown.fingerprint.clone(),
            demo: shown.demo,
            source,
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
    // The agent's follow-up book (kept in this browser only, see `followup`).
    let book = RwSignal::new(followup::load());
    provide_context(followup::FollowUps(book));
    let _other_tabs = followup::follow_other_tabs(book);
    // The crisis window a training in the browser treats apart (COVID-19 by default).
    let crisis = RwSignal::new(CrisisWindow::default());
    provide_context(crisis);
    // The editor's text those events are read from, kept across views and imports.
    provide_context(events::EventsText(RwSignal::new(String::new())));
    let view = RwSignal::new(View::List);
    // The panel of the import on screen, moved into the analysis when the agent asks for it.
    let records: StoredValue<Option<Result<Panel, PanelError>>> = StoredValue::new(None);
    let train_state = RwSignal::new(TrainState::Idle);
    let cancel = RwSignal::new(false);
    // The training under way: a new import or a new training supersedes it.
    let run = RwSignal::new(0u64);
    let model_error = RwSignal::new(None::<String>);

    // Scores the import on screen again with `model`. The analysis is taken back from the views
    // (they are unmounted first) rather than copied: at national scale the panel is most of the
    // memory.
    let apply = Callback::new(move |(request, from): (Rescore, Weak<Loaded>)| {
        if !is_current(phase, &from) {
            return;
        }
        let Phase::Ready(current) = phase.get_untracked() else {
            return;
        };
        let Rescore {
            model,
            source,
            events,
            at,
            alerts,
        } = request;
        let trained = source == ModelSource::Trained;
        phase.set(Phase::Rescoring);
        leptos::task::spawn_local(async move {
            // Two turns of the event loop: the views holding the import are gone.
            yield_to_browser().await;
            yield_to_browser().await;
            let loaded = Arc::try_unwrap(current).unwrap_or_else(|shared| Loaded {
                analysis: shared.analysis.clone(),
                fingerprint: shared.fingerprint.clone(),
                demo: shared.demo,
                source: shared.source.clone(),
            });
            let Loaded {
                analysis,
                fingerprint,
                demo,
                source: previous_source,
            } = loaded;
            let at = at.unwrap_or(analysis.at);
            let alerts = alerts.unwrap_or(analysis.alerts);
            let previous_events = events.as_ref().map(|_| analysis.events.clone());
            let analysis = match events {
                Some(events) => Analysis { events, ..analysis },
                None => analysis,
            };
            match analysis.rescore(model, Some(at), alerts) {
                Ok(analysis) => {
                    phase.set(Phase::Ready(Arc::new(Loaded {
                        analysis,
                        fingerprint,
                        demo,
                        source,
                    })));
                    if trained {
                        train_state.set(TrainState::Done);
                    }
                }
                Err(failed) => {
                    // The analysis comes back unchanged: keep showing it, say why.
                    let (error, mut analysis) = *failed;
                    if let Some(events) = previous_events {
                        analysis.events = events;
                    }
                    train_state.set(TrainState::Failed(error.to_string()));
                    phase.set(Phase::Ready(Arc::new(Loaded {
                        analysis,
                        fingerprint,
                        demo,
                        source: previous_source,
                    })));
                }
            }
        });
    });
    let train = Callback::new(move |()| {
        let Phase::Ready(loaded) = phase.get_untracked() else {
            return;
        };
        if matches!(
            train_state.get_untracked(),
            TrainState::Running(_) | TrainState::Rescoring
        ) {
            return;
        }
        cancel.set(false);
        run.update(|r| *r += 1);
        let me = run.get_untracked();
        model_error.set(None);
        train_state.set(TrainState::Running(Progress {
            fraction: 0.0,
            stage_fr: "préparation des données",
            stage_en: "preparing the data",
            horizon: None,
        }));
        let config = TrainConfig {
            params: FeatureParams {
                crisis: crisis.get_untracked(),
                ..FeatureParams::default()
            },
            data: if loaded.demo {
                "données de démonstration synthétiques (générées dans le navigateur)".into()
            } else {
                "données importées".into()
            },
            synthetic: loaded.demo,
            ..TrainConfig::default()
        };
        let weak = Arc::downgrade(&loaded);
        leptos::task::spawn_local(async move {
            let stop = move || cancel.get_untracked() || run.get_untracked() != me;
            let result = train_steps(&loaded, config, train_state, stop).await;
            drop(loaded);
            if run.get_untracked() != me || !is_current(phase, &weak) {
                // A new import (or training) took over meanwhile.
                return;
            }
            match result {
                Ok(model) if !cancel.get_untracked() => {
                    train_state.set(TrainState::Rescoring);
                    apply.run((Rescore::model(model, ModelSource::Trained), weak));
                }
                Ok(_) | Err(ModelError::Cancelled) => train_state.set(TrainState::Cancelled),
                Err(e) => train_state.set(TrainState::Failed(e.to_string())),
            }
        });
    });
    provide_context(ModelControl {
        state: train_state,
        error: model_error,
        cancel,
        train,
        apply,
    });

    let choices = choices::Choices::new();
    let show_report = move |imported: Imported, fingerprint: String, demo| {
        let months = imported.panel.as_ref().ok().map(choices::Months::of);
        records.set_value(Some(imported.panel));
        choices.at.set(None);
        phase.set(Phase::Imported(Arc::new(Report {
            report: Arc::new(imported.report),
            fingerprint,
            demo,
            months,
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
        let pick = choices.model.get_untracked();
        let at = choices.at.get_untracked();
        set_timeout(
            move || {
                phase.set(analyse(read, &shown, events.get_untracked(), at, &pick));
                if pick == choices::ModelPick::Train
                    && matches!(phase.get_untracked(), Phase::Ready(_))
                {
                    // The model page shows the training's progress, then the new model.
                    navigation::push_page(Page::Model);
                    view.set(View::Page(Page::Model));
                    train.run(());
                }
            },
            Duration::from_millis(30),
        );
    });
    let restart = move || {
        // A training under way belongs to the import being left.
        run.update(|r| *r += 1);
        train_state.set(TrainState::Idle);
        model_error.set(None);
        view.set(View::List);
        records.set_value(None);
        choices.model.set(choices::ModelPick::Embedded);
        choices.at.set(None);
        phase.set(Phase::Idle);
        navigation::reset();
    };
    // The firm page lives at `?siren=…` and the model page at `?vue=modele`, so the browser's
    // Back button returns to the list instead of leaving the page (and losing the import, which
    // exists only in memory).
    let open_firm = Callback::new(move |firm: usize| {
        if let Phase::Ready(loaded) = phase.get_untracked() {
            navigation::push(loaded.analysis.panel.firms[firm].siren);
        }
        view.set(View::Firm(firm));
    });
    let open_page = Callback::new(move |page: Page| {
        navigation::push_page(page);
        view.set(View::Page(page));
    });
    let open_model = Callback::new(move |()| open_page.run(Page::Model));
    let open_list = Callback::new(move |()| {
        navigation::push_list();
        view.set(View::List);
    });
    provide_context(Navigator {
        open_firm,
        open_page,
        open_list,
    });
    let _listener = window_event_listener(leptos::ev::popstate, move |_| {
        let shown = match navigation::current() {
            Address::List => View::List,
            Address::Page(page) => View::Page(page),
            Address::Firm(siren) => match phase.get_untracked() {
                Phase::Ready(loaded) => loaded
                    .analysis
                    .panel
                    .firm_index(siren)
                    .map_or(View::List, View::Firm),
                _ => View::List,
            },
        };
        view.set(shown);
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
                    view! { <ReportPage shown=shown on_analyse=run_analysis on_restart=restart busy=false choices=choices/> }.into_any()
                }
                Phase::Analysing(shown) => {
                    view! { <ReportPage shown=shown on_analyse=run_analysis on_restart=restart busy=true choices=choices/> }.into_any()
                }
                Phase::Failed { headline, details, report } => {
                    view! {
                        <div class="error" role="alert">
                            <p><strong>{move || Text::Error.get(lang.get())} " : " {headline.clone()}</strong></p>
                            <ul>{details.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ul>
                        </div>
                        {match report {
                            Some(shown) => view! { <ReportPage shown=shown on_analyse=run_analysis on_restart=restart busy=false can_analyse=false choices=choices/> }.into_any(),
                            None => view! { <Home on_demo=load_demo on_files=on_files busy=false/> }.into_any(),
                        }}
                    }.into_any()
                }
                Phase::Rescoring => view! {
                    <p class="busy rescoring" role="status" id="rescoring">{move || Text::Rescoring.get(lang.get())}</p>
                }.into_any(),
                Phase::Ready(loaded) => {
                    let shown = view.get();
                    view! {
                        <NavBar shown=shown/>
                        {match shown {
                            View::List => view! {
                                <list::DetectionList loaded=loaded open=open_firm open_model=open_model on_restart=restart/>
                            }.into_any(),
                            View::Firm(firm) => view! { <firm::FirmPage loaded=loaded firm=firm open_model=open_model/> }.into_any(),
                            View::Page(Page::Model) => view! { <model_page::ModelPage loaded=loaded/> }.into_any(),
                            View::Page(Page::Sectors) => view! { <sectors::SectorsPage loaded=loaded/> }.into_any(),
                            View::Page(Page::FollowUp) => view! { <followup::FollowUpPage loaded=loaded/> }.into_any(),
                            View::Page(Page::Method) => view! { <method::MethodPage loaded=loaded/> }.into_any(),
                        }}
                    }.into_any()
                }
            }}
        </main>
    }
}

/// The views of a finished import, as links (real `href`s, so they work with the keyboard and
/// open in a new tab on any static server).
#[component]
fn NavBar(shown: View) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let nav = expect_context::<Navigator>();
    let item = move |target: Option<Page>, text: Text, id: &'static str| {
        let current = match (shown, target) {
            (View::List | View::Firm(_), None) => true,
            (View::Page(a), Some(b)) => a == b,
            _ => false,
        };
        let href = target.map_or_else(|| "?".to_string(), Page::href);
        view! {
            <li>
                <a id=id href=href aria-current=current.then_some("page") on:click=move |ev| {
                    ev.prevent_default();
                    match target {
                        Some(page) => nav.open_page.run(page),
                        None => nav.open_list.run(()),
                    }
                }>{move || text.get(lang.get())}</a>
            </li>
        }
    };
    view! {
        <nav class="views" aria-label=move || Text::NavLabel.get(lang.get())>
            <ul>
                {item(None, Text::NavList, "nav-list")}
                {item(Some(Page::Sectors), Text::NavSectors, "nav-sectors")}
                {item(Some(Page::FollowUp), Text::NavFollowUp, "nav-followup")}
                {item(Some(Page::Model), Text::NavModel, "nav-model")}
                {item(Some(Page::Method), Text::NavMethod, "nav-method")}
            </ul>
        </nav>
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
    choices: choices::Choices,
) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let demo = shown.demo;
    let months = shown.months;
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
        <choices::AnalysisChoices choices=choices months=months disabled=busy || !can_analyse/>
        <report::ImportReportView report=shown.report.clone()>
            <events::EventsEditor disabled=busy || !can_analyse/>
        </report::ImportReportView>
    }
}
