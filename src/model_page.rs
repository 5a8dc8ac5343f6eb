//! The model page: what the model was trained on and how well it did (model card, validation
//! curves, backtests), what it learnt (shape functions, pairwise terms), and what the agent can do
//! with it: retrain it here on the data on screen, download it, or load another one.

use std::sync::Arc;

use engine::evaluate::Metrics;
use engine::explain::global::{Global, ShapeSummary};
use engine::features::{CrisisWindow, FeatureDef};
use engine::format::{decimal, percent};
use engine::model::thresholds::{Level, ValidationPoint, check, parse_percent, validation_at};
use engine::model::{
    Alert, Bins, Horizon, HorizonModel, Model, ModelFeature, PairTable, ThresholdError, Thresholds,
    counts,
};
use engine::pipeline::AlertMode;
use leptos::prelude::*;
use plotly::common::{
    AxisSide, ColorBar, ColorScale, ColorScaleElement, DashType, Font, Label, Line, LineShape,
    Marker, MarkerSymbol, Mode, Orientation, Title,
};
use plotly::configuration::DisplayModeBar;
use plotly::layout::{Axis, Legend, Margin, RangeMode};
use plotly::{Bar, Configuration, HeatMap, Layout, Plot, Scatter};
use wasm_bindgen_futures::JsFuture;

use crate::chart::{Chart, SEPARATORS};
use crate::i18n::{ThresholdText, calibration, month, months};
use crate::list::source_text;
use crate::{Lang, Loaded, MODEL_FILE, ModelControl, Text, TrainState};

/// Shape functions drawn per horizon before the agent asks for the others (the most important).
const SHAPES: usize = 12;

/// One colour per horizon, in the order of `Horizon::ALL`.
const COLOURS: [&str; 4] = ["#e69f00", "#009e73", "#56b4e9", "#1f4e99"];

fn colour(h: Horizon) -> &'static str {
    COLOURS[h.index().min(3)]
}

fn optional(value: Option<f64>, digits: usize, lang: Lang) -> String {
    value.map_or_else(
        || Text::NotAvailable.get(lang).to_string(),
        |v| decimal(v, digits),
    )
}

/// A difference of probabilities in percentage points: "+0,07 pt".
fn signed_points(value: f64) -> String {
    let text = decimal(value * 100.0, 2);
    let sign = if text.starts_with('-') || text == "0,00" {
        ""
    } else {
        "+"
    };
    format!("{sign}{text}\u{a0}pt")
}

fn configuration() -> Configuration {
    Configuration::new()
        .display_logo(false)
        .responsive(true)
        .display_mode_bar(DisplayModeBar::False)
}

/// A square-ish curve chart of the four horizons.
fn curves_plot(
    model: &Model,
    lang: Lang,
    title: Text,
    x: Text,
    y: Text,
    points: impl Fn(&Metrics) -> Vec<(f64, f64)>,
    diagonal: Option<(Text, f64)>,
) -> Plot {
    let mut plot = Plot::new();
    let mut top: f64 = 0.0;
    for m in &model.horizons {
        let Some(metrics) = &m.validation else {
            continue;
        };
        let (xs, ys): (Vec<f64>, Vec<f64>) = points(metrics).into_iter().unzip();
        top = top.max(xs.iter().chain(&ys).copied().fold(0.0, f64::max));
        plot.add_trace(
            Scatter::new(xs, ys)
                .name(months(m.horizon.months(), lang))
                .mode(if diagonal.is_some_and(|(_, max)| max < 1.0) {
                    Mode::LinesMarkers
                } else {
                    Mode::Lines
                })
                .line(Line::new().color(colour(m.horizon)).width(2.0)),
        );
    }
    if let Some((label, max)) = diagonal {
        let end = if max < 1.0 { top.max(0.01) } else { 1.0 };
        plot.add_trace(
            Scatter::new(vec![0.0, end], vec![0.0, end])
                .name(label.get(lang))
                .mode(Mode::Lines)
                .line(Line::new().color("#9aa5b3").dash(DashType::Dash).width(1.0)),
        );
    }
    plot.set_layout(
        Layout::new()
            .separators(SEPARATORS)
            .title(Title::with_text(title.get(lang)))
            .height(340)
            .margin(Margin::new().left(55).right(15).top(45).bottom(45))
            .x_axis(
                Axis::new()
                    .title(Title::with_text(x.get(lang)))
                    .zero_line(false),
            )
            .y_axis(
                Axis::new()
                    .title(Title::with_text(y.get(lang)))
                    .zero_line(false),
            )
            .legend(Legend::new().x(0.62).y(0.05)),
    );
    plot.set_configuration(configuration());
    plot
}

fn roc_plot(model: &Model, lang: Lang) -> Plot {
    curves_plot(
        model,
        lang,
        Text::RocTitle,
        Text::FalsePositiveRate,
        Text::TruePositiveRate,
        |m| m.roc.iter().map(|p| (p.x, p.y)).collect(),
        Some((Text::Chance, 1.0)),
    )
}

fn pr_plot(model: &Model, lang: Lang) -> Plot {
    let mut plot = curves_plot(
        model,
        lang,
        Text::PrTitle,
        Text::Recall,
        Text::Precision,
        |m| m.pr.iter().map(|p| (p.x, p.y)).collect(),
        None,
    );
    let layout = plot.layout().clone().legend(Legend::new().x(0.62).y(0.95));
    plot.set_layout(layout);
    plot
}

fn reliability_plot(model: &Model, lang: Lang) -> Plot {
    curves_plot(
        model,
        lang,
        Text::ReliabilityTitle,
        Text::Predicted,
        Text::Observed,
        |m| {
            m.reliability
                .iter()
                .map(|b| (b.mean_predicted, b.observed))
                .collect()
        },
        Some((Text::Diagonal, 0.0)),
    )
}

/// A value as its feature's unit shows it.
fn value_label(feature: &ModelFeature, value: f64, lang: Lang) -> String {
    let def = feature.feature.def();
    if lang == Lang::Fr {
        def.format_value(value)
    } else {
        def.format_value_en(value)
    }
}

/// The values a bin holds: "< 3,2 mois", "3,2 mois – 4,5 mois", "≥ 4,5 mois".
fn bin_label(feature: &ModelFeature, bin: usize, lang: Lang) -> String {
    range_label(feature, feature.bins.range(bin), lang)
}

/// The coarse bins of a pairwise axis, as the values they hold, then "manquante": coarse bin
/// `c` groups the fine value bins `b` with `b * coarse_values() / values() == c`.
fn coarse_labels(feature: &ModelFeature, lang: Lang) -> Vec<String> {
    let bins = &feature.bins;
    let (coarse, values) = (bins.coarse_values(), bins.values());
    let mut labels: Vec<String> = (0..coarse)
        .map(|c| {
            let mut fine = (0..values).filter(|b| b * coarse / values == c);
            let first = fine.next().unwrap_or(0);
            let last = fine.next_back().unwrap_or(first);
            range_label(feature, (bins.range(first).0, bins.range(last).1), lang)
        })
        .collect();
    labels.push(Text::Missing.get(lang).to_string());
    labels
}

