//! The feature dictionary as the agent reads it: every variable the engine computes, by group,
//! with its definition, unit, expected effect on risk and whether the current model uses it.

use engine::features::{DICTIONARY, Direction, FeatureGroup};
use engine::model::Model;
use leptos::prelude::*;

use crate::{Lang, Text};

fn direction(d: Direction, lang: Lang) -> &'static str {
    match d {
        Direction::Increasing => Text::DirectionUp,
        Direction::Decreasing => Text::DirectionDown,
        Direction::Unknown => Text::DirectionUnknown,
    }
    .get(lang)
}

#[component]
pub fn Dictionary(model: Model) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let used = model.used_features();
    let in_model = used.iter().filter(|u| **u).count();
    let groups = move || {
        let l = lang.get();
        let fr = l == Lang::Fr;
        FeatureGroup::ALL
            .iter()
            .map(|group| {
                let rows = DICTIONARY
                    .iter()
                    .enumerate()
                    .filter(|(_, d)| d.group == *group)
                    .map(|(i, d)| {
                        view! {
                            <tr data-feature=d.id>
                                <td>
                                    <strong>{if fr { d.label_fr } else { d.label_en }}</strong>
                                    <div class="mono muted">{d.id}</div>
                                </td>
                                <td>{if fr { d.definition_fr } else { d.definition_en }}</td>
                                <td>{if fr { d.unit.label_fr() } else { d.unit.label_en() }}</td>
                                <td>{direction(d.direction, l)}</td>
                                <td class="center">{if used[i] { "✓" } else { "" }}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <tbody>
                        <tr class="group-title">
                            <th colspan="5">{if fr { group.label_fr() } else { group.label_en() }}</th>
                        </tr>
                        {rows}
                    </tbody>
                }
            })
            .collect_view()
    };
    view! {
        <details class="dictionary" id="dictionary">
            <summary>
                {move || Text::DictionaryTitle.get(lang.get())} " (" {DICTIONARY.len()} " · "
                {in_model} " " {move || Text::DictionaryInModel.get(lang.get())} ")"
            </summary>
            <p class="help">{move || Text::DictionaryHelp.get(lang.get())}</p>
            <table class="dictionary">
                <thead><tr>
                    <th>{move || Text::DictionaryVariable.get(lang.get())}</th>
                    <th>{move || Text::DictionaryDefinition.get(lang.get())}</th>
                    <th>{move || Text::DictionaryUnit.get(lang.get())}</th>
                    <th>{move || Text::DictionaryEffect.get(lang.get())}</th>
                    <th>{move || Text::DictionaryUsed.get(lang.get())}</th>
                </tr></thead>
                {groups}
            </table>
        </details>
    }
}
