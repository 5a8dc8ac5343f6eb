//! The Secteurs page: sector stress index by NAF division and month, the sector-event editor,
//! and the firms each event affects.
//!
//! The grid is `engine::sectors::StressGrid`, one sector pass of the feature layer, computed
//! once per analysis when the page first opens (after the page has painted) and kept for the
//! next visits; the events are the editor's (`events::EventsText`), applied to the scores by
//! re-scoring the import with them.

use std::cell::RefCell;
use std::sync::Arc;

use engine::calendar::Month;
use engine::features::{CrisisWindow, FeatureParams, SectorEvent, SectorEvents};
use engine::format::{decimal, percent};
use engine::sectors::{self, EventImpact, StressCell, StressGrid};
use leptos::prelude::*;
use plotly::common::{Anchor, DashType, Font};
use plotly::layout::{Annotation, Axis, Margin, Shape, ShapeLayer, ShapeLine, ShapeType};
use plotly::{Configuration, Layout, Plot};

use crate::chart::{Chart, SEPARATORS};
use crate::events::{EventsEditor, describe};
use crate::i18n::{Lang, SectorText as S, month};
use crate::{Loaded, ModelControl, Navigator, Rescore};

/// What the grid depends on: the imported files (their fingerprint: same files, same panel), the
/// feature parameters and the scoring month; not the model's scores nor the events, so that
/// applying events or another model with the same parameters keeps the grid.
type GridKey = (String, FeatureParams, Month);

thread_local! {
    /// The grid of the last analysis the page was opened on (the page is rebuilt on every visit
    /// and every language toggle).
    static GRID: RefCell<Option<(GridKey, Arc<StressGrid>)>> = const { RefCell::new(None) };
}

fn key(loaded: &Loaded) -> GridKey {
    (
        loaded.fingerprint.clone(),
        loaded.analysis.model.params,
        loaded.analysis.at,
    )
}

fn cached(loaded: &Loaded) -> Option<Arc<StressGrid>> {
    let key = key(loaded);
    GRID.with_borrow(|g| {
        g.as_ref()
            .filter(|(k, _)| *k == key)
            .map(|(_, grid)| grid.clone())
    })
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// "56 Restauration" (the code alone when the division has no NAF title).
fn division_name(division: &str, lang: Lang) -> String {
    match sectors::division_label(division, lang == Lang::En) {
        Some(label) => format!("{division} {label}"),
        None => division.to_string(),
    }
}

/// At most `n` characters, with an ellipsis (axis labels).
fn shorten(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(n - 1).collect::<String>())
    }
}

/// The heat map trace (serialised by hand: the plotly crate's heat map has no `customdata`,
/// `hoverongaps` nor a colour bar tick format).
#[derive(Clone, serde::Serialize)]
#[serde(transparent)]
struct HeatTrace(serde_json::Value);

impl plotly::Trace for HeatTrace {
    fn to_json(&self) -> String {
        self.0.to_string()
    }
}

fn hover(division: &str, m: Month, c: &StressCell, lang: Lang) -> String {
    let colon = if lang == Lang::Fr { "\u{a0}:" } else { ":" };
    let share = |v: Option<f64>| v.map_or_else(|| S::Unknown.get(lang).to_string(), percent);
    let mut out = format!(
        "<b>{}</b><br>{}<br>",
        escape(&division_name(division, lang)),
        month(m, lang)
    );
    match c.index {
        Some(index) => out.push_str(&format!(
            "{}{colon} <b>{}</b><br>{}{colon} {}<br>{}{colon} {}<br>{}{colon} {}",
            S::Index.get(lang),
            percent(index),
            S::RisingDebt.get(lang),
            share(c.rising_debt),
            S::ShortTime.get(lang),
            share(c.on_short_time),
            S::LosingStaff.get(lang),
            share(c.losing_staff),
        )),
        None => out.push_str(&format!(
            "{}{colon} {}",
            S::Index.get(lang),
            S::NotComputed.get(lang)
        )),
    }
    out.push_str(&format!(
        "<br>{}{colon} {}",
        S::Firms.get(lang),
        decimal(c.firms as f64, 0)
    ));
    out
}

