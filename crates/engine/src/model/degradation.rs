//! The continuous degradation score: the expected change, over the next 12 months, of a distress
//! index built from the three signals an agent reads first — URSSAF debt in months of
//! contributions, the share of staff on activité partielle, and the loss of headcount.
//!
//! The index is 0 (no debt, no AP, no job losses) to 100; a firm that enters a collective
//! proceeding within the 12 months counts as 100 at the end. The expected change is a linear
//! regression (`linfa-linear`, ridge through augmented rows) on winsorised, standardised
//! features, so it too is an exact sum of per-feature terms.

use linfa::prelude::*;
use linfa_linear::LinearRegression;
use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};

use crate::features::{Feature, FeatureVector};

/// Months ahead of the degradation target.
pub const MONTHS: usize = 12;

/// The features of the regression: the components of the index and their usual drivers. A
/// linear fit on all 81 correlated features would give opposite weights to near-duplicates.
pub const FEATURES: [Feature; 13] = [
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

/// The distress index of a firm at a month, 0–100: the mean of the known components among
/// debt (capped at 3 months of contributions), AP share (capped at 1) and the headcount lost
/// over 12 months (capped at half). `None` when none is known.
pub fn distress_index(features: &FeatureVector) -> Option<f64> {
    let components = [
        features
            .get(Feature::DetteSurCotisations)
            .map(|d| (d / 3.0).clamp(0.0, 1.0)),
        features
            .get(Feature::PartApConsommee)
            .map(|s| s.clamp(0.0, 1.0)),
        features
            .get(Feature::EvolutionEffectif12)
            .map(|c| (-c / 0.5).clamp(0.0, 1.0)),
    ];
    let known: Vec<f64> = components.into_iter().flatten().collect();
    (!known.is_empty()).then(|| 100.0 * known.iter().sum::<f64>() / known.len() as f64)
}

/// One regression column: a winsorised, standardised value or a missing-value indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinearColumn {
    pub feature: Feature,
    /// `true`: 1 when the feature is missing; `false`: the standardised value (0 if missing).
    pub missing: bool,
    pub low: f64,
    pub high: f64,
    pub mean: f64,
    pub std: f64,
    pub weight: f64,
}

impl LinearColumn {
    fn encode(&self, value: Option<f64>) -> f64 {
        match (self.missing, value) {
            (false, Some(v)) => (v.clamp(self.low, self.high) - self.mean) / self.std,
            (false, None) => 0.0,
            (true, v) => f64::from(u8::from(v.is_none())),
        }
    }
}

/// The fitted regression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Degradation {
    pub intercept: f64,
    pub columns: Vec<LinearColumn>,
    pub rows: usize,
    /// Share of variance explained on the validation rows.
    pub validation_r2: Option<f64>,
}

impl Degradation {
    /// Expected change of the distress index over [`MONTHS`] months, in index points.
    pub fn predict(&self, features: &FeatureVector) -> f64 {
        self.intercept + self.contributions(features).iter().sum::<f64>()
    }

    /// Each column's term (they sum with the intercept to the prediction).
    pub fn contributions(&self, features: &FeatureVector) -> Vec<f64> {
        self.columns
            .iter()
            .map(|c| c.weight * c.encode(features.get(c.feature)))
            .collect()
    }

    pub(crate) fn validate(&self) -> Result<(), String> {
        let finite = self.intercept.is_finite()
            && self.columns.iter().all(|c| {
                [c.low, c.high, c.mean, c.std, c.weight]
                    .iter()
                    .all(|v| v.is_finite())
                    && c.std > 0.0
            });
        if finite {
            Ok(())
        } else {
            Err("score de dégradation : coefficients non finis".into())
        }
    }
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * q).round() as usize]
}

/// Fewest rows with a feature missing for the fit to learn a missing-value weight.
const MIN_MISSING_ROWS: usize = 100;

