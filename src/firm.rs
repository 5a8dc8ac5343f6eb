//! The firm page: identity, score, the term structure of risk and its history, the exact
//! decomposition, the monthly series (employment and activité partielle, contributions and debt
//! with payment plans and CCSF, financial ratios against the sector median) with the crisis
//! window and the declared sector events shaded, and the collective-proceedings timeline.
//!
//! Every series comes from `engine::timeline`; this module only draws it.

use std::sync::Arc;

use engine::calendar::Month;
use engine::format::percent;
use engine::ingest::records::CcsfStage;
use engine::panel::ProcolStatus;
use engine::pipeline::{FirmScore, HISTORY_MONTHS};
use engine::timeline::{EventPeriod, FirmTimeline, Period, Ratio, TermHistory, term_history};
use leptos::either::Either;
use leptos::prelude::*;
use plotly::common::{
    Anchor, DashType, Font, Line, LineShape, Marker, MarkerSymbol, Mode, Orientation, Position,
    Title,
};
use plotly::layout::{
    Annotation, Axis, AxisType, BarMode, HoverMode, Legend, Margin, RangeMode, Shape, ShapeLayer,
    ShapeLine, ShapeType,
};
use plotly::{Bar, Configuration, Layout, Plot, Scatter};

use crate::chart::{Chart, SEPARATORS};
use crate::explanation::Explanation;
use crate::i18n::{TimelineText as T, month, months};
use crate::list::{ModelLine, first_alert_badge, points};
use crate::{Lang, Loaded, Text};

const BLUE: &str = "#1f4e99";
const CRISIS: &str = "rgba(242, 193, 78, 0.28)";
const CRISIS_LEGEND: &str = "rgba(242, 193, 78, 0.7)";
const EVENT: &str = "rgba(142, 107, 191, 0.16)";
const EVENT_LEGEND: &str = "rgba(142, 107, 191, 0.6)";
const PLAN: &str = "rgba(46, 139, 87, 0.55)";

/// Text shown by plotly.js, which reads tags in it: `<`, `>` and `&` escaped.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A month as a plotly.js date ("2021-03-01").
fn iso(m: Month) -> String {
    format!("{m}-01")
}

/// A month's first day in milliseconds since 1970 (plotly.js' number form of a date).
fn ms(m: Month) -> f64 {
    m.first_day().days_since_epoch() as f64 * 86_400_000.0
}

/// "03/2021": plotly.js only writes English month names, and "mars 2021" does not fit a tick.
fn short(m: Month) -> String {
    format!("{:02}/{}", m.month(), m.year())
}

fn colon(lang: Lang) -> &'static str {
    if lang == Lang::Fr { " :" } else { ":" }
}

/// The month axis of the series charts: a tick every year (every half-year on short panels)
/// written as `01/2021`, the hover header as `03/2021`, half a month of margin at both ends so
/// that the first and last bars are whole. `narrow`: a small multiple, ticks every other year
/// written `2021`.
fn month_axis(months: &[Month], narrow: bool) -> Axis {
    let step = match (narrow, months.len() > 36) {
        (true, true) => 24,
        (true, false) | (false, true) => 12,
        (false, false) => 6,
    };
    let Some(&first) = months.first() else {
        return Axis::new().type_(AxisType::Date);
    };
    // Steps counted from the first January, so that every tick is a January (or July).
    let ticks: Vec<Month> = months
        .iter()
        .filter(|m| {
            let since = first.months_until(**m) + first.month() as i32 - 1;
            since.rem_euclid(step) == 0
        })
        .copied()
        .collect();
    let text = |m: &Month| {
        if narrow {
            m.year().to_string()
        } else {
            short(*m)
        }
    };
    let half = 15.0 * 86_400_000.0;
    let last = months.last().copied().unwrap_or(first);
    Axis::new()
        .type_(AxisType::Date)
        .tick_values(ticks.iter().map(|m| ms(*m)).collect())
        .tick_text(ticks.iter().map(text).collect())
        .hover_format("%m/%Y")
        .show_grid(false)
        .range(vec![ms(first) - half, ms(last) + half])
}

/// A rectangle over months `[start, end]` (whole months), full height of the plot `y_ref`.
fn band(start: Month, end: Month, colour: &str, x_ref: &str, y_ref: &str) -> Shape {
    Shape::new()
        .shape_type(ShapeType::Rect)
        .x_ref(x_ref)
        .y_ref(y_ref)
        .x0(iso(start))
        .x1(iso(end.next()))
        .y0(0)
        .y1(1)
        .fill_color(colour.to_string())
        .layer(ShapeLayer::Below)
        .line(ShapeLine::new().width(0.0))
}