/// The stress heat map: one row per division in `order` (top first), one column per month,
/// the crisis window and the declared events framed.
fn stress_plot(
    grid: &StressGrid,
    order: &[usize],
    events: &[SectorEvent],
    crisis: CrisisWindow,
    lang: Lang,
) -> Plot {
    let n = order.len();
    // Row k of `order` is drawn at y = n − 1 − k, so that the first is on top.
    let y_of = |k: usize| (n - 1 - k) as f64;
    let rows: Vec<&sectors::DivisionRow> = order.iter().rev().map(|i| &grid.rows[*i]).collect();
    let z: Vec<Vec<Option<f64>>> = rows
        .iter()
        .map(|r| r.cells.iter().map(|c| c.index).collect())
        .collect();
    let text: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            r.cells
                .iter()
                .zip(&grid.months)
                .map(|(c, m)| hover(&r.division, *m, c, lang))
                .collect()
        })
        .collect();
    let divisions: Vec<&str> = rows.iter().map(|r| r.division.as_str()).collect();
    let x: Vec<usize> = (0..grid.months.len()).collect();
    let colour_ticks: Vec<String> = (0..=5).map(|k| format!("{}\u{a0}%", k * 20)).collect();
    let trace = serde_json::json!({
        "type": "heatmap",
        "x": x,
        "y": (0..n).collect::<Vec<usize>>(),
        "z": z,
        "text": text,
        // What the rows and columns are, for whoever reads the chart's data (the tests).
        "meta": {
            "divisions": divisions,
            "months": grid.months.iter().map(|m| m.to_string()).collect::<Vec<_>>(),
        },
        "hovertemplate": "%{text}<extra></extra>",
        "hoverongaps": false,
        "zmin": 0.0,
        "zmax": 1.0,
        "xgap": 1,
        "ygap": 1,
        "colorscale": [[0.0, "#fff7ec"], [0.25, "#fdd49e"], [0.5, "#fc8d59"], [0.75, "#d7301f"], [1.0, "#7f0000"]],
        "colorbar": {
            "title": { "text": S::ColourTitle.get(lang), "side": "right", "font": { "size": 11 } },
            // French percentages ("20 %"), which plotly's tick formats cannot write.
            "tickvals": [0.0, 0.2, 0.4, 0.6, 0.8, 1.0],
            "ticktext": colour_ticks,
            "thickness": 12,
            "tickfont": { "size": 10 },
        },
        "hoverlabel": { "align": "left" },
    });
    let mut plot = Plot::new();
    plot.add_trace(Box::new(HeatTrace(trace)));
    // Month ticks: January and July (every month when the grid is short).
    let step = if grid.months.len() > 24 { 6 } else { 3 };
    let ticks: Vec<usize> = x
        .iter()
        .copied()
        .filter(|i| (grid.months[*i].month() as usize - 1).is_multiple_of(step))
        .collect();
    let tick_text: Vec<String> = ticks.iter().map(|i| month(grid.months[*i], lang)).collect();
    let mut shapes = Vec::new();
    let mut annotations = Vec::new();
    let position = |m: Month| grid.months.iter().position(|g| *g == m);
    let last = grid.months.len().saturating_sub(1);
    if let (Some(first), Some(end)) = (grid.months.first(), grid.months.last())
        && crisis.start <= *end
        && crisis.end >= *first
    {
        let from = position(crisis.start.max(*first)).unwrap_or(0) as f64 - 0.5;
        let to = position(crisis.end.min(*end)).unwrap_or(last) as f64 + 0.5;
        shapes.push(
            Shape::new()
                .shape_type(ShapeType::Rect)
                .x_ref("x")
                .y_ref("paper")
                .x0(from)
                .x1(to)
                .y0(0)
                .y1(1)
                .fill_color("rgba(31, 78, 153, 0.06)")
                .layer(ShapeLayer::Above)
                .line(
                    ShapeLine::new()
                        .color("#1f4e99")
                        .width(1.5)
                        .dash(DashType::Dash),
                ),
        );
        annotations.push(
            Annotation::new()
                .x_ref("x")
                .y_ref("paper")
                .x((from + to) / 2.0)
                .y(1.0)
                .y_anchor(Anchor::Bottom)
                .show_arrow(false)
                .text(format!(
                    "{} ({} – {})",
                    S::Crisis.get(lang),
                    month(crisis.start, lang),
                    month(crisis.end, lang)
                ))
                .font(Font::new().size(10).color("#1f4e99")),
        );
    }
    for event in events {
        let Some((from, to)) = grid.event_months(event) else {
            continue;
        };
        for (k, row) in order.iter().enumerate() {
            if !sectors::touches_division(event, &grid.rows[*row].division) {
                continue;
            }
            let y = y_of(k);
            shapes.push(
                Shape::new()
                    .shape_type(ShapeType::Rect)
                    .x_ref("x")
                    .y_ref("y")
                    .x0(from as f64 - 0.5)
                    .x1(to as f64 + 0.5)
                    .y0(y - 0.5)
                    .y1(y + 0.5)
                    .layer(ShapeLayer::Above)
                    .line(ShapeLine::new().color("#111827").width(2.0)),
            );
        }
    }
    let labels: Vec<String> = rows
        .iter()
        .map(|r| escape(&shorten(&division_name(&r.division, lang), 38)))
        .collect();
    plot.set_layout(
        Layout::new()
            .separators(SEPARATORS)
            .height(90 + 22 * n.max(3))
            .show_legend(false)
            .margin(Margin::new().left(10).right(10).top(28).bottom(10))
            .x_axis(
                Axis::new()
                    .tick_values(ticks.iter().map(|t| *t as f64).collect())
                    .tick_text(tick_text)
                    .tick_angle(-40.0)
                    .tick_font(Font::new().size(10))
                    .auto_margin(true)
                    .show_grid(false)
                    .zero_line(false)
                    .range(vec![-0.5, last as f64 + 0.5])
                    .fixed_range(true),
            )
            .y_axis(
                Axis::new()
                    .tick_values((0..n).map(|k| k as f64).collect())
                    .tick_text(labels)
                    .tick_font(Font::new().size(11))
                    .auto_margin(true)
                    .show_grid(false)
                    .zero_line(false)
                    .range(vec![-0.5, n as f64 - 0.5])
                    .fixed_range(true),
            )
            .shapes(shapes)
            .annotations(annotations),
    );
    plot.set_configuration(
        Configuration::new()
            .display_logo(false)
            .responsive(true)
            .display_mode_bar(plotly::configuration::DisplayModeBar::False),
    );
    plot
}

