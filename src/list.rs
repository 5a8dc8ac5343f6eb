//! The detection list: every firm of the analysis with Signaux Faibles' filters, a horizon
//! selector, the capacity mode, a search, sortable columns and counts by alert level. A thin
//! shell over `engine::detection`: the rows are built once per analysis, every query is one
//! engine call, and only the page on screen is rendered.

use std::cell::RefCell;
use std::sync::{Arc, Weak};

use engine::detection::{Procol, ProcolFilter, Query, Row, SortKey, Table, section_name};
use engine::format::{decimal, euros, percent};
use engine::ids::Siren;
use engine::model::{Alert, Horizon};
use engine::panel::{ProcolStatus, geo};
use engine::pipeline::AlertMode;
use leptos::prelude::*;

use crate::followup::{FollowUps, alert_view};
use crate::i18n::{ListText as L, month, months};
use crate::{DEMO, Lang, Loaded, ModelSource, Text};

/// The page sizes offered; the first page shows [`PAGE_SIZE`] rows.
const PAGE_SIZES: [usize; 4] = [25, 50, 100, 200];
const PAGE_SIZE: usize = 50;
/// Firms in alert per département when the agent switches to the capacity mode.
const CAPACITY: usize = 5;

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

/// The agent's choices on the list, kept while they visit a firm or another view and come back
/// to the same import (by its fingerprint).
struct Kept {
    fingerprint: String,
    /// The analysis the page number belongs to: another scoring reorders the rows, so the
    /// list starts again at its first page.
    loaded: Weak<Loaded>,
    /// The default query they were made against (a new model or alert mode resets the
    /// horizon, the mode and the sort).
    default: Query,
    query: Query,
    page: usize,
    page_size: usize,
    capacity: usize,
}

thread_local! {
    /// The rows of the analysis on screen, built once per analysis.
    static TABLE: RefCell<Option<(Weak<Loaded>, Arc<Table>)>> = const { RefCell::new(None) };
    static KEPT: RefCell<Option<Kept>> = const { RefCell::new(None) };
}

/// The list's rows for `loaded`, built the first time only.
fn table_of(loaded: &Arc<Loaded>) -> Arc<Table> {
    TABLE.with_borrow_mut(|cached| {
        if let Some((weak, table)) = cached
            && Weak::ptr_eq(weak, &Arc::downgrade(loaded))
        {
            return table.clone();
        }
        let table = Arc::new(Table::new(&loaded.analysis));
        *cached = Some((Arc::downgrade(loaded), table.clone()));
        table
    })
}

/// The list's state, shared by its parts.
#[derive(Clone, Copy)]
struct State {
    query: RwSignal<Query>,
    page: RwSignal<usize>,
    size: RwSignal<usize>,
    /// N of the capacity mode, kept while the thresholds are shown.
    capacity: RwSignal<usize>,
}

impl State {
    /// Changes the query; the list starts again at its first page.
    fn edit(self, change: impl FnOnce(&mut Query)) {
        self.query.update(change);
        self.page.set(0);
    }
}

/// A number typed in a filter: `None` when empty or not a number.
fn typed(text: &str) -> Option<f64> {
    text.trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
}

fn status_label(s: ProcolStatus, lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => s.label_fr(),
        Lang::En => match s {
            ProcolStatus::InBonis => "In bonis",
            ProcolStatus::Sauvegarde => "Safeguard",
            ProcolStatus::PlanSauvegarde => "Safeguard plan",
            ProcolStatus::Redressement => "Receivership",
            ProcolStatus::PlanRedressement => "Recovery plan",
            ProcolStatus::Liquidation => "Liquidation",
        },
    }
}

fn procol_filter_text(f: ProcolFilter) -> L {
    match f {
        ProcolFilter::Ranked => L::ProcolRanked,
        ProcolFilter::Never => L::ProcolNever,
        ProcolFilter::Later => L::ProcolLater,
        ProcolFilter::Ongoing => L::ProcolOngoing,
        ProcolFilter::All => L::ProcolAll,
    }
}