/// The shaded periods of one subplot: the crisis window and the sector events.
fn shades(t: &FirmTimeline, x_ref: &str, y_ref: &str) -> Vec<Shape> {
    let mut out: Vec<Shape> = t
        .crisis
        .iter()
        .map(|c| band(c.start, c.end, CRISIS, x_ref, y_ref))
        .collect();
    out.extend(
        t.events
            .iter()
            .map(|e| band(e.start, e.end, EVENT, x_ref, y_ref)),
    );
    out
}

fn period_text(start: Month, end: Month, lang: Lang) -> String {
    if start == end {
        month(start, lang)
    } else {
        format!("{} – {}", month(start, lang), month(end, lang))
    }
}

fn event_name(e: &EventPeriod, lang: Lang) -> String {
    let end = if e.ongoing {
        format!("{} {}", T::Since.get(lang), month(e.start, lang))
    } else {
        period_text(e.start, e.end, lang)
    };
    format!(
        "{}{} {} ({end})",
        T::SectorEvent.get(lang),
        colon(lang),
        escape(&e.label)
    )
}

/// A legend entry without data: a coloured square naming a shaded area.
fn legend_square(
    name: String,
    colour: &str,
    group: &str,
) -> Box<Scatter<Option<String>, Option<f64>>> {
    Scatter::new(vec![None], vec![None])
        .name(name)
        .mode(Mode::Markers)
        .legend_group(group)
        .marker(
            Marker::new()
                .symbol(MarkerSymbol::Square)
                .size(14)
                .color(colour.to_string()),
        )
        .hover_info(plotly::common::HoverInfo::Skip)
}

/// The legend entries of the shaded areas.
fn shade_legend(plot: &mut Plot, t: &FirmTimeline, lang: Lang) {
    if let Some(c) = &t.crisis {
        plot.add_trace(legend_square(
            format!(
                "{} ({})",
                T::Crisis.get(lang),
                period_text(c.start, c.end, lang)
            ),
            CRISIS_LEGEND,
            "crisis",
        ));
    }
    for (k, e) in t.events.iter().enumerate() {
        plot.add_trace(legend_square(
            event_name(e, lang),
            EVENT_LEGEND,
            &format!("event{k}"),
        ));
    }
}

/// The scoring month as a dashed vertical line with its name on top.
fn scoring_month(at: Month, lang: Lang) -> (Shape, Annotation) {
    let line = Shape::new()
        .shape_type(ShapeType::Line)
        .x_ref("x")
        .y_ref("paper")
        .x0(iso(at))
        .x1(iso(at))
        .y0(0)
        .y1(1)
        .line(
            ShapeLine::new()
                .color("#5b6470")
                .width(1.0)
                .dash(DashType::Dot),
        );
    let label = Annotation::new()
        .x_ref("x")
        .y_ref("paper")
        .x(iso(at))
        .y(1.0)
        .y_anchor(Anchor::Bottom)
        .x_anchor(Anchor::Right)
        .show_arrow(false)
        .text(T::ScoringMonth.get(lang))
        .font(Font::new().size(10).color("#5b6470"));
    (line, label)
}

/// The layout every series chart shares: French separators, the month axis, unified hover,
/// the legend under the plot (it never covers a curve), the shaded periods.
fn series_layout(t: &FirmTimeline, title: &str, y_title: &str, at: Month, lang: Lang) -> Layout {
    let (line, label) = scoring_month(at, lang);
    let mut shapes = shades(t, "x", "paper");
    shapes.push(line);
    Layout::new()
        .separators(SEPARATORS)
        .title(Title::with_text(title).font(Font::new().size(15)))
        .height(430)
        .margin(Margin::new().left(70).right(20).top(55).bottom(40))
        .hover_mode(HoverMode::XUnified)
        .x_axis(month_axis(&t.months, false))
        .y_axis(
            Axis::new()
                .title(Title::with_text(y_title))
                .range_mode(RangeMode::ToZero)
                .auto_margin(true),
        )
        .legend(
            Legend::new()
                .orientation(Orientation::Horizontal)
                .x(0.0)
                .y(-0.12)
                .y_anchor(Anchor::Top),
        )
        .shapes(shapes)
        .annotations(vec![label])
}

fn configuration() -> Configuration {
    Configuration::new().display_logo(false).responsive(true)
}

