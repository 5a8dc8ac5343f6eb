//! The monthly firm panel (§7): one row per SIREN, one column per month, stored column-wise in
//! `f32` with NaN as the *only* encoding of "no data" (never conflated with zero; see [`Series`]).

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap as HashMap;

use serde::{Deserialize, Serialize};

use crate::calendar::{Date, Month};
use crate::ids::{Siren, Siret};
use crate::ingest::kind::FileKind;
use crate::ingest::records::{
    CcsfStage, Debit, DebtChange, HEADCOUNT_MISSING, InpiRatios, ProcolAction, ProcolEvent,
    Records, debt_stock_changes,
};

pub mod export;
pub mod geo;
pub mod perimeter;

pub use perimeter::{Exclusion, PerimeterRule};

/// Why no panel could be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PanelError {
    #[error(
        "aucune donnée mensuelle exploitable (effectifs, cotisations ou débits) dans les fichiers importés"
    )]
    NoMonthlyData,
}

/// A firms × months matrix of optional values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    months: usize,
    values: Vec<f32>,
}

impl Series {
    fn missing(firms: usize, months: usize) -> Series {
        Series {
            months,
            values: vec![f32::NAN; firms * months],
        }
    }

    /// `None` is "no data", which is never the same as zero.
    pub fn get(&self, firm: usize, month: usize) -> Option<f64> {
        let v = *self.values.get(firm * self.months + month)?;
        (!v.is_nan()).then_some(f64::from(v))
    }

    /// One firm's months `from..from + out.len()` (NaN where missing), for column-wise passes.
    pub fn fill_row(&self, firm: usize, from: usize, out: &mut [f64]) {
        let row = &self.values[firm * self.months + from..][..out.len()];
        for (o, v) in out.iter_mut().zip(row) {
            *o = f64::from(*v);
        }
    }

    fn set(&mut self, firm: usize, month: usize, value: f64) {
        self.values[firm * self.months + month] = value as f32;
    }

    /// Adds to a cell, turning "no data" into data.
    fn add(&mut self, firm: usize, month: usize, value: f64) {
        let cell = &mut self.values[firm * self.months + month];
        *cell = if cell.is_nan() {
            value as f32
        } else {
            *cell + value as f32
        };
    }
}

/// A firms × months matrix that is mostly one value (0 hours of activité partielle, 0 plans):
/// only the other cells are stored, sorted by cell. `default` is `None` when no file of the
/// source was read, so that "no data" stays distinct from zero.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SparseSeries {
    months: usize,
    default: Option<f32>,
    cells: Vec<(u32, f32)>,
}

impl SparseSeries {
    fn from_cells(months: usize, default: Option<f32>, mut cells: Vec<(u32, f32)>) -> SparseSeries {
        cells.sort_by_key(|(c, _)| *c);
        // Several contributions to one cell add up.
        let mut merged: Vec<(u32, f32)> = Vec::with_capacity(cells.len());
        for (c, v) in cells {
            match merged.last_mut() {
                Some((last, acc)) if *last == c => *acc += v,
                _ => merged.push((c, v)),
            }
        }
        SparseSeries {
            months,
            default,
            cells: merged,
        }
    }

    pub fn get(&self, firm: usize, month: usize) -> Option<f64> {
        let cell = (firm * self.months + month) as u32;
        match self.cells.binary_search_by_key(&cell, |(c, _)| *c) {
            Ok(i) => Some(f64::from(self.cells[i].1)),
            Err(_) => self.default.map(f64::from),
        }
    }

    /// One firm's months `from..from + out.len()` into `out` (NaN where missing): one binary
    /// search, then a linear walk, instead of a search per cell.
    pub fn fill_row(&self, firm: usize, from: usize, out: &mut [f64]) {
        out.fill(self.default.map_or(f64::NAN, f64::from));
        let first = (firm * self.months + from) as u32;
        let start = self.cells.partition_point(|(c, _)| *c < first);
        for (c, v) in &self.cells[start..] {
            let i = (*c - first) as usize;
            if i >= out.len() {
                break;
            }
            out[i] = f64::from(*v);
        }
    }

    /// Whether a file of the source was read at all.
    pub fn source_present(&self) -> bool {
        self.default.is_some()
    }
}

/// Collective-proceeding status of a firm on the first day of a month (§4.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProcolStatus {
    InBonis,
    Sauvegarde,
    PlanSauvegarde,
    Redressement,
    PlanRedressement,
    Liquidation,
}

