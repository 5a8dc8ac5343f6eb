//! The firm page's explanation: the waterfall of contributions against a reference firm (by
//! group, with drill-down to features), the reasons in words, the counterfactual and the
//! change since the previous month. Everything shown is computed by `engine::explain`; this
//! module only chooses the unit and lays it out.

use std::sync::Arc;

use engine::explain::counterfactual::{Outcome, Target};
use engine::explain::reasons::{MIN_CONTRIBUTION, reasons};
use engine::explain::{Decomposition, FirmExplanation, ReferenceKind, Term, points};
use engine::features::{DICTIONARY, FeatureDef, FeatureGroup, FeatureVector};
use engine::format::{decimal, percent};
use engine::model::{Alert, Horizon, sigmoid};
use leptos::prelude::*;
use plotly::common::Title;
use plotly::layout::{Axis, Margin};
use plotly::{Configuration, Layout, Plot};
use serde::Serialize;

use crate::chart::{Chart, SEPARATORS};
use crate::i18n::{month, months};
use crate::list::alert_badge;
use crate::{Lang, Text};

/// How contributions are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Scorecard points: 20 points double the odds.
    Points,
    /// Log-odds, as the model adds them.
    LogOdds,
    /// Percentage points of probability, added in the order shown.
    PercentPoints,
}

impl Unit {
    fn value(self, log_odds: f64) -> f64 {
        match self {
            Unit::Points => points(log_odds),
            Unit::LogOdds | Unit::PercentPoints => log_odds,
        }
    }

    /// "+12,3 pts", "+0,123", "+1,2 pt de %".
    fn signed(self, v: f64) -> String {
        let (digits, suffix) = match self {
            Unit::Points => return crate::list::points(v),
            Unit::LogOdds => (3, ""),
            Unit::PercentPoints => (1, "\u{a0}pt\u{a0}%"),
        };
        let text = decimal(v, digits);
        let sign = if text.starts_with('-') || text.trim_start_matches(['0', ',']).is_empty() {
            ""
        } else {
            "+"
        };
        format!("{sign}{text}{suffix}")
    }
}

/// The `waterfall` trace of plotly.js (the `plotly` crate has none).
#[derive(Debug, Clone, Serialize)]
struct Waterfall {
    r#type: &'static str,
    measure: Vec<&'static str>,
    x: Vec<String>,
    y: Vec<f64>,
    text: Vec<String>,
    textposition: &'static str,
    hovertext: Vec<String>,
    hoverinfo: &'static str,
    cliponaxis: bool,
    connector: serde_json::Value,
    increasing: serde_json::Value,
    decreasing: serde_json::Value,
    totals: serde_json::Value,
}