/// Headcount (published, then carried forward dotted) against the activité partielle hours
/// authorised and consumed, in full-time equivalents, as bars on the same scale.
fn employment_plot(t: &FirmTimeline, at: Month, lang: Lang) -> Plot {
    let x: Vec<String> = t.months.iter().map(|m| iso(*m)).collect();
    let mut plot = Plot::new();
    let fte = T::Fte.get(lang);
    for (values, name, colour) in [
        (&t.ap_authorised_fte, T::ApAuthorised, "#f5c48f"),
        (&t.ap_consumed_fte, T::ApConsumed, "#d9822b"),
    ] {
        plot.add_trace(
            Bar::new(x.clone(), values.clone())
                .name(name.get(lang))
                .marker(Marker::new().color(colour))
                .hover_template(format!("%{{y:,.1f}}\u{a0}{fte}")),
        );
    }
    let published: Vec<Option<f64>> = t
        .headcount
        .iter()
        .zip(&t.headcount_carried)
        .map(|(v, c)| v.filter(|_| !c))
        .collect();
    // The carried-forward part starts at the last published month so that the line continues.
    let carried: Vec<Option<f64>> = (0..t.months.len())
        .map(|m| {
            let next_carried = t.headcount_carried.get(m + 1).copied().unwrap_or(false);
            t.headcount[m].filter(|_| t.headcount_carried[m] || next_carried)
        })
        .collect();
    let employees = T::Employees.get(lang);
    plot.add_trace(
        Scatter::new(x.clone(), published)
            .name(T::Headcount.get(lang))
            .mode(Mode::Lines)
            .line(Line::new().color(BLUE).width(2.5))
            .hover_template(format!("%{{y:,.0f}}\u{a0}{employees}")),
    );
    if t.headcount_carried.iter().any(|c| *c) {
        plot.add_trace(
            Scatter::new(x, carried)
                .name(T::HeadcountCarried.get(lang))
                .mode(Mode::Lines)
                .line(Line::new().color(BLUE).width(2.0).dash(DashType::Dot))
                .hover_template(format!("%{{y:,.0f}}\u{a0}{employees}")),
        );
    }
    shade_legend(&mut plot, t, lang);
    plot.set_layout(
        series_layout(
            t,
            T::EmploymentTitle.get(lang),
            T::EmploymentAxis.get(lang),
            at,
            lang,
        )
        .bar_mode(BarMode::Overlay),
    );
    plot.set_configuration(configuration());
    plot
}

fn stage(stage: CcsfStage) -> T {
    match stage {
        CcsfStage::Debut => T::StageDebut,
        CcsfStage::Refus => T::StageRefus,
        CcsfStage::Approb => T::StageApprob,
        CcsfStage::Fin => T::StageFin,
        CcsfStage::Rej => T::StageRej,
        CcsfStage::Other => T::StageOther,
    }
}

/// Contributions due against the two debt shares, the payment plans as a green strip along
/// the month axis and the CCSF events as diamonds with their stage.
fn debt_plot(t: &FirmTimeline, at: Month, lang: Lang) -> Plot {
    let x: Vec<String> = t.months.iter().map(|m| iso(*m)).collect();
    let mut plot = Plot::new();
    for (values, name, colour, width) in [
        (&t.contributions, T::Contributions, "#5b6470", 1.5),
        (&t.debt_part_ouvriere, T::DebtOuvriere, "#c0392b", 2.5),
        (&t.debt_part_patronale, T::DebtPatronale, "#e67e22", 2.5),
    ] {
        plot.add_trace(
            Scatter::new(x.clone(), values.clone())
                .name(name.get(lang))
                .mode(Mode::Lines)
                .line(Line::new().color(colour).width(width))
                .hover_template("%{y:,.0f}\u{a0}€"),
        );
    }
    if !t.ccsf.is_empty() {
        let dates: Vec<String> = t.ccsf.iter().map(|(d, _)| d.to_string()).collect();
        let labels: Vec<String> = t
            .ccsf
            .iter()
            .map(|(_, s)| stage(*s).get(lang).to_string())
            .collect();
        let hover: Vec<String> = t
            .ccsf
            .iter()
            .map(|(d, s)| format!("{} ({})", stage(*s).get(lang), d.french()))
            .collect();
        plot.add_trace(
            // Two levels in turn, so that the stages of close events do not overlap.
            Scatter::new(
                dates,
                (0..t.ccsf.len())
                    .map(|k| if k % 2 == 0 { 0.08 } else { 0.2 })
                    .collect(),
            )
            .name(T::Ccsf.get(lang))
            .mode(Mode::MarkersText)
            .y_axis("y2")
            .text_array(labels)
            .text_position(Position::TopCenter)
            .text_font(Font::new().size(10).color("#17386b"))
            .hover_text_array(hover)
            .hover_template("%{hovertext}")
            .marker(
                Marker::new()
                    .symbol(MarkerSymbol::Diamond)
                    .size(11)
                    .color("#17386b"),
            ),
        );
    }
    if !t.payment_plans.is_empty() {
        plot.add_trace(legend_square(T::PaymentPlan.get(lang).into(), PLAN, "plan"));
    }
    shade_legend(&mut plot, t, lang);
    let mut layout = series_layout(t, T::DebtTitle.get(lang), T::EurosAxis.get(lang), at, lang)
        .y_axis(
            Axis::new()
                .title(Title::with_text(T::EurosAxis.get(lang)))
                .range_mode(RangeMode::ToZero)
                .tick_format(",.0f")
                .auto_margin(true),
        )
        .y_axis2(
            Axis::new()
                .overlaying("y")
                .range(vec![0.0, 1.0])
                .visible(false)
                .fixed_range(true),
        );
    let mut shapes = shades(t, "x", "paper");
    shapes.push(scoring_month(at, lang).0);
    // The plans: a strip along the bottom of the plot, one rectangle per run of months.
    shapes.extend(t.payment_plans.iter().map(|p: &Period<()>| {
        band(p.start, p.end, PLAN, "x", "paper")
            .y1(0.035)
            .layer(ShapeLayer::Above)
    }));
    layout = layout.shapes(shapes);
    plot.set_layout(layout);
    plot.set_configuration(configuration());
    plot
}

