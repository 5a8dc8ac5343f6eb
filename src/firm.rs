//! The firm page: identity, score and its exact decomposition, and the monthly history chart.

use std::sync::Arc;

use engine::format::percent;

use engine::pipeline::FirmScore;
use leptos::either::Either;
use leptos::prelude::*;
use plotly::common::{AxisSide, DashType, Line, Mode, Title};
use plotly::layout::{Axis, Legend, Margin, Shape, ShapeLayer, ShapeLine, ShapeType};
use plotly::{Configuration, Layout, Plot, Scatter};

use crate::chart::Chart;
use crate::explanation::Explanation;
use crate::i18n::months;
use crate::list::{ModelLine, first_alert_badge, points};
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
    let explanation = score.as_ref().and_then(|s| {
        let e = engine::explain::explain_firm(a, firm)?;
        Some(view! { <Explanation explanation=Arc::new(e) features=s.features.clone()/> })
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
                let siren = info.siren;
                let degradation = s.score.degradation;
                view! {
                    <p class="score">
                        <span id="firm-alert">{move || crate::followup::alert_view(s.alert, siren, lang.get())}</span>
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
            <crate::followup::FirmFollowUp loaded=loaded.clone() firm=firm/>
            {trend}
            {explanation}
            {move || {
                let plot = history_plot(&chart_source, firm, lang.get());
                view! { <Chart id="chart-history" plot=plot/> }
            }}
        </section>
    }
}
