//! Features of a firm at a month, computed only from what was observable then (as-of
//! semantics), over the full monthly history, with sector-relative and crisis-aware versions,
//! and the feature dictionary the model, the explanations and the UI read.
//!
//! Two passes, both column-wise over one firm's history at a time (no per-feature copy of the
//! panel):
//! 1. [`Features::new`] walks every firm once and files the few *key* values of each firm
//!    observed at each month into its NAF division × month cell ([`sector`]);
//! 2. [`Features::each`] then computes every feature of blocks of firms for a range of months, reading
//!    the sector cells for the relative features, the stress index and the sector events.
//!
//! Both passes run on all cores natively ([`crate::parallel`]), and the result does not depend
//! on how firms are split. Missing stays missing: NaN inside, `None` at the API; the model turns
//! it into an explicit indicator, never into a silent zero.

use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use crate::calendar::Month;
use crate::panel::{Panel, ProcolStatus, Quantity};

pub mod dictionary;
pub mod events;
mod firm;
mod sector;
#[cfg(test)]
mod tests;

pub use dictionary::{
    COUNT, DICTIONARY, Direction, Feature, FeatureDef, FeatureGroup, SECTOR_RELATIVE, Unit,
    dictionary_hash,
};
pub use events::{SectorEvent, SectorEvents};
pub use sector::Stress;

use firm::FirmHistory;
use sector::SectorTable;

/// Publication lags in months: a value of month M is read from month M + lag on (§7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lags {
    /// Debts: the state of month T is complete after the 20th of T (processing dates).
    pub debit: usize,
    /// Contributions due for T−1 are known in T.
    pub cotisation: usize,
    /// Headcounts arrive 0–6 months late: this is the least delay; the unpublished trailing
    /// months are never read, so the last published month may be older (its age is a feature).
    pub effectif: usize,
    /// Activité partielle consumption is known one month late.
    #[serde(default = "default_ap_lag")]
    pub ap_consommee: usize,
}

fn default_ap_lag() -> usize {
    Quantity::ApConsumed.lag_months()
}

impl Default for Lags {
    fn default() -> Lags {
        Lags {
            debit: Quantity::Dette.lag_months(),
            cotisation: Quantity::Cotisation.lag_months(),
            effectif: Quantity::Effectif.lag_months(),
            ap_consommee: Quantity::ApConsumed.lag_months(),
        }
    }
}

/// A period of economy-wide disruption (support measures, suspended failures), inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrisisWindow {
    pub start: Month,
    pub end: Month,
}

impl Default for CrisisWindow {
    /// The COVID-19 window: first lockdown (March 2020) to the end of the broad support
    /// measures (June 2021).
    fn default() -> CrisisWindow {
        CrisisWindow {
            start: Month::from_index(2020 * 12 + 2),
            end: Month::from_index(2021 * 12 + 5),
        }
    }
}

impl CrisisWindow {
    pub fn contains(&self, month: Month) -> bool {
        self.start <= month && month <= self.end
    }
}

/// Parameters of the feature layer (kept with a model so that scoring uses the training ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeatureParams {
    pub lags: Lags,
    pub crisis: CrisisWindow,
    /// Sector statistics need at least this many firms with the value known in the cell.
    pub min_sector_firms: usize,
}

impl Default for FeatureParams {
    fn default() -> FeatureParams {
        FeatureParams {
            lags: Lags::default(),
            crisis: CrisisWindow::default(),
            min_sector_firms: 10,
        }
    }
}

/// A headcount older than this (months) no longer describes the firm: it becomes missing.
pub const MAX_HEADCOUNT_AGE: isize = 12;

/// Months of history needed before most features are defined.
pub const WARM_UP: usize = 15;

/// Feature values of one firm at one month, in dictionary order; NaN inside is "missing",
/// `None` at the API (serialised as `null`).
#[derive(Debug, Clone)]
pub struct FeatureVector {
    values: Box<[f32; COUNT]>,
}