/// The term structure as a small line: x in months, y from 0 to the 18-month probability.
fn sparkline(p: [f64; 4], selected: Horizon, lang: Lang) -> impl IntoView {
    let top = p[3].max(1e-12);
    let points: Vec<(f64, f64, Horizon)> = Horizon::ALL
        .iter()
        .zip(p)
        .map(|(h, v)| {
            let x = 3.0 + (h.months() as f64 - 3.0) / 15.0 * 58.0;
            (x, 18.0 - (v / top).clamp(0.0, 1.0) * 15.0, *h)
        })
        .collect();
    let line = points
        .iter()
        .map(|(x, y, _)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ");
    let label = Horizon::ALL
        .iter()
        .zip(p)
        .map(|(h, v)| format!("{} : {}", months(h.months(), lang), percent(v)))
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <svg class="spark" viewBox="0 0 64 20" width="52" height="18" role="img" aria-label=label>
            <line class="base" x1="3" y1="18" x2="61" y2="18"></line>
            <polyline points=line></polyline>
            {points.into_iter().map(|(x, y, h)| view! {
                <circle cx=format!("{x:.1}") cy=format!("{y:.1}") r=if h == selected { "2.6" } else { "1.6" }
                    class:selected=h == selected></circle>
            }).collect_view()}
        </svg>
    }
}

/// What every row of a page needs besides its own values.
#[derive(Clone)]
struct RowContext {
    loaded: Arc<Loaded>,
    horizon: Horizon,
    open: Callback<usize>,
}