/// The two sets of ratios the agent switches between (at most 8 small multiples each, the
/// number of axes one figure gets).
const RATIO_SETS: [(T, &[Ratio]); 2] = [
    (
        T::SetMain,
        &[
            Ratio::MargeEbe,
            Ratio::ResultatCourantSurCa,
            Ratio::CafSurCa,
            Ratio::TauxEndettement,
            Ratio::AutonomieFinanciere,
            Ratio::RatioLiquidite,
            Ratio::CapaciteRemboursement,
            Ratio::CouvertureInterets,
        ],
    ),
    (
        T::SetCycle,
        &[
            Ratio::BfrJours,
            Ratio::CreditClientsJours,
            Ratio::CreditFournisseursJours,
            Ratio::RotationStocksJours,
            Ratio::RatioVetuste,
        ],
    ),
];

fn with_axis(layout: Layout, k: usize, x: Axis, y: Axis) -> Layout {
    match k {
        0 => layout.x_axis(x).y_axis(y),
        1 => layout.x_axis2(x).y_axis2(y),
        2 => layout.x_axis3(x).y_axis3(y),
        3 => layout.x_axis4(x).y_axis4(y),
        4 => layout.x_axis5(x).y_axis5(y),
        5 => layout.x_axis6(x).y_axis6(y),
        6 => layout.x_axis7(x).y_axis7(y),
        _ => layout.x_axis8(x).y_axis8(y),
    }
}

/// The firm's ratios of one set against the sector median, one small plot each (4 per row),
/// the firm's line in steps (a statement holds until the next one is usable).
fn ratios_plot(t: &FirmTimeline, set: &[Ratio], lang: Lang) -> Plot {
    let shown: Vec<&engine::timeline::RatioSeries> = set
        .iter()
        .filter_map(|r| t.ratios.iter().find(|s| s.ratio == *r))
        .collect();
    let x: Vec<String> = t.months.iter().map(|m| iso(*m)).collect();
    let closing: Vec<String> = t
        .statement_closing
        .iter()
        .map(|c| {
            c.map(|d| format!("{} {}", T::StatementOf.get(lang), d.french()))
                .unwrap_or_default()
        })
        .collect();
    let columns = 4;
    let rows = shown.len().div_ceil(columns).max(1);
    let (gap_x, gap_y) = (0.05, 0.2 / rows as f64);
    let width = (1.0 - gap_x * (columns - 1) as f64) / columns as f64;
    let height = (1.0 - gap_y * (rows - 1) as f64) / rows as f64;
    let mut plot = Plot::new();
    let mut layout = Layout::new()
        .separators(SEPARATORS)
        .height(90 + 250 * rows)
        .margin(Margin::new().left(45).right(15).top(40).bottom(30))
        .hover_mode(HoverMode::XUnified)
        .legend(
            Legend::new()
                .orientation(Orientation::Horizontal)
                .x(0.0)
                .y(-0.06)
                .y_anchor(Anchor::Top),
        );
    let mut shapes = Vec::new();
    let mut titles = Vec::new();
    for (k, series) in shown.iter().enumerate() {
        let (row, column) = (k / columns, k % columns);
        let x0 = column as f64 * (width + gap_x);
        let y1 = 1.0 - row as f64 * (height + gap_y);
        let suffix = if k == 0 {
            String::new()
        } else {
            (k + 1).to_string()
        };
        let (xa, ya) = (format!("x{suffix}"), format!("y{suffix}"));
        let def = series.ratio.def();
        let unit = match lang {
            Lang::Fr => def.unit.label_fr(),
            Lang::En => def.unit.label_en(),
        };
        let label = match lang {
            Lang::Fr => def.label_fr,
            Lang::En => def.label_en,
        };
        plot.add_trace(
            Scatter::new(x.clone(), series.firm.clone())
                .name(T::ThisFirm.get(lang))
                .legend_group("firm")
                .show_legend(k == 0)
                .mode(Mode::Lines)
                .line(Line::new().color(BLUE).width(2.5).shape(LineShape::Hv))
                .x_axis(&xa)
                .y_axis(&ya)
                .text_array(closing.clone())
                .hover_template(format!("%{{y:,.1f}}\u{a0}{unit} (%{{text}})")),
        );
        plot.add_trace(
            Scatter::new(x.clone(), series.sector.clone())
                .name(T::SectorMedian.get(lang))
                .legend_group("sector")
                .show_legend(k == 0)
                .mode(Mode::Lines)
                .line(
                    Line::new()
                        .color("#7f8c8d")
                        .width(1.5)
                        .dash(DashType::Dash)
                        .shape(LineShape::Hv),
                )
                .x_axis(&xa)
                .y_axis(&ya)
                .hover_template(format!("%{{y:,.1f}}\u{a0}{unit}")),
        );
        let x_axis = month_axis(&t.months, true)
            .domain(&[x0, x0 + width])
            .anchor(&ya)
            .tick_font(Font::new().size(9));
        let y_axis = Axis::new()
            .domain(&[y1 - height, y1])
            .anchor(&xa)
            .tick_font(Font::new().size(10))
            .auto_margin(true);
        layout = with_axis(layout, k, x_axis, y_axis);
        shapes.extend(shades(t, &xa, &format!("{ya} domain")));
        titles.push(
            Annotation::new()
                .x_ref("paper")
                .y_ref("paper")
                .x(x0 + width / 2.0)
                .y(y1)
                .y_anchor(Anchor::Bottom)
                .y_shift(4.0)
                .show_arrow(false)
                .text(format!("{} ({unit})", escape(label)))
                .font(Font::new().size(12)),
        );
    }
    shade_legend(&mut plot, t, lang);
    plot.set_layout(layout.shapes(shapes).annotations(titles));
    plot.set_configuration(configuration());
    plot
}