impl ProcolStatus {
    pub fn label_fr(self) -> &'static str {
        match self {
            ProcolStatus::InBonis => "In bonis",
            ProcolStatus::Sauvegarde => "Sauvegarde",
            ProcolStatus::PlanSauvegarde => "Plan de sauvegarde",
            ProcolStatus::Redressement => "Redressement judiciaire",
            ProcolStatus::PlanRedressement => "Plan de redressement",
            ProcolStatus::Liquidation => "Liquidation judiciaire",
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            ProcolStatus::InBonis => "in_bonis",
            ProcolStatus::Sauvegarde => "sauvegarde",
            ProcolStatus::PlanSauvegarde => "plan_sauvegarde",
            ProcolStatus::Redressement => "redressement",
            ProcolStatus::PlanRedressement => "plan_redressement",
            ProcolStatus::Liquidation => "liquidation",
        }
    }
}

/// Stages that close an action (§4.5 step 3).
fn closes_action(stage: &str) -> bool {
    matches!(
        stage,
        "fin_procedure" | "inclusion_autre_procedure" | "abandon_procedure"
    )
}

/// Status at `day` from one firm's events sorted by (date, line): the most severe open action.
pub fn procol_status_at(events: &[&ProcolEvent], day: Date) -> ProcolStatus {
    let mut latest: BTreeMap<ProcolAction, &ProcolEvent> = BTreeMap::new();
    for e in events
        .iter()
        .filter(|e| e.date <= day && e.stage != "solde_procedure")
    {
        latest.insert(e.action, e);
    }
    let ten_years_days = 3652;
    latest
        .into_iter()
        .rev()
        .find(|(_, e)| {
            let expired_plan = e.stage == "plan_continuation"
                && day.days_since_epoch() - e.date.days_since_epoch() >= ten_years_days;
            !closes_action(&e.stage) && !expired_plan
        })
        .map_or(ProcolStatus::InBonis, |(action, e)| {
            let plan = e.stage == "plan_continuation";
            match (action, plan) {
                (ProcolAction::Liquidation, _) => ProcolStatus::Liquidation,
                (ProcolAction::Redressement, true) => ProcolStatus::PlanRedressement,
                (ProcolAction::Redressement, false) => ProcolStatus::Redressement,
                (ProcolAction::Sauvegarde, true) => ProcolStatus::PlanSauvegarde,
                (ProcolAction::Sauvegarde, false) => ProcolStatus::Sauvegarde,
            }
        })
}

/// Static attributes of a firm (SIRENE legal unit + head office) and its perimeter status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Firm {
    pub siren: Siren,
    pub name: String,
    pub ape: Option<String>,
    pub departement: Option<String>,
    pub region: Option<String>,
    pub legal_category: Option<String>,
    pub created: Option<Date>,
    pub siege: Option<Siret>,
    /// Legal unit active in the SIRENE stock (`None` when the firm is not in SIRENE).
    pub active: Option<bool>,
    /// Earliest non-closing collective-proceeding event: the training target's date.
    pub first_procol: Option<Date>,
    /// `None` when the firm is in the perimeter (§6), else the first reason it is not.
    pub excluded: Option<Exclusion>,
    /// Which sources mention the firm (bit = position of the kind in `ALL_KINDS`).
    pub sources: u16,
}

impl Firm {
    /// NAF division: the APE's first two digits.
    pub fn naf_division(&self) -> Option<&str> {
        self.ape.as_deref().map(|a| &a[..2])
    }

    pub fn naf_section(&self) -> Option<char> {
        self.ape.as_deref().and_then(geo::naf_section)
    }

    pub fn in_perimeter(&self) -> bool {
        self.excluded.is_none()
    }

    pub fn has_source(&self, kind: FileKind) -> bool {
        self.sources & source_bit(kind) != 0
    }
}

fn source_bit(kind: FileKind) -> u16 {
    let i = crate::ingest::kind::ALL_KINDS
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(15);
    1 << i
}

/// The panel's quantities, each with the delay after which a month's value is known (§7):
/// a feature computed "as of" month C may only read month M of a quantity when
/// `M + lag ≤ C`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quantity {
    Effectif,
    Cotisation,
    Dette,
    ApAuthorised,
    ApConsumed,
    Delai,
    Ccsf,
    Procol,
}