fn row_view(r: &Row, level: Option<Alert>, cx: &RowContext, l: Lang) -> impl IntoView + use<> {
    let lang = expect_context::<RwSignal<Lang>>();
    let firm = &cx.loaded.analysis.panel.firms[r.firm];
    let (index, siren): (usize, Siren) = (r.firm, r.siren);
    let open = cx.open;
    let first = r.first_alert(level);
    // A firm missing from SIRENE has no name: it must still be reachable.
    let name = (!firm.name.trim().is_empty()).then(|| firm.name.clone());
    let alert = match level {
        Some(a) => view! {
            {alert_view(a, siren, l)}
            {first.then(|| view! { " " {first_alert_badge(lang)} })}
        }
        .into_any(),
        None => view! { <span class="badge strong" title=L::StrongHelp.get(l)>{L::StrongBadge.get(l)}</span> }
            .into_any(),
    };
    let section = r
        .section
        .and_then(section_name)
        .map(|(fr, en)| if l == Lang::Fr { fr } else { en });
    let debt = r.debt.map(|d| {
        let months_text = r
            .debt_months
            .map(|m| format!("{} {}", decimal(m, 1), L::DebtMonths.get(l)));
        view! {
            {euros(d)}
            {months_text.map(|t| view! { <small class="sub">{t}</small> })}
        }
    });
    let plans = r.plans.is_some_and(|n| n > 0.0);
    let st = r.short_time;
    let share = |v: Option<f64>| v.map(percent).unwrap_or_else(|| "—".into());
    let ap_title = format!(
        "{} · {} : {} · {} : {} · {} : {}",
        L::ShortTime.get(l),
        L::ShortTimeAuthorisedShare.get(l),
        share(st.authorised),
        L::ShortTimeConsumedShare.get(l),
        share(st.consumed),
        L::ShortTimeHours.get(l),
        st.hours
            .map(|h| decimal(h, 0))
            .unwrap_or_else(|| "—".into()),
    );
    let ap = st.recent().then(|| {
        let used = st.months.filter(|m| *m > 0.0).map(|m| {
            view! { <span class="ap-months">{decimal(m, 0)} "/12 " <small>{L::ShortTimeMonths.get(l)}</small></span> }
        });
        let authorised = st
            .authorised
            .filter(|a| *a > 0.0)
            .map(|_| view! { <span class="tag">{L::ShortTimeAuthorised.get(l)}</span> });
        view! { {used} {authorised} }
    });
    let (status, procol) = match r.procol {
        Procol::None => (
            "none".to_string(),
            view! { <span class="muted" title=L::ProcolNone.get(l)>"—"</span> }.into_any(),
        ),
        Procol::Later(m) => (
            "later".to_string(),
            view! { <span class="later">{L::ProcolOpenedIn.get(l)} " " {month(m, l)}</span> }
                .into_any(),
        ),
        Procol::Ongoing(s) => (
            s.id().to_string(),
            view! { <span class="ongoing">{status_label(s, l)}</span> }.into_any(),
        ),
    };
    let procol_title = r
        .first_procol
        .map(|m| format!("{} : {}", L::ProcolFirst.get(l), month(m, l)));
    let risks = Horizon::ALL.map(|h| {
        let p = r.p(h);
        view! {
            <td class="num risk" class:selected=h == cx.horizon data-horizon=h.months()
                data-p=p.map(|p| p.to_string())>
                {p.map(percent).unwrap_or_else(|| "—".into())}
            </td>
        }
    });
    let spark = r.probabilities.map(|p| sparkline(p, cx.horizon, l));
    let trend = match (r.trend, r.score) {
        (Some(t), _) => {
            let pp = t * 100.0;
            let shown = decimal(pp, 1);
            let (class, arrow) = if shown == "0,0" || shown == "-0,0" {
                ("flat", "→")
            } else if pp > 0.0 {
                ("up", "↑")
            } else {
                ("down", "↓")
            };
            let sign = if class == "up" { "+" } else { "" };
            let text = if class == "flat" {
                "0,0".to_string()
            } else {
                shown
            };
            view! {
                <td class=format!("num trend {class}") data-value=pp.to_string()>
                    <span aria-hidden="true">{arrow}</span> " " {format!("{sign}{text}\u{a0}pts")}
                </td>
            }
            .into_any()
        }
        (None, Some(_)) => view! {
            <td class="num trend new" title=L::TrendNewHelp.get(l)>{L::TrendNew.get(l)}</td>
        }
        .into_any(),
        (None, None) => view! { <td class="num trend"></td> }.into_any(),
    };
    let degradation = r.degradation;
    let row_status = status.clone();
    view! {
        <tr data-siren=siren.to_string() data-level=level.map(|a| a.label_fr())
            data-region=r.region data-section=r.section.map(String::from)
            data-age=r.age.map(|a| format!("{a:.3}")) data-plans=r.plans.map(|n| n.to_string())
            data-procol=row_status>
            <td class="alert" data-first-alert=first.to_string()>{alert}</td>
            <td class="name">
                <button class="link" title=Text::Open.get(l) on:click=move |_| open.run(index)>
                    {match name {
                        Some(n) => n.into_any(),
                        None => view! { <em>{Text::NoName.get(l)}</em> }.into_any(),
                    }}
                </button>
            </td>
            <td class="siren">{siren.insee()}</td>
            <td class="departement">{r.departement.as_ref().map(|d| d.to_string())}</td>
            <td class="mono naf" title=section>{r.ape.as_ref().map(|a| a.to_string())}</td>
            <td class="num headcount" data-value=r.headcount.map(|h| h.to_string())>
                {r.headcount.map(|h| decimal(h, 0))}
            </td>
            <td class="num debt" data-value=r.debt.map(|d| d.to_string())
                data-months=r.debt_months.map(|m| m.to_string()) title=L::DebtHelp.get(l)>
                {debt}
                {plans.then(|| view! { <span class="tag plan" title=L::Plans.get(l)>{L::PlanTag.get(l)}</span> })}
            </td>
            <td class="ap" data-value=st.hours.map(|h| h.to_string())
                data-months=st.months.map(|m| m.to_string())
                data-authorised=st.authorised.map(|a| a.to_string()) title=ap_title>
                {ap.map(IntoAny::into_any).unwrap_or_else(|| view! { <span class="muted">"—"</span> }.into_any())}
            </td>
            <td class="procol" data-status=status title=procol_title>{procol}</td>
            {risks}
            <td class="structure" title=L::StructureHelp.get(l)>{spark}</td>
            {trend}
            <td class="num degradation" data-value=degradation.map(|d| d.to_string()).unwrap_or_default()>
                {degradation.map(points).unwrap_or_default()}
            </td>
        </tr>
    }
}

