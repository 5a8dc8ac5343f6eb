//! The first risk model: an L2-penalised logistic regression (`linfa-logistic`) on winsorised,
//! standardised features plus explicit missing-value indicators.
//!
//! It is additive in log-odds — `logit = intercept + Σ wᵢ·zᵢ` — so each column's contribution
//! `wᵢ·zᵢ` is exact and sums to the score: the glass-box property later models keep.
//! Training is out of time: validation rows come after the training rows with an embargo equal to
//! the horizon, so no validation label was visible when the training rows were labelled.

use linfa::prelude::*;
use linfa_logistic::LogisticRegression;
use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};

use crate::calendar::Month;
use crate::evaluate::{best_threshold, roc_auc};
pub use crate::features::in_population;
use crate::features::{
    COUNT, Direction, Feature, FeatureParams, FeatureVector, Features, SectorEvents, WARM_UP,
    failure_within,
};
use crate::panel::Panel;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ModelError {
    #[error("historique trop court : il faut au moins {needed} mois de données, {got} disponibles")]
    NotEnoughHistory { needed: usize, got: usize },
    #[error(
        "aucune entrée en procédure collective dans l'historique : impossible d'apprendre le risque"
    )]
    NoPositives,
    #[error("échec de l'apprentissage : {0}")]
    Fit(String),
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

/// What a design column encodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnKind {
    /// The winsorised, standardised value (0 when missing: the training mean).
    Value,
    /// 1 when the feature is missing.
    Missing,
}

/// One column of the design matrix and its fitted weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    /// Index in [`crate::features::DICTIONARY`].
    pub feature: usize,
    pub kind: ColumnKind,
    /// Winsorisation bounds (1st and 99th training percentiles).
    pub low: f64,
    pub high: f64,
    pub mean: f64,
    pub std: f64,
    pub weight: f64,
}

impl Column {
    fn encode(&self, value: Option<f64>) -> f64 {
        match (self.kind, value) {
            (ColumnKind::Value, Some(v)) => (v.clamp(self.low, self.high) - self.mean) / self.std,
            (ColumnKind::Value, None) => 0.0,
            (ColumnKind::Missing, v) => f64::from(u8::from(v.is_none())),
        }
    }
}

/// Probability thresholds of the alert levels.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    pub orange: f64,
    pub rouge: f64,
}

/// What the model was trained and validated on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingSummary {
    pub first_month: Month,
    pub last_month: Month,
    pub samples: usize,
    pub positives: usize,
    pub validation_first_month: Option<Month>,
    pub validation_samples: usize,
    pub validation_positives: usize,
    /// Out-of-time ROC AUC on the validation window.
    pub validation_auc: Option<f64>,
    /// Share of the firms whose rows were used (1 unless the history exceeds
    /// [`MAX_TRAINING_ROWS`]).
    #[serde(default = "full_share")]
    pub firm_share: f64,
}

fn full_share() -> f64 {
    1.0
}

/// A fitted model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    pub horizon: Horizon,
    /// The feature parameters the model was trained with; scoring uses the same.
    pub params: FeatureParams,
    pub intercept: f64,
    pub columns: Vec<Column>,
    pub thresholds: Thresholds,
    pub training: TrainingSummary,
}

/// A score with its exact decomposition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explained {
    pub logit: f64,
    pub probability: f64,
    /// Log-odds contribution of each design column; `intercept + Σ = logit` exactly.
    pub contributions: Vec<f64>,
}

pub fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

impl Model {
    pub fn explain(&self, features: &FeatureVector) -> Explained {
        let contributions: Vec<f64> = self
            .columns
            .iter()
            .map(|c| c.weight * c.encode(features.value(c.feature)))
            .collect();
        let logit = self.intercept + contributions.iter().sum::<f64>();
        Explained {
            logit,
            probability: sigmoid(logit),
            contributions,
        }
    }

    pub fn alert(&self, probability: f64) -> Alert {
        if probability >= self.thresholds.rouge {
            Alert::Rouge
        } else if probability >= self.thresholds.orange {
            Alert::Orange
        } else {
            Alert::Vert
        }
    }

    /// Which dictionary features the model uses (indexed like the dictionary).
    pub fn used_features(&self) -> [bool; COUNT] {
        let mut used = [false; COUNT];
        for c in &self.columns {
            used[c.feature] = true;
        }
        used
    }

    /// Contributions summed per dictionary feature (value and missing indicator together).
    pub fn per_feature(&self, explained: &Explained) -> [f64; COUNT] {
        let mut out = [0.0; COUNT];
        for (c, v) in self.columns.iter().zip(&explained.contributions) {
            out[c.feature] += v;
        }
        out
    }
}