/// A range of values with open ends: "< 3,2 mois", "3,2 mois – 4,5 mois", "≥ 4,5 mois".
fn range_label(feature: &ModelFeature, range: (Option<f64>, Option<f64>), lang: Lang) -> String {
    match range {
        (None, Some(high)) => format!("< {}", value_label(feature, high, lang)),
        (Some(low), Some(high)) => format!(
            "{} – {}",
            value_label(feature, low, lang),
            value_label(feature, high, lang)
        ),
        (Some(low), None) => format!("≥ {}", value_label(feature, low, lang)),
        (None, None) => value_label(feature, 0.0, lang),
    }
}

/// Where the ticks of a shape chart go: at most `n` cut points, evenly spread.
fn tick_cuts(bins: &Bins, n: usize) -> Vec<usize> {
    let cuts = bins.cuts.len();
    if cuts <= n {
        return (0..cuts).collect();
    }
    // Spread from the first cut, the last ones left out: the missing-value label sits there.
    let mut picked: Vec<usize> = (0..n).map(|k| k * cuts / n).collect();
    picked.dedup();
    picked
}

/// One feature's shape function: a step over its value bins (evenly spaced, so every quantile
/// bin shows) and a marker for the missing bin, over light bars of the scored firms per bin
/// (`density`, the missing bin last, on the right axis).
fn shape_plot(feature: &ModelFeature, shape: &[f64], density: &[usize], lang: Lang) -> Plot {
    let values = feature.bins.values();
    let mut plot = Plot::new();
    if shape.len() < values + 1 {
        // Model::validate rules this out; an empty chart rather than a panic.
        return plot;
    }
    let mut xs: Vec<f64> = (0..values).map(|b| b as f64 - 0.5).collect();
    let mut ys: Vec<f64> = shape[..values].to_vec();
    let mut text: Vec<String> = (0..values).map(|b| bin_label(feature, b, lang)).collect();
    // The last bin's step ends at its right edge.
    xs.push(values as f64 - 0.5);
    ys.push(shape[values - 1]);
    text.push(bin_label(feature, values - 1, lang));
    let missing = shape[values];
    // The shape is on the overlaying axis `y2` (left), drawn above the firm counts of `y`.
    plot.add_trace(
        Scatter::new(xs, ys)
            .mode(Mode::Lines)
            .y_axis("y2")
            .text_array(text)
            .hover_template("%{text}<br>%{y:.3f}<extra></extra>")
            .line(Line::new().shape(LineShape::Hv).color("#1f4e99").width(2.0)),
    );
    plot.add_trace(
        Scatter::new(vec![values as f64 + 0.5], vec![missing])
            .mode(Mode::Markers)
            .y_axis("y2")
            .text_array(vec![Text::Missing.get(lang).to_string()])
            .hover_template("%{text}<br>%{y:.3f}<extra></extra>")
            .marker(
                Marker::new()
                    .symbol(MarkerSymbol::Diamond)
                    .size(9)
                    .color("#7f8c8d"),
            ),
    );
    let counts: Vec<usize> = (0..=values)
        .map(|b| density.get(b).copied().unwrap_or(0))
        .collect();
    let most = counts.iter().copied().max().unwrap_or(0);
    let positions: Vec<f64> = (0..values)
        .map(|b| b as f64)
        .chain([values as f64 + 0.5])
        .collect();
    plot.add_trace(
        Bar::new(positions, counts.iter().map(|n| *n as f64).collect())
            .width(0.85)
            .hover_text_array(counts.iter().map(|n| firms(*n, lang)).collect())
            .hover_template("%{hovertext}<extra></extra>")
            .marker(Marker::new().color("#c9d0d9")),
    );
    // Ticks at a few cut points (a label shown once: close cuts can round alike).
    let (mut tick_values, mut tick_text): (Vec<f64>, Vec<String>) = (Vec::new(), Vec::new());
    for c in tick_cuts(&feature.bins, 3) {
        let text = value_label(feature, feature.bins.cuts[c], lang);
        if !tick_text.contains(&text) {
            tick_values.push(c as f64 + 0.5);
            tick_text.push(text);
        }
    }
    tick_values.push(values as f64 + 0.5);
    tick_text.push(Text::Missing.get(lang).to_string());
    // The bars fill the lower part of the chart, the step stays readable above them.
    let top = most.max(1) as f64;
    plot.set_layout(
        Layout::new()
            .separators(SEPARATORS)
            .height(190)
            .show_legend(false)
            .margin(Margin::new().left(45).right(45).top(10).bottom(40))
            .x_axis(
                Axis::new()
                    .tick_values(tick_values)
                    .tick_text(tick_text)
                    .tick_font(Font::new().size(10))
                    .range(vec![-0.8, values as f64 + 1.5])
                    .zero_line(false),
            )
            .y_axis(
                Axis::new()
                    .side(AxisSide::Right)
                    .title(
                        Title::with_text(Text::Firms.get(lang))
                            .font(Font::new().size(10).color("#8a939e")),
                    )
                    .range(vec![0.0, top * 1.8])
                    .tick_values(vec![0.0, most as f64])
                    .tick_text(vec!["0".to_string(), decimal(most as f64, 0)])
                    .tick_font(Font::new().size(9).color("#8a939e"))
                    .show_grid(false)
                    .zero_line(false)
                    .fixed_range(true),
            )
            .y_axis2(
                Axis::new()
                    .overlaying("y")
                    .side(AxisSide::Left)
                    .title(Title::with_text(Text::LogOdds.get(lang)))
                    .zero_line(true),
            ),
    );
    plot.set_configuration(configuration());
    plot
}

/// Features in the importance chart.
const IMPORTANCE: usize = 20;

/// "12 entreprises", "1 firm".
fn firms(n: usize, lang: Lang) -> String {
    let one = match lang {
        Lang::Fr => n <= 1,
        Lang::En => n == 1,
    };
    let word = if one { Text::FirmOne } else { Text::Firms };
    format!("{}\u{a0}{}", decimal(n as f64, 0), word.get(lang))
}

/// Text shown by plotly.js, which reads tags in it: `<`, `>` and `&` escaped.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A long text for a hover label: escaped, in lines of about `width` characters (cut at plain
/// spaces only, never inside "3,2 mois").
fn hover_lines(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let n = word.chars().count();
        if line > 0 && line + 1 + n > width {
            out.push_str("<br>");
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(&escape(word));
        line += n;
    }
    out
}

fn def_label(def: &FeatureDef, lang: Lang) -> &'static str {
    if lang == Lang::Fr {
        def.label_fr
    } else {
        def.label_en
    }
}

