//! The monthly firm panel (§7): one row per SIREN, one column per month, stored column-wise in
//! `f32` with NaN as the *only* encoding of "no data" (never conflated with zero; see [`Series`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::calendar::{Date, Month};
use crate::ids::{Siren, Siret};
use crate::ingest::records::{Debit, HEADCOUNT_MISSING, ProcolAction, ProcolEvent, Records};

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

/// Static attributes of a firm (SIRENE legal unit + head office).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Firm {
    pub siren: Siren,
    pub name: String,
    pub ape: Option<String>,
    pub departement: Option<String>,
    pub legal_category: Option<String>,
    pub created: Option<Date>,
    pub siege: Option<Siret>,
    /// Earliest non-closing collective-proceeding event: the training target's date.
    pub first_procol: Option<Date>,
}

impl Firm {
    /// NAF division: the APE's first two digits.
    pub fn naf_division(&self) -> Option<&str> {
        self.ape.as_deref().map(|a| &a[..2])
    }
}

/// The SIREN × month panel, the input of every later layer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Panel {
    pub start: Month,
    pub months: usize,
    /// Sorted by SIREN.
    pub firms: Vec<Firm>,
    /// Firm headcount (`effectif_ent`).
    pub effectif: Series,
    /// Contributions due, spread over their period (€/month).
    pub cotisation: Series,
    /// Debt stock, employee share (€), as booked by the 20th of the month.
    pub dette_part_ouvriere: Series,
    /// Debt stock, employer share (€).
    pub dette_part_patronale: Series,
    /// Status on the first day of each month, firms × months.
    pub procol: Vec<ProcolStatus>,
    /// Whether any débit file was read: only then does "no débit row" mean "no debt".
    pub debit_source: bool,
}

impl Panel {
    pub fn end(&self) -> Month {
        self.start.offset(self.months as i32 - 1)
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

    /// Builds the panel from every record read.
    pub fn build(records: &Records) -> Result<Panel, PanelError> {
        let months_seen = records
            .firm_headcounts
            .iter()
            .flat_map(|t| t.months.iter().copied())
            .chain(records.cotisations.iter().map(|c| c.period.0))
            .chain(records.debits.iter().map(Debit::accounting_month));
        let (start, end) = months_seen
            .fold(None, |acc: Option<(Month, Month)>, m| {
                Some(acc.map_or((m, m), |(a, b)| (a.min(m), b.max(m))))
            })
            .ok_or(PanelError::NoMonthlyData)?;
        let months = start.months_until(end) as usize + 1;

        let sirens: BTreeSet<Siren> = records
            .legal_units
            .iter()
            .map(|u| u.siren)
            .chain(
                records
                    .firm_headcounts
                    .iter()
                    .flat_map(|t| t.rows.iter().map(|r| r.unit)),
            )
            .chain(records.cotisations.iter().map(|c| c.siret.siren()))
            .chain(records.debits.iter().map(|d| d.siret.siren()))
            .chain(records.procols.iter().map(|p| p.siren))
            .collect();
        let index: HashMap<Siren, usize> =
            sirens.iter().enumerate().map(|(i, s)| (*s, i)).collect();
        let n = sirens.len();
        let month_index = |m: Month| {
            let i = start.months_until(m);
            (0..months as i32).contains(&i).then_some(i as usize)
        };

        let mut firms = firm_attributes(records, &sirens);

        let mut effectif = Series::missing(n, months);
        for t in &records.firm_headcounts {
            for r in &t.rows {
                for (month, v) in t.months.iter().zip(r.values.iter()) {
                    if let (Some(m), true) = (month_index(*month), *v != HEADCOUNT_MISSING) {
                        effectif.set(index[&r.unit], m, f64::from(*v));
                    }
                }
            }
        }

        let mut cotisation = Series::missing(n, months);
        for c in &records.cotisations {
            let (from, to) = c.period;
            let share = c.due_eur / f64::from(from.months_until(to).max(1));
            for m in from.until(to).filter_map(month_index) {
                cotisation.add(index[&c.siret.siren()], m, share);
            }
        }

        let (dette_part_ouvriere, dette_part_patronale) =
            debt_stocks(&records.debits, &index, start, months);

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

        Ok(Panel {
            start,
            months,
            firms,
            effectif,
            cotisation,
            dette_part_ouvriere,
            dette_part_patronale,
            procol,
            debit_source: !records.debits.is_empty(),
        })
    }
}

fn firm_attributes(records: &Records, sirens: &BTreeSet<Siren>) -> Vec<Firm> {
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
            Firm {
                siren: *siren,
                name: unit.map(|u| u.name.clone()).unwrap_or_default(),
                ape: unit.and_then(|u| u.ape.clone()),
                departement: siege.and_then(|e| e.departement.clone()),
                legal_category: unit.and_then(|u| u.legal_category.clone()),
                created: unit.and_then(|u| u.created),
                siege: siege.map(|e| e.siret).or(unit.and_then(|u| u.siret_siege)),
                first_procol: None,
            }
        })
        .collect()
}

/// `(siret, period, ecn)`: one URSSAF debt (the reference's `debit_id`).
type DebtKey<'a> = (Siret, (Month, Month), &'a str);

/// Debt stock per SIREN and month (§4.1, normative): for each debt key and month M, the row with
/// the highest `hist_no` among those whose accounting month is ≤ M (ties: later processing date,
/// then later line). Computed as a sweep that emits a delta whenever a key's selected row changes,
/// then a running sum per firm, instead of re-scanning the history for every month.
fn debt_stocks(
    debits: &[Debit],
    index: &HashMap<Siren, usize>,
    start: Month,
    months: usize,
) -> (Series, Series) {
    let n = index.len();
    let mut by_key: HashMap<DebtKey, Vec<&Debit>> = HashMap::new();
    for d in debits {
        by_key
            .entry((d.siret, d.period, d.ecn.as_str()))
            .or_default()
            .push(d);
    }
    // Integer cents: exact whatever the order keys are visited in.
    let mut delta_po = vec![0i64; n * months];
    let mut delta_pp = vec![0i64; n * months];
    let mut has_debits = vec![false; n];
    for ((siret, _, _), mut rows) in by_key {
        let f = index[&siret.siren()];
        has_debits[f] = true;
        rows.sort_by_key(|d| (d.accounting_month(), d.hist_no, d.processing_date, d.line));
        let mut best: Option<&Debit> = None;
        for d in rows {
            let better = best.is_none_or(|b| {
                (d.hist_no, d.processing_date, d.line) > (b.hist_no, b.processing_date, b.line)
            });
            if !better {
                continue;
            }
            let m = start.months_until(d.accounting_month()).max(0) as usize;
            if m < months {
                let (old_po, old_pp) =
                    best.map_or((0, 0), |b| (b.part_ouvriere_cents, b.part_patronale_cents));
                delta_po[f * months + m] += d.part_ouvriere_cents - old_po;
                delta_pp[f * months + m] += d.part_patronale_cents - old_pp;
            }
            best = Some(d);
        }
    }
    let mut po = Series::missing(n, months);
    let mut pp = Series::missing(n, months);
    for f in (0..n).filter(|f| has_debits[*f]) {
        let (mut a, mut b) = (0i64, 0i64);
        for m in 0..months {
            a += delta_po[f * months + m];
            b += delta_pp[f * months + m];
            po.set(f, m, a as f64 / 100.0);
            pp.set(f, m, b as f64 / 100.0);
        }
    }
    (po, pp)
}

#[cfg(test)]
mod tests;