#[component]
pub fn SectorsPage(loaded: Arc<Loaded>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let grid = RwSignal::new(cached(&loaded));
    if grid.get_untracked().is_none() {
        let weak = Arc::downgrade(&loaded);
        leptos::task::spawn_local(async move {
            // The page paints first (title, editor, the "computing" line).
            crate::reading::yield_to_browser().await;
            crate::reading::yield_to_browser().await;
            let Some(loaded) = weak.upgrade() else {
                return;
            };
            let computed = Arc::new(StressGrid::of(&loaded.analysis));
            GRID.with_borrow_mut(|g| *g = Some((key(&loaded), computed.clone())));
            // The page may be gone meanwhile (the signal with it).
            let _ = grid.try_set(Some(computed));
        });
    }
    let parsed = expect_context::<RwSignal<SectorEvents>>();
    let stressed_first = RwSignal::new(true);
    let crisis = loaded.analysis.model.params.crisis;
    let min_firms = loaded.analysis.model.params.min_sector_firms;
    let heatmap = move || {
        let l = lang.get();
        let Some(g) = grid.get() else {
            return view! { <p class="busy" role="status" id="stress-computing">{S::Computing.get(l)}</p> }
                .into_any();
        };
        if g.rows.is_empty() {
            return view! { <p class="muted" id="stress-empty">{S::NoGrid.get(l)}</p> }.into_any();
        }
        let order = if stressed_first.get() {
            g.most_stressed_first()
        } else {
            (0..g.rows.len()).collect()
        };
        let events = parsed.with(|p| p.events.clone());
        let plot = stress_plot(&g, &order, &events, crisis, l);
        let divisions: Vec<String> = order.iter().map(|i| g.rows[*i].division.clone()).collect();
        view! {
            <Chart id="stress-heatmap" plot=plot class="stress-chart"/>
            <p class="help legend">
                <span class="crisis-key" aria-hidden="true"></span> " "
                {format!("{} ({} – {}). ", S::Crisis.get(l), month(crisis.start, l), month(crisis.end, l))}
                <span class="event-key" aria-hidden="true"></span> " " {S::LegendEvents.get(l)}
            </p>
            <p class="visually-hidden" id="stress-divisions" data-divisions=divisions.join(",")>
                {divisions.iter().map(|d| division_name(d, l)).collect::<Vec<_>>().join(", ")}
            </p>
        }
        .into_any()
    };
    view! {
        <section class="sectors" id="sectors-page" aria-labelledby="sectors-title">
            <h1 id="sectors-title">{move || S::Title.get(lang.get())}</h1>
            <p class="help intro">{move || S::Intro.get(lang.get())}</p>
            <section class="stress" id="stress" aria-labelledby="stress-title">
                <div class="stress-head">
                    <h2 id="stress-title">{move || S::StressTitle.get(lang.get())}</h2>
                    <label class="sort">
                        {move || S::Sort.get(lang.get())} " "
                        <select id="stress-sort" on:change=move |ev| stressed_first.set(event_target_value(&ev) == "stress")>
                            <option value="stress" selected=move || stressed_first.get()>{move || S::SortStress.get(lang.get())}</option>
                            <option value="code" selected=move || !stressed_first.get()>{move || S::SortCode.get(lang.get())}</option>
                        </select>
                    </label>
                </div>
                <p class="help">
                    {move || S::StressHelp.get(lang.get())} " " {min_firms} " " {move || S::StressHelpEnd.get(lang.get())}
                </p>
                {heatmap}
            </section>
            <EventsEditor disabled=false manage=true/>
            <ApplyEvents loaded=loaded.clone()/>
            <Impacts loaded=loaded/>
        </section>
    }
}