/// Equal when every feature is missing in both or has the same value.
impl PartialEq for FeatureVector {
    fn eq(&self, other: &FeatureVector) -> bool {
        (0..COUNT).all(|i| self.value(i).map(f64::to_bits) == other.value(i).map(f64::to_bits))
    }
}

impl FeatureVector {
    pub(crate) fn from_f64(values: &[f64; COUNT]) -> FeatureVector {
        let mut out = FeatureVector::missing();
        out.fill(values);
        out
    }

    fn fill(&mut self, values: &[f64; COUNT]) {
        for (o, v) in self.values.iter_mut().zip(values) {
            *o = *v as f32;
        }
    }

    /// Every feature missing.
    pub fn missing() -> FeatureVector {
        FeatureVector {
            values: Box::new([f32::NAN; COUNT]),
        }
    }

    pub fn get(&self, feature: Feature) -> Option<f64> {
        self.value(feature.index())
    }

    /// The value of the feature at dictionary index `i`.
    pub fn value(&self, i: usize) -> Option<f64> {
        let v = *self.values.get(i)?;
        (!v.is_nan()).then_some(f64::from(v))
    }

    /// `(feature, value)` for every feature, in dictionary order.
    pub fn iter(&self) -> impl Iterator<Item = (Feature, Option<f64>)> + '_ {
        Feature::ALL.iter().map(|f| (*f, self.get(*f)))
    }

    /// Changes one value (counterfactuals; features are otherwise only computed).
    pub fn set(&mut self, feature: Feature, value: Option<f64>) {
        self.values[feature.index()] = value.map_or(f32::NAN, |v| v as f32);
    }
}

impl Serialize for FeatureVector {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(COUNT))?;
        for i in 0..COUNT {
            seq.serialize_element(&self.value(i))?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for FeatureVector {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<FeatureVector, D::Error> {
        let values: Vec<Option<f64>> = Vec::deserialize(d)?;
        if values.len() != COUNT {
            return Err(serde::de::Error::invalid_length(
                values.len(),
                &"one value per dictionary feature",
            ));
        }
        let mut out = [f64::NAN; COUNT];
        for (o, v) in out.iter_mut().zip(values) {
            *o = v.unwrap_or(f64::NAN);
        }
        Ok(FeatureVector::from_f64(&out))
    }
}

/// Whether a firm is observed and in bonis at month `t`: the population that is scored, that
/// sector statistics are computed over, and that training rows come from. A headcount must be
/// known for `t` (so the firm exists and employs); firms in a proceeding are strong signals.
pub fn in_population(panel: &Panel, firm: usize, t: usize, lags: Lags) -> bool {
    panel.procol_status(firm, t) == ProcolStatus::InBonis
        && observed(panel, firm, t, lags)
        && panel.firms[firm]
            .first_procol
            .is_none_or(|d| d.month() > panel.month(t))
}

/// Whether a firm already in a collective proceeding at `t` is still observed (a headcount
/// known): a "signal fort", reported apart from the ranking.
pub fn strong_signal(panel: &Panel, firm: usize, t: usize, lags: Lags) -> bool {
    panel.procol_status(firm, t) != ProcolStatus::InBonis && observed(panel, firm, t, lags)
}

/// A headcount is known for `t` (published or carried forward): the firm exists and employs.
fn observed(panel: &Panel, firm: usize, t: usize, lags: Lags) -> bool {
    t.checked_sub(lags.effectif)
        .is_some_and(|m| panel.effectif.get(firm, m).is_some())
}

/// Whether a collective proceeding opens in `(t, t + months]`; `None` while that window is not
/// over inside the panel (the outcome is not known yet).
pub fn failure_within(panel: &Panel, firm: usize, t: usize, months: usize) -> Option<bool> {
    (t + months < panel.months).then(|| {
        let (from, to) = (panel.month(t), panel.month(t).offset(months as i32));
        panel.firms[firm]
            .first_procol
            .is_some_and(|d| d.month() > from && d.month() <= to)
    })
}

/// The feature layer over a panel, ready to compute any firm at any month of `months`.
pub struct Features<'a> {
    panel: &'a Panel,
    params: FeatureParams,
    events: &'a SectorEvents,
    months: RangeInclusive<usize>,
    sectors: SectorTable,
    divisions: Vec<Option<usize>>,
    /// Per firm, the events that concern its APE code (decided once, not per month).
    event_matches: Vec<Vec<u32>>,
}

