//! The detection list (« Liste de détection »): one row per firm of an analysis, with the
//! filters an agent expects from Signaux Faibles (NAF section, département and région, minimum
//! headcount, collective-proceeding status, first alerts, no payment plan, firm age, followed
//! firms), a horizon selector, the capacity mode, a text search and sortable columns.
//!
//! The rows are built once per analysis ([`Table::new`]): every value a filter, the search or a
//! sort reads is computed there, so that a new query over 30 000 firms is one linear pass and
//! one sort of the kept row numbers (`O(n log n)`, one `Vec<u32>` allocated). The browser only
//! formats the page on screen.

use std::cmp::Ordering;

use compact_str::CompactString;
use rustc_hash::FxHashMap;

use crate::calendar::Month;
use crate::features::Feature;
use crate::followup::Book;
use crate::ids::Siren;
use crate::model::{Alert, Horizon, Thresholds};
use crate::panel::{Panel, ProcolStatus, geo};
use crate::pipeline::{AlertMode, Analysis};

/// Where a firm stands with collective proceedings, as the list shows it.
///
/// A scored firm never had a proceeding up to the scoring month (the population excludes
/// them), so its only possible news is a proceeding opened *after* that month, which the data
/// knows when the agent scores an earlier month (a retrospective check of the list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Procol {
    /// No proceeding known up to the scoring month.
    None,
    /// A proceeding opened after the scoring month (its month).
    Later(Month),
    /// In a proceeding at the scoring month: a « signal fort », never scored.
    Ongoing(ProcolStatus),
}

/// Activité partielle, recently: shares of the staff and the last 12 known months.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ShortTime {
    /// Share of the staff authorised for the scoring month.
    pub authorised: Option<f64>,
    /// Share of the staff on short-time work in the last known month.
    pub consumed: Option<f64>,
    /// Months with hours consumed among the last 12 known months.
    pub months: Option<f64>,
    /// Hours consumed over the last 12 known months.
    pub hours: Option<f64>,
}

impl ShortTime {
    /// Authorised now or used in the last 12 known months.
    pub fn recent(&self) -> bool {
        let positive = |v: Option<f64>| v.is_some_and(|v| v > 0.0);
        positive(self.authorised) || positive(self.consumed) || positive(self.months)
    }
}

/// One firm of the list, with every value the list shows, filters or sorts by.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Index in [`Analysis::scores`]; `None` for a firm in a proceeding (never scored).
    pub score: Option<usize>,
    /// Index in [`Panel::firms`].
    pub firm: usize,
    pub siren: Siren,
    /// The SIREN's nine digits, for the search.
    digits: CompactString,
    /// The name folded by [`fold`], for the search and the alphabetical order; empty when the
    /// firm is not in SIRENE.
    key: String,
    pub departement: Option<CompactString>,
    /// INSEE region code of the département.
    pub region: Option<&'static str>,
    pub section: Option<char>,
    pub ape: Option<CompactString>,
    /// Last headcount known at the scoring month (published or carried forward).
    pub headcount: Option<f64>,
    /// URSSAF debt at the scoring month (€).
    pub debt: Option<f64>,
    /// The same debt in months of contributions (the model's feature; scored firms only).
    pub debt_months: Option<f64>,
    /// Payment plans (délais) active at the scoring month; `None` without a délais file.
    pub plans: Option<f64>,
    pub short_time: ShortTime,
    /// Years since creation at the scoring month (SIRENE), as the model's feature counts them.
    pub age: Option<f64>,
    pub procol: Procol,
    /// The month of the firm's earliest proceeding, if any.
    pub first_procol: Option<Month>,
    /// Probabilities at 3, 6, 12 and 18 months (order of [`Horizon::ALL`]).
    pub probabilities: Option<[f64; 4]>,
    pub degradation: Option<f64>,
    /// The alert horizon's probability now minus the month before.
    pub trend: Option<f64>,
    /// In alert in one of the previous months of the score history.
    pub before: bool,
}

impl Row {
    /// The probability at a horizon.
    pub fn p(&self, horizon: Horizon) -> Option<f64> {
        self.probabilities.map(|p| p[horizon.index()])
    }

    /// "Première alerte" for the level the list gives: in alert now, in none of the previous
    /// months.
    pub fn first_alert(&self, level: Option<Alert>) -> bool {
        level.is_some_and(|l| l != Alert::Vert) && !self.before
    }

    /// The search and sort key of the name: `None` for a firm not in SIRENE.
    pub fn name_key(&self) -> Option<&str> {
        (!self.key.is_empty()).then_some(self.key.as_str())
    }

    /// The fields every row has, read from the panel.
    fn base(panel: &Panel, firm: usize, t: usize, headcount_lag: usize, at: Month) -> Row {
        let f = &panel.firms[firm];
        let departement = f.departement.as_deref().map(CompactString::from);
        let region = f.departement.as_deref().and_then(geo::region_of);
        let first_procol = f.first_procol.map(|d| d.month());
        let procol = match panel.procol_status(firm, t) {
            ProcolStatus::InBonis => match first_procol {
                Some(m) if m > at => Procol::Later(m),
                _ => Procol::None,
            },
            status => Procol::Ongoing(status),
        };
        Row {
            score: None,
            firm,
            siren: f.siren,
            digits: CompactString::from(format!("{:09}", f.siren.value())),
            key: fold(&f.name),
            departement,
            region,
            section: f.naf_section(),
            ape: f.ape.as_deref().map(CompactString::from),
            headcount: t
                .checked_sub(headcount_lag)
                .and_then(|m| panel.effectif.get(firm, m)),
            debt: panel.debt_known(firm, t),
            debt_months: None,
            plans: panel.delai_plans.get(firm, t),
            short_time: ShortTime::default(),
            age: f
                .created
                .filter(|c| c.month() <= at)
                .map(|c| f64::from(c.month().months_until(at)) / 12.0),
            procol,
            first_procol,
            probabilities: None,
            degradation: None,
            trend: None,
            before: false,
        }
    }
}

/// Every firm of an analysis as the list shows it: the scored firms in the analysis' order
/// (highest risk first), then the firms in a proceeding.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub rows: Vec<Row>,
    pub at: Month,
    /// The model's alert horizon: the one of the score history, hence of the trend.
    pub alert_horizon: Horizon,
    /// Thresholds per horizon (order of [`Horizon::ALL`]).
    pub thresholds: [Thresholds; 4],
    /// How the analysis gave its alerts (the list's default).
    pub mode: AlertMode,
    /// Scored firms (the first rows).
    pub scored: usize,
    /// Whether a délais file was read: only then can "no payment plan" be told.
    pub plans_known: bool,
}