/// « Appliquer aux scores »: the import scored again with the editor's valid events (the app
/// shows its re-scoring notice and comes back on the list).
#[component]
fn ApplyEvents(loaded: Arc<Loaded>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let parsed = expect_context::<RwSignal<SectorEvents>>();
    let control = expect_context::<ModelControl>();
    let applied = loaded.analysis.events.events.clone();
    let applied = StoredValue::new(applied);
    let same = move || applied.with_value(|a| parsed.with(|p| &p.events == a));
    let apply = {
        let loaded = loaded.clone();
        move |_| {
            let events = SectorEvents {
                events: parsed.get_untracked().events,
                issues: Vec::new(),
            };
            control.rescore(
                Rescore {
                    events: Some(events),
                    ..Rescore::same(&loaded)
                },
                &loaded,
            );
        }
    };
    let status = {
        move || {
            let l = lang.get();
            let mut out = if same() { S::Applied } else { S::NotApplied }
                .get(l)
                .to_string();
            if parsed.with(|p| !p.issues.is_empty()) {
                out.push(' ');
                out.push_str(S::IssuesLeftOut.get(l));
            }
            out
        }
    };
    view! {
        <div class="apply-events" id="apply-events">
            <button class="primary" id="events-apply" on:click=apply
                disabled=move || same() || control.busy()>
                {move || S::Apply.get(lang.get())}
            </button>
            <span class="help">{move || S::ApplyHelp.get(lang.get())}</span>
            <p class="status" id="events-applied" data-applied=move || same().to_string() role="status">{status}</p>
        </div>
    }
}

