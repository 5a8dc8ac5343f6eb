//! The firm page: identity, score and its exact decomposition, and the monthly history chart.

use std::sync::Arc;

use engine::features::{DICTIONARY, FeatureDef, FeatureGroup, FeatureVector};
use engine::format::{decimal, percent};

use engine::pipeline::FirmScore;
use leptos::either::Either;
use leptos::prelude::*;
use plotly::common::{AxisSide, DashType, Line, Mode, Title};
use plotly::layout::{Axis, Legend, Margin, Shape, ShapeLayer, ShapeLine, ShapeType};
use plotly::{Configuration, Layout, Plot, Scatter};

use crate::chart::Chart;
use crate::i18n::months;
use crate::list::{ModelLine, alert_badge, first_alert_badge, points};
use crate::{Lang, Loaded, Text};

fn history_plot(loaded: &Loaded, firm: usize, lang: Lang) -> Plot {
    let p = &loaded.analysis.panel;
    let months: Vec<String> = (0..p.months)
        .map(|m| format!("{}-01", p.month(m)))
        .collect();
    let headcount: Vec<Option<f64>> = (0..p.months).map(|m| p.effectif.get(firm, m)).collect();
    let debt: Vec<Option<f64>> = (0..p.months).map(|m| p.dette(firm, m)).collect();
    let mut plot = Plot::new();
    plot.add_trace(
        Scatter::new(months.clone(), headcount)
            .name(Text::ChartHeadcount.get(lang))
            .mode(Mode::Lines)
            .line(Line::new().color("#1f4e99").width(2.0)),
    );
    plot.add_trace(
        Scatter::new(months, debt)
            .name(Text::ChartDebt.get(lang))
            .mode(Mode::Lines)
            .y_axis("y2")
            .line(Line::new().color("#c0392b").width(2.0)),
    );
    let crisis = loaded.analysis.model.params.crisis;
    let covid = Shape::new()
        .shape_type(ShapeType::Rect)
        .x_ref("x")
        .y_ref("paper")
        .x0(format!("{}-01", crisis.start))
        .x1(format!("{}-01", crisis.end.next()))
        .y0(0)
        .y1(1)
        .fill_color("#f2c14e")
        .opacity(0.2)
        .layer(ShapeLayer::Below)
        .line(ShapeLine::new().width(0.0));
    plot.set_layout(
        Layout::new()
            .separators(crate::chart::SEPARATORS)
            .title(Title::with_text(Text::ChartTitle.get(lang)))
            .height(380)
            .y_axis(
                Axis::new()
                    .title(Title::with_text(Text::ChartHeadcount.get(lang)))
                    .range_mode(plotly::layout::RangeMode::ToZero),
            )
            .y_axis2(
                Axis::new()
                    .title(Title::with_text(Text::ChartDebt.get(lang)))
                    .overlaying("y")
                    .side(AxisSide::Right)
                    .range_mode(plotly::layout::RangeMode::ToZero),
            )
            .legend(
                Legend::new()
                    .x(0.01)
                    .y(1.12)
                    .orientation(plotly::common::Orientation::Horizontal),
            )
            .shapes(vec![covid]),
    );
    plot.set_configuration(Configuration::new().display_logo(false).responsive(true));
    plot
}

