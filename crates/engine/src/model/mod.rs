//! The multi-horizon risk model: for every firm at month T, the probability of entering a
//! collective proceeding within 3, 6, 12 and 18 months, an alert level, and a continuous
//! degradation score — every one of them an exact sum of per-feature terms.
//!
//! - [`gam`]: the additive model (shape functions over bins, a few pairwise terms, monotone
//!   where the dictionary knows the direction), learnt by cyclic boosting.
//! - [`train`]: rows, out-of-time and firm-grouped splits, calibration and its crisis rule,
//!   thresholds; driven step by step so the browser can show progress and cancel.
//! - [`degradation`]: the expected change of a distress index over 12 months (`linfa-linear`).
//! - [`backtest`]: rolling-origin out-of-time evaluation.
//!
//! **Term structure.** One model per horizon, each calibrated on its own target; the published
//! log-odds are the running maximum over horizons (`logit₆ = max(raw₆, logit₃)`…), so
//! p₃ ≤ p₆ ≤ p₁₂ ≤ p₁₈ holds by construction. When a shorter horizon binds, the longer one's
//! score *is* the shorter one's, and so is its explanation ([`HorizonScore::source`]): the
//! terms always sum exactly to the score shown.

pub mod backtest;
pub mod degradation;
pub mod gam;
pub mod thresholds;
pub mod train;

use serde::{Deserialize, Serialize};

use crate::calendar::Month;
use crate::evaluate::Metrics;
pub use crate::features::in_population;
use crate::features::{COUNT, Feature, FeatureParams, FeatureVector, dictionary_hash};
pub use degradation::Degradation;
pub use gam::{Bins, Gam, PairTable, sigmoid};
pub use thresholds::{AlertCounts, OperatingPoint, ThresholdError, counts};
pub use train::{Progress, TrainConfig, Trainer, train};

/// The model file's format name and schema version (bumped on any incompatible change).
pub const FORMAT: &str = "vigie-model";
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ModelError {
    #[error("historique trop court : il faut au moins {needed} mois de données, {got} disponibles")]
    NotEnoughHistory { needed: usize, got: usize },
    #[error(
        "aucune entrée en procédure collective dans l'historique : impossible d'apprendre le risque"
    )]
    NoPositives,
    #[error("apprentissage interrompu")]
    Cancelled,
    #[error("échec de l'apprentissage : {0}")]
    Fit(String),
    #[error("fichier de modèle illisible : {0}")]
    Json(String),
    #[error("ce fichier n'est pas un modèle Vigie (format « {0} »)")]
    NotAModel(String),
    #[error(
        "version de modèle {found} non prise en charge (cette version de Vigie lit la version {SCHEMA_VERSION})"
    )]
    WrongVersion { found: u32 },
    #[error(
        "le modèle a été entraîné avec un autre dictionnaire de variables (empreinte {found}, attendue {expected}) : réentraînez-le"
    )]
    WrongDictionary { found: String, expected: String },
    #[error("modèle incohérent : {0}")]
    Invalid(String),
}

/// A prediction horizon in months (3, 6, 12 or 18).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Horizon(u8);

impl Horizon {
    pub const ALL: [Horizon; 4] = [Horizon(3), Horizon(6), Horizon(12), Horizon(18)];
    pub const M18: Horizon = Horizon(18);

    pub fn months(self) -> usize {
        usize::from(self.0)
    }

    /// Position in [`Horizon::ALL`].
    pub fn index(self) -> usize {
        Horizon::ALL.iter().position(|h| *h == self).unwrap_or(3)
    }

    pub fn from_months(months: usize) -> Option<Horizon> {
        Horizon::ALL.into_iter().find(|h| h.months() == months)
    }
}

/// Alert levels shown to agents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Alert {
    Vert,
    Orange,
    Rouge,
}

impl Alert {
    pub fn label_fr(self) -> &'static str {
        match self {
            Alert::Vert => "vert",
            Alert::Orange => "orange",
            Alert::Rouge => "rouge",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Alert::Vert => "green",
            Alert::Orange => "orange",
            Alert::Rouge => "red",
        }
    }
}