/// A sortable column's header: a button (Tab, Enter) and `aria-sort`.
#[component]
fn SortHeader(
    key: SortKey,
    state: State,
    label: Signal<String>,
    #[prop(optional)] help: Option<Signal<String>>,
    #[prop(optional)] class: &'static str,
    #[prop(optional)] horizon: Option<usize>,
) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let sorted = move || {
        state
            .query
            .with(|q| (q.sort.key == key).then_some(q.sort.descending))
    };
    view! {
        <th class=class data-horizon=horizon
            class:selected=move || horizon.is_some() && state.query.with(|q| Some(q.horizon.months()) == horizon)
            aria-sort=move || match sorted() {
                Some(true) => "descending",
                Some(false) => "ascending",
                None => "none",
            }
            title=move || help.map(|h| h.get())>
            <button class="sort" id=format!("sort-{}", key.id())
                aria-label=move || format!("{} {}", L::SortBy.get(lang.get()), label.get())
                on:click=move |_| state.edit(|q| q.sort = q.sort.toggled(key))>
                {move || label.get()}
                <span class="arrow" aria-hidden="true">
                    {move || match sorted() {
                        Some(true) => "▼",
                        Some(false) => "▲",
                        None => "↕",
                    }}
                </span>
            </button>
        </th>
    }
}