fn def_definition(def: &FeatureDef, lang: Lang) -> &'static str {
    if lang == Lang::Fr {
        def.definition_fr
    } else {
        def.definition_en
    }
}

/// "importance : 0,123 log-cote".
fn importance_text(importance: f64, lang: Lang) -> String {
    let colon = if lang == Lang::Fr { " :" } else { ":" };
    format!(
        "{}{colon} {}\u{a0}{}",
        Text::PairImportance.get(lang),
        decimal(importance, 3),
        Text::LogOdds.get(lang)
    )
}

/// The most important features of a horizon, as horizontal bars, the most important on top.
fn importance_plot(global: &Global, lang: Lang) -> Plot {
    let top: Vec<&ShapeSummary> = global.shapes.iter().take(IMPORTANCE).collect();
    let n = top.len();
    let ys: Vec<f64> = (0..n).map(|k| (n - 1 - k) as f64).collect();
    let xs: Vec<f64> = top.iter().map(|s| s.importance).collect();
    let hover: Vec<String> = top
        .iter()
        .map(|s| {
            let def = s.feature.def();
            format!(
                "<b>{}</b><br>{}<br>{}",
                escape(def_label(def, lang)),
                hover_lines(def_definition(def, lang), 70),
                importance_text(s.importance, lang)
            )
        })
        .collect();
    let labels: Vec<String> = top
        .iter()
        .map(|s| escape(def_label(s.feature.def(), lang)))
        .collect();
    let mut plot = Plot::new();
    plot.add_trace(
        Bar::new(xs, ys.clone())
            .orientation(Orientation::Horizontal)
            .hover_text_array(hover)
            .hover_template("%{hovertext}<extra></extra>")
            .hover_label(Label::new().align("left"))
            .marker(Marker::new().color("#1f4e99")),
    );
    plot.set_layout(
        Layout::new()
            .separators(SEPARATORS)
            .height(70 + 24 * n.max(1))
            .show_legend(false)
            .margin(Margin::new().left(10).right(20).top(10).bottom(50))
            .x_axis(
                Axis::new()
                    .title(Title::with_text(Text::ImportanceAxis.get(lang)))
                    .range_mode(RangeMode::ToZero)
                    .fixed_range(true),
            )
            .y_axis(
                Axis::new()
                    .tick_values(ys)
                    .tick_text(labels)
                    .tick_font(Font::new().size(12))
                    .auto_margin(true)
                    .fixed_range(true),
            ),
    );
    plot.set_configuration(configuration());
    plot
}

/// An axis title that fits along a chart: escaped, in lines of about 40 characters.
fn axis_title(feature: &ModelFeature, lang: Lang) -> Title {
    Title::with_text(hover_lines(label(feature, lang), 40)).font(Font::new().size(11))
}

/// One pairwise term as a heat map: rows the coarse bins of `a`, columns those of `b`, the
/// missing bins last, blue where it lowers the risk and red where it raises it.
fn pair_plot(model: &Model, p: &PairTable, lang: Lang) -> Plot {
    let mut plot = Plot::new();
    let (Some(a), Some(b)) = (model.features.get(p.a), model.features.get(p.b)) else {
        return plot;
    };
    let (rows, columns) = (coarse_labels(a, lang), coarse_labels(b, lang));
    if p.width != columns.len() || p.values.len() != rows.len() * columns.len() {
        // Model::validate rules this out; an empty chart rather than a panic.
        return plot;
    }
    let z: Vec<Vec<f64>> = (0..rows.len())
        .map(|ca| (0..columns.len()).map(|cb| p.get(ca, cb)).collect())
        .collect();
    let (label_a, label_b) = (escape(label(a, lang)), escape(label(b, lang)));
    let colon = if lang == Lang::Fr { " :" } else { ":" };
    let text: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            columns
                .iter()
                .map(|column| {
                    format!(
                        "{label_a}{colon} {}<br>{label_b}{colon} {}",
                        escape(row),
                        escape(column)
                    )
                })
                .collect()
        })
        .collect();
    let ticks = |n: usize| (0..n).map(|k| k as f64).collect::<Vec<f64>>();
    let escaped = |labels: &[String]| labels.iter().map(|l| escape(l)).collect::<Vec<_>>();
    plot.add_trace(
        HeatMap::new(ticks(columns.len()), ticks(rows.len()), z)
            .zmid(0.0)
            .color_scale(ColorScale::Vector(vec![
                ColorScaleElement(0.0, "#2166ac".to_string()),
                ColorScaleElement(0.5, "#f7f7f7".to_string()),
                ColorScaleElement(1.0, "#b2182b".to_string()),
            ]))
            .color_bar(
                ColorBar::new()
                    .title(Title::with_text(Text::LogOdds.get(lang)).font(Font::new().size(10)))
                    .thickness(12)
                    .tick_font(Font::new().size(10)),
            )
            .x_gap(1.0)
            .y_gap(1.0)
            .text_matrix(text)
            .hover_label(Label::new().align("left"))
            .hover_template(format!(
                "%{{text}}<br>%{{z:.3f}}\u{a0}{}<extra></extra>",
                Text::LogOdds.get(lang)
            )),
    );
    plot.set_layout(
        Layout::new()
            .separators(SEPARATORS)
            .height(380)
            .show_legend(false)
            .margin(Margin::new().left(10).right(10).top(10).bottom(10))
            .x_axis(
                Axis::new()
                    .title(axis_title(b, lang))
                    .tick_values(ticks(columns.len()))
                    .tick_text(escaped(&columns))
                    .tick_angle(-35.0)
                    .tick_font(Font::new().size(10))
                    .auto_margin(true)
                    .show_grid(false)
                    .zero_line(false)
                    .fixed_range(true),
            )
            .y_axis(
                Axis::new()
                    .title(axis_title(a, lang))
                    .tick_values(ticks(rows.len()))
                    .tick_text(escaped(&rows))
                    .tick_font(Font::new().size(10))
                    .auto_margin(true)
                    .show_grid(false)
                    .zero_line(false)
                    .fixed_range(true),
            ),
    );
    plot.set_configuration(configuration());
    plot
}

fn label(feature: &ModelFeature, lang: Lang) -> &'static str {
    def_label(feature.feature.def(), lang)
}

#[component]
pub fn ModelPage(loaded: Arc<Loaded>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let source = {
        let loaded = loaded.clone();
        move || source_text(&loaded, lang.get())
    };
    let synthetic = loaded.analysis.model.training.synthetic;
    view! {
        <section class="model-page" id="model-page">
            <button class="link back" on:click=move |_| crate::navigation::back()>{move || Text::Back.get(lang.get())}</button>
            <h1>{move || Text::ModelTitle.get(lang.get())}</h1>
            <p class="model-source" id="model-source" data-synthetic=synthetic.to_string()>
                {source}
                {synthetic.then(|| view! { " " <span class="badge synthetic">{move || Text::Synthetic.get(lang.get())}</span> })}
            </p>
            <Actions loaded=loaded.clone()/>
            <Card loaded=loaded.clone()/>
            <ThresholdEditor loaded=loaded.clone()/>
            <Validation loaded=loaded.clone()/>
            <Backtests loaded=loaded.clone()/>
            <Shapes loaded=loaded/>
        </section>
    }
}