/// Probability thresholds of the alert levels.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    /// Maximises F2 on the validation window (recall first).
    pub orange: f64,
    /// Maximises F0.5 on the validation window (precision first); never below orange.
    pub rouge: f64,
    /// The validated thresholds, when the agent set these instead (see [`thresholds`]);
    /// absent from files of validated models.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edited: Option<thresholds::Validated>,
}

/// How a horizon's probabilities were calibrated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CalibrationRule {
    /// Platt scaling (`a + b·logit`) fitted on the recent out-of-time window.
    Platt,
    /// The window's outcomes overlap the crisis: only the intercept moves, to the long-run
    /// failure rate (pandemic failure rates are not learnt as normal).
    BaseRate,
    /// Too few failures in the window to calibrate: the fit is kept as it is.
    None,
}

/// The calibration folded into a horizon's terms (kept to show and check it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    pub rule: CalibrationRule,
    /// Calibrated logit = `shift + slope × raw logit`.
    pub slope: f64,
    pub shift: f64,
    pub window_start: Month,
    pub window_end: Month,
    /// Failure rate observed in the calibration window.
    pub observed_rate: f64,
    /// Failure rate of the training rows whose outcome window avoids the crisis.
    pub long_run_rate: f64,
}

/// The model of one horizon: calibrated terms, thresholds and validation metrics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HorizonModel {
    pub horizon: Horizon,
    /// Calibrated additive terms (`shapes[j]` over the bins of `Model::features[j]`).
    pub gam: Gam,
    pub calibration: Calibration,
    pub thresholds: Thresholds,
    /// Training rows and failures among them.
    pub rows: usize,
    pub positives: usize,
    /// Negative rows kept in training (each weighs `1 / negative_rate`).
    pub negative_rate: f64,
    /// Boosting sweeps kept (chosen on validation) for main effects and pairs.
    pub sweeps: usize,
    pub pair_sweeps: usize,
    /// Metrics of the calibrated probabilities on the out-of-time, held-out-firm validation.
    pub validation: Option<Metrics>,
    /// Precision and recall of the validation rows at stored thresholds (what an edited
    /// threshold would have given); absent from older files.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub operating: Vec<OperatingPoint>,
}

/// One feature of the model and its bins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelFeature {
    pub feature: Feature,
    pub bins: Bins,
}

/// What the model was trained on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingSummary {
    /// Free text shown on the model card (e.g. "données de démonstration synthétiques").
    pub data: String,
    /// Whether the data are synthetic (the UI then says so wherever the model is shown).
    pub synthetic: bool,
    pub firms: usize,
    /// Share of the firms whose rows were used (a deterministic SIREN sample beyond the cap).
    pub firm_share: f64,
    /// Share of the firms held out for validation (firm-grouped).
    pub validation_firm_share: f64,
    pub first_month: Month,
    /// Last training month of the longest horizon (shorter horizons train a little later).
    pub last_month: Month,
    pub validation_first_month: Month,
    pub validation_last_month: Month,
    /// The panel's last month.
    pub data_end: Month,
    pub config: TrainConfig,
}

/// A fitted model: the versioned document `vigie train` writes and the app downloads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    pub format: String,
    pub schema_version: u32,
    /// [`dictionary_hash`] of the dictionary the features were computed with.
    pub dictionary_hash: String,
    pub engine_version: String,
    /// The feature parameters of training; scoring uses the same.
    pub params: FeatureParams,
    pub features: Vec<ModelFeature>,
    /// One per horizon, in the order of [`Horizon::ALL`].
    pub horizons: Vec<HorizonModel>,
    /// The horizon whose thresholds give the alert level (18 months, as Signaux Faibles).
    pub alert_horizon: Horizon,
    pub degradation: Option<Degradation>,
    pub training: TrainingSummary,
    /// Rolling-origin backtests run when the model was made (`vigie train --backtests`).
    #[serde(default)]
    pub backtests: Vec<backtest::Backtest>,
}

/// The default model, trained on the synthetic demo (`make model` rebuilds it).
const EMBEDDED: &str = include_str!("../../models/default.json");