/// Every horizon's probability over the last months (the alert history by horizon), with the
/// alert horizon's thresholds.
fn terms_plot(loaded: &Loaded, h: &TermHistory, t: &FirmTimeline, lang: Lang) -> Plot {
    let a = &loaded.analysis;
    let x: Vec<String> = h.points.iter().map(|p| short(p.month)).collect();
    let colours = ["#9ecae1", "#4292c6", "#2171b5", "#08306b"];
    let mut plot = Plot::new();
    for (k, horizon) in h.horizons.iter().enumerate() {
        let y: Vec<Option<f64>> = h
            .points
            .iter()
            .map(|p| {
                p.probabilities
                    .as_ref()
                    .and_then(|ps| ps.get(k))
                    .map(|v| v * 100.0)
            })
            .collect();
        plot.add_trace(
            Scatter::new(x.clone(), y)
                .name(format!(
                    "{} {}",
                    T::Risk.get(lang),
                    months(horizon.months(), lang)
                ))
                .mode(Mode::LinesMarkers)
                .line(Line::new().color(colours[k.min(3)]).width(2.0))
                .hover_template("%{y:,.1f}\u{a0}%"),
        );
    }
    let thresholds = a.model.horizon(a.model.alert_horizon).thresholds;
    let n = x.len().saturating_sub(1);
    for (level, colour, text) in [
        (thresholds.orange, "#d9822b", Text::ThresholdOrange),
        (thresholds.rouge, "#c0392b", Text::ThresholdRed),
    ] {
        plot.add_trace(
            Scatter::new(
                vec![x.first().cloned().unwrap_or_default(), x[n].clone()],
                vec![level * 100.0, level * 100.0],
            )
            .name(format!(
                "{} ({})",
                text.get(lang),
                months(a.model.alert_horizon.months(), lang)
            ))
            .mode(Mode::Lines)
            .hover_info(plotly::common::HoverInfo::Skip)
            .line(Line::new().color(colour).width(1.0).dash(DashType::Dash)),
        );
    }
    // The shaded months on a category axis: by position.
    let index = |m: Month| h.points.iter().position(|p| p.month == m);
    let mut shapes = Vec::new();
    let mut periods: Vec<(Month, Month, &str)> =
        t.crisis.iter().map(|c| (c.start, c.end, CRISIS)).collect();
    periods.extend(t.events.iter().map(|e| (e.start, e.end, EVENT)));
    for (start, end, colour) in periods {
        let first = h.points.first().map(|p| p.month);
        let last = h.points.last().map(|p| p.month);
        let (Some(first), Some(last)) = (first, last) else {
            continue;
        };
        let (s, e) = (start.max(first), end.min(last));
        if let (Some(i), Some(j)) = (index(s), index(e))
            && s <= e
        {
            shapes.push(
                Shape::new()
                    .shape_type(ShapeType::Rect)
                    .x_ref("x")
                    .y_ref("paper")
                    .x0(i as f64 - 0.5)
                    .x1(j as f64 + 0.5)
                    .y0(0)
                    .y1(1)
                    .fill_color(colour.to_string())
                    .layer(ShapeLayer::Below)
                    .line(ShapeLine::new().width(0.0)),
            );
        }
    }
    if !shapes.is_empty() {
        shade_legend(&mut plot, t, lang);
    }
    plot.set_layout(
        Layout::new()
            .separators(SEPARATORS)
            .height(300)
            .margin(Margin::new().left(60).right(20).top(20).bottom(40))
            .hover_mode(HoverMode::XUnified)
            .x_axis(Axis::new().type_(AxisType::Category))
            .y_axis(
                Axis::new()
                    .title(Title::with_text(T::Probability.get(lang)))
                    .range_mode(RangeMode::ToZero),
            )
            .legend(
                Legend::new()
                    .orientation(Orientation::Horizontal)
                    .x(0.0)
                    .y(-0.15)
                    .y_anchor(Anchor::Top),
            )
            .shapes(shapes),
    );
    plot.set_configuration(configuration());
    plot
}