impl Quantity {
    /// Months between a value's month and the month it becomes observable: débits are complete
    /// after the 20th of M (same month); dues of M are known in M+1; headcounts arrive 0–6 months
    /// late (2 is the typical delay, the unpublished trailing months are handled separately);
    /// AP consumption one month late; requests, délais, CCSF and proceedings near real time.
    pub fn lag_months(self) -> usize {
        match self {
            Quantity::Effectif => 2,
            Quantity::Cotisation | Quantity::ApConsumed => 1,
            Quantity::Dette
            | Quantity::ApAuthorised
            | Quantity::Delai
            | Quantity::Ccsf
            | Quantity::Procol => 0,
        }
    }
}

/// Every firm's financial statements, every type (the type is chosen as of each month, see
/// [`statement_as_of`]), flat: firm `f`'s statements
/// are `rows[starts[f]..starts[f + 1]]`, sorted by closing date. One vector rather than one per
/// firm, so that the 2 million statements of a national file are sorted and filtered in place
/// instead of copied.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Statements {
    rows: Vec<InpiRatios>,
    starts: Vec<u32>,
}

impl Statements {
    /// The statements of one firm, oldest first.
    pub fn of(&self, firm: usize) -> &[InpiRatios] {
        match (self.starts.get(firm), self.starts.get(firm + 1)) {
            (Some(&a), Some(&b)) => &self.rows[a as usize..b as usize],
            _ => &[],
        }
    }
}

/// Index in `statements` (one firm's, oldest first) of the latest statement usable in `month`,
/// of the type §5.1 prefers (`K`, else `C`, else `S`) **among the statements usable then**: the
/// front end chooses over every year, but a consolidated statement filed later must not change
/// which accounts were shown earlier (no look-ahead).
pub fn statement_as_of(statements: &[InpiRatios], month: Month) -> Option<usize> {
    // Closings are sorted, so the usable statements are a prefix.
    let usable = &statements[..statements.partition_point(|s| usable_from(s) <= month)];
    let kind = crate::ingest::readers::finance::preferred_type(usable.iter().map(|s| s.kind))?;
    usable.iter().rposition(|s| s.kind == kind)
}

/// The first month a statement may be used: closing + 8 months (§5.1).
pub fn usable_from(statement: &InpiRatios) -> Month {
    crate::ingest::readers::finance::usable_from(statement.closing)
}

/// The SIREN × month panel, the input of every later layer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Panel {
    pub start: Month,
    pub months: usize,
    /// Sorted by SIREN.
    pub firms: Vec<Firm>,
    /// Firm headcount (`effectif_ent`; else the sum of the establishments' `effectif`), carried
    /// forward after the last published month (see [`Panel::effectif_carried`]).
    pub effectif: Series,
    /// Last month actually published in the headcount files.
    pub effectif_published_until: Option<Month>,
    /// Contributions due, spread over their period (€/month).
    pub cotisation: Series,
    /// Debt stock, employee share (€), as booked by the 20th of the month.
    pub dette_part_ouvriere: Series,
    /// Debt stock, employer share (€).
    pub dette_part_patronale: Series,
    /// Activité partielle hours authorised, spread per day over each request (§4.7).
    pub ap_heures_autorisees: SparseSeries,
    /// Activité partielle hours consumed (§4.8).
    pub ap_heures_consommees: SparseSeries,
    /// Payment plans (délais) active in the month (§4.3): count and total amount (€).
    pub delai_plans: SparseSeries,
    pub delai_montant: SparseSeries,
    /// What the active plans still expected to be owed at the start of the month if each were
    /// repaid linearly: Σ amount × days left / duration (§4.3's deviation indicator).
    pub delai_restant_prevu: SparseSeries,
    /// CCSF events per firm, sorted by date (§4.4).
    pub ccsf: Vec<Vec<(Date, CcsfStage)>>,
    /// Status on the first day of each month, firms × months.
    pub procol: Vec<ProcolStatus>,
    /// Financial statements per firm, sorted by closing date (all types; chosen as of each month).
    pub statements: Statements,
    /// Whether any débit file was read: only then does "no débit row" mean "no debt".
    pub debit_source: bool,
    /// Whether any CCSF file was read: only then does "no CCSF event" mean "no procedure".
    pub ccsf_source: bool,
}

pub use crate::ingest::readers::ap::{FULL_TIME_MONTH_HOURS, authorised_hours_by_month};

impl Panel {
    pub fn end(&self) -> Month {
        self.start.offset(self.months as i32 - 1)
    }