impl<'a> Features<'a> {
    /// Builds the sector statistics for `months` (panel month indices, clamped to the panel).
    pub fn new(
        panel: &'a Panel,
        params: &FeatureParams,
        events: &'a SectorEvents,
        months: RangeInclusive<usize>,
    ) -> Features<'a> {
        let last = (*months.end()).min(panel.months.saturating_sub(1));
        let first = (*months.start()).min(last);
        let span = last + 1 - first;
        let divisions: Vec<Option<usize>> = panel
            .firms
            .iter()
            .map(|f| f.naf_division().and_then(|d| d.parse().ok()))
            .collect();
        let params = *params;
        let parts = crate::parallel::map_chunks(panel.firms.len(), |range| {
            let mut table = SectorTable::empty(first, span, params.min_sector_firms);
            for firm in range {
                let Some(d) = divisions[firm] else { continue };
                let observed: Vec<usize> = (first..=last)
                    .filter(|t| in_population(panel, firm, *t, params.lags))
                    .collect();
                if observed.is_empty() {
                    continue;
                }
                let history = FirmHistory::new(panel, &params, firm, last);
                for t in observed {
                    table.add(t, d, &history.key(t));
                }
            }
            table
        });
        let mut sectors = SectorTable::empty(first, span, params.min_sector_firms);
        for part in parts {
            sectors.merge(part);
        }
        sectors.finish();
        let event_matches = panel
            .firms
            .iter()
            .map(|f| match f.ape.as_deref() {
                Some(ape) if !events.events.is_empty() => (0..events.events.len() as u32)
                    .filter(|i| events.events[*i as usize].concerns(ape))
                    .collect(),
                _ => Vec::new(),
            })
            .collect();
        Features {
            panel,
            params,
            events,
            months: first..=last,
            sectors,
            divisions,
            event_matches,
        }
    }

    /// The months features can be asked for.
    pub fn months(&self) -> RangeInclusive<usize> {
        self.months.clone()
    }

    pub fn params(&self) -> &FeatureParams {
        &self.params
    }

    pub fn panel(&self) -> &'a Panel {
        self.panel
    }

    /// Every feature of `firm` at `t`.
    pub fn at(&self, firm: usize, t: usize) -> FeatureVector {
        let mut out = FeatureVector::missing();
        self.each(
            firm..firm + 1,
            t..=t,
            |_, _| true,
            |_, _, v| out = v.clone(),
        );
        out
    }

    /// The features of every firm selected by `keep` at each month of `months`, computed on all
    /// cores natively, in (firm, month) order.
    pub fn collect<T: Send>(
        &self,
        months: RangeInclusive<usize>,
        keep: impl Fn(usize, usize) -> bool + Sync,
        make: impl Fn(usize, usize, FeatureVector) -> T + Sync,
    ) -> Vec<T> {
        self.collect_firms(0..self.panel.firms.len(), months, keep, make)
    }

    /// [`Features::collect`] over the firms of `firms` only (to stream a large output block by
    /// block).
    pub fn collect_firms<T: Send>(
        &self,
        firms: std::ops::Range<usize>,
        months: RangeInclusive<usize>,
        keep: impl Fn(usize, usize) -> bool + Sync,
        make: impl Fn(usize, usize, FeatureVector) -> T + Sync,
    ) -> Vec<T> {
        let offset = firms.start;
        crate::parallel::map_chunks(firms.len(), |range| {
            let mut out = Vec::new();
            self.each(
                range.start + offset..range.end + offset,
                months.clone(),
                &keep,
                |f, t, v| out.push(make(f, t, v.clone())),
            );
            out
        })
        .into_iter()
        .flatten()
        .collect()
    }

    /// Calls `each(firm, t, features)` for every firm of `firms` and month of `months` that
    /// `keep` selects, in (firm, month) order, in the calling thread.
    ///
    /// Firms are taken in small blocks and each block is computed month by month: the firms of
    /// one sector then look up the same sector cell one after the other while it is in cache,
    /// instead of each firm walking through every month's cells (this halves the time of a
    /// national pass). The outputs of a block are buffered and handed out in firm order.
    pub fn each(
        &self,
        firms: std::ops::Range<usize>,
        months: RangeInclusive<usize>,
        keep: impl Fn(usize, usize) -> bool,
        mut each: impl FnMut(usize, usize, &FeatureVector),
    ) {
        const BLOCK: usize = 128;
        let (first, last) = (
            (*months.start()).max(*self.months.start()),
            (*months.end()).min(*self.months.end()),
        );
        if first > last {
            return;
        }
        let mut values = [f64::NAN; COUNT];
        let mut start = firms.start;
        while start < firms.end {
            let block = start..(start + BLOCK).min(firms.end);
            start = block.end;
            let mut members: Vec<(usize, Vec<usize>, FirmHistory)> = Vec::new();
            for f in block {
                let wanted: Vec<usize> = (first..=last).filter(|t| keep(f, *t)).collect();
                if let Some(&end) = wanted.last() {
                    let history = FirmHistory::new(self.panel, &self.params, f, end);
                    members.push((f, wanted, history));
                }
            }
            let mut outputs: Vec<Vec<(usize, FeatureVector)>> = members
                .iter()
                .map(|(_, wanted, _)| Vec::with_capacity(wanted.len()))
                .collect();
            for t in first..=last {
                for ((f, wanted, history), out) in members.iter().zip(&mut outputs) {
                    if wanted.binary_search(&t).is_err() {
                        continue;
                    }
                    history.all(t, &mut values);
                    self.sector_features(*f, t, &mut values);
                    out.push((t, FeatureVector::from_f64(&values)));
                }
            }
            for ((f, _, _), out) in members.iter().zip(outputs) {
                for (t, v) in out {
                    each(*f, t, &v);
                }
            }
        }
    }

    fn sector_features(&self, firm: usize, t: usize, values: &mut [f64; COUNT]) {
        use Feature as F;
        let info = &self.panel.firms[firm];
        let month = self.panel.month(t);
        if info.ape.is_some() {
            let gravest = self.event_matches[firm]
                .iter()
                .map(|i| &self.events.events[*i as usize])
                .filter(|e| e.active_in(month))
                .max_by(|a, b| events::gravity(a, b));
            match gravest {
                Some(e) => {
                    values[F::EvenementSectorielSeverite as usize] = f64::from(e.severity);
                    values[F::EvenementSectorielMois as usize] =
                        f64::from(e.start.months_until(month));
                }
                None => values[F::EvenementSectorielSeverite as usize] = 0.0,
            }
        }
        let Some(d) = self.divisions[firm] else {
            return;
        };
        for (k, (base, percentile, excess)) in SECTOR_RELATIVE.iter().enumerate() {
            let (p, e) = self.sectors.relative(t, d, k, values[*base as usize]);
            values[*percentile as usize] = p;
            values[*excess as usize] = e;
        }
        let stress = self.sectors.stress(t, d);
        values[F::StressSectoriel as usize] = stress.index;
        values[F::SecteurPartDetteEnHausse as usize] = stress.rising_debt;
        values[F::SecteurPartAp as usize] = stress.on_short_time;
        values[F::SecteurPartBaisseEffectif as usize] = stress.losing_staff;
    }
}