/// The 18-month probability over the previous months and now (the trend behind "première
/// alerte"), with the alert thresholds.
fn risk_plot(loaded: &Loaded, score: &FirmScore, lang: Lang) -> Plot {
    let a = &loaded.analysis;
    let n = score.history.len();
    // "12/2023": plotly.js only writes English dates, and month names do not fit.
    let months: Vec<String> = (0..=n)
        .map(|k| {
            let m = a.at.offset(k as i32 - n as i32);
            format!("{:02}/{}", m.month(), m.year())
        })
        .collect();
    let mut values: Vec<Option<f64>> = score
        .history
        .iter()
        .map(|p| (!p.is_nan()).then(|| f64::from(*p) * 100.0))
        .collect();
    values.push(Some(score.explained.probability * 100.0));
    let t = a.model.horizon(a.model.alert_horizon).thresholds;
    let mut plot = Plot::new();
    plot.add_trace(
        Scatter::new(months.clone(), values)
            .name(Text::Probability18.get(lang))
            .mode(Mode::LinesMarkers)
            .line(Line::new().color("#1f4e99").width(2.0)),
    );
    for (level, colour, text) in [
        (t.orange, "#d9822b", Text::ThresholdOrange),
        (t.rouge, "#c0392b", Text::ThresholdRed),
    ] {
        plot.add_trace(
            Scatter::new(
                vec![months[0].clone(), months[n].clone()],
                vec![level * 100.0, level * 100.0],
            )
            .name(text.get(lang))
            .mode(Mode::Lines)
            .line(Line::new().color(colour).width(1.0).dash(DashType::Dash)),
        );
    }
    plot.set_layout(
        Layout::new()
            .separators(crate::chart::SEPARATORS)
            .height(240)
            .margin(Margin::new().left(55).right(20).top(35).bottom(35))
            .y_axis(
                Axis::new()
                    .title(Title::with_text("%"))
                    .range_mode(plotly::layout::RangeMode::ToZero),
            )
            .legend(
                Legend::new()
                    .x(0.01)
                    .y(1.2)
                    .orientation(plotly::common::Orientation::Horizontal),
            ),
    );
    plot.set_configuration(Configuration::new().display_logo(false).responsive(true));
    plot
}