fn columns(rows: &[(FeatureVector, f64)]) -> Vec<LinearColumn> {
    let mut columns = Vec::new();
    for feature in FEATURES {
        let mut known: Vec<f64> = rows.iter().filter_map(|(f, _)| f.get(feature)).collect();
        known.sort_by(f64::total_cmp);
        if known.is_empty() {
            continue;
        }
        let (low, high) = (percentile(&known, 0.01), percentile(&known, 0.99));
        let clipped = known.iter().map(|v| v.clamp(low, high));
        let mean = clipped.clone().sum::<f64>() / known.len() as f64;
        let var = clipped.map(|v| (v - mean).powi(2)).sum::<f64>() / known.len() as f64;
        if var <= 1e-12 {
            continue;
        }
        columns.push(LinearColumn {
            feature,
            missing: false,
            low,
            high,
            mean,
            std: var.sqrt(),
            weight: 0.0,
        });
        let missing = rows.len() - known.len();
        if missing >= MIN_MISSING_ROWS.max(rows.len() / 100) && missing < rows.len() {
            columns.push(LinearColumn {
                feature,
                missing: true,
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

/// Fits the regression on `(features at T, index change T → T+12)` rows; `valid` gives its R².
pub fn fit(
    rows: &[(FeatureVector, f64)],
    valid: &[(FeatureVector, f64)],
) -> Result<Degradation, String> {
    let mut columns = columns(rows);
    if rows.len() < 10 * (columns.len() + 1) {
        return Err(format!(
            "{} lignes pour le score de dégradation : trop peu",
            rows.len()
        ));
    }
    // Ridge through augmented rows: √λ·I below the design and zeros below the target, so the
    // least-squares solution shrinks every weight (near-duplicate debt features stay sane).
    let lambda = rows.len() as f64 * 1e-3;
    let (n, k) = (rows.len(), columns.len());
    let mut x = Array2::<f64>::zeros((n + k, k));
    let mut y = Array1::<f64>::zeros(n + k);
    for (r, (f, target)) in rows.iter().enumerate() {
        for (c, column) in columns.iter().enumerate() {
            x[(r, c)] = column.encode(f.get(column.feature));
        }
        y[r] = *target;
    }
    // The augmented rows must not pull the intercept: centre the target, add the mean back.
    let mean_target = rows.iter().map(|(_, t)| t).sum::<f64>() / n as f64;
    for r in 0..n {
        y[r] -= mean_target;
    }
    for c in 0..k {
        x[(n + c, c)] = lambda.sqrt();
    }
    let fitted = LinearRegression::new()
        .with_intercept(false)
        .fit(&Dataset::new(x, y))
        .map_err(|e| e.to_string())?;
    for (c, w) in columns.iter_mut().zip(fitted.params()) {
        c.weight = *w;
    }
    // The design's columns are centred only for values known on every row: put the mean
    // prediction offset into the intercept so the training mean is reproduced.
    let mut model = Degradation {
        intercept: 0.0,
        columns,
        rows: n,
        validation_r2: None,
    };
    let offset = rows.iter().map(|(f, _)| model.predict(f)).sum::<f64>() / n as f64;
    model.intercept = mean_target - offset;
    if !valid.is_empty() {
        let mean = valid.iter().map(|(_, t)| t).sum::<f64>() / valid.len() as f64;
        let total: f64 = valid.iter().map(|(_, t)| (t - mean).powi(2)).sum();
        let residual: f64 = valid
            .iter()
            .map(|(f, t)| (t - model.predict(f)).powi(2))
            .sum();
        model.validation_r2 = (total > 0.0).then(|| 1.0 - residual / total);
    }
    model.validate()?;
    Ok(model)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vector(values: &[(Feature, f64)]) -> FeatureVector {
        let mut out = [f64::NAN; crate::features::COUNT];
        for (f, v) in values {
            out[f.index()] = *v;
        }
        FeatureVector::from_f64(&out)
    }

    #[test]
    fn distress_index_averages_known_components() {
        let check = |values: &[(Feature, f64)], expected: Option<f64>| {
            let got = distress_index(&vector(values));
            match (got, expected) {
                (Some(g), Some(e)) => assert!((g - e).abs() < 1e-4, "{values:?}: {g} vs {e}"),
                _ => assert_eq!(got, expected, "{values:?}"),
            }
        };
        check(&[], None);
        check(&[(Feature::DetteSurCotisations, 1.5)], Some(50.0));
        check(
            &[
                (Feature::DetteSurCotisations, 6.0),
                (Feature::PartApConsommee, 0.0),
            ],
            Some(50.0),
        );
        check(
            &[
                (Feature::DetteSurCotisations, 0.0),
                (Feature::PartApConsommee, 0.25),
                (Feature::EvolutionEffectif12, -0.25),
            ],
            Some(25.0),
        );
    }

    /// A target that is linear in the debt ratio is recovered, and predictions are the sum of
    /// the terms.
    #[test]
    fn regression_recovers_a_linear_target() {
        let rows: Vec<(FeatureVector, f64)> = (0..2000)
            .map(|i| {
                let debt = f64::from(i % 50) / 10.0;
                let ap = f64::from(i % 7) / 10.0;
                (
                    vector(&[
                        (Feature::DetteSurCotisations, debt),
                        (Feature::PartApConsommee, ap),
                    ]),
                    4.0 * debt - 1.0,
                )
            })
            .collect();
        let model = fit(&rows, &rows).unwrap();
        assert!(model.validation_r2.unwrap() > 0.99, "{model:?}");
        let f = vector(&[(Feature::DetteSurCotisations, 2.0)]);
        let sum = model.intercept + model.contributions(&f).iter().sum::<f64>();
        assert!((sum - model.predict(&f)).abs() < 1e-12);
        assert!(
            (model.predict(&vector(&[
                (Feature::DetteSurCotisations, 2.0),
                (Feature::PartApConsommee, 0.3)
            ])) - 7.0)
                .abs()
                < 0.1
        );
    }
}