/// The 18-month probability over the previous months and now (the trend behind "première
/// alerte"), with the alert thresholds.
fn risk_plot(loaded: &Loaded, score: &FirmScore, lang: Lang) -> Plot {
    let a = &loaded.analysis;
    let n = score.history.len();
    let months: Vec<String> = (0..=n)
        .map(|k| short(a.at.offset(k as i32 - n as i32)))
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
            .line(Line::new().color(BLUE).width(2.0)),
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
            .separators(SEPARATORS)
            .height(300)
            .margin(Margin::new().left(55).right(20).top(35).bottom(35))
            .y_axis(
                Axis::new()
                    .title(Title::with_text("%"))
                    .range_mode(RangeMode::ToZero),
            )
            .legend(
                Legend::new()
                    .x(0.01)
                    .y(1.2)
                    .orientation(Orientation::Horizontal),
            ),
    );
    plot.set_configuration(configuration());
    plot
}

fn status(s: ProcolStatus) -> T {
    match s {
        ProcolStatus::InBonis => T::InBonis,
        ProcolStatus::Sauvegarde => T::Sauvegarde,
        ProcolStatus::PlanSauvegarde => T::PlanSauvegarde,
        ProcolStatus::Redressement => T::Redressement,
        ProcolStatus::PlanRedressement => T::PlanRedressement,
        ProcolStatus::Liquidation => T::Liquidation,
    }
}

/// "de mars 2021 à juin 2022", or "depuis mars 2021" when the period reaches the panel's end.
fn span(p_start: Month, p_end: Month, last: Month, lang: Lang) -> String {
    if p_end >= last {
        format!("{} {}", T::Since.get(lang), month(p_start, lang))
    } else if p_start == p_end {
        month(p_start, lang)
    } else {
        format!(
            "{} {} {} {}",
            T::From.get(lang),
            month(p_start, lang),
            T::To.get(lang),
            month(p_end, lang)
        )
    }
}

/// The proceedings as a horizontal track over the panel's months (one coloured segment per
/// status period, the crisis window in the background) and the same periods in words.
#[component]
fn ProcolTimeline(timeline: Arc<FirmTimeline>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let t = timeline;
    let n = t.months.len().max(1) as f64;
    let (Some(&first), Some(&last)) = (t.months.first(), t.months.last()) else {
        return view! { <div id="procol-timeline"></div> }.into_any();
    };
    let at = move |m: Month| f64::from(first.months_until(m)) / n * 100.0;
    let position = move |start: Month, end: Month| {
        format!(
            "left: {:.3}%; width: {:.3}%",
            at(start),
            f64::from(start.months_until(end) + 1) / n * 100.0
        )
    };
    let years: Vec<(Month, String)> = t
        .months
        .iter()
        .filter(|m| m.month() == 1)
        .map(|m| {
            // Centred on its January, except at the ends where it would be cut.
            let x = at(*m);
            let shift = if x < 3.0 {
                0
            } else if x > 97.0 {
                -100
            } else {
                -50
            };
            (
                *m,
                format!("left: {x:.3}%; transform: translateX({shift}%)"),
            )
        })
        .collect();
    let none = t.procol.is_empty() && t.first_procol.is_none();
    let crisis = t.crisis.map(|c| position(c.start, c.end));
    let segments: Vec<_> = t
        .procol
        .iter()
        .map(|p| {
            let (s, e, v) = (p.start, p.end, p.value);
            view! {
                <span class=format!("segment {}", v.id()) style=position(s, e)
                    title=move || format!("{} — {}", status(v).get(lang.get()), span(s, e, last, lang.get()))></span>
            }
        })
        .collect();
    let items: Vec<_> = t
        .procol
        .iter()
        .map(|p| {
            let (s, e, v) = (p.start, p.end, p.value);
            view! {
                <li data-status=v.id()>
                    <span class=format!("swatch {}", v.id()) aria-hidden="true"></span>
                    <strong>{move || status(v).get(lang.get())}</strong> " "
                    {move || span(s, e, last, lang.get())}
                </li>
            }
        })
        .collect();
    let first_procol = t.first_procol;
    view! {
        <section id="procol-timeline" class="procol-timeline" aria-labelledby="procol-title">
            <h3 id="procol-title">{move || T::ProcolTitle.get(lang.get())}</h3>
            {if none {
                Either::Left(view! { <p class="procol-none">{move || T::NoProcol.get(lang.get())}</p> })
            } else {
                Either::Right(view! {
                    <div class="track" aria-hidden="true">
                        {crisis.map(|style| view! { <span class="crisis" style=style></span> })}
                        {segments}
                    </div>
                    <div class="years" aria-hidden="true">
                        {years.into_iter().map(|(m, style)| view! { <span style=style>{m.year()}</span> }).collect_view()}
                    </div>
                    <ol class="procol-list">{items}</ol>
                    {first_procol.map(|d| view! {
                        <p class="procol-first">{move || T::FirstProcol.get(lang.get())} " " {d.french()} "."</p>
                    })}
                })
            }}
        </section>
    }
    .into_any()
}

