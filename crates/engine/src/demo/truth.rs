//! What the generator knows: the per-firm, per-month truth in the panel's definitions (from the
//! simulation's own state, never from re-reading the files), and the manifest of what each file
//! holds, quirks included, so that a round trip can assert "exactly these bad lines, no other loss".

use std::collections::BTreeMap;

use serde::Serialize;

use super::story::{Firm, ap_days_in};
use crate::calendar::{Date, Month};
use crate::ids::{Siren, Siret};
use crate::ingest::report::IssueCode;
use crate::panel::ProcolStatus;

/// What one file holds, as a reader following the spec must report it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FileManifest {
    /// Records written after the header (every line, bad ones included).
    pub records: u64,
    /// Lines a reader must reject, by code.
    pub rejected: BTreeMap<IssueCode, u64>,
    /// Lines a reader must skip, by code (`duplicate_line`, `conflicting_duplicate`, …).
    pub skipped: BTreeMap<IssueCode, u64>,
    /// Lines kept with exactly one warning, by code (`id_zero_padded`, …).
    pub warnings: BTreeMap<IssueCode, u64>,
    /// Diane export: (SIREN, year) blocks whose values are all empty, which the pivot drops
    /// (`all_empty_year`); they are parts of lines, not lines, hence kept apart.
    pub empty_year_blocks: u64,
}

impl FileManifest {
    pub fn rejected_total(&self) -> u64 {
        self.rejected.values().sum()
    }

    pub fn skipped_total(&self) -> u64 {
        self.skipped.values().sum()
    }

    pub fn warnings_total(&self) -> u64 {
        self.warnings.values().sum()
    }

    /// Every issue code a reader must count, with its count.
    pub fn counts(&self) -> BTreeMap<IssueCode, u64> {
        let mut all = BTreeMap::new();
        for map in [&self.rejected, &self.skipped, &self.warnings] {
            for (code, n) in map {
                *all.entry(*code).or_default() += n;
            }
        }
        all
    }
}

/// Per file name, what was written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DemoManifest {
    pub files: BTreeMap<String, FileManifest>,
}

/// The truth about one firm. Monthly vectors are indexed from [`DemoTruth::start`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FirmTruth {
    pub siren: Siren,
    pub name: String,
    pub ape: String,
    pub departement: String,
    pub siege: Siret,
    pub created: Date,
    pub legal_category: String,
    /// Sector closed or restricted during COVID-19.
    pub exposed: bool,
    /// Deferred contributions during COVID-19.
    pub deferred: bool,
    pub in_sirene: bool,
    /// Latent health (the story's hidden state; not observable).
    pub health: Vec<Option<f64>>,
    /// Firm headcount as written in `effectif_ent` (None: not written, or unpublished month).
    pub headcount: Vec<Option<u32>>,
    /// Contribution due for the month, € (quarterly dues spread evenly over their three months).
    pub cotisation: Vec<Option<f64>>,
    /// URSSAF debt stock, employee share, € (20th-day rule; 0 when no debt).
    pub debt_po: Vec<f64>,
    /// URSSAF debt stock, employer share, €.
    pub debt_pp: Vec<f64>,
    /// Whether the firm has any row in the débit file.
    pub has_debits: bool,
    /// Activité partielle hours authorised (per-day spreading of §4.7).
    pub ap_authorised: Vec<f64>,
    /// Activité partielle hours consumed (consumption file).
    pub ap_consumed: Vec<f64>,
    /// Payment plans active in the month (§4.3 rule) and their total amount, €.
    pub delais_active: Vec<u32>,
    pub delais_amount: Vec<f64>,
    /// Collective-proceeding status on the first day of the month (§4.5 rule).
    pub procol: Vec<ProcolStatus>,
    /// Date of the first collective-proceeding judgment.
    pub first_procol: Option<Date>,
    /// Month of liquidation, if any.
    pub liquidated: Option<Month>,
}

/// The whole truth of a demo dataset.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemoTruth {
    pub start: Month,
    pub months: usize,
    /// Months at the end of the window left empty in the headcount files (publication lag).
    pub unpublished_headcount_months: usize,
    pub firms: Vec<FirmTruth>,
}