/// The features this first, linear model may use. A linear logistic regression on all 81
/// features of the dictionary degrades out of time on the demo (validation AUC 0.68 on 1 000
/// firms, 0.73 even with a penalty of 100, against 0.77 for the first model's four features): a
/// straight line per raw feature cannot use them, crisis exposure reads as time, and correlated
/// debt features take opposite signs. These thirteen (debt level, change, trend and age, payment
/// plans, CCSF, activité partielle outside the crisis, headcount change, size, age, the debt's
/// rank in its sector) measured 0.788 and 0.796 on two 1 500-firm demo seeds. Features whose
/// weight contradicts the dictionary are then dropped (see [`train`]). The shape-function model
/// of the next stage is meant to use the whole dictionary.
pub const MODEL_FEATURES: [Feature; 13] = [
    Feature::DetteSurCotisations,
    Feature::VariationDette3,
    Feature::TendanceDette12,
    Feature::MoisDepuisDerniereDette,
    Feature::DelaisActifs,
    Feature::EcartDelai,
    Feature::CcsfEnCours,
    Feature::PartApConsommee,
    Feature::ApHorsCrise,
    Feature::EvolutionEffectif12,
    Feature::Taille,
    Feature::AgeEntreprise,
    Feature::DetteCentileSecteur,
];

/// Training options.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TrainConfig {
    pub horizon: Horizon,
    pub params: FeatureParams,
    /// One training month every `every` months (rows of nearby months are nearly duplicates).
    pub every: usize,
    /// L2 penalty.
    pub alpha: f64,
    /// Months of the out-of-time validation window.
    pub validation_months: usize,
}

impl Default for TrainConfig {
    fn default() -> TrainConfig {
        TrainConfig {
            horizon: Horizon::M18,
            params: FeatureParams::default(),
            every: 3,
            alpha: 0.1,
            validation_months: 12,
        }
    }
}

struct Rows {
    features: Vec<FeatureVector>,
    labels: Vec<bool>,
}

/// Training rows: every firm in the population at the selected months, labelled.
fn rows(features: &Features, horizon: Horizon, months: &[usize], share: f64) -> Rows {
    let panel = features.panel();
    let lags = features.params().lags;
    let (Some(&first), Some(&last)) = (months.first(), months.last()) else {
        return Rows {
            features: Vec::new(),
            labels: Vec::new(),
        };
    };
    let rows = features.collect(
        first..=last,
        |f, t| {
            sampled(panel.firms[f].siren, share)
                && months.binary_search(&t).is_ok()
                && in_population(panel, f, t, lags)
        },
        |f, t, v| {
            let label = failure_within(panel, f, t, horizon.months()).unwrap_or(false);
            (v, label)
        },
    );
    let (features, labels) = rows.into_iter().unzip();
    Rows { features, labels }
}

/// At most this many training rows (and as many validation rows): beyond, a sample of firms.
/// The fit's cost grows with the rows (a national history is 7 million firm-months), while a
/// few hundred thousand rows already pin down a dozen weights.
pub const MAX_TRAINING_ROWS: usize = 250_000;

/// Whether a firm is in a sample of `share` of the firms. Deterministic and the same on every
/// platform: a multiplicative (Fibonacci) hash of the SIREN, so the sample is spread over SIREN
/// ranges rather than the first firms.
fn sampled(siren: crate::ids::Siren, share: f64) -> bool {
    if share >= 1.0 {
        return true;
    }
    let hash = u64::from(siren.value()).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 11;
    (hash as f64 / (1u64 << 53) as f64) < share
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * q).round() as usize]
}

/// Design columns (without weights) from the training rows.
/// Fewest training rows with a feature missing for the model to learn a missing-value weight.
const MIN_MISSING_ROWS: usize = 100;

/// Whether a value column's weight goes against the direction the dictionary expects.
fn contradicts(column: &Column) -> bool {
    match crate::features::DICTIONARY[column.feature].direction {
        Direction::Increasing => column.weight < 0.0,
        Direction::Decreasing => column.weight > 0.0,
        Direction::Unknown => false,
    }
}

