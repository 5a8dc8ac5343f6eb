//! What the analysis of an import is asked for, chosen on the import report page: the scoring
//! month (default: the latest complete month) and the model (embedded, trained here on the
//! import's own history, or loaded from a file — checked as soon as it is picked).

use std::sync::Arc;

use engine::calendar::Month;
use engine::model::Model;
use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::Lang;
use crate::i18n::{ChoiceText, month};

/// The months an import can be scored at: the latest complete one first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Months {
    /// The first month with 12 months of history before it (or the panel's first).
    pub first: Month,
    pub latest_complete: Month,
    pub last: Month,
}

impl Months {
    pub fn of(panel: &engine::panel::Panel) -> Months {
        let last = panel.end();
        let first = panel.start.offset(12).min(last);
        Months {
            first,
            latest_complete: panel.latest_complete_month(),
            last,
        }
    }

    /// Newest first.
    fn all(self) -> Vec<Month> {
        let n = self.first.months_until(self.last).max(0);
        (0..=n).map(|k| self.last.offset(-k)).collect()
    }
}

/// Which model the analysis uses.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelPick {
    Embedded,
    /// Train on the import, in the browser, with the model page's progress bar.
    Train,
    /// A model file the agent picked (its name), already checked.
    File(String, Arc<Model>),
}

/// The agent's choices for the next analysis.
#[derive(Clone, Copy)]
pub struct Choices {
    pub at: RwSignal<Option<Month>>,
    pub model: RwSignal<ModelPick>,
}

impl Choices {
    pub fn new() -> Choices {
        Choices {
            at: RwSignal::new(None),
            model: RwSignal::new(ModelPick::Embedded),
        }
    }
}

#[component]
pub fn AnalysisChoices(choices: Choices, months: Option<Months>, disabled: bool) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let error = RwSignal::new(None::<String>);
    let pick = move |value: &str| {
        error.set(None);
        match value {
            "train" => choices.model.set(ModelPick::Train),
            "embedded" => choices.model.set(ModelPick::Embedded),
            _ => {}
        }
    };
    let upload = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|l| l.get(0)) else {
            return;
        };
        input.set_value("");
        let name = file.name();
        error.set(None);
        leptos::task::spawn_local(async move {
            let text = JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|t| t.as_string());
            match text.map(|t| Model::from_json(&t)) {
                Some(Ok(model)) => choices.model.set(ModelPick::File(name, Arc::new(model))),
                Some(Err(e)) => {
                    choices.model.set(ModelPick::Embedded);
                    let refused = crate::Text::ModelRejected.get(lang.get_untracked());
                    error.set(Some(format!("« {name} » — {refused} {e}")));
                }
                None => {
                    choices.model.set(ModelPick::Embedded);
                    error.set(Some(format!(
                        "« {name} » — {}",
                        ChoiceText::Unreadable.get(lang.get_untracked())
                    )));
                }
            }
        });
    };
    let month_select = months.map(|m| {
        let options = m.all();
        let on_change = move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            choices.at.set(options_month(&value));
        };
        view! {
            <label for="scoring-month">{move || ChoiceText::Month.get(lang.get())}</label>
            " "
            <select id="scoring-month" on:change=on_change disabled=disabled>
                {options.into_iter().map(|o| {
                    let selected = move || choices.at.get().unwrap_or(m.latest_complete) == o;
                    let latest = o == m.latest_complete;
                    view! {
                        <option value=o.to_string() selected=selected>
                            {move || {
                                let l = lang.get();
                                if latest {
                                    format!("{} ({})", month(o, l), ChoiceText::LatestComplete.get(l))
                                } else {
                                    month(o, l)
                                }
                            }}
                        </option>
                    }
                }).collect_view()}
            </select>
            {(m.latest_complete != m.last).then(|| view! {
                <p class="help" id="incomplete-month">
                    {move || {
                        let l = lang.get();
                        format!("{} {}", month(m.last, l), ChoiceText::Incomplete.get(l))
                    }}
                </p>
            })}
        }
    });
    let radio = move |value: &'static str, id: &'static str, text: ChoiceText, help: ChoiceText| {
        let checked = move || {
            matches!(
                (choices.model.get(), value),
                (ModelPick::Embedded, "embedded") | (ModelPick::Train, "train")
            )
        };
        view! {
            <li>
                <input type="radio" name="analysis-model" id=id value=value prop:checked=checked
                    disabled=disabled on:change=move |_| pick(value)/>
                " " <label for=id>{move || text.get(lang.get())}</label>
                <span class="help">" — " {move || help.get(lang.get())}</span>
            </li>
        }
    };
    let file_name = move || match choices.model.get() {
        ModelPick::File(name, _) => Some(name),
        _ => None,
    };
    view! {
        <fieldset class="analysis-choices" id="analysis-choices">
            <legend>{move || ChoiceText::Title.get(lang.get())}</legend>
            <p>{month_select}</p>
            <ul class="model-choice">
                {radio("embedded", "model-embedded", ChoiceText::Embedded, ChoiceText::EmbeddedHelp)}
                {radio("train", "model-train", ChoiceText::Train, ChoiceText::TrainHelp)}
                <li>
                    <input type="radio" name="analysis-model" id="model-file" value="file"
                        prop:checked=move || file_name().is_some() disabled=move || disabled || file_name().is_none()/>
                    " " <label for="model-file">{move || ChoiceText::FromFile.get(lang.get())}</label>
                    " "
                    <label class="button secondary">
                        {move || ChoiceText::PickModel.get(lang.get())}
                        <input class="visually-hidden" id="analysis-model-upload" type="file"
                            accept=".json,application/json" on:change=upload disabled=disabled/>
                    </label>
                    {move || file_name().map(|n| view! { " " <code id="analysis-model-name">{n}</code> })}
                </li>
            </ul>
            {move || error.get().map(|e| view! { <p class="fatal" id="analysis-model-error" role="alert">{e}</p> })}
        </fieldset>
    }
}

/// The month of an `<option>` value (`2021-03`).
fn options_month(value: &str) -> Option<Month> {
    let (year, month) = value.split_once('-')?;
    Month::new(year.parse().ok()?, month.parse().ok()?)
}