    /// The default scoring month: the last month whose URSSAF contributions are complete.
    /// An extraction taken mid-month carries a last month with only some firms' contributions;
    /// scoring it would read those firms as having stopped declaring. Without contributions,
    /// the panel's last month.
    pub fn latest_complete_month(&self) -> Month {
        let firms = self.firms.len();
        let counts: Vec<usize> = (0..self.months)
            .map(|m| {
                (0..firms)
                    .filter(|&f| self.cotisation.get(f, m).is_some())
                    .count()
            })
            .collect();
        self.month(latest_complete(&counts))
    }

    pub fn month(&self, index: usize) -> Month {
        self.start.offset(index as i32)
    }

    /// Index of a month inside the panel.
    pub fn index_of(&self, month: Month) -> Option<usize> {
        let i = self.start.months_until(month);
        (0..self.months as i32).contains(&i).then_some(i as usize)
    }

    pub fn firm_index(&self, siren: Siren) -> Option<usize> {
        self.firms.binary_search_by_key(&siren, |f| f.siren).ok()
    }

    pub fn procol_status(&self, firm: usize, month: usize) -> ProcolStatus {
        self.procol[firm * self.months + month]
    }

    /// Whether the headcount of a month is a carried-forward value (after the last published
    /// month), not a published one.
    pub fn effectif_carried(&self, month: usize) -> bool {
        self.effectif_published_until
            .is_some_and(|p| self.month(month) > p)
    }

    /// Whether month `m` of `quantity` is observable at the end of month `as_of` (§7: no look-ahead).
    pub fn observable(&self, quantity: Quantity, m: usize, as_of: usize) -> bool {
        m + quantity.lag_months() <= as_of
            && !(quantity == Quantity::Effectif && self.effectif_carried(m))
    }

    /// Total social debt (employee + employer shares).
    pub fn dette(&self, firm: usize, month: usize) -> Option<f64> {
        match (
            self.dette_part_ouvriere.get(firm, month),
            self.dette_part_patronale.get(firm, month),
        ) {
            (Some(a), Some(b)) => Some(a + b),
            _ => None,
        }
    }

    /// Social debt as known at the end of `month`, with the spec's permitted zero-fill: when a
    /// débit file was read, a firm with no débit row whose contributions of the previous month
    /// are known has no debt. Without any débit file, debt stays missing.
    pub fn debt_known(&self, firm: usize, month: usize) -> Option<f64> {
        self.dette(firm, month).or_else(|| {
            let contributing = month
                .checked_sub(1)
                .is_some_and(|m| self.cotisation.get(firm, m).is_some());
            (self.debit_source && contributing).then_some(0.0)
        })
    }

    /// The latest CCSF event strictly before the first day of `month` (§4.4).
    pub fn last_ccsf(&self, firm: usize, month: usize) -> Option<(Date, CcsfStage)> {
        let day = self.month(month).first_day();
        self.ccsf[firm]
            .iter()
            .rev()
            .find(|(d, _)| *d < day)
            .copied()
    }

    /// The latest statement usable in `month` (§5.1), of the type preferred among the
    /// statements usable then (see [`statement_as_of`]).
    pub fn statement_at(&self, firm: usize, month: usize) -> Option<&InpiRatios> {
        statement_as_of(self.statements.of(firm), self.month(month))
            .map(|i| &self.statements.of(firm)[i])
    }

    /// Firms in the perimeter.
    pub fn firms_in_perimeter(&self) -> usize {
        self.firms.iter().filter(|f| f.in_perimeter()).count()
    }

    /// Builds the panel from every record read, with the default perimeter rule.
    pub fn build(records: &Records) -> Result<Panel, PanelError> {
        Panel::build_with(records, PerimeterRule::default())
    }

    pub fn build_with(records: &Records, rule: PerimeterRule) -> Result<Panel, PanelError> {
        Panel::from_records(records.clone(), rule)
    }