/// The model embedded in the app and the CLI: trained on synthetic demo data, as its
/// `training.synthetic` says.
pub fn embedded() -> Result<Model, ModelError> {
    Model::from_json(EMBEDDED)
}

/// See [`Model::scorer`]. Gives bit for bit the probabilities of [`Model::probability`]: the
/// terms are added in the same order.
pub struct Scorer<'a> {
    model: &'a Model,
    tables: Vec<Vec<[f64; 4]>>,
}

impl Scorer<'_> {
    pub fn probability(&self, horizon: Horizon, features: &FeatureVector) -> f64 {
        let model = self.model;
        let last = horizon.index().min(model.horizons.len() - 1);
        let bins = model.bins(features);
        let mut logits = [0.0; 4];
        for (l, m) in logits.iter_mut().zip(&model.horizons) {
            *l = m.gam.intercept;
        }
        for (table, b) in self.tables.iter().zip(&bins) {
            let row = &table[*b];
            for (l, v) in logits.iter_mut().zip(row) {
                *l += v;
            }
        }
        let mut best = f64::NEG_INFINITY;
        for (l, m) in logits.iter_mut().zip(&model.horizons).take(last + 1) {
            for p in &m.gam.pairs {
                *l += model.pair_value(p, &bins);
            }
            best = best.max(*l);
        }
        sigmoid(best)
    }
}

/// One horizon's score of a firm.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct HorizonScore {
    pub horizon: Horizon,
    pub logit: f64,
    pub probability: f64,
    /// The horizon whose terms give this score: itself, or a shorter one where the term
    /// structure's monotonicity binds.
    pub source: Horizon,
}

/// Every score of a firm at a month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// In the order of [`Horizon::ALL`]; probabilities never decrease.
    pub horizons: Vec<HorizonScore>,
    /// Expected change of the distress index over 12 months (points out of 100).
    pub degradation: Option<f64>,
}

impl Score {
    pub fn at(&self, horizon: Horizon) -> &HorizonScore {
        &self.horizons[horizon.index().min(self.horizons.len() - 1)]
    }
}

/// A horizon's score with its exact decomposition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explained {
    pub horizon: Horizon,
    /// The horizon whose terms these are (see [`HorizonScore::source`]).
    pub source: Horizon,
    pub logit: f64,
    pub probability: f64,
    pub intercept: f64,
    /// Log-odds contribution of each of `Model::features`.
    pub contributions: Vec<f64>,
    /// Log-odds contribution of each pairwise term of the source horizon.
    pub pairs: Vec<f64>,
}

impl Explained {
    /// `intercept + Σ contributions + Σ pairs`: equal to `logit` (up to rounding).
    pub fn total(&self) -> f64 {
        self.intercept + self.contributions.iter().sum::<f64>() + self.pairs.iter().sum::<f64>()
    }
}