impl Table {
    pub fn new(a: &Analysis) -> Table {
        let t = a
            .panel
            .index_of(a.at)
            .unwrap_or(a.panel.months.saturating_sub(1));
        let lag = a.model.params.lags.effectif;
        let alert_horizon = a.model.alert_horizon;
        let orange = a.model.horizon(alert_horizon).thresholds.orange;
        let mut rows = Vec::with_capacity(a.scores.len() + a.strong_signals.len());
        for (i, s) in a.scores.iter().enumerate() {
            let mut row = Row::base(&a.panel, s.firm, t, lag, a.at);
            let x = &s.features;
            let probabilities = Horizon::ALL.map(|h| s.score.at(h).probability);
            let previous = s.history.last().filter(|p| !p.is_nan());
            row.score = Some(i);
            row.debt_months = x.get(Feature::DetteSurCotisations);
            row.plans = x.get(Feature::DelaisActifs);
            row.short_time = ShortTime {
                authorised: x.get(Feature::PartApAutorisee),
                consumed: x.get(Feature::PartApConsommee),
                months: x.get(Feature::MoisAp12),
                hours: x.get(Feature::HeuresApCumulees12),
            };
            row.trend = previous.map(|p| probabilities[alert_horizon.index()] - f64::from(*p));
            row.probabilities = Some(probabilities);
            row.degradation = s.score.degradation;
            // The analysis says exactly whether a firm in alert was in alert before; for a
            // firm it leaves green, the history (kept at the alert horizon only) against that
            // horizon's orange threshold.
            row.before = if s.alert == Alert::Vert {
                s.history
                    .iter()
                    .any(|p| !p.is_nan() && f64::from(*p) >= orange)
            } else {
                !s.first_alert
            };
            rows.push(row);
        }
        for &firm in &a.strong_signals {
            rows.push(Row::base(&a.panel, firm, t, lag, a.at));
        }
        Table {
            rows,
            at: a.at,
            alert_horizon,
            thresholds: Horizon::ALL.map(|h| a.model.horizon(h).thresholds),
            mode: a.alerts,
            scored: a.scores.len(),
            plans_known: a.panel.delai_plans.source_present(),
        }
    }

    /// The query showing the analysis as it is: every scored firm, ranked and given alerts as
    /// the analysis did.
    pub fn default_query(&self) -> Query {
        Query {
            horizon: self.alert_horizon,
            mode: self.mode,
            sort: Sort {
                key: SortKey::Risk(self.alert_horizon),
                descending: true,
            },
            ..Query::default()
        }
    }

    /// Alert levels of every row (`None` for the firms in a proceeding) by one horizon's
    /// probability: that horizon's thresholds, or the capacity mode.
    pub fn levels(&self, horizon: Horizon, mode: AlertMode) -> Vec<Option<Alert>> {
        let thresholds = self.thresholds[horizon.index()];
        match mode {
            AlertMode::Thresholds => self
                .rows
                .iter()
                .map(|r| r.p(horizon).map(|p| level(p, thresholds)))
                .collect(),
            AlertMode::Capacity(n) => capacity(&self.rows, horizon, thresholds, n),
        }
    }

    /// The rows a query keeps, in its order, and their counts by alert level. `levels` come
    /// from [`Table::levels`] for the query's horizon and mode; `book` is the agent's
    /// follow-up (for "followed firms only").
    pub fn select(&self, levels: &[Option<Alert>], query: &Query, book: &Book) -> Selection {
        let search = Search::new(&query.search);
        let mut rows = Vec::new();
        let mut total = 0;
        for (i, row) in self.rows.iter().enumerate() {
            if !query.procol.scope(row.procol) {
                continue;
            }
            total += 1;
            let level = levels.get(i).copied().flatten();
            if query.keeps(row, level, &search, book) {
                rows.push(i as u32);
            }
        }
        rows.sort_by(|a, b| self.compare(*a as usize, *b as usize, levels, query));
        let mut counts = Counts {
            total,
            ..Counts::default()
        };
        for i in &rows {
            match levels.get(*i as usize).copied().flatten() {
                Some(Alert::Rouge) => counts.rouge += 1,
                Some(Alert::Orange) => counts.orange += 1,
                Some(Alert::Vert) => counts.vert += 1,
                None => counts.strong += 1,
            }
        }
        Selection { rows, counts }
    }

    /// The query's order between rows `a` and `b`: its sort key (missing values last in both
    /// directions), ties by the chosen horizon's risk (highest first), then by the analysis'
    /// order, so that the order is total and stable.
    fn compare(&self, a: usize, b: usize, levels: &[Option<Alert>], query: &Query) -> Ordering {
        let (x, y) = (&self.rows[a], &self.rows[b]);
        let down = query.sort.descending;
        let level = |i: usize| levels.get(i).copied().flatten();
        let primary = match query.sort.key {
            SortKey::Alert => by(level(a), level(b), down),
            SortKey::Risk(h) => by_f64(x.p(h), y.p(h), down),
            SortKey::Trend => by_f64(x.trend, y.trend, down),
            SortKey::Name => by(x.name_key(), y.name_key(), down),
            SortKey::Siren => by(Some(x.siren), Some(y.siren), down),
            SortKey::Departement => by(x.departement.as_deref(), y.departement.as_deref(), down),
            SortKey::Naf => by(x.ape.as_deref(), y.ape.as_deref(), down),
            SortKey::Headcount => by_f64(x.headcount, y.headcount, down),
            SortKey::Debt => by_f64(x.debt, y.debt, down)
                .then_with(|| by_f64(x.debt_months, y.debt_months, down)),
            SortKey::ShortTime => by_f64(x.short_time.hours, y.short_time.hours, down)
                .then_with(|| by_f64(x.short_time.authorised, y.short_time.authorised, down)),
            SortKey::Procol => by(Some(x.procol), Some(y.procol), down),
            SortKey::Degradation => by_f64(x.degradation, y.degradation, down),
        };
        primary
            .then_with(|| by_f64(x.p(query.horizon), y.p(query.horizon), true))
            .then(a.cmp(&b))
    }