fn design_columns(features: &[FeatureVector], allowed: &[Feature]) -> Vec<Column> {
    let mut columns = Vec::new();
    for i in allowed.iter().map(|f| f.index()) {
        let mut known: Vec<f64> = features.iter().filter_map(|f| f.value(i)).collect();
        known.sort_by(f64::total_cmp);
        if known.is_empty() {
            continue;
        }
        let (low, high) = (percentile(&known, 0.01), percentile(&known, 0.99));
        let clipped = known.iter().map(|v| v.clamp(low, high));
        let mean = clipped.clone().sum::<f64>() / known.len() as f64;
        let var = clipped.map(|v| (v - mean).powi(2)).sum::<f64>() / known.len() as f64;
        let std = if var > 1e-12 { var.sqrt() } else { 1.0 };
        columns.push(Column {
            feature: i,
            kind: ColumnKind::Value,
            low,
            high,
            mean,
            std,
            weight: 0.0,
        });
        // A missing-value indicator only where missingness is common enough to learn from: on
        // a handful of rows (firms absent from SIRENE have no sector nor age) its weight is
        // noise that can put them at the top of the list. Rarer missing values count as the
        // training mean (a zero contribution).
        let missing = features.len() - known.len();
        if missing >= MIN_MISSING_ROWS.max(features.len() / 100) {
            columns.push(Column {
                feature: i,
                kind: ColumnKind::Missing,
                low: 0.0,
                high: 1.0,
                mean: 0.0,
                std: 1.0,
                weight: 0.0,
            });
        }
    }
    columns
}

fn matrix(columns: &[Column], features: &[FeatureVector]) -> Array2<f64> {
    Array2::from_shape_fn((features.len(), columns.len()), |(r, c)| {
        columns[c].encode(features[r].value(columns[c].feature))
    })
}

/// Trains on the panel's labelled history, validating out of time.
pub fn train(
    panel: &Panel,
    config: &TrainConfig,
    events: &SectorEvents,
) -> Result<Model, ModelError> {
    train_on(panel, config, events, &MODEL_FEATURES)
}