/// The payment plans and CCSF events in words, under the debt chart.
fn debt_summary(t: &FirmTimeline, lang: Lang) -> String {
    let last = t.months.last().copied();
    let plans = if !t.payment_plans_known {
        T::NoDelaiSource.get(lang).to_string()
    } else if t.payment_plans.is_empty() {
        format!("{} {}.", T::PlansSummary.get(lang), T::NoPlan.get(lang))
    } else {
        let list: Vec<String> = t
            .payment_plans
            .iter()
            .map(|p| span(p.start, p.end, last.unwrap_or(p.end), lang))
            .collect();
        format!("{} {}.", T::PlansSummary.get(lang), list.join(" ; "))
    };
    let ccsf = if !t.ccsf_known {
        T::NoCcsfSource.get(lang).to_string()
    } else if t.ccsf.is_empty() {
        format!("{} {}.", T::CcsfSummary.get(lang), T::NoCcsf.get(lang))
    } else {
        let list: Vec<String> = t
            .ccsf
            .iter()
            .map(|(d, s)| format!("{} {}", d.french(), stage(*s).get(lang)))
            .collect();
        format!("{} {}.", T::CcsfSummary.get(lang), list.join(" ; "))
    };
    format!("{plans} {ccsf}")
}

/// The monthly series charts and the proceedings timeline.
#[component]
fn Series(loaded: Arc<Loaded>, timeline: Arc<FirmTimeline>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let at = loaded.analysis.at;
    let min = loaded.analysis.model.params.min_sector_firms;
    let set = RwSignal::new(0usize);
    let t = timeline.clone();
    let has: Vec<bool> = RATIO_SETS
        .iter()
        .map(|(_, set)| set.iter().any(|r| t.ratios.iter().any(|s| s.ratio == *r)))
        .collect();
    let both = has[0] && has[1];
    let only = if has[0] { 0 } else { 1 };
    let (employment, debt, ratios) = (t.clone(), t.clone(), t.clone());
    let no_ap = !t
        .ap_authorised_fte
        .iter()
        .chain(&t.ap_consumed_fte)
        .any(Option::is_some);
    let no_debt = !t
        .debt_part_ouvriere
        .iter()
        .chain(&t.debt_part_patronale)
        .any(Option::is_some);
    let summary = t.clone();
    let sector_firms = t.sector_firms;
    view! {
        <section class="series" id="firm-series" aria-labelledby="series-title">
            <h2 id="series-title">{move || T::SeriesTitle.get(lang.get())}</h2>
            <p class="help">{move || T::SeriesHelp.get(lang.get())}</p>
            {move || {
                let plot = employment_plot(&employment, at, lang.get());
                view! { <Chart id="chart-employment" plot=plot class="series-chart"/> }
            }}
            <p class="help chart-note">
                {move || T::FteHelp.get(lang.get())}
                {no_ap.then(|| view! { " " <strong>{move || T::NoApSource.get(lang.get())}</strong> })}
            </p>
            {move || {
                let plot = debt_plot(&debt, at, lang.get());
                view! { <Chart id="chart-debt" plot=plot class="series-chart"/> }
            }}
            <p class="help chart-note" id="debt-summary">
                {no_debt.then(|| view! { <strong>{move || T::NoDebtSource.get(lang.get())}</strong> " " })}
                {move || debt_summary(&summary, lang.get())}
            </p>
            <h3>{move || T::RatiosTitle.get(lang.get())}</h3>
            {if ratios.statements == 0 || ratios.ratios.is_empty() {
                Either::Left(view! {
                    <p class="no-statement" id="chart-ratios" role="note">{move || T::NoStatement.get(lang.get())}</p>
                })
            } else {
                Either::Right(view! {
                    <p class="help">
                        {move || T::RatiosHelp.get(lang.get())} " " {min} " " {move || T::Firms.get(lang.get())}
                        {sector_firms.map(|n| view! { " (" {n} ")" })} "."
                    </p>
                    {both.then(|| view! {
                        <label class="ratio-set">
                            {move || T::RatioSet.get(lang.get())} " "
                            <select id="ratio-set" on:change=move |ev| {
                                set.set(event_target_value(&ev).parse().unwrap_or(0));
                            }>
                                {RATIO_SETS.iter().enumerate().map(|(k, (name, _))| {
                                    let name = *name;
                                    view! { <option value=k.to_string() selected=move || set.get() == k>{move || name.get(lang.get())}</option> }
                                }).collect_view()}
                            </select>
                        </label>
                    })}
                    {move || {
                        let k = if both { set.get() } else { only };
                        let plot = ratios_plot(&ratios, RATIO_SETS[k].1, lang.get());
                        view! { <Chart id="chart-ratios" plot=plot class="ratios"/> }
                    }}
                })
            }}
            <ProcolTimeline timeline=timeline.clone()/>
        </section>
    }
}

