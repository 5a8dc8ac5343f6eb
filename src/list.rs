//! The detection list: firms ranked by risk, paged.

use std::sync::Arc;

use engine::format::{decimal, euros, percent};
use engine::model::{Alert, Horizon};
use leptos::prelude::*;

use crate::i18n::months;
use crate::{DEMO, Lang, Loaded, ModelSource, Text};

const PAGE_SIZE: usize = 50;

pub fn alert_badge(alert: Alert, lang: Lang) -> impl IntoView {
    let label = if lang == Lang::Fr {
        alert.label_fr()
    } else {
        alert.label_en()
    };
    view! { <span class=format!("badge {}", alert.label_fr())>{label}</span> }
}

/// The "première alerte" badge: in alert now and in none of the 12 previous months.
pub fn first_alert_badge(lang: RwSignal<Lang>) -> impl IntoView {
    view! {
        <span class="badge first" title=move || Text::FirstAlertHelp.get(lang.get())>
            {move || Text::FirstAlert.get(lang.get())}
        </span>
    }
}

/// A degradation score: "+12,3 pts", "-4,0 pts" (index points over 12 months).
pub fn points(value: f64) -> String {
    let text = decimal(value, 1);
    let sign = if text.starts_with('-') || text == "0,0" {
        ""
    } else {
        "+"
    };
    format!("{sign}{text}\u{a0}pts")
}

/// Where the model that scores the firms comes from, in words.
pub fn source_text(loaded: &Loaded, lang: Lang) -> String {
    let training = &loaded.analysis.model.training;
    match &loaded.source {
        ModelSource::Embedded if training.synthetic => {
            Text::ModelEmbeddedSynthetic.get(lang).to_string()
        }
        ModelSource::Embedded => format!("{} — {}", Text::ModelEmbedded.get(lang), training.data),
        ModelSource::Trained if loaded.demo => Text::ModelTrainedDemo.get(lang).to_string(),
        ModelSource::Trained => Text::ModelTrainedImported.get(lang).to_string(),
        ModelSource::File(name) => format!(
            "{} « {name} » — {}",
            Text::ModelFromFile.get(lang),
            training.data
        ),
    }
}

/// Which model scores the firms, in one line, with the synthetic-data badge when it applies and
/// a link to the model page.
#[component]
pub fn ModelLine(loaded: Arc<Loaded>, open_model: Callback<()>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let synthetic = loaded.analysis.model.training.synthetic;
    let auc = loaded
        .analysis
        .model
        .horizon(Horizon::M18)
        .validation
        .as_ref()
        .and_then(|m| m.auc);
    let describe = {
        let loaded = loaded.clone();
        move || source_text(&loaded, lang.get())
    };
    let href = crate::navigation::model_href();
    view! {
        <span class="model-line" id="model-line" data-synthetic=synthetic.to_string()>
            <span class="model-source">{describe}</span>
            {synthetic.then(|| view! { " " <span class="badge synthetic">{move || Text::Synthetic.get(lang.get())}</span> })}
            {move || {
                let l = lang.get();
                let auc = auc.map(|v| decimal(v, 3)).unwrap_or_else(|| Text::NotAvailable.get(l).to_string());
                format!(" · AUC {auc} ({}) · ", months(18, l))
            }}
            <a id="model-link" href=href on:click=move |ev| {
                ev.prevent_default();
                open_model.run(());
            }>{move || Text::SeeModel.get(lang.get())}</a>
        </span>
    }
}