/// Retrain here, cancel, download, load.
#[component]
fn Actions(loaded: Arc<Loaded>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let control = expect_context::<ModelControl>();
    let crisis = expect_context::<RwSignal<CrisisWindow>>();
    let state = control.state;
    let running = Memo::new(move |_| matches!(state.get(), TrainState::Running(_)));
    let busy = move || control.busy();
    let save_failed = RwSignal::new(false);
    let save = {
        let loaded = loaded.clone();
        move |_| {
            let json = loaded.analysis.model.to_json();
            save_failed
                .set(crate::events::save_file(MODEL_FILE, &json, "application/json").is_err());
        }
    };
    let upload = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|l| l.get(0)) else {
            return;
        };
        input.set_value("");
        let name = file.name();
        let loaded = loaded.clone();
        control.error.set(None);
        leptos::task::spawn_local(async move {
            let text = JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|t| t.as_string());
            match text.map(|t| Model::from_json(&t)) {
                Some(Ok(model)) => control.use_file(model, name, &loaded),
                Some(Err(e)) => control.error.set(Some(e.to_string())),
                None => control
                    .error
                    .set(Some(Text::FileError.get(lang.get_untracked()).to_string())),
            }
        });
    };
    let stage = move || match state.get() {
        TrainState::Running(p) => {
            let l = lang.get();
            let text = if l == Lang::Fr {
                p.stage_fr
            } else {
                p.stage_en
            };
            match p.horizon {
                Some(h) => format!("{text} — {}", months(h.months(), l)),
                None => text.to_string(),
            }
        }
        TrainState::Rescoring => Text::Rescoring.get(lang.get()).to_string(),
        _ => String::new(),
    };
    let fraction = move || match state.get() {
        TrainState::Running(p) => p.fraction,
        _ => 1.0,
    };
    // Rebuilt only when it appears or disappears, not at every step (the cancel button must stay
    // the same element to be clicked).
    let shown = Memo::new(move |_| {
        matches!(
            state.get(),
            TrainState::Running(_) | TrainState::Rescoring | TrainState::Done
        )
    });
    let progress = move || {
        shown.get().then(|| {
            view! {
                <div class="train-progress">
                    <progress id="train-progress" max="1" prop:value=fraction
                        aria-label=move || Text::Retrain.get(lang.get())></progress>
                    " " <span id="train-stage" role="status">{stage}</span>
                    {move || running.get().then(|| view! {
                        " "
                        <button class="secondary" id="train-cancel" on:click=move |_| control.cancel()>
                            {move || Text::Cancel.get(lang.get())}
                        </button>
                    })}
                </div>
            }
        })
    };
    let message = move || {
        let l = lang.get();
        match state.get() {
            TrainState::Done => Some(view! {
                <p class="train-message done" id="train-message" role="status">{Text::TrainDone.get(l)}</p>
            }.into_any()),
            TrainState::Cancelled => Some(view! {
                <p class="train-message" id="train-message" role="status">{Text::TrainCancelled.get(l)}</p>
            }.into_any()),
            TrainState::Failed(why) => Some(view! {
                <p class="train-message fatal" id="train-message" role="alert">{Text::TrainFailed.get(l)} " " {why}</p>
            }.into_any()),
            _ => None,
        }
    };
    view! {
        <section class="model-actions" aria-labelledby="model-actions-title">
            <h2 id="model-actions-title">{move || Text::ModelActions.get(lang.get())}</h2>
            <p class="help">
                {move || Text::TrainHelp.get(lang.get())} " "
                <strong id="train-crisis">{move || {
                    let (l, c) = (lang.get(), crisis.get());
                    format!("{} – {}", month(c.start, l), month(c.end, l))
                }}</strong>
                "."
            </p>
            <div class="tools">
                <button class="primary" id="train" on:click=move |_| control.train() disabled=busy>
                    {move || Text::Retrain.get(lang.get())}
                </button>
                <button class="secondary" id="model-download" on:click=save>
                    {move || Text::DownloadModel.get(lang.get())}
                </button>
                <label class="button secondary" class:disabled=busy>
                    {move || Text::LoadModel.get(lang.get())}
                    <input class="visually-hidden" id="model-upload" type="file"
                        accept=".json,application/json" on:change=upload disabled=busy/>
                </label>
            </div>
            {progress}
            {message}
            {move || control.error.get().map(|why| view! {
                <p class="fatal" id="model-error" role="alert">
                    {move || Text::ModelRejected.get(lang.get())} " " {why.clone()}
                </p>
            })}
            {move || save_failed.get().then(|| view! {
                <p class="fatal" role="alert">{Text::FileError.get(lang.get())}</p>
            })}
        </section>
    }
}

/// One line of the per-horizon table.
fn horizon_row<L, F>(
    metric: &'static str,
    label: L,
    model: &Model,
    cell: F,
    lang: RwSignal<Lang>,
) -> impl IntoView + use<L, F>
where
    L: Fn(Lang) -> String + Send + Sync + 'static,
    F: Fn(&HorizonModel, Lang) -> String + Copy + Send + Sync + 'static,
{
    let horizons = model.horizons.clone();
    view! {
        <tr data-metric=metric>
            <th scope="row">{move || label(lang.get())}</th>
            {horizons.into_iter().map(|h| {
                let n = h.horizon.months();
                view! { <td class="num" data-horizon=n>{move || cell(&h, lang.get())}</td> }
            }).collect_view()}
        </tr>
    }
}

/// A fixed label of the per-horizon table.
fn text(t: Text) -> impl Fn(Lang) -> String + Send + Sync + 'static {
    move |l| t.get(l).to_string()
}

fn validation_cell(h: &HorizonModel, lang: Lang, f: impl Fn(&Metrics, Lang) -> String) -> String {
    h.validation
        .as_ref()
        .map_or_else(|| Text::NotAvailable.get(lang).to_string(), |m| f(m, lang))
}