impl plotly::Trace for Waterfall {
    fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// One bar of a waterfall: a label, a log-odds step, a tooltip.
struct Step {
    label: String,
    log_odds: f64,
    hover: String,
}

/// A waterfall from `start` (log-odds) through `steps` to their end; in percentage points the
/// steps are the probability changes, added in order.
fn waterfall(
    start: (String, f64),
    steps: Vec<Step>,
    end: String,
    unit: Unit,
    relative_start: bool,
    lang: Lang,
) -> Plot {
    let mut measure = vec!["absolute"];
    let mut x = vec![start.0];
    let mut hover = vec![String::new()];
    let mut y = Vec::new();
    let mut text = Vec::new();
    let mut at = start.1;
    match unit {
        Unit::PercentPoints => {
            y.push(sigmoid(at) * 100.0);
            text.push(percent(sigmoid(at)));
        }
        _ if relative_start => {
            y.push(0.0);
            text.push("0".into());
        }
        _ => {
            y.push(unit.value(at));
            text.push(decimal(unit.value(at), 1));
        }
    }
    for s in steps {
        let v = match unit {
            Unit::PercentPoints => (sigmoid(at + s.log_odds) - sigmoid(at)) * 100.0,
            _ => unit.value(s.log_odds),
        };
        at += s.log_odds;
        measure.push("relative");
        x.push(s.label);
        y.push(v);
        text.push(unit.signed(v));
        hover.push(s.hover);
    }
    measure.push("total");
    x.push(end);
    let total = match unit {
        Unit::PercentPoints => sigmoid(at) * 100.0,
        _ if relative_start => unit.value(at - start.1),
        _ => unit.value(at),
    };
    y.push(total);
    text.push(match unit {
        Unit::PercentPoints => percent(sigmoid(at)),
        _ => decimal(total, 1),
    });
    hover.push(String::new());
    let marker = |c: &str| serde_json::json!({ "marker": { "color": c } });
    let mut plot = Plot::new();
    plot.add_trace(Box::new(Waterfall {
        r#type: "waterfall",
        measure,
        x,
        y,
        text,
        textposition: "outside",
        hovertext: hover,
        hoverinfo: "x+text",
        cliponaxis: false,
        connector: serde_json::json!({ "line": { "color": "#7f8c8d", "width": 1 } }),
        increasing: marker("#c0392b"),
        decreasing: marker("#2e8b57"),
        totals: marker("#1f4e99"),
    }));
    let axis = match unit {
        Unit::Points => Text::AxisPoints,
        Unit::LogOdds => Text::AxisLogOdds,
        Unit::PercentPoints => Text::AxisPercent,
    };
    plot.set_layout(
        Layout::new()
            .separators(SEPARATORS)
            .height(360)
            .show_legend(false)
            .margin(Margin::new().left(60).right(20).top(30).bottom(110))
            .x_axis(Axis::new().tick_angle(-30.0).auto_margin(true))
            .y_axis(
                Axis::new()
                    .title(Title::with_text(axis.get(lang)))
                    .zero_line(true),
            ),
    );
    plot.set_configuration(Configuration::new().display_logo(false).responsive(true));
    plot
}

fn group_label(g: FeatureGroup, lang: Lang) -> &'static str {
    if lang == Lang::Fr {
        g.label_fr()
    } else {
        g.label_en()
    }
}

fn value_text(t: &Term, base: bool, lang: Lang) -> String {
    let def = t.feature.def();
    match if base { t.base } else { t.value } {
        Some(v) if lang == Lang::Fr => def.format_value(v),
        Some(v) => def.format_value_en(v),
        None => Text::Missing.get(lang).to_string(),
    }
}

fn feature_hover(t: &Term, lang: Lang) -> String {
    let def = t.feature.def();
    let (label, firm, reference) = match lang {
        Lang::Fr => (def.label_fr, "entreprise", "référence"),
        Lang::En => (def.label_en, "firm", "reference"),
    };
    format!(
        "{label}<br>{firm} : {}<br>{reference} : {}",
        value_text(t, false, lang),
        value_text(t, true, lang)
    )
}

