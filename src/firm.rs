//! The firm page: identity, score and its exact decomposition, and the monthly history chart.

use std::sync::Arc;

use engine::features::DICTIONARY;
use engine::format::{decimal, percent};

use leptos::prelude::*;
use plotly::common::{AxisSide, Line, Mode, Title};
use plotly::layout::{Axis, Legend, Shape, ShapeLayer, ShapeLine, ShapeType};
use plotly::{Configuration, Layout, Plot, Scatter};

use crate::chart::Chart;
use crate::list::alert_badge;
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
    let covid = Shape::new()
        .shape_type(ShapeType::Rect)
        .x_ref("x")
        .y_ref("paper")
        .x0("2020-03-01")
        .x1("2021-06-30")
        .y0(0)
        .y1(1)
        .fill_color("#f2c14e")
        .opacity(0.2)
        .layer(ShapeLayer::Below)
        .line(ShapeLine::new().width(0.0));
    plot.set_layout(
        Layout::new()
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

#[component]
pub fn FirmPage(loaded: Arc<Loaded>, firm: usize) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let a = &loaded.analysis;
    let info = a.panel.firms[firm].clone();
    let score = a.scores.iter().find(|s| s.firm == firm).cloned();
    let intercept = a.model.intercept;
    let per_feature = score.as_ref().map(|s| a.model.per_feature(&s.explained));
    let explanation = score.clone().zip(per_feature).map(|(s, contributions)| {
        let mut rows: Vec<(usize, f64)> = contributions.iter().copied().enumerate().collect();
        rows.sort_by(|x, y| y.1.abs().total_cmp(&x.1.abs()));
        view! {
            <h2>{move || Text::Explanation.get(lang.get())}</h2>
            <table class="explain">
                <thead><tr>
                    <th></th>
                    <th class="num">{move || Text::Value.get(lang.get())}</th>
                    <th class="num">{move || Text::Contribution.get(lang.get())}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|(i, c)| {
                        let def = DICTIONARY[i];
                        let value = s.features.value(i).map(|v| def.format_value(v)).unwrap_or_else(|| "—".to_string());
                        view! {
                            <tr>
                                <td>{move || if lang.get() == Lang::Fr { def.label_fr } else { def.label_en }}</td>
                                <td class="num">{value}</td>
                                <td class={if c >= 0.0 { "num up" } else { "num down" }}>{format!("{}{}", if c >= 0.0 { "+" } else { "" }, decimal(c, 3))}</td>
                            </tr>
                        }
                    }).collect_view()}
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
    view! {
        <section class="firm">
            <button class="link back" on:click=move |_| crate::navigation::back()>{move || Text::Back.get(lang.get())}</button>
            <h1>{info.name.clone()}</h1>
            <p class="identity">
                <span class="mono">"SIREN " {info.siren.insee()}</span>
                " · NAF " <span class="mono">{info.ape.clone().unwrap_or_default()}</span>
                " · " {move || Text::Departement.get(lang.get())} " " {info.departement.clone().unwrap_or_default()}
            </p>
            {score.map(|s| view! {
                <p class="score">
                    {move || alert_badge(s.alert, lang.get())} " "
                    {move || Text::Probability18.get(lang.get())} " : "
                    <strong>{percent(s.explained.probability)}</strong>
                </p>
            })}
            {explanation}
            {move || {
                let plot = history_plot(&chart_source, firm, lang.get());
                view! { <Chart id="chart-history" plot=plot/> }
            }}
        </section>
    }
}