/// The term structure's history and the milliseconds it took, or why it could not be computed.
type Computed = Result<(Arc<TermHistory>, f64), String>;

/// The term structure's history, computed after the page is drawn (one sector pass over the
/// last months: a few tens of milliseconds on the demo, more on a national import).
#[component]
fn TermsHistory(loaded: Arc<Loaded>, firm: usize, timeline: Arc<FirmTimeline>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let result: RwSignal<Option<Computed>> = RwSignal::new(None);
    let source = loaded.clone();
    leptos::task::spawn_local(async move {
        crate::reading::yield_to_browser().await;
        let a = &source.analysis;
        let started = js_sys::Date::now();
        let history = term_history(&a.panel, &a.model, &a.events, firm, a.at, HISTORY_MONTHS);
        let elapsed = js_sys::Date::now() - started;
        let _ = result.try_set(Some(
            history
                .map(|h| (Arc::new(h), elapsed))
                .map_err(|e| e.to_string()),
        ));
    });
    view! {
        <h2>{move || T::TermsTitle.get(lang.get())}</h2>
        {move || match result.get() {
            None => view! { <p class="help" id="terms-computing">{move || T::TermsComputing.get(lang.get())}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="error">{move || T::TermsFailed.get(lang.get())} " " {e.clone()}</p> }.into_any(),
            Some(Ok((h, elapsed))) => {
                let plot = terms_plot(&loaded, &h, &timeline, lang.get());
                view! {
                    <div class="terms" data-ms=format!("{elapsed:.0}")>
                        <Chart id="chart-terms" plot=plot class="terms-chart"/>
                    </div>
                }.into_any()
            }
        }}
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
    let explanation = score.as_ref().and_then(|s| {
        let e = engine::explain::explain_firm(a, firm)?;
        Some(view! { <Explanation explanation=Arc::new(e) features=s.features.clone()/> })
    });
    let timeline = Arc::new(FirmTimeline::of(a, firm));
    let trend = score.clone().map(|s| {
        let loaded = loaded.clone();
        let chart = loaded.clone();
        let timeline = timeline.clone();
        view! {
            <div class="risk-history">
                <div>
                    {move || {
                        let plot = risk_plot(&chart, &s, lang.get());
                        view! {
                            <h2>{move || Text::RiskTrend.get(lang.get())}</h2>
                            <Chart id="chart-risk" plot=plot class="trend"/>
                        }
                    }}
                </div>
                <div>
                    <TermsHistory loaded=loaded firm=firm timeline=timeline/>
                </div>
            </div>
        }
    });
    view! {
        <section class="firm">
            <button class="link back" on:click=move |_| crate::navigation::back()>{move || Text::Back.get(lang.get())}</button>
            <div class="title-row firm-title">
                <h1>{if info.name.trim().is_empty() {
                    Either::Right(view! { <em>{move || Text::NoName.get(lang.get())}</em> })
                } else {
                    Either::Left(info.name.clone())
                }}</h1>
                <crate::export::PrintButton/>
            </div>
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
            <Series loaded=loaded.clone() timeline=timeline/>
        </section>
    }
}