/// What the model was trained on, per horizon how it was fitted, calibrated and validated.
#[component]
fn Card(loaded: Arc<Loaded>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let model = &loaded.analysis.model;
    let t = model.training.clone();
    let crisis = model.params.crisis;
    let features = model.features.len();
    let r2 = model.degradation.as_ref().and_then(|d| d.validation_r2);
    let item =
        |field: &'static str, label: Text, value: Box<dyn Fn(Lang) -> String + Send + Sync>| {
            view! {
                <div>
                    <dt>{move || label.get(lang.get())}</dt>
                    <dd data-field=field>{move || value(lang.get())}</dd>
                </div>
            }
        };
    let data = t.data.clone();
    let synthetic = t.synthetic;
    let top = |k: usize| {
        move |h: &HorizonModel, l: Lang| {
            validation_cell(h, l, |m, _| {
                m.top_shares.get(k).map_or_else(
                    || "—".to_string(),
                    |a| {
                        format!(
                            "{} · {} · ×{}",
                            percent(a.precision),
                            percent(a.recall),
                            decimal(a.lift, 1)
                        )
                    },
                )
            })
        }
    };
    let top_label = |k: usize| {
        let share = [1, 2, 5][k];
        move |l: Lang| format!("Top {share}\u{a0}% : {}", Text::TopShareHeader.get(l))
    };
    let horizons = model.horizons.clone();
    let edited = model.alert_thresholds().edited;
    view! {
        <section class="model-card" id="model-card">
            <h2>{move || Text::ModelCard.get(lang.get())}</h2>
            <dl class="summary-grid card-grid">
                <div class="wide">
                    <dt>{move || Text::TrainingData.get(lang.get())}</dt>
                    <dd data-field="data">
                        {data}
                        {synthetic.then(|| view! { " " <span class="badge synthetic">{move || Text::Synthetic.get(lang.get())}</span> })}
                    </dd>
                </div>
                {item("firms", Text::FirmsInData, Box::new(move |l| format!(
                    "{} ({} {})", decimal(t.firms as f64, 0), percent(t.firm_share), Text::FirmShare.get(l)
                )))}
                {item("training", Text::TrainingWindow, Box::new(move |l| format!(
                    "{} – {}", month(t.first_month, l), month(t.last_month, l)
                )))}
                {item("validation", Text::ValidationWindow, Box::new(move |l| format!(
                    "{} – {} ({} {})", month(t.validation_first_month, l), month(t.validation_last_month, l),
                    percent(t.validation_firm_share), Text::ValidationFirms.get(l)
                )))}
                {item("data-end", Text::DataEnd, Box::new(move |l| month(t.data_end, l)))}
                {item("features", Text::FeaturesUsed, Box::new(move |_| features.to_string()))}
                {item("crisis", Text::ModelCrisis, Box::new(move |l| format!(
                    "{} – {}", month(crisis.start, l), month(crisis.end, l)
                )))}
                {item("degradation-r2", Text::DegradationR2, Box::new(move |l| optional(r2, 3, l)))}
            </dl>
            <table class="horizons" id="horizon-table">
                <thead><tr>
                    <th>{move || Text::Horizon.get(lang.get())}</th>
                    {horizons.iter().map(|h| {
                        let n = h.horizon.months();
                        view! { <th class="num" data-horizon=n>{move || months(n, lang.get())}</th> }
                    }).collect_view()}
                </tr></thead>
                <tbody>
                    {horizon_row("rows", text(Text::TrainingRows), model, |h, _| decimal(h.rows as f64, 0), lang)}
                    {horizon_row("positives", text(Text::Failures), model, |h, _| decimal(h.positives as f64, 0), lang)}
                    {horizon_row("sweeps", text(Text::SweepsKept), model, |h, _| format!("{} / {}", h.sweeps, h.pair_sweeps), lang)}
                    {horizon_row("pairs", text(Text::PairTerms), model, |h, _| h.gam.pairs.len().to_string(), lang)}
                    {horizon_row("calibration", text(Text::Calibration), model, |h, l| calibration(&h.calibration, l), lang)}
                    {horizon_row("orange", text(Text::ThresholdOrange), model, |h, _| percent(h.thresholds.orange), lang)}
                    {horizon_row("rouge", text(Text::ThresholdRed), model, |h, _| percent(h.thresholds.rouge), lang)}
                    <tr class="subhead"><th colspan="5">{move || Text::ValidationTitle.get(lang.get())}</th></tr>
                    {horizon_row("validation-rows", text(Text::ValidationRows), model, |h, l| validation_cell(h, l, |m, _| format!(
                        "{} ({})", decimal(m.rows as f64, 0), decimal(m.positives as f64, 0)
                    )), lang)}
                    {horizon_row("auc", text(Text::Auc), model, |h, l| validation_cell(h, l, |m, l| optional(m.auc, 3, l)), lang)}
                    {horizon_row("ap", text(Text::AveragePrecision), model, |h, l| validation_cell(h, l, |m, l| optional(m.average_precision, 3, l)), lang)}
                    {horizon_row("brier", text(Text::Brier), model, |h, l| validation_cell(h, l, |m, _| decimal(m.brier, 4)), lang)}
                    {horizon_row("calibration-in-the-large", text(Text::CalibrationInTheLarge), model, |h, l| validation_cell(h, l, |m, _| signed_points(m.calibration_in_the_large)), lang)}
                    {horizon_row("top1", top_label(0), model, top(0), lang)}
                    {horizon_row("top2", top_label(1), model, top(1), lang)}
                    {horizon_row("top5", top_label(2), model, top(2), lang)}
                </tbody>
            </table>
            {edited.map(|v| view! {
                <p class="edited-note" id="card-thresholds-edited">
                    <span class="badge edited">{move || ThresholdText::Edited.get(lang.get())}</span> " "
                    {move || ThresholdText::CardEdited.get(lang.get())} " "
                    {move || ThresholdText::Orange.get(lang.get())} " " {percent(v.orange)} ", "
                    {move || ThresholdText::Red.get(lang.get())} " " {percent(v.rouge)}
                </p>
            })}
        </section>
    }
}

/// ROC, precision-recall and reliability of every horizon on the validation rows.
#[component]
fn Validation(loaded: Arc<Loaded>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let any = loaded
        .analysis
        .model
        .horizons
        .iter()
        .any(|h| h.validation.is_some());
    any.then(|| {
        view! {
            <div class="curves">
                {move || {
                    let (l, model) = (lang.get(), &loaded.analysis.model);
                    view! {
                        <Chart id="chart-roc" plot=roc_plot(model, l) class="curve"/>
                        <Chart id="chart-pr" plot=pr_plot(model, l) class="curve"/>
                        <Chart id="chart-reliability" plot=reliability_plot(model, l) class="curve"/>
                    }
                }}
            </div>
        }
    })
}

