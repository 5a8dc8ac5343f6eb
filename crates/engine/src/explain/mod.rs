//! Exact explanations of a score, as a firm or a partner administration could check them
//! (CRPA R311-3-1-2: "the parameters and their weighting applied to its situation").
//!
//! - [`decompose`]: the firm's log-odds minus a base firm's, split exactly into one term per
//!   feature (pairwise terms shared by the Shapley rule of their two features) and, when the
//!   term structure's running maximum takes the two scores from different horizons, one
//!   explicit term for it. The base is a [`Reference`] (the median firm of the sector and
//!   month, or of the population) or the same firm a month earlier ([`FirmExplanation::change`]).
//! - [`reasons`]: the top aggravating and mitigating features as French sentences.
//! - [`counterfactual`]: what it would take to leave the alert, through actionable levers only.
//! - [`global`]: the model page's importance and population density of every term.
//!
//! Contributions are in log-odds ("log-cote"); [`points`] gives the scorecard scaling the UI
//! shows. Log-odds are never percentages: a probability change depends on where one starts.

pub mod counterfactual;
pub mod global;
pub mod reasons;
pub mod templates;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::calendar::Month;
use crate::features::{COUNT, Feature, FeatureGroup, FeatureVector, Features};
use crate::model::{Alert, Horizon, Model, sigmoid};
use crate::pipeline::{Analysis, FirmScore};

pub use counterfactual::{Counterfactual, Lever};
pub use reasons::{Reason, Reasons};

/// Scorecard points per unit of log-odds: 20 points double the odds (the usual scorecard
/// convention, so that a contribution reads "+20 points" rather than "+0,693").
pub const POINTS_PER_DOUBLING: f64 = 20.0;

/// Log-odds as scorecard points.
pub fn points(log_odds: f64) -> f64 {
    log_odds * POINTS_PER_DOUBLING / std::f64::consts::LN_2
}

/// Whose median firm a reference is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferenceKind {
    /// The firms of one NAF division (two digits) at the scoring month.
    Sector(String),
    /// Every scored firm at the scoring month.
    Population,
}

/// The median firm of a group at the scoring month: for each feature, the median of the
/// group's known values, or missing when most of the group has no value (the typical firm
/// then has none: most firms have no payment plan to deviate from). Medians are taken among
/// actual values (the lower middle), so the reference's features fall in the bins real firms
/// fall in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    pub kind: ReferenceKind,
    /// Firms the medians were taken over.
    pub firms: usize,
    pub values: FeatureVector,
}

impl Reference {
    fn median_of(kind: ReferenceKind, vectors: &[&FeatureVector]) -> Reference {
        let mut values = FeatureVector::missing();
        let mut known: Vec<f64> = Vec::with_capacity(vectors.len());
        for feature in Feature::ALL {
            known.clear();
            known.extend(vectors.iter().filter_map(|v| v.get(feature)));
            if !known.is_empty() && known.len() * 2 >= vectors.len() {
                let middle = (known.len() - 1) / 2;
                let (_, m, _) = known.select_nth_unstable_by(middle, f64::total_cmp);
                values.set(feature, Some(*m));
            }
        }
        Reference {
            kind,
            firms: vectors.len(),
            values,
        }
    }
}

/// The references of a scoring month: the population's median firm and each NAF division's
/// (for divisions with at least the model's minimum of firms, as sector statistics).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct References {
    pub at: Month,
    pub population: Reference,
    pub sectors: BTreeMap<String, Reference>,
}

impl References {
    /// The median firms of `scores` (the population scored at `at`).
    pub fn new(
        panel: &crate::panel::Panel,
        scores: &[FirmScore],
        at: Month,
        min_firms: usize,
    ) -> References {
        let all: Vec<&FeatureVector> = scores.iter().map(|s| &s.features).collect();
        let mut by_division: BTreeMap<&str, Vec<&FeatureVector>> = BTreeMap::new();
        for s in scores {
            if let Some(d) = panel.firms[s.firm].naf_division() {
                by_division.entry(d).or_default().push(&s.features);
            }
        }
        let sectors = by_division
            .into_iter()
            .filter(|(_, v)| v.len() >= min_firms.max(1))
            .map(|(d, v)| {
                (
                    d.to_string(),
                    Reference::median_of(ReferenceKind::Sector(d.to_string()), &v),
                )
            })
            .collect();
        References {
            at,
            population: Reference::median_of(ReferenceKind::Population, &all),
            sectors,
        }
    }