    /// Builds the panel from records it consumes: each source is dropped as soon as its
    /// series are built, so that a national import never holds all records and the whole
    /// panel at once.
    pub fn from_records(mut records: Records, rule: PerimeterRule) -> Result<Panel, PanelError> {
        let headcount_months = records
            .firm_headcounts
            .iter()
            .chain(std::iter::empty())
            .flat_map(|t| t.published_until)
            .chain(
                records
                    .establishment_headcounts
                    .iter()
                    .flat_map(|t| t.published_until),
            )
            .chain(
                records
                    .firm_headcounts
                    .iter()
                    .flat_map(|t| t.months.first().copied()),
            )
            .chain(
                records
                    .establishment_headcounts
                    .iter()
                    .flat_map(|t| t.months.first().copied()),
            );
        let months_seen = headcount_months
            .chain(records.cotisations.iter().map(|c| c.period.0))
            .chain(records.debits.iter().map(Debit::accounting_month))
            .chain(records.debt_changes.iter().map(|c| c.month));
        let (start, end) = months_seen
            .fold(None, |acc: Option<(Month, Month)>, m| {
                Some(acc.map_or((m, m), |(a, b)| (a.min(m), b.max(m))))
            })
            .ok_or(PanelError::NoMonthlyData)?;
        // Headcount columns published after the last month of other sources still count.
        let end = records
            .firm_headcounts
            .iter()
            .flat_map(|t| t.months.last().copied())
            .fold(end, Month::max);
        let months = start.months_until(end) as usize + 1;

        let mut sources: HashMap<Siren, u16> = HashMap::default();
        let mut mark = |siren: Siren, kind: FileKind| {
            *sources.entry(siren).or_default() |= source_bit(kind);
        };
        for t in &records.firm_headcounts {
            t.rows
                .iter()
                .for_each(|r| mark(r.unit, FileKind::EffectifEnt));
        }
        for t in &records.establishment_headcounts {
            t.rows
                .iter()
                .for_each(|r| mark(r.unit.siret.siren(), FileKind::Effectif));
        }
        records
            .cotisations
            .iter()
            .for_each(|c| mark(c.siret.siren(), FileKind::Cotisation));
        records
            .debits
            .iter()
            .for_each(|d| mark(d.siret.siren(), FileKind::Debit));
        records
            .debt_changes
            .iter()
            .for_each(|c| mark(c.siren, FileKind::Debit));
        records
            .procols
            .iter()
            .for_each(|p| mark(p.siren, FileKind::Procol));
        records
            .ap_demandes
            .iter()
            .for_each(|d| mark(d.siret.siren(), FileKind::ApDemande));
        records
            .ap_consos
            .iter()
            .for_each(|d| mark(d.siret.siren(), FileKind::ApConso));
        records
            .delais
            .iter()
            .for_each(|d| mark(d.siret.siren(), FileKind::Delai));
        records
            .ccsf
            .iter()
            .for_each(|d| mark(d.siret.siren(), FileKind::Ccsf));
        // SIRENE and financial sources only describe firms that have monthly data.
        let monthly: Vec<Siren> = sources.keys().copied().collect();
        for u in &records.legal_units {
            if let Some(bits) = sources.get_mut(&u.siren) {
                *bits |= source_bit(FileKind::SireneUl);
            }
        }
        for e in &records.establishments {
            if let Some(bits) = sources.get_mut(&e.siret.siren()) {
                *bits |= source_bit(FileKind::Sirene);
            }
        }
        let descriptive = records
            .inpi
            .iter()
            .map(|r| (r.siren, FileKind::InpiRatios))
            .chain(records.bdf.iter().map(|r| (r.siren, FileKind::BdfRatios)))
            .chain(records.diane.iter().map(|r| (r.siren, FileKind::Diane)))
            .chain(
                records
                    .establishment_history
                    .iter()
                    .map(|r| (r.siret.siren(), FileKind::SireneHisto)),
            )
            .chain(
                records
                    .accounts
                    .iter()
                    .map(|r| (r.siret.siren(), FileKind::AdminUrssaf)),
            );
        for (siren, kind) in descriptive {
            if let Some(bits) = sources.get_mut(&siren) {
                *bits |= source_bit(kind);
            }
        }
        drop(monthly);

        let sirens: BTreeSet<Siren> = sources.keys().copied().collect();
        let index: HashMap<Siren, usize> =
            sirens.iter().enumerate().map(|(i, s)| (*s, i)).collect();
        let n = sirens.len();
        let month_index = |m: Month| {
            let i = start.months_until(m);
            (0..months as i32).contains(&i).then_some(i as usize)
        };

        let mut firms = firm_attributes(&records, &sirens, &sources);
        let debit_source = !records.debits.is_empty() || !records.debt_changes.is_empty();
        let headcount_file = !records.firm_headcounts.is_empty();

        let (dette_part_ouvriere, dette_part_patronale) = debt_stocks(
            std::mem::take(&mut records.debits),
            std::mem::take(&mut records.debt_changes),
            &index,
            start,
            months,
        );

        let mut cotisation = Series::missing(n, months);
        for c in std::mem::take(&mut records.cotisations) {
            let (from, to) = c.period;
            let share = c.due_eur / f64::from(from.months_until(to).max(1));
            let f = index[&c.siret.siren()];
            for m in from.until(to).filter_map(month_index) {
                cotisation.add(f, m, share);
            }
        }

        let (effectif, effectif_published_until) = headcounts(&records, &index, start, months);
        records.firm_headcounts = Vec::new();
        records.establishment_headcounts = Vec::new();

        let cell = |f: usize, m: usize| (f * months + m) as u32;
        let ap_default = |present: bool| present.then_some(0.0);
        let mut authorised = Vec::new();
        for d in &records.ap_demandes {
            let f = index[&d.siret.siren()];
            for (m, hours) in authorised_hours_by_month(d) {
                if let Some(i) = month_index(m) {
                    authorised.push((cell(f, i), hours as f32));
                }
            }
        }
        let ap_heures_autorisees = SparseSeries::from_cells(
            months,
            ap_default(!records.ap_demandes.is_empty()),
            authorised,
        );
        let consumed = records
            .ap_consos
            .iter()
            .filter_map(|c| {
                let i = month_index(c.month)?;
                Some((cell(index[&c.siret.siren()], i), c.hours as f32))
            })
            .collect();
        let ap_heures_consommees =
            SparseSeries::from_cells(months, ap_default(!records.ap_consos.is_empty()), consumed);
        let (mut plans, mut amounts, mut expected) = (Vec::new(), Vec::new(), Vec::new());
        for d in &records.delais {
            let f = index[&d.siret.siren()];
            for m in d
                .created
                .month()
                .until(d.due.month())
                .filter_map(month_index)
            {
                if d.active_in(start.offset(m as i32)) {
                    plans.push((cell(f, m), 1.0));
                    if let Some(a) = d.amount_eur {
                        amounts.push((cell(f, m), a as f32));
                        let first_day = start.offset(m as i32).first_day();
                        let left = (d.due.days_since_epoch() - first_day.days_since_epoch()).max(0);
                        let duration = d.duration_days.map_or_else(
                            || d.due.days_since_epoch() - d.created.days_since_epoch(),
                            i64::from,
                        );
                        if duration > 0 {
                            let share = (left as f64 / duration as f64).min(1.0);
                            expected.push((cell(f, m), (a * share) as f32));
                        }
                    }
                }
            }
        }
        let delai_present = ap_default(!records.delais.is_empty());
        let delai_plans = SparseSeries::from_cells(months, delai_present, plans);
        let delai_montant = SparseSeries::from_cells(months, delai_present, amounts);
        let delai_restant_prevu = SparseSeries::from_cells(months, delai_present, expected);
        let ccsf_source = !records.ccsf.is_empty();

        let mut ccsf = vec![Vec::new(); n];
        for c in &records.ccsf {
            ccsf[index[&c.siret.siren()]].push((c.date, c.stage));
        }
        ccsf.iter_mut().for_each(|v| v.sort());

        let mut events: Vec<Vec<&ProcolEvent>> = vec![Vec::new(); n];
        for e in &records.procols {
            events[index[&e.siren]].push(e);
        }
        let mut procol = vec![ProcolStatus::InBonis; n * months];
        for (f, evs) in events.iter_mut().enumerate() {
            evs.sort_by_key(|e| (e.date, e.line));
            evs.dedup_by(|a, b| (a.date, a.action, &a.stage) == (b.date, b.action, &b.stage));
            firms[f].first_procol = evs
                .iter()
                .find(|e| !closes_action(&e.stage) && e.stage != "solde_procedure")
                .map(|e| e.date);
            if evs.is_empty() {
                continue;
            }
            for m in 0..months {
                procol[f * months + m] = procol_status_at(evs, start.offset(m as i32).first_day());
            }
        }

        let statements = statements(std::mem::take(&mut records.inpi), &index, n);

        let mut panel = Panel {
            start,
            months,
            firms,
            effectif,
            effectif_published_until,
            cotisation,
            dette_part_ouvriere,
            dette_part_patronale,
            ap_heures_autorisees,
            ap_heures_consommees,
            delai_plans,
            delai_montant,
            delai_restant_prevu,
            ccsf,
            procol,
            statements,
            debit_source,
            ccsf_source,
        };
        apply_perimeter(&mut panel, rule, headcount_file);
        Ok(panel)
    }
}