/// The rolling-origin backtests stored with the model.
#[component]
fn Backtests(loaded: Arc<Loaded>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let backtests = loaded.analysis.model.backtests.clone();
    let body = move || {
        let l = lang.get();
        if backtests.is_empty() {
            return view! { <p class="help" id="no-backtests">{Text::NoBacktests.get(l)}</p> }
                .into_any();
        }
        let rows = backtests
            .iter()
            .map(|b| {
                let head = view! {
                    <td>{month(b.cutoff, l)}</td>
                    <td class="num">{months(b.horizon.months(), l)}</td>
                    <td>{if b.crisis { Text::Yes.get(l) } else { Text::No.get(l) }}</td>
                };
                let rest = match (&b.metrics, &b.skipped) {
                    (Some(m), _) => view! {
                        <td class="num">{decimal(b.training_rows as f64, 0)}</td>
                        <td class="num">{decimal(m.rows as f64, 0)}</td>
                        <td class="num">{percent(m.prevalence)}</td>
                        <td class="num" data-field="auc">{optional(m.auc, 3, l)}</td>
                        <td class="num">{optional(m.average_precision, 3, l)}</td>
                        <td class="num">{decimal(m.brier, 4)}</td>
                        <td class="num">{m.top_shares.first().map_or_else(|| "—".to_string(), |a| decimal(a.lift, 1))}</td>
                        <td class="num">{optional(b.psi, 3, l)}</td>
                    }
                    .into_any(),
                    (None, why) => view! {
                        <td colspan="8" class="muted skipped">
                            {Text::NotEvaluated.get(l)} " " {why.clone().unwrap_or_default()}
                        </td>
                    }
                    .into_any(),
                };
                view! {
                    <tr class:crisis=b.crisis class:evaluated=b.metrics.is_some()>{head}{rest}</tr>
                }
            })
            .collect_view();
        view! {
            <table class="backtests" id="backtests">
                <thead><tr>
                    <th>{Text::Cutoff.get(l)}</th>
                    <th class="num">{Text::Horizon.get(l)}</th>
                    <th>{Text::Crisis.get(l)}</th>
                    <th class="num">{Text::TrainingRows.get(l)}</th>
                    <th class="num">{Text::FirmsEvaluated.get(l)}</th>
                    <th class="num">{Text::Prevalence.get(l)}</th>
                    <th class="num">{Text::Auc.get(l)}</th>
                    <th class="num">"AP"</th>
                    <th class="num">"Brier"</th>
                    <th class="num">{Text::LiftTop1.get(l)}</th>
                    <th class="num">{Text::Psi.get(l)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <section class="model-backtests">
            <h2>{move || Text::BacktestsTitle.get(lang.get())}</h2>
            <p class="help">{move || Text::BacktestsHelp.get(lang.get())}</p>
            {body}
        </section>
    }
}

/// One shape function's figure: `k` numbers its chart.
fn shape_figure(k: usize, model: &Model, m: &HorizonModel, s: &ShapeSummary, l: Lang) -> AnyView {
    let (Some(feature), Some(shape)) =
        (model.features.get(s.position), m.gam.shapes.get(s.position))
    else {
        return ().into_any();
    };
    let def = feature.feature.def();
    let plot = shape_plot(feature, shape, &s.density, l);
    view! {
        <figure class="shape" data-feature=def.id>
            <figcaption title=def_definition(def, l)>{def_label(def, l)}</figcaption>
            <Chart id=format!("shape-{k}") plot=plot class="small"/>
        </figure>
    }
    .into_any()
}

/// The global explanation of one horizon over the scored firms: feature importance, every
/// shape function (the most important first) with the firms per bin, and the pairwise terms.
#[component]
fn Shapes(loaded: Arc<Loaded>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let horizon = RwSignal::new(Horizon::M18);
    let expanded = RwSignal::new(false);
    // Once per horizon, whatever the language: every chart below reads it.
    let global = {
        let loaded = loaded.clone();
        Memo::new(move |_| {
            let a = &loaded.analysis;
            engine::explain::global::global(
                &a.model,
                horizon.get(),
                a.scores.iter().map(|s| &s.features),
            )
        })
    };
    let at = loaded.analysis.at;
    let importance_help = move || {
        let l = lang.get();
        let n = global.with(|g| g.firms);
        format!(
            "{} {} {} {}. {}",
            Text::ImportanceHelp.get(l),
            firms(n, l),
            Text::ScoredIn.get(l),
            month(at, l),
            Text::ImportanceTop.get(l)
        )
    };
    let importance = move || {
        let l = lang.get();
        let plot = global.with(|g| importance_plot(g, l));
        view! { <Chart id="importance" plot=plot class="importance"/> }
    };
    let first = {
        let loaded = loaded.clone();
        move || {
            let l = lang.get();
            let model = &loaded.analysis.model;
            global.with(|g| {
                let m = model.horizon(g.horizon);
                g.shapes
                    .iter()
                    .take(SHAPES)
                    .enumerate()
                    .map(|(k, s)| shape_figure(k, model, m, s, l))
                    .collect_view()
            })
        }
    };
    let rest = {
        let loaded = loaded.clone();
        move || {
            let l = lang.get();
            let model = &loaded.analysis.model;
            expanded.get().then(|| {
                global.with(|g| {
                    let m = model.horizon(g.horizon);
                    g.shapes
                        .iter()
                        .enumerate()
                        .skip(SHAPES)
                        .map(|(k, s)| shape_figure(k, model, m, s, l))
                        .collect_view()
                })
            })
        }
    };
    let others = move || global.with(|g| g.shapes.len().saturating_sub(SHAPES));
    let toggle = move || {
        (others() > 0).then(|| {
            let text = move || {
                let l = lang.get();
                let verb = if expanded.get() {
                    Text::HideOthers
                } else {
                    Text::ShowOthers
                };
                format!("{} {} {}", verb.get(l), others(), Text::OtherShapes.get(l))
            };
            view! {
                <p class="shapes-all">
                    <button id="shapes-all" class="secondary" aria-controls="shape-grid"
                        aria-expanded=move || expanded.get().to_string()
                        on:click=move |_| expanded.update(|e| *e = !*e)>
                        {text}
                    </button>
                </p>
            }
        })
    };
    let pairs = move || {
        let l = lang.get();
        let model = &loaded.analysis.model;
        global.with(|g| {
            let m = model.horizon(g.horizon);
            if g.pairs.is_empty() {
                return view! { <p class="help" id="no-pairs">{Text::NoPairs.get(l)}</p> }
                    .into_any();
            }
            let figures = g
                .pairs
                .iter()
                .enumerate()
                .filter_map(|(k, s)| {
                    let p = m.gam.pairs.get(s.index)?;
                    let (a, b) = (s.a.def(), s.b.def());
                    let plot = pair_plot(model, p, l);
                    Some(view! {
                        <figure class="pair" data-a=a.id data-b=b.id>
                            <figcaption>
                                <span title=def_definition(a, l)>{def_label(a, l)}</span>
                                " × "
                                <span title=def_definition(b, l)>{def_label(b, l)}</span>
                                <span class="muted">" · " {importance_text(s.importance, l)}</span>
                            </figcaption>
                            <Chart id=format!("pair-{k}") plot=plot class="pair"/>
                        </figure>
                    })
                })
                .collect_view();
            view! {
                <p class="help">{Text::PairsHelp.get(l)}</p>
                <div class="pairs" id="pairs">{figures}</div>
            }
            .into_any()
        })
    };
    let select = move |ev: leptos::ev::Event| {
        if let Some(h) = event_target_value(&ev)
            .parse::<usize>()
            .ok()
            .and_then(Horizon::from_months)
        {
            horizon.set(h);
        }
    };
    view! {
        <section class="model-global" id="model-global">
            <p class="horizon-picker">
                <label for="shape-horizon">{move || Text::Horizon.get(lang.get())}</label> " "
                <select id="shape-horizon" on:change=select>
                    {Horizon::ALL.map(|h| {
                        let n = h.months();
                        view! {
                            <option value=n.to_string() selected=move || horizon.get() == h>
                                {move || months(n, lang.get())}
                            </option>
                        }
                    }).collect_view()}
                </select>
            </p>
            <section class="model-importance" id="model-importance">
                <h2>{move || Text::ImportanceTitle.get(lang.get())}</h2>
                <p class="help" id="importance-help">{importance_help}</p>
                {importance}
            </section>
            <section class="model-shapes">
                <h2>{move || Text::ShapesTitle.get(lang.get())}</h2>
                <p class="help">{move || Text::ShapesImportanceHelp.get(lang.get())}</p>
                <div class="shape-grid" id="shape-grid">{first}{rest}</div>
                {toggle}
            </section>
            <section class="model-pairs">
                <h2>{move || Text::PairsTitle.get(lang.get())}</h2>
                {pairs}
            </section>
        </section>
    }
}

/// A threshold as the editor's number input holds it: a percentage with at most two decimals,
/// point-separated (what `<input type="number">` reads and writes).
fn input_percent(probability: f64) -> String {
    let text = format!("{:.2}", probability * 100.0);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A refused pair of thresholds in the interface's language.
fn threshold_error(error: &ThresholdError, lang: Lang) -> String {
    let level = |l: &Level| match l {
        Level::Orange => ThresholdText::Orange.get(lang),
        Level::Rouge => ThresholdText::Red.get(lang),
    };
    match error {
        ThresholdError::NotANumber { which, text } => ThresholdText::NotANumber
            .get(lang)
            .replace("{level}", level(which))
            .replace("{text}", text),
        ThresholdError::OutOfRange { which } => ThresholdText::OutOfRange
            .get(lang)
            .replace("{level}", level(which)),
        ThresholdError::RedBelowOrange => ThresholdText::RedBelowOrange.get(lang).to_string(),
    }
}

/// A change of a count: "+3", "-12", "0".
fn signed_count(change: i64) -> String {
    let text = decimal(change as f64, 0);
    if change > 0 { format!("+{text}") } else { text }
}

/// The alert thresholds of the alert horizon, editable: the counts of scored firms per level
/// they would give (live, as the agent types), precision and recall on the validation window,
/// then apply (the firms are scored again with a model copy carrying the agent's thresholds)
/// or go back to the validated ones.
#[component]
fn ThresholdEditor(loaded: Arc<Loaded>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let control = expect_context::<ModelControl>();
    let model = &loaded.analysis.model;
    let horizon = model.alert_horizon;
    let current = model.alert_thresholds();
    let validated = current.validated();
    let edited = current.is_edited();
    let at = loaded.analysis.at;
    let capacity = matches!(loaded.analysis.alerts, AlertMode::Capacity(_));
    let (orange_shown, rouge_shown) = (input_percent(current.orange), input_percent(current.rouge));
    // What the inputs show at first, read back: a value left as shown is the exact threshold in
    // use (the inputs round it to two decimals).
    let exact = move |text: &str, shown: &str, which: Level, value: f64| {
        let typed = parse_percent(text, which)?;
        Ok::<f64, ThresholdError>(if parse_percent(shown, which).is_ok_and(|s| s == typed) {
            value
        } else {
            typed
        })
    };
    let orange_text = RwSignal::new(orange_shown.clone());
    let rouge_text = RwSignal::new(rouge_shown.clone());
    // The thresholds typed, checked as the engine checks them.
    let typed = Memo::new(move |_| {
        let orange = exact(
            &orange_text.get(),
            &orange_shown,
            Level::Orange,
            current.orange,
        )?;
        let rouge = exact(&rouge_text.get(), &rouge_shown, Level::Rouge, current.rouge)?;
        check(orange, rouge)?;
        Ok::<(f64, f64), ThresholdError>((orange, rouge))
    });
    let now = counts(
        loaded.analysis.scores.iter().map(|s| &s.score),
        horizon,
        &current,
    );
    let live = {
        let loaded = loaded.clone();
        Memo::new(move |_| {
            typed.get().ok().map(|(orange, rouge)| {
                counts(
                    loaded.analysis.scores.iter().map(|s| &s.score),
                    horizon,
                    &Thresholds::new(orange, rouge),
                )
            })
        })
    };
    let level_row = move |alert: Alert| {
        let before = now.get(alert);
        view! {
            <tr data-level=alert.label_fr()>
                <th scope="row">{move || crate::list::alert_badge(alert, lang.get())}</th>
                <td class="num now" data-count=before>{decimal(before as f64, 0)}</td>
                <td class="num live" data-count=move || live.get().map(|c| c.get(alert).to_string()).unwrap_or_default()>
                    {move || live.get().map_or_else(|| "—".to_string(), |c| decimal(c.get(alert) as f64, 0))}
                </td>
                <td class="num delta" data-change=move || live.get().map(|c| (c.get(alert) as i64 - before as i64).to_string()).unwrap_or_default()>
                    {move || live.get().map_or_else(|| "—".to_string(), |c| signed_count(c.get(alert) as i64 - before as i64))}
                </td>
            </tr>
        }
    };
    let horizon_model = model.horizon(horizon).clone();
    let has_validation = horizon_model.validation.is_some();
    let fine = !horizon_model.operating.is_empty();
    let validation_row = move |which: Level| {
        let horizon_model = horizon_model.clone();
        let point = Memo::new(move |_| {
            typed.get().ok().and_then(|(orange, rouge)| {
                let t = if which == Level::Orange {
                    orange
                } else {
                    rouge
                };
                validation_at(&horizon_model, t).map(|v| (t, v))
            })
        });
        let cell = move |f: fn(&ValidationPoint, f64) -> String| {
            move || {
                point
                    .get()
                    .map_or_else(|| "—".to_string(), |(t, v)| f(&v, t))
            }
        };
        view! {
            <tr data-level=which.to_string()>
                <th scope="row">{move || {
                    let t = if which == Level::Orange { ThresholdText::OrangeOrRed } else { ThresholdText::RedOnly };
                    t.get(lang.get())
                }}</th>
                <td class="num read-at" data-exact=move || point.get().map(|(t, v)| v.exact(t).to_string()).unwrap_or_default()>
                    {cell(|v, _| percent(v.point.threshold))}
                </td>
                <td class="num">{cell(|v, _| decimal(v.point.flagged as f64, 0))}</td>
                <td class="num precision">{cell(|v, _| percent(v.point.precision))}</td>
                <td class="num recall">{cell(|v, _| percent(v.point.recall))}</td>
            </tr>
        }
    };
    let validation = move || {
        if !has_validation {
            return view! { <p class="help" id="thresholds-no-validation">{move || ThresholdText::NoValidation.get(lang.get())}</p> }.into_any();
        }
        view! {
            <table class="thresholds-validation" id="thresholds-validation">
                <caption>{move || ThresholdText::ValidationTitle.get(lang.get())}</caption>
                <thead><tr>
                    <th>{move || ThresholdText::Alerted.get(lang.get())}</th>
                    <th class="num">{move || ThresholdText::ReadAt.get(lang.get())}</th>
                    <th class="num">{move || ThresholdText::Flagged.get(lang.get())}</th>
                    <th class="num">{move || ThresholdText::Precision.get(lang.get())}</th>
                    <th class="num">{move || ThresholdText::Recall.get(lang.get())}</th>
                </tr></thead>
                <tbody>{validation_row(Level::Orange)}{validation_row(Level::Rouge)}</tbody>
            </table>
            <p class="help" id="thresholds-validation-note" data-fine=fine.to_string()>{move || {
                let t = if fine { ThresholdText::NearestPoint } else { ThresholdText::NearestBin };
                t.get(lang.get())
            }}</p>
        }
        .into_any()
    };
    let apply = {
        let loaded = loaded.clone();
        move |_| {
            let Ok((orange, rouge)) = typed.get_untracked() else {
                return;
            };
            if let Ok(model) = loaded.analysis.model.with_thresholds(orange, rouge) {
                control.rescore(crate::Rescore::model(model, loaded.source.clone()), &loaded);
            }
        }
    };
    let reset = {
        let loaded = loaded.clone();
        move |_| {
            let model = loaded.analysis.model.with_validated_thresholds();
            control.rescore(crate::Rescore::model(model, loaded.source.clone()), &loaded);
        }
    };
    let unchanged = move || {
        typed
            .get()
            .is_ok_and(|(o, r)| o == current.orange && r == current.rouge)
    };
    let cannot_apply = move || control.busy() || typed.get().is_err() || unchanged();
    let on_orange = move |ev: leptos::ev::Event| orange_text.set(event_target_value(&ev));
    let on_rouge = move |ev: leptos::ev::Event| rouge_text.set(event_target_value(&ev));
    // The sliders move the same texts as the number inputs, over a scale twice the red
    // threshold in use (at least 20 %), in steps of 0,1 point: fine where thresholds live.
    let range_max = (current.rouge * 200.0)
        .clamp(20.0, 100.0)
        .ceil()
        .to_string();
    let slider = |text: RwSignal<String>| move || text.get().replace(',', ".");
    view! {
        <section class="thresholds" id="thresholds" aria-labelledby="thresholds-title" data-edited=edited.to_string()>
            <h2 id="thresholds-title">{move || ThresholdText::Title.get(lang.get())}</h2>
            <p class="help">{move || ThresholdText::Help.get(lang.get())}</p>
            <p class="thresholds-current" id="thresholds-current"
                data-orange=current.orange.to_string() data-rouge=current.rouge.to_string()>
                {move || ThresholdText::AlertHorizon.get(lang.get())} " "
                <strong>{move || months(horizon.months(), lang.get())}</strong>
                " · " {move || ThresholdText::InUse.get(lang.get())} " "
                {move || ThresholdText::Orange.get(lang.get())} " " <strong>{percent(current.orange)}</strong>
                ", " {move || ThresholdText::Red.get(lang.get())} " " <strong>{percent(current.rouge)}</strong>
                " ("
                {move || if edited { ThresholdText::Edited.get(lang.get()) } else { ThresholdText::Validated.get(lang.get()) }}
                {edited.then(|| view! {
                    " ; " {move || ThresholdText::ValidatedWere.get(lang.get())} " "
                    {move || ThresholdText::Orange.get(lang.get())} " " {percent(validated.orange)} ", "
                    {move || ThresholdText::Red.get(lang.get())} " " {percent(validated.rouge)}
                })}
                ")"
            </p>
            <div class="threshold-inputs">
                <label for="threshold-orange">{move || ThresholdText::OrangeLabel.get(lang.get())}</label>
                <input id="threshold-orange" type="number" inputmode="decimal" step="any" min="0" max="100"
                    prop:value=move || orange_text.get() on:input=on_orange/>
                <input id="threshold-orange-range" type="range" min="0" max=range_max.clone() step="0.1"
                    aria-label=move || ThresholdText::OrangeLabel.get(lang.get())
                    prop:value=slider(orange_text) on:input=on_orange/>
                <label for="threshold-rouge">{move || ThresholdText::RedLabel.get(lang.get())}</label>
                <input id="threshold-rouge" type="number" inputmode="decimal" step="any" min="0" max="100"
                    prop:value=move || rouge_text.get() on:input=on_rouge/>
                <input id="threshold-rouge-range" type="range" min="0" max=range_max step="0.1"
                    aria-label=move || ThresholdText::RedLabel.get(lang.get())
                    prop:value=slider(rouge_text) on:input=on_rouge/>
            </div>
            {move || typed.get().err().map(|e| view! {
                <p class="fatal" id="thresholds-error" role="alert">{threshold_error(&e, lang.get())}</p>
            })}
            <table class="thresholds-effect" id="thresholds-effect">
                <caption>{move || format!("{} {}", ThresholdText::FirmsScored.get(lang.get()), month(at, lang.get()))}</caption>
                <thead><tr>
                    <th>{move || ThresholdText::Level.get(lang.get())}</th>
                    <th class="num">{move || ThresholdText::Now.get(lang.get())}</th>
                    <th class="num">{move || ThresholdText::WithThese.get(lang.get())}</th>
                    <th class="num">{move || ThresholdText::Change.get(lang.get())}</th>
                </tr></thead>
                <tbody>{level_row(Alert::Rouge)}{level_row(Alert::Orange)}{level_row(Alert::Vert)}</tbody>
            </table>
            {validation}
            {capacity.then(|| view! { <p class="help" id="thresholds-capacity">{move || ThresholdText::Capacity.get(lang.get())}</p> })}
            <div class="tools">
                <button class="primary" id="thresholds-apply" on:click=apply disabled=cannot_apply>
                    {move || ThresholdText::Apply.get(lang.get())}
                </button>
                <button class="secondary" id="thresholds-reset" on:click=reset disabled=move || !edited || control.busy()>
                    {move || ThresholdText::Reset.get(lang.get())}
                </button>
            </div>
        </section>
    }
}