    /// The NAF sections present, in order.
    pub fn sections(&self) -> Vec<char> {
        let mut s: Vec<char> = self.rows.iter().filter_map(|r| r.section).collect();
        s.sort_unstable();
        s.dedup();
        s
    }

    /// The regions present (INSEE codes), in order.
    pub fn regions(&self) -> Vec<&'static str> {
        let mut s: Vec<&'static str> = self.rows.iter().filter_map(|r| r.region).collect();
        s.sort_unstable();
        s.dedup();
        s
    }

    /// The départements present, of one region when given, in order.
    pub fn departements(&self, region: Option<&str>) -> Vec<CompactString> {
        let mut s: Vec<CompactString> = self
            .rows
            .iter()
            .filter(|r| region.is_none_or(|g| r.region == Some(g)))
            .filter_map(|r| r.departement.clone())
            .collect();
        s.sort_unstable();
        s.dedup();
        s
    }
}

/// The alert level of a probability against thresholds (as [`crate::model::Model::alert`]).
pub fn level(p: f64, t: Thresholds) -> Alert {
    if p >= t.rouge {
        Alert::Rouge
    } else if p >= t.orange {
        Alert::Orange
    } else {
        Alert::Vert
    }
}

/// The capacity mode of [`AlertMode::Capacity`] over the rows at any horizon: the `n` riskiest
/// scored firms of each département (firms without one form one group) are in alert, red when
/// at or above the red threshold, orange otherwise; every other scored firm is green. Ties go
/// to the lower firm index, as in the pipeline, so at the alert horizon this gives the
/// analysis' own capacity alerts.
pub fn capacity(rows: &[Row], horizon: Horizon, t: Thresholds, n: usize) -> Vec<Option<Alert>> {
    let mut order: Vec<(f64, usize, usize)> = rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.p(horizon).map(|p| (p, r.firm, i)))
        .collect();
    order.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut levels: Vec<Option<Alert>> = rows
        .iter()
        .map(|r| r.probabilities.map(|_| Alert::Vert))
        .collect();
    let mut taken: FxHashMap<Option<&str>, usize> = FxHashMap::default();
    for (p, _, i) in order {
        let count = taken.entry(rows[i].departement.as_deref()).or_insert(0);
        if *count < n {
            *count += 1;
            levels[i] = Some(if p >= t.rouge {
                Alert::Rouge
            } else {
                Alert::Orange
            });
        }
    }
    levels
}

/// Which firms the collective-proceeding filter keeps.
///
/// Firms in a proceeding at the scoring month are not scored (the pipeline's « signaux
/// forts »): the default shows the ranked firms only, and the agent can ask for those firms
/// alone (with their status) or for everyone (they come after every scored firm in a risk
/// order, having no probability).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProcolFilter {
    /// No proceeding under way: every scored firm.
    #[default]
    Ranked,
    /// No proceeding known at all.
    Never,
    /// A proceeding opened after the scoring month.
    Later,
    /// In a proceeding at the scoring month (not scored).
    Ongoing,
    /// Every firm.
    All,
}

impl ProcolFilter {
    pub const ALL: [ProcolFilter; 5] = [
        ProcolFilter::Ranked,
        ProcolFilter::Never,
        ProcolFilter::Later,
        ProcolFilter::Ongoing,
        ProcolFilter::All,
    ];

    pub fn id(self) -> &'static str {
        match self {
            ProcolFilter::Ranked => "ranked",
            ProcolFilter::Never => "never",
            ProcolFilter::Later => "later",
            ProcolFilter::Ongoing => "ongoing",
            ProcolFilter::All => "all",
        }
    }

    pub fn from_id(id: &str) -> Option<ProcolFilter> {
        ProcolFilter::ALL.into_iter().find(|f| f.id() == id)
    }

    /// The firms the filter chooses among (the "total" the list counts): the scored firms, or
    /// the firms in a proceeding, or both.
    fn scope(self, p: Procol) -> bool {
        let ongoing = matches!(p, Procol::Ongoing(_));
        match self {
            ProcolFilter::Ranked | ProcolFilter::Never | ProcolFilter::Later => !ongoing,
            ProcolFilter::Ongoing => ongoing,
            ProcolFilter::All => true,
        }
    }

    fn admits(self, p: Procol) -> bool {
        match self {
            ProcolFilter::Ranked => !matches!(p, Procol::Ongoing(_)),
            ProcolFilter::Never => p == Procol::None,
            ProcolFilter::Later => matches!(p, Procol::Later(_)),
            ProcolFilter::Ongoing => matches!(p, Procol::Ongoing(_)),
            ProcolFilter::All => true,
        }
    }
}

/// What the list can be sorted by (one per sortable column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Alert,
    Risk(Horizon),
    Trend,
    Name,
    Siren,
    Departement,
    Naf,
    Headcount,
    /// URSSAF debt in euros, then in months of contributions.
    Debt,
    /// Short-time hours consumed over 12 months, then the share authorised now.
    ShortTime,
    Procol,
    Degradation,
}

impl SortKey {
    /// The direction of a first click: the largest (riskiest) first for values, A to Z for
    /// names and codes.
    pub fn descending_first(self) -> bool {
        !matches!(
            self,
            SortKey::Name | SortKey::Siren | SortKey::Departement | SortKey::Naf
        )
    }