impl DemoTruth {
    pub fn month(&self, t: usize) -> Month {
        self.start.offset(t as i32)
    }
}

/// The accounting month of a débit operation (§4.1 20th-day cut-off).
pub(super) fn accounting_month(d: Date) -> Month {
    if d.day() <= 20 {
        d.month()
    } else {
        d.month().next()
    }
}

/// The truth of one simulated firm.
pub(super) fn firm_truth(firm: &Firm, start: Month, unpublished: usize) -> FirmTruth {
    let n = firm.months.len();
    let month = |t: usize| start.offset(t as i32);
    let headcount = (0..n)
        .map(|t| {
            (firm.in_effectif && t + unpublished < n)
                .then(|| firm.months[t].map(|s| s.headcount))
                .flatten()
        })
        .collect();
    let cotisation = (0..n)
        .map(|t| {
            let s = firm.months[t]?;
            match super::write::quarter_of(firm, start, t) {
                Some(q) => Some(q as f64 / 100.0 / 3.0),
                None => Some(s.due_cents as f64 / 100.0),
            }
        })
        .collect();
    let mut debt_po = vec![0.0; n];
    let mut debt_pp = vec![0.0; n];
    // Latest operation per debt as of each month: operations are in hist order per debt.
    let mut keys: Vec<(Month, u32)> = firm.debits.iter().map(|d| (d.period, d.ecn)).collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        let ops: Vec<_> = firm
            .debits
            .iter()
            .filter(|d| (d.period, d.ecn) == key)
            .collect();
        for t in 0..n {
            let latest = ops
                .iter()
                .filter(|d| accounting_month(d.date) <= month(t))
                .max_by_key(|d| d.hist);
            if let Some(d) = latest {
                debt_po[t] += d.po as f64 / 100.0;
                debt_pp[t] += d.pp as f64 / 100.0;
            }
        }
    }
    let mut ap_authorised = vec![0.0; n];
    let mut ap_consumed = vec![0.0; n];
    for r in &firm.ap {
        let days = r.days() as f64;
        for (t, slot) in ap_authorised.iter_mut().enumerate() {
            *slot += r.hours * ap_days_in(r, month(t)) as f64 / days;
        }
        for (m, hours) in &r.consumed {
            if let Some(slot) = usize::try_from(start.months_until(*m))
                .ok()
                .and_then(|t| ap_consumed.get_mut(t))
            {
                *slot += hours;
            }
        }
    }
    let mut delais_active = vec![0; n];
    let mut delais_amount = vec![0.0; n];
    for d in &firm.delais {
        for t in 0..n {
            if d.created.month() <= month(t) && month(t) < d.due.month() && d.duration_days() > 0 {
                delais_active[t] += 1;
                delais_amount[t] += d.amount_cents as f64 / 100.0;
            }
        }
    }
    let procol = (0..n)
        .map(|t| {
            let day = month(t).first_day();
            firm.procol
                .iter()
                .filter(|e| e.date <= day)
                .max_by_key(|e| e.date)
                .map_or(ProcolStatus::InBonis, |e| e.status)
        })
        .collect();
    FirmTruth {
        siren: firm.siren,
        name: firm.name.clone(),
        ape: firm.sector.ape.to_string(),
        departement: firm.dep.to_string(),
        siege: firm.establishments[0].siret,
        created: firm.created,
        legal_category: firm.legal_category.to_string(),
        exposed: firm.sector.exposed,
        deferred: firm.deferred,
        in_sirene: firm.in_sirene,
        health: firm.months.iter().map(|s| s.map(|s| s.health)).collect(),
        headcount,
        cotisation,
        debt_po,
        debt_pp,
        has_debits: !firm.debits.is_empty(),
        ap_authorised,
        ap_consumed,
        delais_active,
        delais_amount,
        procol,
        first_procol: firm.procol.iter().map(|e| e.date).min(),
        liquidated: firm.closed.map(Date::month),
    }
}