#[component]
pub fn DetectionList(
    loaded: Arc<Loaded>,
    /// Opens a firm's page.
    open: Callback<usize>,
    /// Opens the model page.
    open_model: Callback<()>,
    on_restart: impl Fn() + Copy + 'static,
) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let page = RwSignal::new(0usize);
    let a = &loaded.analysis;
    let pages = a.scores.len().div_ceil(PAGE_SIZE).max(1);
    let count = |alert| a.scores.iter().filter(|s| s.alert == alert).count();
    let (rouge, orange, vert) = (
        count(Alert::Rouge),
        count(Alert::Orange),
        count(Alert::Vert),
    );
    let strong = a.strong_signals.len();
    let at = a.at;
    let demo = loaded.demo;
    let files: Vec<(String, u64, u64, Option<String>)> = a
        .report
        .files
        .iter()
        .map(|f| (f.name.clone(), f.records_read, f.rejected, f.fatal.clone()))
        .collect();
    let rows = {
        let loaded = loaded.clone();
        move || {
            let a = &loaded.analysis;
            let t = a.panel.index_of(a.at).unwrap_or(0);
            let lag = a.model.params.lags.effectif;
            a.scores
                .iter()
                .skip(page.get() * PAGE_SIZE)
                .take(PAGE_SIZE)
                .map(|s| {
                    let firm = &a.panel.firms[s.firm];
                    let (index, alert, first) = (s.firm, s.alert, s.first_alert);
                    let probabilities: Vec<(usize, f64)> = s
                        .score
                        .horizons
                        .iter()
                        .map(|h| (h.horizon.months(), h.probability))
                        .collect();
                    let degradation = s.score.degradation;
                    let headcount = t.checked_sub(lag).and_then(|m| a.panel.effectif.get(index, m));
                    let debt = a.panel.debt_known(index, t);
                    // A firm missing from SIRENE has no name: it must still be reachable.
                    let name = (!firm.name.trim().is_empty()).then(|| firm.name.clone());
                    view! {
                        <tr>
                            <td class="alert" data-first-alert=first.to_string()>
                                {move || alert_badge(alert, lang.get())}
                                {first.then(|| view! { " " {first_alert_badge(lang)} })}
                            </td>
                            <td>
                                <button class="link" title=move || Text::Open.get(lang.get()) on:click=move |_| open.run(index)>
                                    {match name.clone() {
                                        Some(n) => n.into_any(),
                                        None => view! { <em>{move || Text::NoName.get(lang.get())}</em> }.into_any(),
                                    }}
                                </button>
                            </td>
                            <td class="mono">{firm.siren.insee()}</td>
                            <td>{firm.departement.clone().unwrap_or_default()}</td>
                            <td class="mono">{firm.ape.clone().unwrap_or_default()}</td>
                            <td class="num">{headcount.map(|h| decimal(h, 0)).unwrap_or_default()}</td>
                            <td class="num">{debt.map(euros).unwrap_or_default()}</td>
                            {probabilities.into_iter().map(|(h, p)| view! {
                                <td class="num risk" data-horizon=h data-p=p.to_string()>{percent(p)}</td>
                            }).collect_view()}
                            <td class="num degradation" data-value=degradation.map(|d| d.to_string()).unwrap_or_default()>
                                {degradation.map(points).unwrap_or_default()}
                            </td>
                        </tr>
                    }
                })
                .collect_view()
        }
    };
    view! {
        <section class="list">
            <div class="title-row">
                <h1>{move || Text::ListTitle.get(lang.get())}</h1>
                <button class="secondary" id="new-import" on:click=move |_| on_restart()>{move || Text::NewImport.get(lang.get())}</button>
            </div>
            <p class="summary">
                {move || Text::ScoringMonth.get(lang.get())} " : "
                <strong>{move || if lang.get() == Lang::Fr { at.french() } else { at.english() }}</strong>
                " · "
                <span class="count rouge">{rouge}" "{move || alert_badge(Alert::Rouge, lang.get())}</span>
                " "
                <span class="count orange">{orange}" "{move || alert_badge(Alert::Orange, lang.get())}</span>
                " "
                <span class="count vert">{vert}" "{move || alert_badge(Alert::Vert, lang.get())}</span>
                " · " {strong} " " {move || Text::StrongSignals.get(lang.get())}
            </p>
            <p class="model"><ModelLine loaded=loaded.clone() open_model=open_model/></p>
            <p class="meta">
                {move || if demo { Text::DemoData.get(lang.get()) } else { Text::ImportedData.get(lang.get()) }}
                " · " {move || Text::Fingerprint.get(lang.get())} " "
                <code id="fingerprint" data-demo=demo.to_string() data-firms=DEMO.firms data-seed=DEMO.seed>{loaded.fingerprint.clone()}</code>
            </p>
            <details class="files">
                <summary>{move || Text::Files.get(lang.get())} " (" {files.len()} ")"</summary>
                <ul>
                    {files.iter().map(|(name, read, rejected, fatal)| view! {
                        <li>
                            <span class="mono">{name.clone()}</span> " — " {decimal(*read as f64, 0)} " "
                            {move || Text::Rows.get(lang.get())} ", " {*rejected} " " {move || Text::Rejected.get(lang.get())}
                            {fatal.clone().map(|m| view! { <div class="fatal">{m}</div> })}
                        </li>
                    }).collect_view()}
                </ul>
            </details>
            <table class="firms">
                <thead>
                    <tr class="group-header">
                        <th colspan="7"></th>
                        <th colspan="4" class="center" title=move || Text::RiskWithinHelp.get(lang.get())>
                            {move || Text::RiskWithin.get(lang.get())}
                        </th>
                        <th></th>
                    </tr>
                    <tr>
                        <th>{move || Text::Alert.get(lang.get())}</th>
                        <th>{move || Text::Name.get(lang.get())}</th>
                        <th>{move || Text::Siren.get(lang.get())}</th>
                        <th>{move || Text::Departement.get(lang.get())}</th>
                        <th>{move || Text::Naf.get(lang.get())}</th>
                        <th class="num">{move || Text::Headcount.get(lang.get())}</th>
                        <th class="num">{move || Text::Debt.get(lang.get())}</th>
                        {Horizon::ALL.map(|h| view! {
                            <th class="num" data-horizon=h.months()>{move || months(h.months(), lang.get())}</th>
                        }).collect_view()}
                        <th class="num" title=move || Text::DegradationHelp.get(lang.get())>
                            {move || Text::Degradation.get(lang.get())}
                        </th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <nav class="pager">
                <button on:click=move |_| page.update(|p| *p = p.saturating_sub(1)) disabled={move || page.get() == 0}>
                    {move || Text::Previous.get(lang.get())}
                </button>
                <span>{move || Text::Page.get(lang.get())} " " {move || page.get() + 1} " / " {pages}</span>
                <button on:click=move |_| page.update(|p| *p = (*p + 1).min(pages - 1)) disabled={move || page.get() + 1 >= pages}>
                    {move || Text::Next.get(lang.get())}
                </button>
            </nav>
            <crate::dictionary::Dictionary model=loaded.analysis.model.clone()/>
        </section>
    }
}