/// The groups' waterfall, or one group's features.
fn decomposition_plot(
    d: &Decomposition,
    kind: &ReferenceKind,
    drill: Option<FeatureGroup>,
    unit: Unit,
    lang: Lang,
) -> Plot {
    let reference = match (kind, lang) {
        (ReferenceKind::Sector(_), Lang::Fr) => "Entreprise médiane du secteur".to_string(),
        (ReferenceKind::Sector(_), Lang::En) => "Sector's median firm".to_string(),
        (ReferenceKind::Population, Lang::Fr) => "Entreprise médiane".to_string(),
        (ReferenceKind::Population, Lang::En) => "Median firm".to_string(),
    };
    let firm = Text::ThisFirm.get(lang).to_string();
    let mut groups = d.groups();
    groups.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
    match drill {
        None => {
            let mut steps: Vec<Step> = groups
                .iter()
                .filter(|(_, c)| *c != 0.0)
                .map(|(g, c)| Step {
                    label: group_label(*g, lang).to_string(),
                    log_odds: *c,
                    hover: String::new(),
                })
                .collect();
            if d.term_structure != 0.0 {
                steps.push(Step {
                    label: Text::TermStructureStep.get(lang).to_string(),
                    log_odds: d.term_structure,
                    hover: String::new(),
                });
            }
            waterfall((reference, d.base_logit), steps, firm, unit, true, lang)
        }
        Some(g) => {
            // Percentage points continue from where the groups before this one left off.
            let before: f64 = groups
                .iter()
                .take_while(|(k, _)| *k != g)
                .map(|(_, c)| c)
                .sum();
            let mut terms: Vec<&Term> = d
                .terms
                .iter()
                .filter(|t| t.feature.def().group == g)
                .collect();
            terms.sort_by(|a, b| b.contribution.abs().total_cmp(&a.contribution.abs()));
            const SHOWN: usize = 12;
            let mut steps: Vec<Step> = terms
                .iter()
                .take(SHOWN)
                .filter(|t| t.contribution != 0.0)
                .map(|t| Step {
                    label: if lang == Lang::Fr {
                        t.feature.def().label_fr
                    } else {
                        t.feature.def().label_en
                    }
                    .to_string(),
                    log_odds: t.contribution,
                    hover: feature_hover(t, lang),
                })
                .collect();
            let rest: f64 = terms.iter().skip(SHOWN).map(|t| t.contribution).sum();
            if rest != 0.0 {
                steps.push(Step {
                    label: Text::OtherFeatures.get(lang).to_string(),
                    log_odds: rest,
                    hover: String::new(),
                });
            }
            let sep = if lang == Lang::Fr { " : " } else { ": " };
            let start = format!("{}{sep}{}", Text::Before.get(lang), group_label(g, lang));
            let end = format!("{}{sep}{}", Text::After.get(lang), group_label(g, lang));
            waterfall((start, d.base_logit + before), steps, end, unit, true, lang)
        }
    }
}