fn train_on(
    panel: &Panel,
    config: &TrainConfig,
    events: &SectorEvents,
    allowed: &[Feature],
) -> Result<Model, ModelError> {
    let h = config.horizon.months();
    let needed = WARM_UP + h + config.validation_months + h + 12;
    if panel.months < needed {
        return Err(ModelError::NotEnoughHistory {
            needed,
            got: panel.months,
        });
    }
    // Labelled months: t + h must be inside the panel.
    let last_labelled = panel.months - 1 - h;
    let validation_start = last_labelled + 1 - config.validation_months;
    let train_end = validation_start - h; // embargo: training labels end before validation starts
    let features = Features::new(panel, &config.params, events, WARM_UP..=last_labelled);
    let train_months: Vec<usize> = (WARM_UP..train_end).step_by(config.every).collect();
    let validation_months: Vec<usize> = (validation_start..=last_labelled)
        .step_by(config.every)
        .collect();
    // Rows are at most firms × months: sample firms when that exceeds the cap.
    let share = (MAX_TRAINING_ROWS as f64
        / (panel.firms.len() * train_months.len().max(validation_months.len())).max(1) as f64)
        .min(1.0);
    let train_rows = rows(&features, config.horizon, &train_months, share);
    let validation_rows = rows(&features, config.horizon, &validation_months, share);
    let positives = train_rows.labels.iter().filter(|l| **l).count();
    if positives == 0 {
        return Err(ModelError::NoPositives);
    }

    let y = Array1::from_vec(train_rows.labels.clone());
    // linfa takes the *majority* class as positive (the first seen on a tie); orient the
    // coefficients so that the logit is the log-odds of entering a proceeding.
    let negatives = train_rows.labels.len() - positives;
    let true_is_positive =
        positives > negatives || (positives == negatives && train_rows.labels[0]);
    let sign = if true_is_positive { 1.0 } else { -1.0 };
    // Fit, then drop every feature whose weight contradicts the dictionary's expected direction
    // (a linear model on correlated features can give "more debt, less risk" to one of them,
    // which no agent could accept in an explanation) and fit again, until none does.
    let mut allowed: Vec<Feature> = allowed.to_vec();
    // The previous fit's columns and raw weights (intercept last): each refit starts from them,
    // so it only has to adjust to the dropped columns.
    let mut previous: Option<(Vec<Column>, Array1<f64>)> = None;
    let (columns, intercept) = loop {
        let mut columns = design_columns(&train_rows.features, &allowed);
        let x = matrix(&columns, &train_rows.features);
        let mut solver = LogisticRegression::default()
            .alpha(config.alpha)
            .max_iterations(200);
        if let Some((old, raw)) = &previous {
            let mut start = Array1::zeros(columns.len() + 1);
            for (i, c) in columns.iter().enumerate() {
                if let Some(j) = old
                    .iter()
                    .position(|o| o.feature == c.feature && o.kind == c.kind)
                {
                    start[i] = raw[j];
                }
            }
            start[columns.len()] = raw[old.len()];
            solver = solver.initial_params(start);
        }
        let fitted = solver
            .fit(&Dataset::new(x, y.clone()))
            .map_err(|e| ModelError::Fit(e.to_string()))?;
        for (c, w) in columns.iter_mut().zip(fitted.params().iter()) {
            c.weight = sign * w;
        }
        let contrary: Vec<usize> = columns
            .iter()
            .filter(|c| c.kind == ColumnKind::Value && contradicts(c))
            .map(|c| c.feature)
            .collect();
        if contrary.is_empty() {
            break (columns, sign * fitted.intercept());
        }
        allowed.retain(|f| !contrary.contains(&f.index()));
        let mut raw: Vec<f64> = fitted.params().to_vec();
        raw.push(fitted.intercept());
        previous = Some((columns, Array1::from_vec(raw)));
    };
    let mut model = Model {
        horizon: config.horizon,
        params: config.params,
        intercept,
        columns,
        thresholds: Thresholds {
            orange: 0.0,
            rouge: 0.0,
        },
        training: TrainingSummary {
            first_month: panel.month(WARM_UP),
            last_month: panel.month(train_end - 1),
            samples: train_rows.labels.len(),
            positives,
            validation_first_month: Some(panel.month(validation_start)),
            validation_samples: validation_rows.labels.len(),
            validation_positives: validation_rows.labels.iter().filter(|l| **l).count(),
            validation_auc: None,
            firm_share: share,
        },
    };

    // Thresholds and AUC on the out-of-time window (the training window if it has no failure).
    let on_validation = model.training.validation_positives > 0;
    let evaluation = if on_validation {
        &validation_rows
    } else {
        &train_rows
    };
    let probabilities: Vec<f64> = evaluation
        .features
        .iter()
        .map(|f| model.explain(f).probability)
        .collect();
    if on_validation {
        model.training.validation_auc = roc_auc(&probabilities, &evaluation.labels);
    }
    let orange = best_threshold(&probabilities, &evaluation.labels, 2.0).unwrap_or(0.5);
    let rouge = best_threshold(&probabilities, &evaluation.labels, 0.5)
        .unwrap_or(0.5)
        .max(orange);
    model.thresholds = Thresholds { orange, rouge };
    Ok(model)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{DemoConfig, generate};
    use crate::ingest::read_all;

    fn demo_panel(firms: usize) -> Panel {
        let (records, _) = read_all(&generate(&DemoConfig {
            firms,
            ..DemoConfig::default()
        }));
        Panel::build(&records).unwrap()
    }

    #[test]
    fn learns_risk_out_of_time_and_contributions_sum_exactly() {
        let panel = demo_panel(1500);
        let events = SectorEvents::default();
        let model = train(&panel, &TrainConfig::default(), &events).unwrap();
        let auc = model.training.validation_auc.unwrap();
        assert!(auc > 0.7, "out-of-time AUC {auc}");
        assert!(model.thresholds.rouge >= model.thresholds.orange);
        let t = panel.months - 1;
        let features = Features::new(&panel, &model.params, &events, t..=t);
        // More debt, more risk: firms owing more than a month of contributions score higher on
        // average than firms without debt (the debt features are correlated, so no single
        // weight's sign is meaningful on its own).
        let (mut indebted, mut clean) = (Vec::new(), Vec::new());
        for f in (0..panel.firms.len()).filter(|f| in_population(&panel, *f, t, model.params.lags))
        {
            let v = features.at(f, t);
            let e = model.explain(&v);
            let sum = model.intercept + e.contributions.iter().sum::<f64>();
            assert!((sum - e.logit).abs() < 1e-9);
            assert!((0.0..=1.0).contains(&e.probability));
            match v.get(crate::features::Feature::DetteSurCotisations) {
                Some(d) if d > 1.0 => indebted.push(e.probability),
                Some(0.0) => clean.push(e.probability),
                _ => {}
            }
        }
        // No weight contradicts the dictionary's expected direction.
        assert!(
            model
                .columns
                .iter()
                .all(|c| c.kind != ColumnKind::Value || !contradicts(c)),
            "{:?}",
            model.columns
        );
        let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
        assert!(indebted.len() > 10 && clean.len() > 100);
        assert!(
            mean(&indebted) > 2.0 * mean(&clean),
            "{} vs {}",
            mean(&indebted),
            mean(&clean)
        );
    }

    #[test]
    fn too_short_a_history_is_a_clear_error() {
        let config = DemoConfig {
            firms: 50,
            end: Month::new(2017, 6).unwrap(),
            ..DemoConfig::default()
        };
        let (records, _) = read_all(&generate(&config));
        let panel = Panel::build(&records).unwrap();
        assert!(matches!(
            train(&panel, &TrainConfig::default(), &SectorEvents::default()),
            Err(ModelError::NotEnoughHistory { .. })
        ));
    }
}