    /// The firm's sector reference, or the population's for a firm without a NAF code or in
    /// too small a division.
    pub fn for_division(&self, division: Option<&str>) -> &Reference {
        division
            .and_then(|d| self.sectors.get(d))
            .unwrap_or(&self.population)
    }
}

/// One feature's share of a score difference.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Term {
    pub feature: Feature,
    pub value: Option<f64>,
    /// The base firm's value.
    pub base: Option<f64>,
    /// Log-odds: the shape's change plus this feature's Shapley share of the pairwise terms.
    pub contribution: f64,
}

/// A pairwise term's change, shown apart on the model page and in `vigie explain` (it is
/// already inside the two features' terms).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PairChange {
    pub a: Feature,
    pub b: Feature,
    pub contribution: f64,
}

/// `logit = base_logit + Σ terms + term_structure`, exactly (up to rounding).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decomposition {
    pub horizon: Horizon,
    /// The horizon whose terms give the firm's score (see `HorizonScore::source`).
    pub source: Horizon,
    pub logit: f64,
    pub probability: f64,
    pub base_logit: f64,
    pub base_probability: f64,
    /// One per model feature, in the model's order.
    pub terms: Vec<Term>,
    pub pairs: Vec<PairChange>,
    /// Non-zero only when the base's score comes from another horizon than the firm's: the
    /// base's log-odds under the firm's horizon terms minus its published log-odds.
    pub term_structure: f64,
}

impl Decomposition {
    /// `base_logit + Σ terms + term_structure`: equal to `logit` within rounding.
    pub fn total(&self) -> f64 {
        self.base_logit
            + self.terms.iter().map(|t| t.contribution).sum::<f64>()
            + self.term_structure
    }

    /// The terms summed by group, in [`FeatureGroup::ALL`]'s order (groups without a model
    /// feature left out).
    pub fn groups(&self) -> Vec<(FeatureGroup, f64)> {
        FeatureGroup::ALL
            .into_iter()
            .filter_map(|g| {
                let mut terms = self
                    .terms
                    .iter()
                    .filter(|t| t.feature.def().group == g)
                    .peekable();
                terms.peek()?;
                Some((g, terms.map(|t| t.contribution).sum()))
            })
            .collect()
    }

    /// The contribution of every dictionary feature (0 for those the model does not use).
    pub fn per_feature(&self) -> [f64; COUNT] {
        let mut out = [0.0; COUNT];
        for t in &self.terms {
            out[t.feature.index()] += t.contribution;
        }
        out
    }

    /// The terms by decreasing magnitude.
    pub fn largest(&self) -> Vec<Term> {
        let mut terms = self.terms.clone();
        terms.sort_by(|a, b| {
            b.contribution
                .abs()
                .total_cmp(&a.contribution.abs())
                .then(a.feature.cmp(&b.feature))
        });
        terms
    }
}

/// `features`' score at `horizon` minus `base`'s, split exactly (see the module doc).
pub fn decompose(
    model: &Model,
    horizon: Horizon,
    features: &FeatureVector,
    base: &FeatureVector,
) -> Decomposition {
    let (x, b) = (model.bins(features), model.bins(base));
    let at = horizon.index().min(model.horizons.len() - 1);
    let (s, r) = (model.chain(&x)[at], model.chain(&b)[at]);
    let m = model.horizon(s.source);
    let mut terms: Vec<Term> = model
        .features
        .iter()
        .zip(&m.gam.shapes)
        .enumerate()
        .map(|(j, (f, shape))| Term {
            feature: f.feature,
            value: features.get(f.feature),
            base: base.get(f.feature),
            contribution: shape[x[j]] - shape[b[j]],
        })
        .collect();
    let coarse = |j: usize, bins: &[usize; COUNT]| model.features[j].bins.coarse(bins[j]);
    let pairs = m
        .gam
        .pairs
        .iter()
        .map(|p| {
            let (xa, xb, ra, rb) = (
                coarse(p.a, &x),
                coarse(p.b, &x),
                coarse(p.a, &b),
                coarse(p.b, &b),
            );
            // Shapley values of a two-player game: each feature's average marginal change.
            let to_a =
                0.5 * (p.get(xa, rb) - p.get(ra, rb)) + 0.5 * (p.get(xa, xb) - p.get(ra, xb));
            let to_b =
                0.5 * (p.get(ra, xb) - p.get(ra, rb)) + 0.5 * (p.get(xa, xb) - p.get(xa, rb));
            terms[p.a].contribution += to_a;
            terms[p.b].contribution += to_b;
            PairChange {
                a: model.features[p.a].feature,
                b: model.features[p.b].feature,
                contribution: p.get(xa, xb) - p.get(ra, rb),
            }
        })
        .collect();
    let term_structure = if r.source == s.source {
        0.0
    } else {
        model.horizon_logit(s.source, &b) - r.logit
    };
    Decomposition {
        horizon,
        source: s.source,
        logit: s.logit,
        probability: s.probability,
        base_logit: r.logit,
        base_probability: sigmoid(r.logit),
        terms,
        pairs,
        term_structure,
    }
}