/// One feature's line of the explanation.
#[derive(Clone, Copy)]
struct FeatureRow {
    index: usize,
    contribution: f64,
    value: Option<f64>,
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
fn group_rows(contributions: &[f64], features: &FeatureVector, used: &[bool]) -> Vec<GroupRow> {
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

fn group_view(g: GroupRow, lang: RwSignal<Lang>) -> impl IntoView {
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
            let value = r.value;
            let shown = move || match value {
                Some(v) if lang.get() == Lang::Fr => def.format_value(v),
                Some(v) => def.format_value_en(v),
                None => "—".to_string(),
            };
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
                    {contribution}
                </tr>
            }
        })
        .collect_view();
    let others = (!quiet.is_empty()).then(|| {
        let n = quiet.len();
        view! {
            <tr class="others">
                <td colspan="3">
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
            <td colspan="3">
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
                        <colgroup><col/><col class="value"/><col class="contribution"/></colgroup>
                        <tbody>{rows}{others}</tbody>
                    </table>
                </details>
            </td>
        </tr>
    }
}

#[component]
pub fn FirmPage(
    loaded: Arc<Loaded>,
    firm: usize,
    /// Opens the model page.
    open_model: Callback<()>,
) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let a = &loaded.analysis;
    let info = a.panel.firms[firm].clone();
    let score = a.scores.iter().find(|s| s.firm == firm).cloned();
    let event = info
        .ape
        .as_deref()
        .and_then(|ape| a.events.gravest(ape, a.at))
        .cloned();
    let per_feature = score.as_ref().map(|s| a.model.per_feature(&s.explained));
    let explanation = score.clone().zip(per_feature).map(|(s, contributions)| {
        let used = a.model.used_features();
        let groups = group_rows(&contributions, &s.features, &used);
        let intercept = s.explained.intercept;
        let source = s.explained.source;
        let binds = (source != s.explained.horizon).then(|| {
            view! {
                <p class="help binds" id="binds">
                    {move || Text::BindsAt.get(lang.get())} " " {move || months(source.months(), lang.get())} "."
                </p>
            }
        });
        view! {
            <h2>{move || Text::Explanation.get(lang.get())}</h2>
            <p class="help">
                {move || Text::ExplainedAt18.get(lang.get())} " " {move || Text::ExpandGroups.get(lang.get())}
            </p>
            {binds}
            <table class="explain">
                <colgroup><col/><col class="value"/><col class="contribution"/></colgroup>
                <thead><tr>
                    <th>{move || Text::FeatureGroupHeader.get(lang.get())}</th>
                    <th class="num">{move || Text::Value.get(lang.get())}</th>
                    <th class="num">{move || Text::Contribution.get(lang.get())}</th>
                </tr></thead>
                <tbody>
                    {groups.into_iter().map(|g| group_view(g, lang)).collect_view()}
                    <tr class="reference">
                        <td>{move || Text::Reference.get(lang.get())}</td><td></td>
                        <td class="num">{decimal(intercept, 3)}</td>
                    </tr>
                    <tr class="total">
                        <td>"= log-cote / log-odds"</td><td></td>
                        <td class="num">{decimal(s.explained.logit, 3)}</td>
                    </tr>
                </tbody>
            </table>
        }
    });
    let chart_source = loaded.clone();
    let trend = score.clone().map(|s| {
        let loaded = loaded.clone();
        move || {
            let plot = risk_plot(&loaded, &s, lang.get());
            view! {
                <h2>{move || Text::RiskTrend.get(lang.get())}</h2>
                <Chart id="chart-risk" plot=plot class="trend"/>
            }
        }
    });
    view! {
        <section class="firm">
            <button class="link back" on:click=move |_| crate::navigation::back()>{move || Text::Back.get(lang.get())}</button>
            <h1>{if info.name.trim().is_empty() {
                Either::Right(view! { <em>{move || Text::NoName.get(lang.get())}</em> })
            } else {
                Either::Left(info.name.clone())
            }}</h1>
            <p class="identity">
                <span class="mono">"SIREN " {info.siren.insee()}</span>
                " · NAF " <span class="mono">{info.ape.clone().unwrap_or_default()}</span>
                " · " {move || Text::Departement.get(lang.get())} " " {info.departement.clone().unwrap_or_default()}
            </p>
            {score.map(|s| {
                let first = s.first_alert;
                let degradation = s.score.degradation;
                view! {
                    <p class="score">
                        {move || alert_badge(s.alert, lang.get())}
                        {first.then(|| view! { " " {first_alert_badge(lang)} })} " "
                        {move || Text::Probability18.get(lang.get())} " : "
                        <strong>{percent(s.explained.probability)}</strong>
                    </p>
                    <table class="term-structure" id="term-structure">
                        <caption>{move || Text::TermStructure.get(lang.get())}</caption>
                        <thead><tr>
                            {s.score.horizons.iter().map(|h| {
                                let n = h.horizon.months();
                                view! { <th class="num">{move || months(n, lang.get())}</th> }
                            }).collect_view()}
                            <th class="num" title=move || Text::DegradationHelp.get(lang.get())>
                                {move || Text::Degradation.get(lang.get())}
                            </th>
                        </tr></thead>
                        <tbody><tr>
                            {s.score.horizons.iter().map(|h| view! {
                                <td class="num risk" data-horizon=h.horizon.months()>{percent(h.probability)}</td>
                            }).collect_view()}
                            <td class="num degradation">{degradation.map(points).unwrap_or_else(|| "—".into())}</td>
                        </tr></tbody>
                    </table>
                }
            })}
            <p class="scored-by">
                <span class="muted">{move || Text::ScoredBy.get(lang.get())}</span> " "
                <ModelLine loaded=loaded.clone() open_model=open_model/>
            </p>
            {event.map(|e| {
                let severity = e.severity;
                view! {
                <p class=format!("sector-event s{severity}") id="sector-event" role="note">
                    <strong>{move || Text::SectorEvent.get(lang.get())} {move || if lang.get() == Lang::Fr { " :" } else { ":" }}</strong>
                    " " {move || crate::events::describe(&e, lang.get())}
                </p>
                }
            })}
            {trend}
            {explanation}
            {move || {
                let plot = history_plot(&chart_source, firm, lang.get());
                view! { <Chart id="chart-history" plot=plot/> }
            }}
        </section>
    }
}
