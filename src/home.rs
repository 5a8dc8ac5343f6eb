//! The home page: the drop zone (files and folders), the two pickers, the demo button, and the
//! reading progress.

use leptos::prelude::*;
use web_sys::File;

use crate::gather::{Dropped, from_list};
use crate::reading::FileProgress;
use crate::{Lang, Text};

/// Files the agent gave, and dropped entries the browser could not open.
pub struct Given {
    pub files: Vec<File>,
    pub unreadable: Vec<String>,
}

#[component]
pub fn Home(
    on_demo: Callback<()>,
    on_files: Callback<Given>,
    busy: bool,
    /// Files being read, when a reading is under way.
    #[prop(optional)]
    progress: Option<Vec<FileProgress>>,
) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    view! {
        <section class="home">
            <DropZone on_files=on_files busy=busy/>
            {progress.map(|files| view! { <Progress files=files/> })}
            <div class="demo">
                <button class="primary" id="load-demo" on:click=move |_| on_demo.run(()) disabled=busy>
                    {move || Text::LoadDemo.get(lang.get())}
                </button>
                <p class="help">{move || Text::DemoHelp.get(lang.get())}</p>
            </div>
            {busy.then(|| view! { <p class="busy" role="status">{move || Text::Computing.get(lang.get())}</p> })}
        </section>
    }
}

#[component]
fn DropZone(on_files: Callback<Given>, busy: bool) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let over = RwSignal::new(false);
    // `webkitdirectory` is not in Leptos' attribute list: set on the element once mounted.
    let folder = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(input) = folder.get() {
            let _ = input.set_attribute("webkitdirectory", "");
        }
    });
    let picked = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let files = input.files().map(|l| from_list(&l)).unwrap_or_default();
        input.set_value("");
        if !files.is_empty() {
            on_files.run(Given {
                files,
                unreadable: Vec::new(),
            });
        }
    };
    let dropped = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        over.set(false);
        if busy {
            return;
        }
        let Some(transfer) = ev.data_transfer() else {
            return;
        };
        let dropped = Dropped::take(&transfer);
        leptos::task::spawn_local(async move {
            let mut unreadable = Vec::new();
            let files = dropped.files(&mut unreadable).await;
            if !files.is_empty() || !unreadable.is_empty() {
                on_files.run(Given { files, unreadable });
            }
        });
    };
    view! {
        <div
            class="dropzone"
            id="drop-zone"
            class:over=move || over.get()
            on:dragenter=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); over.set(true); }
            on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); over.set(true); }
            on:dragleave=move |_| over.set(false)
            on:drop=dropped
        >
            <p class="drop-title">{move || Text::DropHere.get(lang.get())}</p>
            <p class="help">{move || Text::PickHelp.get(lang.get())}</p>
            <div class="pickers">
                <label class="button secondary" class:disabled=busy>
                    {move || Text::PickFiles.get(lang.get())}
                    <input class="visually-hidden" id="pick-files" type="file" multiple on:change=picked disabled=busy/>
                </label>
                <label class="button secondary" class:disabled=busy>
                    {move || Text::PickFolder.get(lang.get())}
                    <input class="visually-hidden" id="pick-folder" type="file" multiple node_ref=folder on:change=picked disabled=busy/>
                </label>
            </div>
        </div>
    }
}

fn percent_of(done: u64, total: u64) -> f64 {
    if total == 0 {
        100.0
    } else {
        (done as f64 * 100.0 / total as f64).min(100.0)
    }
}

fn megabytes(bytes: u64) -> String {
    format!(
        "{} Mo",
        engine::format::decimal(bytes as f64 / 1_048_576.0, 1)
    )
}

/// A bar with its value exposed to assistive technologies (and to the tests).
fn bar(id: Option<&'static str>, value: Signal<f64>) -> impl IntoView {
    view! {
        <div class="bar" id=id role="progressbar" aria-valuemin="0" aria-valuemax="100"
            aria-valuenow=move || format!("{:.0}", value.get())>
            <span style:width=move || format!("{:.1}%", value.get())></span>
        </div>
    }
}

#[component]
fn Progress(files: Vec<FileProgress>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let total: u64 = files.iter().map(|f| f.size).sum();
    let all: Vec<ArcRwSignal<u64>> = files.iter().map(|f| f.read.clone()).collect();
    let read = Signal::derive(move || all.iter().map(|r| r.get()).sum::<u64>());
    let overall = Signal::derive(move || percent_of(read.get(), total));
    view! {
        <section class="reading" id="reading" aria-live="polite">
            <h2>{move || Text::Reading.get(lang.get())}</h2>
            {bar(Some("overall-progress"), overall)}
            <p class="help">{move || megabytes(read.get())} " / " {megabytes(total)}</p>
            <ul class="file-progress">
                {files.into_iter().map(|f| {
                    let (read, done, size) = (f.read.clone(), f.done.clone(), f.size);
                    let value = Signal::derive(move || percent_of(read.get(), size));
                    view! {
                        <li data-file=f.name.clone()>
                            <span class="mono name">{f.name.clone()}</span>
                            {bar(None, value)}
                            <span class="state">{move || if done.get() {
                                Text::Done.get(lang.get()).to_string()
                            } else {
                                format!("{:.0} %", value.get())
                            }}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