    /// A stable identifier (HTML ids, tests).
    pub fn id(self) -> String {
        match self {
            SortKey::Alert => "alert".into(),
            SortKey::Risk(h) => format!("p{}", h.months()),
            SortKey::Trend => "trend".into(),
            SortKey::Name => "name".into(),
            SortKey::Siren => "siren".into(),
            SortKey::Departement => "departement".into(),
            SortKey::Naf => "naf".into(),
            SortKey::Headcount => "headcount".into(),
            SortKey::Debt => "debt".into(),
            SortKey::ShortTime => "ap".into(),
            SortKey::Procol => "procol".into(),
            SortKey::Degradation => "degradation".into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

impl Sort {
    /// The sort after a click on `key`'s header: the other direction when it is the current
    /// key, else its first direction.
    pub fn toggled(self, key: SortKey) -> Sort {
        if self.key == key {
            Sort {
                key,
                descending: !self.descending,
            }
        } else {
            Sort {
                key,
                descending: key.descending_first(),
            }
        }
    }
}

/// Everything the agent chose above the list.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// The horizon that ranks and gives the alert levels.
    pub horizon: Horizon,
    pub mode: AlertMode,
    /// The least alert level kept (`Vert`: every level; firms in a proceeding have none and
    /// are only kept at `Vert`).
    pub min_level: Alert,
    pub section: Option<char>,
    /// INSEE region code.
    pub region: Option<String>,
    pub departement: Option<String>,
    pub min_headcount: Option<f64>,
    pub procol: ProcolFilter,
    pub first_alerts: bool,
    /// No URSSAF payment plan active at the scoring month (a firm is kept only when the délais
    /// file says so: an unknown plan is not "no plan").
    pub no_plan: bool,
    /// Excludes firms younger than this many years (a firm whose creation date is unknown
    /// stays: nothing says it is young).
    pub min_age: Option<f64>,
    pub followed: bool,
    /// Name (case and accents ignored, words in any order) or SIREN (spaces ignored).
    pub search: String,
    pub sort: Sort,
}

impl Default for Query {
    fn default() -> Query {
        Query {
            horizon: Horizon::M18,
            mode: AlertMode::Thresholds,
            min_level: Alert::Vert,
            section: None,
            region: None,
            departement: None,
            min_headcount: None,
            procol: ProcolFilter::Ranked,
            first_alerts: false,
            no_plan: false,
            min_age: None,
            followed: false,
            search: String::new(),
            sort: Sort {
                key: SortKey::Risk(Horizon::M18),
                descending: true,
            },
        }
    }
}

impl Query {
    fn keeps(&self, r: &Row, level: Option<Alert>, search: &Search, book: &Book) -> bool {
        self.procol.admits(r.procol)
            && (self.min_level == Alert::Vert || level.is_some_and(|l| l >= self.min_level))
            && self.section.is_none_or(|s| r.section == Some(s))
            && self.region.as_deref().is_none_or(|g| r.region == Some(g))
            && self
                .departement
                .as_deref()
                .is_none_or(|d| r.departement.as_deref() == Some(d))
            && self
                .min_headcount
                .is_none_or(|m| r.headcount.is_some_and(|h| h >= m))
            && (!self.first_alerts || r.first_alert(level))
            && (!self.no_plan || r.plans.is_some_and(|n| n < 0.5))
            && self.min_age.is_none_or(|m| r.age.is_none_or(|a| a >= m))
            && (!self.followed || book.is_followed(r.siren))
            && search.matches(&r.digits, &r.key)
    }

    /// How many filters differ from `default` (the sort, horizon and mode excepted): the
    /// reset button says so.
    pub fn active_filters(&self, default: &Query) -> usize {
        [
            self.min_level != default.min_level,
            self.section != default.section,
            self.region != default.region,
            self.departement != default.departement,
            self.min_headcount != default.min_headcount,
            self.procol != default.procol,
            self.first_alerts != default.first_alerts,
            self.no_plan != default.no_plan,
            self.min_age != default.min_age,
            self.followed != default.followed,
            !self.search.trim().is_empty(),
        ]
        .into_iter()
        .filter(|b| *b)
        .count()
    }
}

/// Counts of a selection: by alert level, the firms in a proceeding, and how many firms the
/// collective-proceeding filter chose among.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub rouge: usize,
    pub orange: usize,
    pub vert: usize,
    /// Firms in a proceeding kept (no alert level).
    pub strong: usize,
    pub total: usize,
}

impl Counts {
    pub fn shown(&self) -> usize {
        self.rouge + self.orange + self.vert + self.strong
    }
}

/// The rows a query keeps, in its order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Selection {
    /// Indices in [`Table::rows`].
    pub rows: Vec<u32>,
    pub counts: Counts,
}

impl Selection {
    /// The kept scored firms as indices in [`Analysis::scores`], in the list's order (what the
    /// exports write).
    pub fn scores(&self, table: &Table) -> Vec<usize> {
        self.rows
            .iter()
            .filter_map(|i| table.rows.get(*i as usize).and_then(|r| r.score))
            .collect()
    }
}

/// A search, prepared once per query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    /// The query's digits when it is only digits and separators (a SIREN or SIRET typed with
    /// or without spaces; a SIRET's first nine digits are its SIREN).
    digits: Option<String>,
    /// The folded words, every one of which the name must contain.
    words: Vec<String>,
}

impl Search {
    pub fn new(text: &str) -> Search {
        let compact: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '.' | '-' | '/'))
            .collect();
        let digits =
            (!compact.is_empty() && compact.bytes().all(|b| b.is_ascii_digit())).then(|| {
                if compact.len() == 14 {
                    compact[..9].to_string()
                } else {
                    compact
                }
            });
        Search {
            digits,
            words: fold(text).split(' ').map(str::to_string).collect(),
        }
        .trimmed()
    }

    fn trimmed(mut self) -> Search {
        self.words.retain(|w| !w.is_empty());
        self
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether a firm with these SIREN digits and folded name matches.
    pub fn matches(&self, siren: &str, name: &str) -> bool {
        self.is_empty()
            || self.digits.as_deref().is_some_and(|d| siren.contains(d))
            || self.words.iter().all(|w| name.contains(w.as_str()))
    }
}

/// Text folded for comparison: lower case, accents and ligatures removed (`É` → `e`,
/// `Œ` → `oe`), every run of other characters (spaces, apostrophes, hyphens…) one space,
/// trimmed. "L'Étoile-du-Nord" → "l etoile du nord".
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let base = unaccent(c);
        let alnum = match base {
            Some(s) => !s.is_empty(),
            None => c.is_alphanumeric(),
        };
        if !alnum {
            gap = true;
            continue;
        }
        if gap && !out.is_empty() {
            out.push(' ');
        }
        gap = false;
        match base {
            Some(s) => out.push_str(s),
            None => out.push(c),
        }
    }
    out
}

/// The unaccented form of a lower-case Latin letter, `None` when it has none.
fn unaccent(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'ç' | 'ć' | 'ĉ' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ł' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'ř' => "r",
        'ś' | 'š' | 'ş' => "s",
        'ť' | 'ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'œ' => "oe",
        'æ' => "ae",
        'ß' => "ss",
        _ => return None,
    })
}