/// Headcount per firm and month: the firm file when it has the firm, else the sum of its
/// establishments (§7); values after the last published month carried forward (flagged by
/// [`Panel::effectif_carried`]).
fn headcounts(
    records: &Records,
    index: &HashMap<Siren, usize>,
    start: Month,
    months: usize,
) -> (Series, Option<Month>) {
    let n = index.len();
    let mut effectif = Series::missing(n, months);
    let month_index = |m: Month| {
        let i = start.months_until(m);
        (0..months as i32).contains(&i).then_some(i as usize)
    };
    let mut from_firm_file = vec![false; n];
    for t in &records.firm_headcounts {
        for r in &t.rows {
            let f = index[&r.unit];
            from_firm_file[f] = true;
            for (month, v) in t.months.iter().zip(r.values.iter()) {
                if let (Some(m), true) = (month_index(*month), *v != HEADCOUNT_MISSING) {
                    effectif.set(f, m, f64::from(*v));
                }
            }
        }
    }
    for t in &records.establishment_headcounts {
        for r in &t.rows {
            let f = index[&r.unit.siret.siren()];
            if from_firm_file[f] {
                continue;
            }
            for (month, v) in t.months.iter().zip(r.values.iter()) {
                if let (Some(m), true) = (month_index(*month), *v != HEADCOUNT_MISSING) {
                    effectif.add(f, m, f64::from(*v));
                }
            }
        }
    }
    let published_until = records
        .firm_headcounts
        .iter()
        .flat_map(|t| t.published_until)
        .chain(
            records
                .establishment_headcounts
                .iter()
                .flat_map(|t| t.published_until),
        )
        .max();
    if let Some(last) = published_until.and_then(month_index) {
        for f in 0..n {
            let known = (0..=last).rev().find_map(|m| effectif.get(f, m));
            if let Some(v) = known {
                (last + 1..months).for_each(|m| effectif.set(f, m, v));
            }
        }
    }
    (effectif, published_until)
}