/// One event's line of the "firms affected" table.
fn impact_row(
    e: &SectorEvent,
    impact: &EventImpact,
    loaded: &Loaded,
    nav: Navigator,
    l: Lang,
) -> impl IntoView + use<> {
    const SHOWN: usize = 30;
    let panel = &loaded.analysis.panel;
    let links = impact
        .in_alert
        .iter()
        .take(SHOWN)
        .filter_map(|(f, alert)| {
            let firm = panel.firms.get(*f)?;
            let (index, siren, alert) = (*f, firm.siren, *alert);
            let name = if firm.name.trim().is_empty() {
                siren.insee()
            } else {
                firm.name.clone()
            };
            Some(view! {
                <li>
                    <a href=format!("?siren={siren}") class="firm-link" data-siren=siren.to_string()
                        on:click=move |ev| {
                            ev.prevent_default();
                            nav.open_firm.run(index);
                        }>{name}</a>
                    " " {crate::followup::alert_view(alert, siren, l)}
                </li>
            })
        })
        .collect_view();
    let more = impact.in_alert.len().saturating_sub(SHOWN);
    view! {
        <tr data-naf=e.naf_prefix.clone() data-scored=impact.scored data-rouge=impact.rouge
            data-orange=impact.orange data-active=impact.active.to_string()>
            <td>
                <span class="mono">{e.naf_prefix.clone()}</span> " " {describe(e, l)}
                <br/>
                <span class=if impact.active { "tag active" } else { "tag inactive" }>
                    {if impact.active { S::Active } else { S::Inactive }.get(l)}
                </span>
            </td>
            <td class="num scored">{decimal(impact.scored as f64, 0)}</td>
            <td class="num rouge">{decimal(impact.rouge as f64, 0)}</td>
            <td class="num orange">{decimal(impact.orange as f64, 0)}</td>
            <td class="in-alert">
                {if impact.in_alert.is_empty() {
                    view! { <span class="muted">{S::NoneInAlert.get(l)}</span> }.into_any()
                } else {
                    view! {
                        <ul class="firms-in-alert">{links}</ul>
                        {(more > 0).then(|| view! { <p class="muted">{format!("… {more} {}", S::Others.get(l))}</p> })}
                    }
                    .into_any()
                }}
            </td>
        </tr>
    }
}

/// For each event of the editor, the scored firms it concerns (with the current scores).
#[component]
fn Impacts(loaded: Arc<Loaded>) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let parsed = expect_context::<RwSignal<SectorEvents>>();
    let nav = expect_context::<Navigator>();
    let body = move || {
        let l = lang.get();
        let events = parsed.with(|p| p.events.clone());
        if events.is_empty() {
            return view! { <p class="muted" id="impact-none">{S::NoEvents.get(l)}</p> }.into_any();
        }
        let a = &loaded.analysis;
        let impacts = sectors::impacts(&a.panel, &a.scores, a.at, &events);
        view! {
            <table class="impact-table" id="impact-table">
                <thead><tr>
                    <th>{S::Event.get(l)}</th>
                    <th class="num">{S::Scored.get(l)}</th>
                    <th class="num">{S::Rouge.get(l)}</th>
                    <th class="num">{S::Orange.get(l)}</th>
                    <th>{S::InAlert.get(l)}</th>
                </tr></thead>
                <tbody>
                    {events.iter().zip(&impacts).map(|(e, i)| impact_row(e, i, &loaded, nav, l)).collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <section class="impacts" id="impacts" aria-labelledby="impacts-title">
            <h2 id="impacts-title">{move || S::ImpactTitle.get(lang.get())}</h2>
            <p class="help">{move || S::ImpactHelp.get(lang.get())}</p>
            {body}
        </section>
    }
}
