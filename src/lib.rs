//! Vigie's browser application: a thin Leptos shell over the engine. Everything runs here, in
//! WebAssembly; once the module is loaded the page forbids itself any network connection.

mod chart;
mod firm;
mod i18n;
mod list;
mod navigation;

use std::sync::Arc;
use std::time::Duration;

use engine::demo::{DemoConfig, fingerprint, generate};
use engine::ingest::RawFile;
use engine::pipeline::{Analysis, analyse};
use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

pub use i18n::{Lang, Text};

/// The demo the button loads: the CLI's `vigie demo --firms 1000 --seed 2016` gives the same files.
pub const DEMO: DemoConfig = DemoConfig {
    firms: 1000,
    seed: 2016,
    start: DemoConfig::DEFAULT_START,
    end: DemoConfig::DEFAULT_END,
};

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
    Busy,
    /// What went wrong, and why each file was set aside.
    Failed {
        headline: String,
        details: Vec<String>,
    },
    Ready(Arc<Loaded>),
}

impl Phase {
    fn failed(headline: String) -> Phase {
        Phase::Failed {
            headline,
            details: Vec::new(),
        }
    }
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

/// Imports files (generated or dropped) through the one pipeline both front ends share.
fn import(files: &[RawFile], demo: bool) -> Phase {
    match analyse(files, None) {
        Ok(analysis) => Phase::Ready(Arc::new(Loaded {
            analysis,
            fingerprint: fingerprint(files),
            demo,
        })),
        Err(failure) => Phase::Failed {
            headline: failure.error.to_string(),
            details: failure.set_aside(),
        },
    }
}

/// Reads the files the agent picked, in this browser only.
async fn read_picked(files: Vec<web_sys::File>) -> Result<Vec<RawFile>, String> {
    let mut raw = Vec::with_capacity(files.len());
    for file in files {
        let buffer = JsFuture::from(file.array_buffer())
            .await
            .map_err(|_| format!("lecture impossible du fichier {}", file.name()))?;
        raw.push(RawFile {
            name: file.name(),
            bytes: js_sys::Uint8Array::new(&buffer).to_vec(),
        });
    }
    Ok(raw)
}

#[component]
pub fn App() -> impl IntoView {
    let lang = RwSignal::new(Lang::Fr);
    provide_context(lang);
    let phase = RwSignal::new(Phase::Idle);
    let selected: RwSignal<Option<usize>> = RwSignal::new(None);

    let load_demo = move |_| {
        phase.set(Phase::Busy);
        // Yield once so the browser paints the busy state before the computation.
        set_timeout(
            move || phase.set(import(&generate(&DEMO), true)),
            Duration::from_millis(30),
        );
    };
    let pick_files = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(list) = input.files() else { return };
        let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.item(i)).collect();
        input.set_value("");
        if files.is_empty() {
            return;
        }
        phase.set(Phase::Busy);
        leptos::task::spawn_local(async move {
            phase.set(match read_picked(files).await {
                Ok(raw) => import(&raw, false),
                Err(e) => Phase::failed(e),
            });
        });
    };
    let restart = move || {
        selected.set(None);
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
                Phase::Idle => view! { <Home on_demo=load_demo on_files=pick_files busy=false/> }.into_any(),
                Phase::Busy => view! { <Home on_demo=load_demo on_files=pick_files busy=true/> }.into_any(),
                Phase::Failed { headline, details } => {
                    view! {
                        <Home on_demo=load_demo on_files=pick_files busy=false/>
                        <div class="error" role="alert">
                            <p><strong>{move || Text::Error.get(lang.get())} " : " {headline.clone()}</strong></p>
                            <ul>{details.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ul>
                        </div>
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

#[component]
fn Home(
    on_demo: impl Fn(leptos::ev::MouseEvent) + 'static,
    on_files: impl Fn(leptos::ev::Event) + 'static,
    busy: bool,
) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    view! {
        <section class="home">
            <button class="primary" id="load-demo" on:click=on_demo disabled=busy>
                {move || Text::LoadDemo.get(lang.get())}
            </button>
            <p class="help">{move || Text::DemoHelp.get(lang.get())}</p>
            <label class="pick">
                <span>{move || Text::PickFiles.get(lang.get())}</span>
                <input id="pick-files" type="file" multiple on:change=on_files disabled=busy/>
            </label>
            <p class="help">{move || Text::PickHelp.get(lang.get())}</p>
            {busy.then(|| view! { <p class="busy" role="status">{move || Text::Computing.get(lang.get())}</p> })}
        </section>
    }
}