/// One statement type per firm (K if any, else C, else S — the front end's choice, §5.1),
/// each usable from closing + 8 months.
fn statements(mut inpi: Vec<InpiRatios>, index: &HashMap<Siren, usize>, n: usize) -> Statements {
    // Firms without monthly data are not in the panel.
    inpi.retain(|r| index.contains_key(&r.siren));
    inpi.sort_unstable_by_key(|r| (r.siren, r.closing, r.kind));
    inpi.shrink_to_fit();
    // Firms are numbered in SIREN order, so the sorted rows are already grouped by firm.
    let mut starts = Vec::with_capacity(n + 1);
    let mut next = 0usize;
    for f in 0..n {
        starts.push(next as u32);
        while next < inpi.len() && index.get(&inpi[next].siren) == Some(&f) {
            next += 1;
        }
    }
    starts.push(next as u32);
    Statements { rows: inpi, starts }
}

/// Sets every firm's perimeter status (§6). Without any firm headcount file the headcount rule
/// cannot be applied and is skipped (the import report says so).
fn apply_perimeter(panel: &mut Panel, rule: PerimeterRule, headcount_file: bool) {
    let last_published = panel
        .effectif_published_until
        .and_then(|m| panel.index_of(m))
        .unwrap_or(panel.months - 1);
    for f in 0..panel.firms.len() {
        let firm = &panel.firms[f];
        let values: Vec<Option<f64>> = (0..=last_published)
            .map(|m| panel.effectif.get(f, m))
            .collect();
        let excluded = if firm
            .legal_category
            .as_deref()
            .is_some_and(perimeter::excluded_legal_category)
        {
            Some(Exclusion::LegalCategory)
        } else if firm
            .ape
            .as_deref()
            .is_some_and(perimeter::excluded_activity)
        {
            Some(Exclusion::Activity)
        } else if firm.has_source(FileKind::Sirene) && firm.departement.is_none() {
            Some(Exclusion::NoHeadOffice)
        } else if headcount_file && !perimeter::headcount_rule(&values, rule) {
            Some(Exclusion::Headcount)
        } else {
            None
        };
        panel.firms[f].excluded = excluded;
    }
}

fn firm_attributes(
    records: &Records,
    sirens: &BTreeSet<Siren>,
    sources: &HashMap<Siren, u16>,
) -> Vec<Firm> {
    let units: HashMap<Siren, _> = records.legal_units.iter().map(|u| (u.siren, u)).collect();
    let sieges: HashMap<Siren, _> = records
        .establishments
        .iter()
        .filter(|e| e.is_siege)
        .map(|e| (e.siret.siren(), e))
        .collect();
    sirens
        .iter()
        .map(|siren| {
            let unit = units.get(siren);
            let siege = sieges.get(siren);
            let departement = siege.and_then(|e| e.departement.as_deref().map(str::to_string));
            Firm {
                siren: *siren,
                name: unit.map(|u| u.name.to_string()).unwrap_or_default(),
                ape: unit.and_then(|u| u.ape.as_deref().map(str::to_string)),
                region: departement
                    .as_deref()
                    .and_then(geo::region_of)
                    .map(str::to_string),
                departement,
                legal_category: unit.and_then(|u| u.legal_category.as_deref().map(str::to_string)),
                created: unit.and_then(|u| u.created),
                siege: siege.map(|e| e.siret).or(unit.and_then(|u| u.siret_siege)),
                active: unit.map(|u| u.active),
                first_procol: None,
                excluded: None,
                sources: sources.get(siren).copied().unwrap_or(0),
            }
        })
        .collect()
}