/// French and English names of a NAF rév. 2 section.
pub fn section_name(section: char) -> Option<(&'static str, &'static str)> {
    Some(match section {
        'A' => (
            "Agriculture, sylviculture et pêche",
            "Agriculture, forestry and fishing",
        ),
        'B' => ("Industries extractives", "Mining and quarrying"),
        'C' => ("Industrie manufacturière", "Manufacturing"),
        'D' => (
            "Électricité, gaz, vapeur et air conditionné",
            "Electricity, gas, steam and air conditioning",
        ),
        'E' => (
            "Eau, assainissement, déchets et dépollution",
            "Water, sewerage, waste and remediation",
        ),
        'F' => ("Construction", "Construction"),
        'G' => (
            "Commerce ; réparation d'automobiles et de motocycles",
            "Trade; repair of motor vehicles and motorcycles",
        ),
        'H' => ("Transports et entreposage", "Transportation and storage"),
        'I' => (
            "Hébergement et restauration",
            "Accommodation and food services",
        ),
        'J' => (
            "Information et communication",
            "Information and communication",
        ),
        'K' => (
            "Activités financières et d'assurance",
            "Financial and insurance activities",
        ),
        'L' => ("Activités immobilières", "Real estate activities"),
        'M' => (
            "Activités spécialisées, scientifiques et techniques",
            "Professional, scientific and technical activities",
        ),
        'N' => (
            "Services administratifs et de soutien",
            "Administrative and support services",
        ),
        'O' => ("Administration publique", "Public administration"),
        'P' => ("Enseignement", "Education"),
        'Q' => (
            "Santé humaine et action sociale",
            "Human health and social work",
        ),
        'R' => (
            "Arts, spectacles et activités récréatives",
            "Arts, entertainment and recreation",
        ),
        'S' => ("Autres activités de services", "Other service activities"),
        'T' => (
            "Activités des ménages en tant qu'employeurs",
            "Households as employers",
        ),
        'U' => (
            "Activités extra-territoriales",
            "Extraterritorial organisations",
        ),
        _ => return None,
    })
}

/// Order of two optional values, missing last whatever the direction.
fn by<T: Ord>(a: Option<T>, b: Option<T>, descending: bool) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) if descending => b.cmp(&a),
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