/// The filters above the list.
#[component]
fn FilterBar(table: Arc<Table>, state: State) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let query = state.query;
    let default = table.default_query();
    let sections = table.sections();
    let regions = table.regions();
    let plans_known = table.plans_known;
    let departements = {
        let table = table.clone();
        move || {
            let region = query.with(|q| q.region.clone());
            table.departements(region.as_deref())
        }
    };
    let active = {
        let default = default.clone();
        Memo::new(move |_| query.with(|q| q.active_filters(&default)))
    };
    let reset = {
        let default = default.clone();
        move |_| {
            state.capacity.set(CAPACITY);
            state.edit(|q| *q = default.clone());
        }
    };
    let capacity_mode = move || query.with(|q| matches!(q.mode, AlertMode::Capacity(_)));
    let t = move |text: L| move || text.get(lang.get());
    view! {
        <section class="filters" id="filters" aria-labelledby="filters-title">
            <h2 id="filters-title">{t(L::Filters)}</h2>
            <div class="filter-grid">
                <label class="search">
                    <span>{t(L::Search)}</span>
                    <input type="search" id="filter-search" autocomplete="off"
                        placeholder=t(L::SearchPlaceholder) title=t(L::SearchHelp)
                        prop:value=move || query.with(|q| q.search.clone())
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            state.edit(|q| q.search = text);
                        }/>
                </label>
                <label title=t(L::HorizonHelp)>
                    <span>{t(L::Horizon)}</span>
                    <select id="filter-horizon" on:change=move |ev| {
                        if let Some(h) = event_target_value(&ev).parse().ok().and_then(Horizon::from_months) {
                            state.edit(|q| {
                                // Ranked by the risk of the horizon shown, as long as the agent
                                // sorts by risk.
                                if matches!(q.sort.key, SortKey::Risk(old) if old == q.horizon) {
                                    q.sort.key = SortKey::Risk(h);
                                }
                                q.horizon = h;
                            });
                        }
                    }>
                        {Horizon::ALL.map(|h| view! {
                            <option value=h.months() prop:selected=move || query.with(|q| q.horizon == h)>
                                {move || months(h.months(), lang.get())}
                            </option>
                        }).collect_view()}
                    </select>
                </label>
                <label title=t(L::ModeHelp)>
                    <span>{t(L::Mode)}</span>
                    <select id="filter-mode" on:change=move |ev| {
                        let n = state.capacity.get_untracked();
                        let capacity = event_target_value(&ev) == "capacity";
                        state.edit(|q| q.mode = if capacity { AlertMode::Capacity(n) } else { AlertMode::Thresholds });
                    }>
                        <option value="thresholds" prop:selected=move || !capacity_mode()>{t(L::ModeThresholds)}</option>
                        <option value="capacity" prop:selected=capacity_mode>{t(L::ModeCapacity)}</option>
                    </select>
                </label>
                <label title=t(L::ModeHelp)>
                    <span>{t(L::CapacityN)}</span>
                    <input type="number" id="filter-capacity" min="1" step="1" inputmode="numeric"
                        disabled=move || !capacity_mode()
                        prop:value=move || state.capacity.get().to_string()
                        on:change=move |ev| {
                            if let Some(n) = typed(&event_target_value(&ev)).filter(|n| *n >= 1.0) {
                                let n = n.round() as usize;
                                state.capacity.set(n);
                                state.edit(|q| if matches!(q.mode, AlertMode::Capacity(_)) { q.mode = AlertMode::Capacity(n) });
                            }
                        }/>
                </label>
                <label>
                    <span>{t(L::Level)}</span>
                    <select id="filter-level" on:change=move |ev| {
                        let level = match event_target_value(&ev).as_str() {
                            "orange" => Alert::Orange,
                            "rouge" => Alert::Rouge,
                            _ => Alert::Vert,
                        };
                        state.edit(|q| q.min_level = level);
                    }>
                        {[(Alert::Vert, "all", L::LevelAll), (Alert::Orange, "orange", L::LevelAlert), (Alert::Rouge, "rouge", L::LevelRouge)]
                            .map(|(a, value, text)| view! {
                                <option value=value prop:selected=move || query.with(|q| q.min_level == a)>{t(text)}</option>
                            }).collect_view()}
                    </select>
                </label>
                <label>
                    <span>{t(L::Section)}</span>
                    <select id="filter-section" on:change=move |ev| {
                        let s = event_target_value(&ev).chars().next();
                        state.edit(|q| q.section = s);
                    }>
                        <option value="" prop:selected=move || query.with(|q| q.section.is_none())>{t(L::AllFeminine)}</option>
                        {sections.into_iter().map(|s| view! {
                            <option value=s.to_string() prop:selected=move || query.with(|q| q.section == Some(s))>
                                {move || {
                                    let name = section_name(s).map(|(fr, en)| if lang.get() == Lang::Fr { fr } else { en });
                                    format!("{s} — {}", name.unwrap_or_default())
                                }}
                            </option>
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    <span>{t(L::Region)}</span>
                    <select id="filter-region" on:change={
                        let table = table.clone();
                        move |ev| {
                            let region = Some(event_target_value(&ev)).filter(|r| !r.is_empty());
                            let keep = table.departements(region.as_deref());
                            state.edit(|q| {
                                if q.departement.as_ref().is_some_and(|d| !keep.iter().any(|k| k == d)) {
                                    q.departement = None;
                                }
                                q.region = region;
                            });
                        }
                    }>
                        <option value="" prop:selected=move || query.with(|q| q.region.is_none())>{t(L::AllFeminine)}</option>
                        {regions.into_iter().map(|g| view! {
                            <option value=g prop:selected=move || query.with(|q| q.region.as_deref() == Some(g))>
                                {format!("{} ({g})", geo::region_name(g).unwrap_or(g))}
                            </option>
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    <span>{t(L::Departement)}</span>
                    <select id="filter-departement" on:change=move |ev| {
                        let d = Some(event_target_value(&ev)).filter(|d| !d.is_empty());
                        state.edit(|q| q.departement = d);
                    }>
                        <option value="" prop:selected=move || query.with(|q| q.departement.is_none())>{t(L::AllMasculine)}</option>
                        {move || departements().into_iter().map(|d| {
                            let code = d.to_string();
                            let value = code.clone();
                            view! {
                                <option value=value prop:selected=move || query.with(|q| q.departement.as_deref() == Some(code.as_str()))>
                                    {d.to_string()}
                                </option>
                            }
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    <span>{t(L::MinHeadcount)}</span>
                    <input type="number" id="filter-headcount" min="0" step="1" inputmode="numeric"
                        prop:value=move || query.with(|q| q.min_headcount.map(|v| v.to_string()).unwrap_or_default())
                        on:change=move |ev| {
                            let v = typed(&event_target_value(&ev)).filter(|v| *v > 0.0);
                            state.edit(|q| q.min_headcount = v);
                        }/>
                </label>
                <label title=t(L::MinAgeHelp)>
                    <span>{t(L::MinAge)}</span>
                    <input type="number" id="filter-age" min="0" step="1" inputmode="numeric"
                        prop:value=move || query.with(|q| q.min_age.map(|v| v.to_string()).unwrap_or_default())
                        on:change=move |ev| {
                            let v = typed(&event_target_value(&ev)).filter(|v| *v > 0.0);
                            state.edit(|q| q.min_age = v);
                        }/>
                </label>
                <label title=t(L::ProcolHelp)>
                    <span>{t(L::Procol)}</span>
                    <select id="filter-procol" on:change=move |ev| {
                        if let Some(f) = ProcolFilter::from_id(&event_target_value(&ev)) {
                            state.edit(|q| q.procol = f);
                        }
                    }>
                        {ProcolFilter::ALL.map(|f| view! {
                            <option value=f.id() prop:selected=move || query.with(|q| q.procol == f)>{t(procol_filter_text(f))}</option>
                        }).collect_view()}
                    </select>
                </label>
                <div class="checks">
                    <label class="check">
                        <input type="checkbox" id="filter-first" prop:checked=move || query.with(|q| q.first_alerts)
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                state.edit(|q| q.first_alerts = on);
                            }/>
                        <span title=t(L::FirstAlertHorizon)>{t(L::FirstOnly)}</span>
                    </label>
                    <label class="check" title=move || (!plans_known).then(|| L::NoPlanUnknown.get(lang.get()))>
                        <input type="checkbox" id="filter-no-plan" disabled=!plans_known
                            prop:checked=move || query.with(|q| q.no_plan)
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                state.edit(|q| q.no_plan = on);
                            }/>
                        <span>{t(L::NoPlan)}</span>
                    </label>
                    <label class="check">
                        <input type="checkbox" id="filter-followed" prop:checked=move || query.with(|q| q.followed)
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                state.edit(|q| q.followed = on);
                            }/>
                        <span>{t(L::Followed)}</span>
                    </label>
                </div>
                <div class="reset">
                    <button type="button" class="secondary" id="filter-reset" on:click=reset
                        data-active=move || active.get().to_string()>
                        {t(L::Reset)}
                        {move || match active.get() {
                            0 => String::new(),
                            n => format!(" ({n})"),
                        }}
                    </button>
                </div>
            </div>
        </section>
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
    let book = expect_context::<FollowUps>().0;
    let table = table_of(&loaded);
    let default = table.default_query();
    let kept = KEPT.with_borrow(|k| match k {
        Some(k) if k.fingerprint == loaded.fingerprint => {
            let mut query = k.query.clone();
            if k.default != default {
                query.horizon = default.horizon;
                query.mode = default.mode;
                query.sort = default.sort;
            }
            let page = if Weak::ptr_eq(&k.loaded, &Arc::downgrade(&loaded)) {
                k.page
            } else {
                0
            };
            Some((query, page, k.page_size, k.capacity))
        }
        _ => None,
    });
    let (query, page, size, capacity) = kept.unwrap_or_else(|| {
        let capacity = match default.mode {
            AlertMode::Capacity(n) => n,
            AlertMode::Thresholds => CAPACITY,
        };
        (default.clone(), 0, PAGE_SIZE, capacity)
    });
    let state = State {
        query: RwSignal::new(query),
        page: RwSignal::new(page),
        size: RwSignal::new(size),
        capacity: RwSignal::new(capacity),
    };
    {
        let fingerprint = loaded.fingerprint.clone();
        let default = default.clone();
        let weak = Arc::downgrade(&loaded);
        Effect::new(move |_| {
            let kept = Kept {
                fingerprint: fingerprint.clone(),
                loaded: weak.clone(),
                default: default.clone(),
                query: state.query.get(),
                page: state.page.get(),
                page_size: state.size.get(),
                capacity: state.capacity.get(),
            };
            KEPT.with_borrow_mut(|k| *k = Some(kept));
        });
    }
    // Levels change with the horizon and the mode only; the selection with any choice and
    // with the follow-up book (followed firms).
    let levels_of = Memo::new(move |_| state.query.with(|q| (q.horizon, q.mode)));
    let levels = {
        let table = table.clone();
        Memo::new(move |_| {
            let (horizon, mode) = levels_of.get();
            table.levels(horizon, mode)
        })
    };
    let selection = {
        let table = table.clone();
        Memo::new(move |_| {
            levels.with(|l| state.query.with(|q| book.with(|b| table.select(l, q, b))))
        })
    };
    let pages = Memo::new(move |_| {
        selection
            .with(|s| s.rows.len())
            .div_ceil(state.size.get())
            .max(1)
    });
    let current = move || state.page.get().min(pages.get() - 1);
    let export_rows = {
        let table = table.clone();
        Signal::derive(move || selection.with(|s| s.scores(&table)))
    };
    let export_view = Signal::derive(move || {
        let (horizon, mode) = levels_of.get();
        engine::export::View { horizon, mode }
    });

    let a = &loaded.analysis;
    let strong = a.strong_signals.len();
    let at = a.at;
    let demo = loaded.demo;
    let alert_horizon = table.alert_horizon;
    let files: Vec<(String, u64, u64, Option<String>)> = a
        .report
        .files
        .iter()
        .map(|f| (f.name.clone(), f.records_read, f.rejected, f.fatal.clone()))
        .collect();
    let rows = {
        let table = table.clone();
        let loaded = loaded.clone();
        move || {
            let l = lang.get();
            let size = state.size.get();
            let start = current() * size;
            let horizon = state.query.with(|q| q.horizon);
            let cx = RowContext {
                loaded: loaded.clone(),
                horizon,
                open,
            };
            let shown: Vec<u32> = selection.with(|s| {
                let end = (start + size).min(s.rows.len());
                s.rows[start.min(end)..end].to_vec()
            });
            levels.with(|levels| {
                shown
                    .iter()
                    .map(|i| {
                        let i = *i as usize;
                        row_view(&table.rows[i], levels.get(i).copied().flatten(), &cx, l)
                    })
                    .collect_view()
            })
        }
    };
    let count = move |alert: Alert| {
        view! {
            <span class=format!("count {}", alert.label_fr())
                data-count=move || selection.with(|s| match alert {
                    Alert::Rouge => s.counts.rouge,
                    Alert::Orange => s.counts.orange,
                    Alert::Vert => s.counts.vert,
                })>
                {move || selection.with(|s| match alert {
                    Alert::Rouge => s.counts.rouge,
                    Alert::Orange => s.counts.orange,
                    Alert::Vert => s.counts.vert,
                })}
                " " {move || alert_badge(alert, lang.get())}
            </span>
        }
    };
    let t = move |text: L| move || text.get(lang.get());
    let header = move |key: SortKey, label: Signal<String>, class: &'static str| {
        view! { <SortHeader key=key state=state label=label class=class/> }
    };
    let text = move |text: Text| Signal::derive(move || text.get(lang.get()).to_string());
    let list_text = move |text: L| Signal::derive(move || text.get(lang.get()).to_string());
    let mode_text = move || {
        let l = lang.get();
        state.query.with(|q| match q.mode {
            AlertMode::Thresholds => format!(
                "{} {} · {}",
                L::Horizon.get(l),
                months(q.horizon.months(), l),
                L::ModeThresholds.get(l)
            ),
            AlertMode::Capacity(n) => format!(
                "{} {} · {} ({n})",
                L::Horizon.get(l),
                months(q.horizon.months(), l),
                L::ModeCapacity.get(l)
            ),
        })
    };
    view! {
        <section class="list">
            <div class="title-row">
                <h1>{move || Text::ListTitle.get(lang.get())}</h1>
                <button class="secondary" id="new-import" on:click=move |_| on_restart()>{move || Text::NewImport.get(lang.get())}</button>
            </div>
            <p class="summary">
                {move || Text::ScoringMonth.get(lang.get())} " : "
                <strong>{move || month(at, lang.get())}</strong>
                " · "
                <span class="counts" id="counts" role="status" aria-live="polite">
                    {count(Alert::Rouge)} " " {count(Alert::Orange)} " " {count(Alert::Vert)}
                    {move || {
                        let n = selection.with(|s| s.counts.strong);
                        (n > 0).then(|| view! {
                            " " <span class="count strong" data-count=n>{n} " " {t(L::Strong)}</span>
                        })
                    }}
                </span>
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
            <FilterBar table=table.clone() state=state/>
            <div class="list-tools">
                <p class="shown" id="shown-count"
                    data-shown=move || selection.with(|s| s.rows.len())
                    data-total=move || selection.with(|s| s.counts.total)>
                    <strong>{move || decimal(selection.with(|s| s.rows.len()) as f64, 0)}</strong>
                    " " {t(L::ShownOf)} " "
                    {move || decimal(selection.with(|s| s.counts.total) as f64, 0)}
                    " · " <span id="list-mode">{mode_text}</span>
                </p>
                <crate::export::ExportBar loaded=loaded.clone() rows=export_rows view=export_view/>
            </div>
            <div class="table-wrap">
                <table class="firms" aria-label=t(L::ListLabel)>
                    <thead>
                        <tr class="group-header">
                            <th colspan="9"></th>
                            <th colspan="5" class="center" title=move || Text::RiskWithinHelp.get(lang.get())>
                                {move || Text::RiskWithin.get(lang.get())}
                            </th>
                            <th colspan="2"></th>
                        </tr>
                        <tr>
                            {header(SortKey::Alert, text(Text::Alert), "")}
                            {header(SortKey::Name, text(Text::Name), "")}
                            {header(SortKey::Siren, text(Text::Siren), "")}
                            {header(SortKey::Departement, text(Text::Departement), "")}
                            {header(SortKey::Naf, text(Text::Naf), "")}
                            {header(SortKey::Headcount, list_text(L::HeadcountColumn), "num")}
                            <SortHeader key=SortKey::Debt state=state label=text(Text::Debt) class="num"
                                help=list_text(L::DebtHelp)/>
                            <SortHeader key=SortKey::ShortTime state=state label=list_text(L::ShortTimeShort)
                                help=list_text(L::ShortTimeHelp)/>
                            <SortHeader key=SortKey::Procol state=state label=list_text(L::ProcolColumn)
                                help=list_text(L::ProcolHelp)/>
                            {Horizon::ALL.map(|h| view! {
                                <SortHeader key=SortKey::Risk(h) state=state class="num" horizon=h.months()
                                    label=Signal::derive(move || months(h.months(), lang.get()))/>
                            }).collect_view()}
                            <th title=move || L::StructureHelp.get(lang.get())>{t(L::Structure)}</th>
                            <SortHeader key=SortKey::Trend state=state class="num"
                                label=Signal::derive(move || format!("{} ({})", L::Trend.get(lang.get()), months(alert_horizon.months(), lang.get())))
                                help=list_text(L::TrendHelp)/>
                            <SortHeader key=SortKey::Degradation state=state class="num" label=list_text(L::DegradationColumn)
                                help=text(Text::DegradationHelp)/>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {move || selection.with(|s| s.rows.is_empty()).then(|| view! {
                <p class="empty" id="no-row" role="status">{t(L::NoRow)}</p>
            })}
            <div class="pager-row">
                <label class="page-size">
                    <span>{t(L::PageSize)}</span>
                    <select id="page-size" on:change=move |ev| {
                        if let Ok(n) = event_target_value(&ev).parse::<usize>() {
                            // The first row on screen stays on screen.
                            let first = current() * state.size.get_untracked();
                            state.size.set(n.max(1));
                            state.page.set(first / n.max(1));
                        }
                    }>
                        {PAGE_SIZES.map(|n| view! {
                            <option value=n prop:selected=move || state.size.get() == n>{n}</option>
                        }).collect_view()}
                    </select>
                </label>
                <nav class="pager" aria-label=t(L::ListLabel)>
                    <button id="page-first" on:click=move |_| state.page.set(0) disabled=move || current() == 0
                        title=t(L::FirstPage) aria-label=t(L::FirstPage)>"«"</button>
                    <button id="page-previous" on:click=move |_| state.page.set(current().saturating_sub(1)) disabled=move || current() == 0>
                        {move || Text::Previous.get(lang.get())}
                    </button>
                    <label class="page-number">
                        <span>{move || Text::Page.get(lang.get())}</span> " "
                        <input type="number" id="page-number" min="1" step="1" inputmode="numeric"
                            aria-label=t(L::GoToPage)
                            prop:max=move || pages.get().to_string()
                            prop:value=move || (current() + 1).to_string()
                            on:change=move |ev| {
                                if let Some(p) = typed(&event_target_value(&ev)) {
                                    let last = pages.get_untracked() - 1;
                                    state.page.set(((p.round().max(1.0) as usize) - 1).min(last));
                                }
                            }/>
                        " / " <span id="page-count">{move || pages.get()}</span>
                    </label>
                    <button id="page-next" on:click=move |_| state.page.set((current() + 1).min(pages.get_untracked() - 1))
                        disabled=move || { current() + 1 >= pages.get() }>
                        {move || Text::Next.get(lang.get())}
                    </button>
                </nav>
            </div>
            <crate::dictionary::Dictionary model=loaded.analysis.model.clone()/>
        </section>
    }
}