/// Debt stock per SIREN and month (§4.1, normative), from the operations of débit files read
/// together (merged per debt key) and the stock changes of a sole débit file: per firm, the
/// changes by month ([`debt_stock_changes`]), then a running sum. Operations come sorted by debt
/// key from their readers, so the sort below is nearly free, every debt's history is contiguous
/// and so is every firm's (a SIRET starts with its SIREN): one firm's deltas are held at a time.
fn debt_stocks(
    mut debits: Vec<Debit>,
    changes: Vec<DebtChange>,
    index: &HashMap<Siren, usize>,
    start: Month,
    months: usize,
) -> (Series, Series) {
    let n = index.len();
    debits.sort_unstable_by_key(Debit::file_order);
    let mut po = Series::missing(n, months);
    let mut pp = Series::missing(n, months);
    // Integer cents: exact whatever the order debts are visited in.
    let (mut delta_po, mut delta_pp) = (vec![0i64; months], vec![0i64; months]);
    let mut operations = debits
        .chunk_by(|a, b| a.siret.siren() == b.siret.siren())
        .peekable();
    let mut resolved = changes.chunk_by(|a, b| a.siren == b.siren).peekable();
    let mut history: Vec<&Debit> = Vec::new();
    loop {
        let next_op = operations.peek().map(|run| run[0].siret.siren());
        let next_change = resolved.peek().map(|run| run[0].siren);
        let siren = match (next_op, next_change) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) => a,
            (None, Some(b)) => b,
            (None, None) => break,
        };
        let mut add = |m: Month, dpo: i64, dpp: i64| {
            let i = start.months_until(m).max(0) as usize;
            if i < months {
                delta_po[i] += dpo;
                delta_pp[i] += dpp;
            }
        };
        if next_op == Some(siren)
            && let Some(firm) = operations.next()
        {
            debt_stock_changes(firm, &mut history, &mut add);
        }
        if next_change == Some(siren)
            && let Some(firm) = resolved.next()
        {
            for c in firm {
                add(c.month, c.part_ouvriere_cents, c.part_patronale_cents);
            }
        }
        let f = index[&siren];
        let (mut a, mut b) = (0i64, 0i64);
        // Before the firm's first booked operation its stock stays missing ("no row ever"):
        // knowing that a row will come later would be look-ahead. `Panel::debt_known` applies
        // the permitted zero-fill to every contributing firm alike.
        let mut started = false;
        for m in 0..months {
            let (da, db) = (
                std::mem::take(&mut delta_po[m]),
                std::mem::take(&mut delta_pp[m]),
            );
            started |= da != 0 || db != 0;
            a += da;
            b += db;
            if started {
                po.set(f, m, a as f64 / 100.0);
                pp.set(f, m, b as f64 / 100.0);
            }
        }
    }
    (po, pp)
}

/// Index of the last month whose count of firms with data is at least [`COMPLETE_SHARE`] of
/// the median count of the 12 months before it (the last month when there is no data at all).
/// A month stays complete when the count falls because firms genuinely leave: the share allows
/// for normal churn, a partial extraction falls far below it.
pub fn latest_complete(counts: &[usize]) -> usize {
    let last = counts.len().saturating_sub(1);
    for m in (0..counts.len()).rev() {
        let before = &counts[m.saturating_sub(12)..m];
        let mut sorted: Vec<usize> = before.iter().copied().filter(|&c| c > 0).collect();
        if sorted.is_empty() {
            return if counts[m] > 0 { m } else { last };
        }
        sorted.sort_unstable();
        let median = sorted[sorted.len() / 2];
        if counts[m] as f64 >= COMPLETE_SHARE * median as f64 {
            return m;
        }
    }
    last
}

/// See [`latest_complete`].
pub const COMPLETE_SHARE: f64 = 0.9;

#[cfg(test)]
mod tests;