fn by_f64(a: Option<f64>, b: Option<f64>, descending: bool) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) if descending => b.total_cmp(&a),
        (Some(a), Some(b)) => a.total_cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use super::*;
    use crate::calendar::Date;
    use crate::demo::{DemoConfig, generate};
    use crate::followup::FollowReason;
    use crate::pipeline::analyse;

    /// Thresholds of 20 % and 50 % (the other fields those of the embedded model).
    fn thresholds(orange: f64, rouge: f64) -> Thresholds {
        static BASE: OnceLock<Thresholds> = OnceLock::new();
        let base = BASE.get_or_init(|| {
            crate::model::embedded()
                .expect("embedded model")
                .horizon(Horizon::M18)
                .thresholds
        });
        Thresholds {
            orange,
            rouge,
            ..*base
        }
    }

    fn t() -> Thresholds {
        thresholds(0.2, 0.5)
    }

    /// A scored row: firm `i` of département `dep`, 18-month probability `p18` (shorter
    /// horizons lower), every other value ordinary.
    fn row(i: usize, dep: &str, name: &str, p18: f64) -> Row {
        let siren = Siren::from_prefix(55_210_000 + i as u32);
        Row {
            score: Some(i),
            firm: i,
            siren,
            digits: CompactString::from(format!("{:09}", siren.value())),
            key: fold(name),
            departement: Some(dep.into()),
            region: geo::region_of(dep),
            section: Some('C'),
            ape: Some("25.62A".into()),
            headcount: Some(10.0),
            debt: Some(0.0),
            debt_months: Some(0.0),
            plans: Some(0.0),
            short_time: ShortTime::default(),
            age: Some(10.0),
            procol: Procol::None,
            first_procol: None,
            probabilities: Some([p18 / 4.0, p18 / 3.0, p18 / 2.0, p18]),
            degradation: Some(0.0),
            trend: None,
            before: false,
        }
    }

    /// Six firms: five scored (risk order 0, 1, 2, 4, 3 at 18 months), one in a proceeding.
    fn small() -> Table {
        let mut rows = vec![
            row(0, "69", "Boulangerie L'Étoile", 0.9),
            row(1, "69", "ŒUVRES SOCIALES", 0.6),
            row(2, "75", "épicerie du coin", 0.3),
            row(3, "75", "Zinc", 0.1),
            row(4, "2A", "", 0.25),
            row(5, "13", "Chantier naval", 0.0),
        ];
        let r = &mut rows;
        r[0].headcount = Some(50.0);
        r[0].age = Some(12.0);
        r[0].trend = Some(0.05);
        r[0].debt = Some(12_000.0);
        r[1].section = Some('I');
        r[1].headcount = Some(5.0);
        r[1].plans = Some(1.0);
        r[1].age = Some(1.5);
        r[1].trend = Some(-0.02);
        r[1].short_time.hours = Some(300.0);
        r[2].section = Some('I');
        r[2].headcount = Some(120.0);
        r[2].plans = None;
        r[2].age = None;
        r[2].before = true;
        r[3].headcount = Some(8.0);
        r[3].trend = Some(0.0);
        r[4].section = Some('F');
        r[4].headcount = Some(8.0);
        r[4].trend = Some(0.01);
        r[4].procol = Procol::Later(Month::from_index(2025 * 12 + 2));
        // High at 3 months already: first at that horizon.
        r[4].probabilities = Some([0.24, 0.24, 0.25, 0.25]);
        r[5].score = None;
        r[5].probabilities = None;
        r[5].degradation = None;
        r[5].procol = Procol::Ongoing(ProcolStatus::Redressement);
        Table {
            rows,
            at: Month::from_index(2024 * 12 + 5),
            alert_horizon: Horizon::M18,
            thresholds: [t(); 4],
            mode: AlertMode::Thresholds,
            scored: 5,
            plans_known: true,
        }
    }

    /// The firms a query (the default one, edited) keeps, in order, with `book`.
    fn run(edit: impl Fn(&mut Query), book: &Book) -> (Vec<usize>, Counts) {
        let table = small();
        let mut query = table.default_query();
        edit(&mut query);
        let levels = table.levels(query.horizon, query.mode);
        let s = table.select(&levels, &query, book);
        let firms = s
            .rows
            .iter()
            .map(|i| table.rows[*i as usize].firm)
            .collect();
        (firms, s.counts)
    }

    fn check(edit: impl Fn(&mut Query), expected: &[usize]) {
        assert_eq!(run(edit, &Book::default()).0, expected);
    }

    #[test]
    fn each_filter_keeps_exactly_the_matching_firms() {
        check(|_| {}, &[0, 1, 2, 4, 3]);
        check(|q| q.section = Some('I'), &[1, 2]);
        check(|q| q.region = Some("84".into()), &[0, 1]);
        check(|q| q.departement = Some("75".into()), &[2, 3]);
        check(
            |q| {
                q.region = Some("11".into());
                q.departement = Some("69".into());
            },
            &[],
        );
        check(|q| q.min_headcount = Some(10.0), &[0, 2]);
        check(|q| q.min_headcount = Some(8.0), &[0, 2, 4, 3]);
        check(|q| q.procol = ProcolFilter::Never, &[0, 1, 2, 3]);
        check(|q| q.procol = ProcolFilter::Later, &[4]);
        check(|q| q.procol = ProcolFilter::Ongoing, &[5]);
        check(|q| q.procol = ProcolFilter::All, &[0, 1, 2, 4, 3, 5]);
        // Firm 2 is orange but was in alert before; firm 3 is green.
        check(|q| q.first_alerts = true, &[0, 1, 4]);
        // Firm 1 has a plan, firm 2's plans are unknown (not "no plan").
        check(|q| q.no_plan = true, &[0, 4, 3]);
        // Firm 1 is 1.5 years old; firm 2's age is unknown and stays.
        check(|q| q.min_age = Some(5.0), &[0, 2, 4, 3]);
        check(|q| q.min_age = Some(12.5), &[2]);
        check(|q| q.min_level = Alert::Orange, &[0, 1, 2, 4]);
        check(|q| q.min_level = Alert::Rouge, &[0, 1]);
        check(
            |q| {
                q.min_level = Alert::Orange;
                q.procol = ProcolFilter::All;
            },
            &[0, 1, 2, 4],
        );
        check(|q| q.followed = true, &[]);
        let mut book = Book::default();
        let siren = small().rows[2].siren;
        let day = Date::new(2024, 7, 1).expect("a date");
        book.follow(siren, "épicerie", FollowReason::ModelSignal, "", day)
            .expect("followed");
        assert_eq!(run(|q| q.followed = true, &book).0, [2]);
        assert_eq!(run(|_| {}, &book).0, [0, 1, 2, 4, 3]);
    }

    #[test]
    fn the_search_ignores_case_accents_word_order_and_spaces_in_a_siren() {
        check(|q| q.search = "etoile".into(), &[0]);
        check(|q| q.search = "L'ÉTOILE".into(), &[0]);
        check(|q| q.search = "oeuvres".into(), &[1]);
        check(|q| q.search = "coin EPICERIE".into(), &[2]);
        check(|q| q.search = "épicerie boulangerie".into(), &[]);
        check(|q| q.search = "   ".into(), &[0, 1, 2, 4, 3]);
        let siren = small().rows[3].siren;
        check(|q| q.search = siren.insee(), &[3]);
        check(|q| q.search = siren.to_string(), &[3]);
        check(|q| q.search = format!("{siren}00021"), &[3]);
        check(
            |q| q.search = format!(" {} ", &siren.to_string()[5..]),
            &[3],
        );
        check(|q| q.search = "999 999 999".into(), &[]);
    }

    #[test]
    fn folding() {
        let check = |text: &str, expected: &str| assert_eq!(fold(text), expected, "{text}");
        check(
            "Boulangerie L'Étoile-du-Nord",
            "boulangerie l etoile du nord",
        );
        check("ŒUVRES & Cie", "oeuvres cie");
        check("  ÇA  VA ", "ca va");
        check("Straße 12", "strasse 12");
        check("", "");
        check("«»—", "");
    }

    #[test]
    fn sorting_toggles_keeps_missing_values_last_and_breaks_ties_by_risk() {
        let sort = |key, descending| move |q: &mut Query| q.sort = Sort { key, descending };
        check(sort(SortKey::Headcount, true), &[2, 0, 4, 3, 1]);
        // Firms 4 and 3 have the same headcount: the riskier first, in both directions.
        check(sort(SortKey::Headcount, false), &[1, 4, 3, 0, 2]);
        // Firm 4 has no name: last in both directions.
        check(sort(SortKey::Name, false), &[0, 2, 1, 3, 4]);
        check(sort(SortKey::Name, true), &[3, 1, 2, 0, 4]);
        check(sort(SortKey::Trend, true), &[0, 4, 3, 1, 2]);
        check(sort(SortKey::Trend, false), &[1, 3, 4, 0, 2]);
        check(sort(SortKey::Alert, false), &[3, 2, 4, 0, 1]);
        check(sort(SortKey::Alert, true), &[0, 1, 2, 4, 3]);
        check(sort(SortKey::Risk(Horizon::ALL[0]), true), &[4, 0, 1, 2, 3]);
        check(sort(SortKey::Departement, false), &[4, 0, 1, 2, 3]);
        check(sort(SortKey::Debt, true), &[0, 1, 2, 4, 3]);
        check(sort(SortKey::ShortTime, true), &[1, 0, 2, 4, 3]);
        check(
            |q| {
                q.procol = ProcolFilter::All;
                q.sort = Sort {
                    key: SortKey::Procol,
                    descending: true,
                };
            },
            &[5, 4, 0, 1, 2, 3],
        );
        // The horizon ranks and gives the levels: firm 4 is first at 3 months.
        check(|q| q.horizon = Horizon::ALL[0], &[0, 1, 2, 4, 3]);
        let first = Sort {
            key: SortKey::Name,
            descending: false,
        };
        assert!(first.toggled(SortKey::Name).descending);
        assert!(first.toggled(SortKey::Headcount).descending);
        assert!(!first.toggled(SortKey::Siren).descending);
        assert_eq!(first.toggled(SortKey::Name).toggled(SortKey::Name), first);
    }

    #[test]
    fn levels_follow_the_chosen_horizon_and_its_thresholds() {
        let mut table = small();
        // A stricter red threshold at 3 months.
        table.thresholds[0] = thresholds(0.05, 0.2);
        let levels = table.levels(Horizon::ALL[0], AlertMode::Thresholds);
        use Alert::*;
        assert_eq!(
            levels,
            [
                Some(Rouge),
                Some(Orange),
                Some(Orange),
                Some(Vert),
                Some(Rouge),
                None
            ]
        );
        let levels = table.levels(Horizon::M18, AlertMode::Thresholds);
        assert_eq!(
            levels,
            [
                Some(Rouge),
                Some(Rouge),
                Some(Orange),
                Some(Vert),
                Some(Orange),
                None
            ]
        );
    }

    #[test]
    fn capacity_puts_at_most_n_firms_per_departement_in_alert_red_only_above_red() {
        use Alert::*;
        let table = small();
        let check = |n: usize, expected: [Option<Alert>; 6]| {
            assert_eq!(
                capacity(&table.rows, Horizon::M18, t(), n),
                expected,
                "n = {n}"
            );
        };
        check(
            0,
            [
                Some(Vert),
                Some(Vert),
                Some(Vert),
                Some(Vert),
                Some(Vert),
                None,
            ],
        );
        check(
            1,
            [
                Some(Rouge),
                Some(Vert),
                Some(Orange),
                Some(Vert),
                Some(Orange),
                None,
            ],
        );
        // Firm 3 (10 %) is below the orange threshold, but in capacity: orange.
        check(
            2,
            [
                Some(Rouge),
                Some(Rouge),
                Some(Orange),
                Some(Orange),
                Some(Orange),
                None,
            ],
        );
        // Ties go to the lower firm index.
        let rows = vec![row(7, "69", "b", 0.3), row(3, "69", "a", 0.3)];
        assert_eq!(
            capacity(&rows, Horizon::M18, t(), 1),
            [Some(Vert), Some(Orange)]
        );
        // Firms without a département form one group.
        let mut rows = vec![row(0, "69", "a", 0.3), row(1, "69", "b", 0.2)];
        rows.iter_mut().for_each(|r| r.departement = None);
        assert_eq!(
            capacity(&rows, Horizon::M18, t(), 1),
            [Some(Orange), Some(Vert)]
        );
    }

    #[test]
    fn counts_are_those_of_the_kept_rows() {
        let counts = |edit: fn(&mut Query)| run(edit, &Book::default()).1;
        let c = |rouge, orange, vert, strong, total| Counts {
            rouge,
            orange,
            vert,
            strong,
            total,
        };
        assert_eq!(counts(|_| {}), c(2, 2, 1, 0, 5));
        assert_eq!(counts(|q| q.procol = ProcolFilter::All), c(2, 2, 1, 1, 6));
        assert_eq!(
            counts(|q| q.procol = ProcolFilter::Ongoing),
            c(0, 0, 0, 1, 1)
        );
        assert_eq!(
            counts(|q| q.departement = Some("75".into())),
            c(0, 1, 1, 0, 5)
        );
        assert_eq!(
            counts(|q| q.mode = AlertMode::Capacity(1)),
            c(1, 2, 2, 0, 5)
        );
        assert_eq!(counts(|q| q.search = "zinc".into()).shown(), 1);
        let table = small();
        let default = table.default_query();
        let mut q = default.clone();
        assert_eq!(q.active_filters(&default), 0);
        q.section = Some('C');
        q.search = "x".into();
        q.horizon = Horizon::ALL[1];
        assert_eq!(q.active_filters(&default), 2);
        assert_eq!(table.sections(), ['C', 'F', 'I']);
        assert_eq!(table.regions(), ["11", "84", "93", "94"]);
        assert_eq!(table.departements(Some("11")), ["75"]);
    }

    #[test]
    fn thirty_thousand_firms_are_filtered_and_sorted_in_one_pass() {
        let deps = ["69", "75", "13", "2A", "59", "33"];
        let rows: Vec<Row> = (0..30_000)
            .map(|i| {
                let p = ((i * 7919) % 10_007) as f64 / 10_007.0;
                let mut r = row(
                    i,
                    deps[i % deps.len()],
                    &format!("Société n° {}", i % 977),
                    p,
                );
                r.headcount = Some((i % 250) as f64);
                r
            })
            .collect();
        let table = Table { rows, ..small() };
        let started = std::time::Instant::now();
        let mut q = table.default_query();
        q.mode = AlertMode::Capacity(50);
        let levels = table.levels(q.horizon, q.mode);
        q.min_headcount = Some(20.0);
        q.sort = Sort {
            key: SortKey::Name,
            descending: false,
        };
        let s = table.select(&levels, &q, &Book::default());
        let elapsed = started.elapsed();
        assert_eq!(s.rows.len(), 30_000 / 250 * 230);
        assert!(s.rows.windows(2).all(|w| {
            let (a, b) = (&table.rows[w[0] as usize], &table.rows[w[1] as usize]);
            a.key < b.key || (a.key == b.key && a.p(q.horizon) >= b.p(q.horizon))
        }));
        // Capacity is over every firm, the filters come after it.
        let in_alert = |l: &Option<Alert>| matches!(l, Some(Alert::Rouge | Alert::Orange));
        assert_eq!(levels.iter().filter(|l| in_alert(l)).count(), 6 * 50);
        let kept = s.rows.iter().filter(|i| in_alert(&levels[**i as usize]));
        assert_eq!(s.counts.rouge + s.counts.orange, kept.count());
        assert!(elapsed.as_millis() < 2_000, "{elapsed:?}");
    }

    /// One small demo analysis shared by the tests below.
    fn demo() -> &'static (Analysis, Table) {
        static DEMO: OnceLock<(Analysis, Table)> = OnceLock::new();
        DEMO.get_or_init(|| {
            let files = generate(&DemoConfig {
                firms: 400,
                ..DemoConfig::default()
            });
            let a = analyse(&files, None).expect("demo analysis");
            let table = Table::new(&a);
            (a, table)
        })
    }

    fn select(table: &Table, edit: impl Fn(&mut Query)) -> Vec<usize> {
        let mut q = table.default_query();
        edit(&mut q);
        let levels = table.levels(q.horizon, q.mode);
        table
            .select(&levels, &q, &Book::default())
            .rows
            .iter()
            .map(|i| *i as usize)
            .collect()
    }

    #[test]
    fn the_default_list_is_the_analysis() {
        let (a, table) = demo();
        assert_eq!(table.rows.len(), a.scores.len() + a.strong_signals.len());
        assert!(a.scores.len() > 100 && !a.strong_signals.is_empty());
        let shown = select(table, |_| {});
        assert_eq!(shown, (0..a.scores.len()).collect::<Vec<_>>());
        let levels = table.levels(table.alert_horizon, table.mode);
        for (i, s) in a.scores.iter().enumerate() {
            let r = &table.rows[i];
            assert_eq!((r.score, r.firm), (Some(i), s.firm));
            assert_eq!(levels[i], Some(s.alert), "{}", r.siren);
            assert_eq!(r.first_alert(levels[i]), s.first_alert, "{}", r.siren);
            // The trend: the alert horizon's probability now minus last month's.
            let now = s.score.at(a.model.alert_horizon).probability;
            match s.history.last().filter(|p| !p.is_nan()) {
                Some(p) => {
                    assert!((r.trend.expect("a trend") - (now - f64::from(*p))).abs() < 1e-12)
                }
                None => assert_eq!(r.trend, None),
            }
        }
        assert!(table.rows.iter().any(|r| r.trend.is_some_and(|t| t > 0.0)));
        assert!(table.rows.iter().any(|r| r.trend.is_some_and(|t| t < 0.0)));
        for (k, f) in a.strong_signals.iter().enumerate() {
            let r = &table.rows[a.scores.len() + k];
            assert_eq!(
                (r.firm, r.score, levels[a.scores.len() + k]),
                (*f, None, None)
            );
            assert!(matches!(r.procol, Procol::Ongoing(_)));
        }
        let q = table.default_query();
        let s = table.select(&levels, &q, &Book::default());
        assert_eq!(s.scores(table), (0..a.scores.len()).collect::<Vec<_>>());
        let count = |alert| a.scores.iter().filter(|s| s.alert == alert).count();
        assert_eq!(
            (
                s.counts.rouge,
                s.counts.orange,
                s.counts.vert,
                s.counts.total
            ),
            (
                count(Alert::Rouge),
                count(Alert::Orange),
                count(Alert::Vert),
                a.scores.len()
            )
        );
    }

    #[test]
    fn capacity_at_the_alert_horizon_gives_the_pipelines_alerts() {
        let (a, table) = demo();
        let rescored = a
            .clone()
            .rescore(a.model.clone(), None, AlertMode::Capacity(2))
            .expect("rescored");
        let levels = table.levels(table.alert_horizon, AlertMode::Capacity(2));
        let by_firm: FxHashMap<usize, Alert> =
            rescored.scores.iter().map(|s| (s.firm, s.alert)).collect();
        for (r, l) in table.rows.iter().zip(&levels) {
            assert_eq!(*l, by_firm.get(&r.firm).copied(), "{}", r.siren);
        }
        // And at any horizon: at most 2 per département, red only at or above red.
        for h in Horizon::ALL {
            let t = table.thresholds[h.index()];
            let levels = table.levels(h, AlertMode::Capacity(2));
            let mut per: FxHashMap<Option<&str>, usize> = FxHashMap::default();
            for (r, l) in table.rows.iter().zip(&levels) {
                let p = r.p(h);
                match l {
                    Some(Alert::Rouge) => assert!(p.is_some_and(|p| p >= t.rouge)),
                    Some(Alert::Orange) => assert!(p.is_some_and(|p| p < t.rouge)),
                    _ => {}
                }
                if l.is_some_and(|l| l != Alert::Vert) {
                    *per.entry(r.departement.as_deref()).or_default() += 1;
                }
            }
            assert!(per.values().all(|n| *n <= 2), "{per:?}");
            // Every département with firms has its two riskiest in alert.
            let mut deps: Vec<Option<&str>> = table
                .rows
                .iter()
                .filter(|r| r.score.is_some())
                .map(|r| r.departement.as_deref())
                .collect();
            deps.sort_unstable();
            deps.dedup();
            assert_eq!(per.len(), deps.len());
        }
    }

    #[test]
    fn demo_filters_keep_exactly_the_firms_the_panel_says() {
        let (a, table) = demo();
        let t = a.panel.index_of(a.at).expect("scoring month");
        let firm = |i: usize| &a.panel.firms[table.rows[i].firm];
        let scored = || 0..a.scores.len();
        let check = |edit: &dyn Fn(&mut Query), keep: &dyn Fn(usize) -> bool, what: &str| {
            let shown = select(table, edit);
            let expected: Vec<usize> = scored().filter(|i| keep(*i)).collect();
            assert!(!expected.is_empty(), "{what}: nothing to keep");
            assert!(expected.len() < a.scores.len(), "{what}: keeps everything");
            let mut sorted = shown.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, expected, "{what}");
        };
        let section = firm(0).naf_section().expect("a section");
        check(
            &|q| q.section = Some(section),
            &|i| firm(i).naf_section() == Some(section),
            "section",
        );
        let dep = firm(0).departement.clone().expect("a département");
        check(
            &|q| q.departement = Some(dep.clone()),
            &|i| firm(i).departement.as_deref() == Some(dep.as_str()),
            "département",
        );
        let region = geo::region_of(&dep).expect("a region");
        check(
            &|q| q.region = Some(region.into()),
            &|i| firm(i).departement.as_deref().and_then(geo::region_of) == Some(region),
            "region",
        );
        let lag = a.model.params.lags.effectif;
        check(
            &|q| q.min_headcount = Some(20.0),
            &|i| {
                a.panel
                    .effectif
                    .get(table.rows[i].firm, t - lag)
                    .is_some_and(|h| h >= 20.0)
            },
            "headcount",
        );
        check(
            &|q| q.no_plan = true,
            &|i| a.panel.delai_plans.get(table.rows[i].firm, t) == Some(0.0),
            "no plan",
        );
        check(
            &|q| q.min_age = Some(10.0),
            &|i| {
                firm(i)
                    .created
                    .is_none_or(|c| c.month().months_until(a.at) >= 120)
            },
            "age",
        );
        check(
            &|q| q.first_alerts = true,
            &|i| a.scores[i].first_alert,
            "first alerts",
        );
        let ongoing = select(table, |q: &mut Query| q.procol = ProcolFilter::Ongoing);
        assert_eq!(ongoing.len(), a.strong_signals.len());
        // A horizon ranks by its own probabilities.
        for h in Horizon::ALL {
            let shown = select(table, |q: &mut Query| {
                q.horizon = h;
                q.sort.key = SortKey::Risk(h);
            });
            assert!(
                shown
                    .windows(2)
                    .all(|w| table.rows[w[0]].p(h) >= table.rows[w[1]].p(h)),
                "{h:?}"
            );
        }
    }
}