/// One horizon of a firm's explanation, against both references.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HorizonExplanation {
    pub horizon: Horizon,
    pub sector: Decomposition,
    pub population: Decomposition,
}

/// What changed since the previous month, at the alert horizon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthChange {
    pub from: Month,
    /// Whether the firm was in alert then (with the model's thresholds).
    pub alert_before: Alert,
    /// The score now minus the score then (`base` is the previous month).
    pub decomposition: Decomposition,
}

/// Everything the firm page and `vigie explain` show about one firm's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FirmExplanation {
    pub siren: String,
    pub name: String,
    pub at: Month,
    pub alert: Alert,
    pub first_alert: bool,
    pub alert_horizon: Horizon,
    pub sector_reference: Reference,
    pub population_reference: Reference,
    /// In the order of [`Horizon::ALL`].
    pub horizons: Vec<HorizonExplanation>,
    /// At the alert horizon, against the sector reference.
    pub reasons: Reasons,
    pub counterfactual: Counterfactual,
    /// `None` when the firm was not scored the previous month.
    pub change: Option<MonthChange>,
}

impl FirmExplanation {
    pub fn at(&self, horizon: Horizon) -> &HorizonExplanation {
        &self.horizons[horizon.index().min(self.horizons.len() - 1)]
    }
}

/// The sector peers' values of the features a counterfactual recomputes ranks of.
pub(crate) fn peers<'a>(analysis: &'a Analysis, division: Option<&str>) -> Vec<&'a FeatureVector> {
    let Some(division) = division else {
        return Vec::new();
    };
    analysis
        .scores
        .iter()
        .filter(|s| analysis.panel.firms[s.firm].naf_division() == Some(division))
        .map(|s| &s.features)
        .collect()
}

/// The full explanation of a scored firm (`firm` indexes `Panel::firms`); `None` when the
/// firm is not in the scored population (a strong signal, or outside the perimeter).
pub fn explain_firm(analysis: &Analysis, firm: usize) -> Option<FirmExplanation> {
    let score = analysis.scores.iter().find(|s| s.firm == firm)?;
    let model = &analysis.model;
    let info = &analysis.panel.firms[firm];
    let division = info.naf_division();
    let sector = analysis.references.for_division(division);
    let population = &analysis.references.population;
    let horizons: Vec<HorizonExplanation> = Horizon::ALL
        .into_iter()
        .map(|h| HorizonExplanation {
            horizon: h,
            sector: decompose(model, h, &score.features, &sector.values),
            population: decompose(model, h, &score.features, &population.values),
        })
        .collect();
    let alert_horizon = model.alert_horizon;
    let reasons = reasons::reasons(&horizons[alert_horizon.index()].sector, &sector.kind);
    let peers = peers(analysis, division);
    let counterfactual = counterfactual::counterfactual(
        model,
        &score.features,
        &peers,
        model.params.min_sector_firms,
    );
    Some(FirmExplanation {
        siren: info.siren.insee(),
        name: info.name.clone(),
        at: analysis.at,
        alert: score.alert,
        first_alert: score.first_alert,
        alert_horizon,
        sector_reference: sector.clone(),
        population_reference: population.clone(),
        horizons,
        reasons,
        counterfactual,
        change: month_change(analysis, score),
    })
}

/// The firm's score now against its score the month before, if it was scored then.
fn month_change(analysis: &Analysis, score: &FirmScore) -> Option<MonthChange> {
    let panel = &analysis.panel;
    let model = &analysis.model;
    let t = panel.index_of(analysis.at)?;
    let before = t.checked_sub(1)?;
    if !crate::features::in_population(panel, score.firm, before, model.params.lags) {
        return None;
    }
    let features = Features::new(panel, &model.params, &analysis.events, before..=before);
    let previous = features.at(score.firm, before);
    let decomposition = decompose(model, model.alert_horizon, &score.features, &previous);
    Some(MonthChange {
        from: panel.month(before),
        alert_before: model.alert(decomposition.base_probability),
        decomposition,
    })
}

#[cfg(test)]
mod tests;