/// The explanation section of the firm page.
#[component]
pub fn Explanation(explanation: Arc<FirmExplanation>, features: FeatureVector) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let e = explanation;
    let e_table = e.clone();
    let used = {
        let mut used = [false; engine::features::COUNT];
        for t in &e.horizons[0].sector.terms {
            used[t.feature.index()] = true;
        }
        used
    };
    let horizon = RwSignal::new(e.alert_horizon);
    let sector = RwSignal::new(true);
    let unit = RwSignal::new(Unit::Points);
    let drill = RwSignal::new(None::<FeatureGroup>);
    let current = {
        let e = e.clone();
        move || {
            let h = e.at(horizon.get());
            if sector.get() {
                (
                    h.sector.clone(),
                    e.sector_reference.kind.clone(),
                    e.sector_reference.firms,
                )
            } else {
                (
                    h.population.clone(),
                    e.population_reference.kind.clone(),
                    e.population_reference.firms,
                )
            }
        }
    };
    let chart = {
        let current = current.clone();
        move || {
            let (d, kind, _) = current();
            let plot = decomposition_plot(&d, &kind, drill.get(), unit.get(), lang.get());
            view! { <Chart id="chart-waterfall" plot=plot class="waterfall"/> }
        }
    };
    let summary = {
        let current = current.clone();
        move || {
            let (d, kind, firms) = current();
            let l = lang.get();
            let whom = match (&kind, l) {
                (ReferenceKind::Sector(division), Lang::Fr) => format!(
                    "l'entreprise médiane de la division NAF {division} ({firms} entreprises notées ce mois)"
                ),
                (ReferenceKind::Sector(division), Lang::En) => format!(
                    "the median firm of NAF division {division} ({firms} firms scored this month)"
                ),
                (ReferenceKind::Population, Lang::Fr) => format!(
                    "l'entreprise médiane de toutes les entreprises notées ce mois ({firms})"
                ),
                (ReferenceKind::Population, Lang::En) => {
                    format!("the median firm of all firms scored this month ({firms})")
                }
            };
            let total = d.logit - d.base_logit;
            match l {
                Lang::Fr => format!(
                    "Risque de l'entreprise : {} ; {whom} : {}. Écart : {} ({} en log-cote), somme exacte des contributions ci-dessous.",
                    percent(d.probability),
                    percent(d.base_probability),
                    Unit::Points.signed(points(total)),
                    Unit::LogOdds.signed(total)
                ),
                Lang::En => format!(
                    "The firm's risk: {}; {whom}: {}. Difference: {} ({} in log-odds), the exact sum of the contributions below.",
                    percent(d.probability),
                    percent(d.base_probability),
                    Unit::Points.signed(points(total)),
                    Unit::LogOdds.signed(total)
                ),
            }
        }
    };
    let unit_help = move || match unit.get() {
        Unit::Points => Text::UnitPointsHelp.get(lang.get()),
        Unit::LogOdds => Text::UnitLogOddsHelp.get(lang.get()),
        Unit::PercentPoints => Text::UnitPercentHelp.get(lang.get()),
    };
    let drill_buttons = {
        let current = current.clone();
        move || {
            let (d, _, _) = current();
            let mut groups = d.groups();
            groups.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
            let l = lang.get();
            let all = view! {
                <button type="button" class="toggle" aria-pressed=move || drill.get().is_none().to_string()
                    on:click=move |_| drill.set(None)>{Text::AllGroups.get(l)}</button>
            };
            let each = groups
                .into_iter()
                .map(|(g, c)| {
                    let u = unit.get_untracked();
                    view! {
                        <button type="button" class="toggle" data-group=g.id()
                            aria-pressed=move || (drill.get() == Some(g)).to_string()
                            on:click=move |_| drill.set(Some(g))>
                            {group_label(g, l)} " " <span class="muted">{u.signed(u.value(c))}</span>
                        </button>
                    }
                })
                .collect_view();
            view! { {all} {each} }
        }
    };
    let reasons_view = {
        let current = current.clone();
        move || {
            let (d, kind, _) = current();
            let r = reasons(&d, &kind);
            let l = lang.get();
            let item = |x: &engine::explain::Reason| {
                let text = if l == Lang::Fr {
                    x.fr.clone()
                } else {
                    x.en.clone()
                };
                // A reason's own share in percentage points would depend on an order.
                let u = match unit.get() {
                    Unit::PercentPoints => Unit::Points,
                    other => other,
                };
                view! {
                    <li data-feature=x.feature.def().id>
                        {text} " " <span class="muted">"(" {u.signed(u.value(x.contribution))} ")"</span>
                    </li>
                }
            };
            let up = r.aggravating.iter().map(item).collect_view();
            let down = r.mitigating.iter().map(item).collect_view();
            let none_up = r
                .aggravating
                .is_empty()
                .then(|| view! { <li class="muted">{Text::NoReason.get(l)}</li> });
            let none_down = r
                .mitigating
                .is_empty()
                .then(|| view! { <li class="muted">{Text::NoReason.get(l)}</li> });
            view! {
                <div class="reasons" id="reasons">
                    <div>
                        <h3>{Text::Aggravating.get(l)}</h3>
                        <ol class="aggravating">{up}{none_up}</ol>
                    </div>
                    <div>
                        <h3>{Text::Mitigating.get(l)}</h3>
                        <ol class="mitigating">{down}{none_down}</ol>
                    </div>
                </div>
            }
        }
    };
    let select_horizon = move |ev: leptos::ev::Event| {
        if let Some(h) = event_target_value(&ev)
            .parse::<usize>()
            .ok()
            .and_then(Horizon::from_months)
        {
            horizon.set(h);
        }
    };
    let binds = {
        let current = current.clone();
        move || {
            let (d, _, _) = current();
            (d.source != d.horizon).then(|| {
                let source = d.source.months();
                view! {
                    <p class="help binds" id="binds">
                        {move || Text::BindsAt.get(lang.get())} " " {move || months(source, lang.get())} "."
                    </p>
                }
            })
        }
    };
    let table = {
        let current = current.clone();
        move || {
            let (d, _, _) = current();
            let base = if sector.get() {
                &e_table.sector_reference.values
            } else {
                &e_table.population_reference.values
            };
            let groups = group_rows(&d.per_feature(), &features, base, &used);
            let structure = (d.term_structure != 0.0).then(|| view! {
                <tr class="structure"><td>{move || Text::TermStructureStep.get(lang.get())}</td><td></td><td></td>
                <td class="num">{decimal(d.term_structure, 3)}</td></tr>
            });
            view! {
                <table class="explain">
                    <caption>{move || Text::ExactTable.get(lang.get())}</caption>
                    <colgroup><col/><col class="value"/><col class="value"/><col class="contribution"/></colgroup>
                    <thead><tr>
                        <th>{move || Text::FeatureGroupHeader.get(lang.get())}</th>
                        <th class="num">{move || Text::Value.get(lang.get())}</th>
                        <th class="num">{move || Text::ReferenceValue.get(lang.get())}</th>
                        <th class="num">{move || Text::Contribution.get(lang.get())}</th>
                    </tr></thead>
                    <tbody>
                        <tr class="reference">
                            <td>{move || Text::Reference.get(lang.get())}</td><td></td><td></td>
                            <td class="num">{decimal(d.base_logit, 3)}</td>
                        </tr>
                        {groups.into_iter().map(|g| group_view(g, lang)).collect_view()}
                        {structure}
                        <tr class="total">
                            <td>{move || Text::ExactTotal.get(lang.get())}</td><td></td><td></td>
                            <td class="num">{decimal(d.logit, 3)}</td>
                        </tr>
                    </tbody>
                </table>
            }
        }
    };
    let counterfactual = counterfactual_view(e.clone(), lang);
    let change = change_view(e.clone(), lang, unit);
    view! {
        <section class="explanation" id="explanation">
            <h2>{move || Text::Explanation.get(lang.get())}</h2>
            <div class="controls" role="group">
                <label>{move || Text::Horizon.get(lang.get())} " "
                    <select id="explain-horizon" on:change=select_horizon>
                        {Horizon::ALL.map(|h| {
                            let n = h.months();
                            view! { <option value=n.to_string() selected=move || horizon.get() == h>{move || months(n, lang.get())}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label>{move || Text::ComparedWith.get(lang.get())} " "
                    <select id="explain-reference" on:change=move |ev| sector.set(event_target_value(&ev) == "sector")>
                        <option value="sector" selected=move || sector.get()>{move || Text::SectorMedian.get(lang.get())}</option>
                        <option value="population" selected=move || !sector.get()>{move || Text::PopulationMedian.get(lang.get())}</option>
                    </select>
                </label>
                <label>{move || Text::UnitLabel.get(lang.get())} " "
                    <select id="explain-unit" on:change=move |ev| unit.set(match event_target_value(&ev).as_str() {
                        "log" => Unit::LogOdds,
                        "pp" => Unit::PercentPoints,
                        _ => Unit::Points,
                    })>
                        <option value="points" selected=move || unit.get() == Unit::Points>{move || Text::UnitPoints.get(lang.get())}</option>
                        <option value="log" selected=move || unit.get() == Unit::LogOdds>{move || Text::UnitLogOdds.get(lang.get())}</option>
                        <option value="pp" selected=move || unit.get() == Unit::PercentPoints>{move || Text::UnitPercent.get(lang.get())}</option>
                    </select>
                </label>
            </div>
            <p class="help" id="explain-summary">{summary}</p>
            {binds}
            {reasons_view}
            <p class="help unit-help">{unit_help}</p>
            <div class="drill" id="explain-drill" role="group">{drill_buttons}</div>
            {chart}
            <p class="help">{move || Text::ExpandGroups.get(lang.get())}</p>
            {table}
            {counterfactual}
            {change}
        </section>
    }
}

fn outcome_view(o: &Outcome, lang: Lang) -> impl IntoView + use<> {
    let actions: Vec<String> = o
        .actions
        .iter()
        .map(|a| {
            if lang == Lang::Fr {
                a.fr.clone()
            } else {
                a.en.clone()
            }
        })
        .collect();
    let joined = actions.join(if lang == Lang::Fr { " et " } else { " and " });
    let after = match lang {
        Lang::Fr => format!(" → risque {} ", percent(o.probability)),
        Lang::En => format!(" → risk {} ", percent(o.probability)),
    };
    let alert = o.alert;
    view! { <span class="action">{joined}</span> <span class="after">{after} {alert_badge(alert, lang)}</span> }
}

fn target_view(t: &Target, lang: Lang) -> impl IntoView + use<> {
    let level = match (t.leave, lang) {
        (Alert::Rouge, Lang::Fr) => {
            format!("Pour passer sous le seuil rouge ({})", percent(t.threshold))
        }
        (Alert::Rouge, Lang::En) => {
            format!("To fall below the red threshold ({})", percent(t.threshold))
        }
        (_, Lang::Fr) => format!(
            "Pour sortir de l'alerte (seuil orange, {})",
            percent(t.threshold)
        ),
        (_, Lang::En) => format!(
            "To leave the alert (orange threshold, {})",
            percent(t.threshold)
        ),
    };
    let single = match &t.single {
        Some(o) => {
            view! { <li class="single">{Text::OneLever.get(lang)} " " {outcome_view(o, lang)}</li> }
                .into_any()
        }
        None => view! { <li class="single none">{Text::NoSingleLever.get(lang)}</li> }.into_any(),
    };
    let pair = match &t.pair {
        Some(o) => {
            view! { <li class="pair">{Text::TwoLevers.get(lang)} " " {outcome_view(o, lang)}</li> }
                .into_any()
        }
        None if t.single.is_none() => {
            view! { <li class="pair none">{Text::NoPair.get(lang)}</li> }.into_any()
        }
        None => ().into_any(),
    };
    view! {
        <div class="target" data-leave=t.leave.label_fr()>
            <h4>{level}</h4>
            <ul>{single}{pair}</ul>
        </div>
    }
}

fn counterfactual_view(e: Arc<FirmExplanation>, lang: RwSignal<Lang>) -> impl IntoView {
    move || {
        let l = lang.get();
        let c = &e.counterfactual;
        let body = if c.targets.is_empty() {
            view! { <p id="counterfactual-none">{Text::NotInAlert.get(l)}</p> }.into_any()
        } else {
            let levers: Vec<&str> = c
                .levers
                .iter()
                .map(|x| {
                    if l == Lang::Fr {
                        x.label_fr()
                    } else {
                        x.label_en()
                    }
                })
                .collect();
            let levers = if levers.is_empty() {
                Text::NoLever.get(l).to_string()
            } else {
                levers.join(", ")
            };
            view! {
                {c.targets.iter().map(|t| target_view(t, l)).collect_view()}
                <p class="help">{Text::LeversConsidered.get(l)} " " {levers} ". " {Text::CounterfactualHelp.get(l)}</p>
            }
            .into_any()
        };
        view! {
            <section class="counterfactual" id="counterfactual">
                <h3>{Text::CounterfactualTitle.get(l)}</h3>
                {body}
            </section>
        }
    }
}

fn change_view(
    e: Arc<FirmExplanation>,
    lang: RwSignal<Lang>,
    unit: RwSignal<Unit>,
) -> impl IntoView {
    move || {
        let l = lang.get();
        let u = match unit.get() {
            // Percentage points would depend on an order: the change shows points.
            Unit::PercentPoints => Unit::Points,
            other => other,
        };
        let Some(c) = &e.change else {
            return view! {
                <section class="change" id="change"><h3>{Text::ChangeTitle.get(l)}</h3><p>{Text::NoPreviousScore.get(l)}</p></section>
            }
            .into_any();
        };
        let d = &c.decomposition;
        let headline = match l {
            Lang::Fr => format!(
                "Depuis {} : risque à {} passé de {} à {} ({}), ",
                month(c.from, l),
                months(d.horizon.months(), l),
                percent(d.base_probability),
                percent(d.probability),
                Unit::Points.signed(points(d.logit - d.base_logit))
            ),
            Lang::En => format!(
                "Since {}: the {}-month risk went from {} to {} ({}), ",
                month(c.from, l),
                d.horizon.months(),
                percent(d.base_probability),
                percent(d.probability),
                Unit::Points.signed(points(d.logit - d.base_logit))
            ),
        };
        let (before, now) = (c.alert_before, e.alert);
        let first = e
            .first_alert
            .then(|| view! { <p class="first-alert-why">{Text::FirstAlertWhy.get(l)}</p> });
        let mut groups = d.groups();
        groups.retain(|(_, v)| v.abs() >= MIN_CONTRIBUTION);
        groups.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
        let group_rows = groups
            .iter()
            .map(|(g, v)| view! { <tr data-group=g.id()><td>{group_label(*g, l)}</td><td class="num">{u.signed(u.value(*v))}</td></tr> })
            .collect_view();
        let structure = (d.term_structure != 0.0).then(|| {
            view! { <tr><td>{Text::TermStructureStep.get(l)}</td><td class="num">{u.signed(u.value(d.term_structure))}</td></tr> }
        });
        let features = d
            .largest()
            .into_iter()
            .filter(|t| t.contribution.abs() >= MIN_CONTRIBUTION)
            .take(6)
            .map(|t| {
                let def = t.feature.def();
                view! {
                    <tr data-feature=def.id>
                        <td title=if l == Lang::Fr { def.definition_fr } else { def.definition_en }>{if l == Lang::Fr { def.label_fr } else { def.label_en }}</td>
                        <td class="num">{value_text(&t, true, l)} " → " {value_text(&t, false, l)}</td>
                        <td class="num">{u.signed(u.value(t.contribution))}</td>
                    </tr>
                }
            })
            .collect_view();
        let unchanged = (d.logit == d.base_logit).then(|| view! { <p>{Text::NoChange.get(l)}</p> });
        view! {
            <section class="change" id="change">
                <h3>{Text::ChangeTitle.get(l)}</h3>
                <p class="headline">{headline} {Text::AlertWord.get(l)} " " {alert_badge(before, l)} " → " {alert_badge(now, l)}</p>
                {first}
                {unchanged}
                <div class="change-tables">
                    <table class="change-groups">
                        <thead><tr><th>{Text::FeatureGroupHeader.get(l)}</th><th class="num">{Text::ChangeColumn.get(l)}</th></tr></thead>
                        <tbody>{group_rows}{structure}</tbody>
                    </table>
                    <table class="change-features">
                        <thead><tr><th>{Text::DictionaryVariable.get(l)}</th><th class="num">{Text::BeforeNow.get(l)}</th><th class="num">{Text::ChangeColumn.get(l)}</th></tr></thead>
                        <tbody>{features}</tbody>
                    </table>
                </div>
            </section>
        }
        .into_any()
    }
}

/// One feature's line of the explanation.
#[derive(Clone, Copy)]
struct FeatureRow {
    index: usize,
    contribution: f64,
    value: Option<f64>,
    /// The reference firm's value.
    base: Option<f64>,
    /// Whether the model uses the feature (its contribution is then meaningful even at 0).
    used: bool,
}

/// One group of the explanation: the sum of its features' contributions, and its features by
/// decreasing magnitude (those with neither a value nor a contribution apart).
struct GroupRow {
    group: FeatureGroup,
    total: f64,
    features: usize,
    shown: Vec<FeatureRow>,
    quiet: Vec<usize>,
}

/// The per-feature contributions (indexed like [`DICTIONARY`]) summed by group, largest first.
fn group_rows(
    contributions: &[f64],
    features: &FeatureVector,
    base: &FeatureVector,
    used: &[bool],
) -> Vec<GroupRow> {
    let mut groups: Vec<GroupRow> = FeatureGroup::ALL
        .iter()
        .map(|&group| {
            let mut rows: Vec<FeatureRow> = DICTIONARY
                .iter()
                .enumerate()
                .filter(|(_, def)| def.group == group)
                .map(|(index, _)| FeatureRow {
                    index,
                    contribution: contributions.get(index).copied().unwrap_or(0.0),
                    value: features.value(index),
                    base: base.value(index),
                    used: used.get(index).copied().unwrap_or(false),
                })
                .collect();
            // Features of the model first, by decreasing magnitude; then the others (shown for
            // their value only).
            rows.sort_by(|x, y| {
                y.used
                    .cmp(&x.used)
                    .then(y.contribution.abs().total_cmp(&x.contribution.abs()))
            });
            let (shown, quiet): (Vec<FeatureRow>, Vec<FeatureRow>) =
                rows.iter().partition(|r| r.used || r.value.is_some());
            GroupRow {
                group,
                total: rows.iter().map(|r| r.contribution).sum(),
                features: rows.len(),
                shown,
                quiet: quiet.into_iter().map(|r| r.index).collect(),
            }
        })
        .filter(|g| g.features > 0)
        .collect();
    groups.sort_by(|x, y| y.total.abs().total_cmp(&x.total.abs()));
    groups
}

/// "+0,123", "-0,045".
fn signed(c: f64) -> String {
    format!("{}{}", if c >= 0.0 { "+" } else { "" }, decimal(c, 3))
}

fn direction(c: f64) -> &'static str {
    if c >= 0.0 { "num up" } else { "num down" }
}

/// A feature's label, with its definition as a tooltip.
fn feature_label(def: FeatureDef, lang: RwSignal<Lang>) -> impl IntoView {
    let fr = move || lang.get() == Lang::Fr;
    view! {
        <span class="feature" title=move || if fr() { def.definition_fr } else { def.definition_en }>
            {move || if fr() { def.label_fr } else { def.label_en }}
        </span>
    }
}

fn group_view(g: GroupRow, lang: RwSignal<Lang>) -> impl IntoView + use<> {
    let GroupRow {
        group,
        total,
        features,
        shown,
        quiet,
    } = g;
    let rows = shown
        .into_iter()
        .map(|r| {
            let def = DICTIONARY[r.index];
            let format = move |value: Option<f64>| match value {
                Some(v) if lang.get() == Lang::Fr => def.format_value(v),
                Some(v) => def.format_value_en(v),
                None => "—".to_string(),
            };
            let (value, base) = (r.value, r.base);
            let shown = move || format(value);
            let reference = move || format(base);
            let contribution = if r.used {
                view! { <td class=direction(r.contribution)>{signed(r.contribution)}</td> }
                    .into_any()
            } else {
                view! {
                    <td class="num muted" title=move || Text::NotInModel.get(lang.get())>"—"</td>
                }
                .into_any()
            };
            view! {
                <tr data-feature=def.id class:unused=!r.used>
                    <td>{feature_label(def, lang)}</td>
                    <td class="num">{shown}</td>
                    <td class="num reference-value">{reference}</td>
                    {contribution}
                </tr>
            }
        })
        .collect_view();
    let others = (!quiet.is_empty()).then(|| {
        let n = quiet.len();
        view! {
            <tr class="others">
                <td colspan="4">
                    <details>
                        <summary>
                            {n} " " {move || if n == 1 { Text::OtherOne } else { Text::Others }.get(lang.get())} " "
                            <span class="muted">{move || Text::OthersHelp.get(lang.get())}</span>
                        </summary>
                        <p>
                            {quiet.into_iter().enumerate().map(|(k, i)| view! {
                                {(k > 0).then_some(", ")}
                                {feature_label(DICTIONARY[i], lang)}
                            }).collect_view()}
                        </p>
                    </details>
                </td>
            </tr>
        }
    });
    view! {
        <tr class="group" data-group=format!("{group:?}")>
            <td colspan="4">
                <details>
                    <summary>
                        <span class="label">
                            {move || if lang.get() == Lang::Fr { group.label_fr() } else { group.label_en() }}
                        </span>
                        <span class="count">
                            {features} " "
                            {move || if features == 1 { Text::FeatureOne } else { Text::FeatureMany }.get(lang.get())}
                        </span>
                        <span class=format!("sum {}", direction(total))>{signed(total)}</span>
                    </summary>
                    <table class="features">
                        <colgroup><col/><col class="value"/><col class="value"/><col class="contribution"/></colgroup>
                        <tbody>{rows}{others}</tbody>
                    </table>
                </details>
            </td>
        </tr>
    }
}