impl Model {
    /// Reads and validates a model file: format, schema version, dictionary, consistency.
    pub fn from_json(text: &str) -> Result<Model, ModelError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| ModelError::Json(e.to_string()))?;
        let format = value.get("format").and_then(|f| f.as_str()).unwrap_or("");
        if format != FORMAT {
            return Err(ModelError::NotAModel(format.to_string()));
        }
        let version = value.get("schema_version").and_then(|v| v.as_u64());
        if version != Some(u64::from(SCHEMA_VERSION)) {
            return Err(ModelError::WrongVersion {
                found: version.and_then(|v| u32::try_from(v).ok()).unwrap_or(0),
            });
        }
        let model: Model =
            serde_json::from_value(value).map_err(|e| ModelError::Json(e.to_string()))?;
        model.validate()?;
        Ok(model)
    }

    /// A model of some horizons only (backtests at an early cutoff): scores, never saved.
    pub(crate) fn partial(
        features: Vec<ModelFeature>,
        horizons: Vec<HorizonModel>,
        params: FeatureParams,
    ) -> Model {
        let first = horizons.first().map_or(Horizon::M18, |h| h.horizon);
        Model {
            format: FORMAT.into(),
            schema_version: SCHEMA_VERSION,
            dictionary_hash: dictionary_hash(),
            engine_version: env!("CARGO_PKG_VERSION").into(),
            params,
            features,
            horizons,
            alert_horizon: first,
            degradation: None,
            training: TrainingSummary {
                data: String::new(),
                synthetic: false,
                firms: 0,
                firm_share: 1.0,
                validation_firm_share: 0.0,
                first_month: Month::from_index(0),
                last_month: Month::from_index(0),
                validation_first_month: Month::from_index(0),
                validation_last_month: Month::from_index(0),
                data_end: Month::from_index(0),
                config: TrainConfig::default(),
            },
            backtests: Vec::new(),
        }
    }

    /// The model file: compact JSON (a pretty-printed model is twice the size, mostly the
    /// line breaks of its shape tables; `jq .` shows it indented).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Checks what the scoring code relies on, so that a hand-edited file fails here and not
    /// with a wrong score.
    pub fn validate(&self) -> Result<(), ModelError> {
        let expected = dictionary_hash();
        if self.dictionary_hash != expected {
            return Err(ModelError::WrongDictionary {
                found: self.dictionary_hash.clone(),
                expected,
            });
        }
        let invalid = |why: String| Err(ModelError::Invalid(why));
        if self.horizons.len() != Horizon::ALL.len()
            || self
                .horizons
                .iter()
                .zip(Horizon::ALL)
                .any(|(m, h)| m.horizon != h)
        {
            return invalid("il faut un modèle par horizon : 3, 6, 12 et 18 mois".into());
        }
        let mut seen = [false; COUNT];
        for f in &self.features {
            if std::mem::replace(&mut seen[f.feature.index()], true) {
                return invalid(format!("variable {} en double", f.feature.def().id));
            }
        }
        for f in &self.features {
            let finite = f.bins.cuts.iter().all(|c| c.is_finite());
            if !finite || f.bins.cuts.windows(2).any(|w| w[0] >= w[1]) {
                return invalid(format!("seuils non croissants pour {}", f.feature.def().id));
            }
        }
        for m in &self.horizons {
            let h = m.horizon.months();
            if !m.gam.intercept.is_finite() {
                return invalid(format!("constante non finie à {h} mois"));
            }
            if m.gam.shapes.len() != self.features.len() {
                return invalid(format!(
                    "{} fonctions de forme à {h} mois pour {} variables",
                    m.gam.shapes.len(),
                    self.features.len()
                ));
            }
            for (shape, f) in m.gam.shapes.iter().zip(&self.features) {
                if shape.len() != f.bins.len() || shape.iter().any(|v| !v.is_finite()) {
                    return invalid(format!(
                        "fonction de forme de {} à {h} mois : {} valeurs pour {} classes",
                        f.feature.def().id,
                        shape.len(),
                        f.bins.len()
                    ));
                }
            }
            for p in &m.gam.pairs {
                let (Some(a), Some(b)) = (self.features.get(p.a), self.features.get(p.b)) else {
                    return invalid(format!("interaction à {h} mois sur une variable absente"));
                };
                let cells = (a.bins.coarse_values() + 1) * (b.bins.coarse_values() + 1);
                if p.width != b.bins.coarse_values() + 1
                    || p.values.len() != cells
                    || p.values.iter().any(|v| !v.is_finite())
                {
                    return invalid(format!(
                        "interaction {} × {} à {h} mois mal formée",
                        a.feature.def().id,
                        b.feature.def().id
                    ));
                }
            }
            let t = m.thresholds;
            let v = t.validated();
            let consistent = |orange: f64, rouge: f64| {
                (0.0..=1.0).contains(&orange) && (orange..=1.0).contains(&rouge)
            };
            if !consistent(t.orange, t.rouge) || !consistent(v.orange, v.rouge) {
                return invalid(format!("seuils d'alerte incohérents à {h} mois"));
            }
        }
        if let Some(d) = &self.degradation {
            d.validate().map_err(ModelError::Invalid)?;
        }
        Ok(())
    }

    /// The bin of every model feature (at most one per dictionary feature: a fixed array, so
    /// scoring a firm allocates nothing).
    pub fn bins(&self, features: &FeatureVector) -> [usize; COUNT] {
        let mut bins = [0; COUNT];
        for (b, f) in bins.iter_mut().zip(&self.features) {
            *b = f.bins.bin(features.value(f.feature.index()));
        }
        bins
    }

    fn raw_logit(&self, m: &HorizonModel, bins: &[usize]) -> f64 {
        m.gam.logit(|j| &self.features[j].bins, |j| bins[j])
    }

    /// One horizon's own log-odds (before the term structure's running maximum) of binned
    /// features.
    pub fn horizon_logit(&self, horizon: Horizon, bins: &[usize]) -> f64 {
        self.raw_logit(self.horizon(horizon), bins)
    }

    fn pair_value(&self, p: &PairTable, bins: &[usize]) -> f64 {
        p.term(|j| &self.features[j].bins, |j| bins[j])
    }

    /// The term structure of binned features ([`Model::bins`]): each horizon's log-odds chained
    /// by a running maximum.
    pub fn chain(&self, bins: &[usize]) -> Vec<HorizonScore> {
        let mut horizons: Vec<HorizonScore> = Vec::with_capacity(self.horizons.len());
        for m in &self.horizons {
            let raw = self.raw_logit(m, bins);
            let (logit, source) = match horizons.last() {
                Some(shorter) if shorter.logit > raw => (shorter.logit, shorter.source),
                _ => (raw, m.horizon),
            };
            horizons.push(HorizonScore {
                horizon: m.horizon,
                logit,
                probability: sigmoid(logit),
                source,
            });
        }
        horizons
    }

    /// Every horizon's probability (monotone) and the degradation score.
    pub fn score(&self, features: &FeatureVector) -> Score {
        Score {
            horizons: self.chain(&self.bins(features)),
            degradation: self.degradation.as_ref().map(|d| d.predict(features)),
        }
    }

    /// The published probability at one horizon (the running maximum up to it), without the
    /// degradation score.
    pub fn probability(&self, horizon: Horizon, features: &FeatureVector) -> f64 {
        let bins = self.bins(features);
        let logit = self.horizons[..=horizon.index().min(self.horizons.len() - 1)]
            .iter()
            .map(|m| self.raw_logit(m, &bins))
            .fold(f64::NEG_INFINITY, f64::max);
        sigmoid(logit)
    }

    /// A scorer for many rows: the horizons' tables interleaved per bin, so that one lookup
    /// gives a feature's term at every horizon (scoring a national month's history is a few
    /// hundred million lookups).
    pub fn scorer(&self) -> Scorer<'_> {
        let tables = self
            .features
            .iter()
            .enumerate()
            .map(|(j, f)| {
                (0..f.bins.len())
                    .map(|b| {
                        let mut v = [0.0; 4];
                        for (slot, m) in v.iter_mut().zip(&self.horizons) {
                            *slot = m.gam.shapes[j][b];
                        }
                        v
                    })
                    .collect()
            })
            .collect();
        Scorer {
            model: self,
            tables,
        }
    }

    /// The exact decomposition of a horizon's score.
    pub fn explain(&self, horizon: Horizon, features: &FeatureVector) -> Explained {
        let bins = self.bins(features);
        let chain = self.chain(&bins);
        let s = chain[horizon.index().min(chain.len() - 1)];
        let m = &self.horizons[s.source.index()];
        Explained {
            horizon,
            source: s.source,
            logit: s.logit,
            probability: s.probability,
            intercept: m.gam.intercept,
            contributions: m.gam.shapes.iter().zip(&bins).map(|(v, b)| v[*b]).collect(),
            pairs: m
                .gam
                .pairs
                .iter()
                .map(|p| self.pair_value(p, &bins))
                .collect(),
        }
    }

    pub fn horizon(&self, horizon: Horizon) -> &HorizonModel {
        &self.horizons[horizon.index()]
    }

    /// The alert of a probability at the alert horizon.
    pub fn alert(&self, probability: f64) -> Alert {
        self.horizon(self.alert_horizon)
            .thresholds
            .alert(probability)
    }

    /// Which dictionary features the model uses (indexed like the dictionary).
    pub fn used_features(&self) -> [bool; COUNT] {
        let mut used = [false; COUNT];
        for f in &self.features {
            used[f.feature.index()] = true;
        }
        used
    }
}

#[cfg(test)]
mod tests;
