//! The alert thresholds as the agent may change them: what a pair of thresholds would put in
//! each alert level now ([`counts`]), how it did on the validation window
//! ([`validation_at`]), and the model copy that carries the agent's thresholds
//! ([`Model::with_thresholds`]) while remembering the validated ones, so that they can be
//! restored and every page (model card, public notice, downloaded file) says they were edited.
//!
//! The alert rule is [`Thresholds::alert`], the one [`Model::alert`] applies: the counts shown
//! before applying are the list's counts after.

use serde::{Deserialize, Serialize};

use super::{Alert, Horizon, HorizonModel, Model, Score, Thresholds};
use crate::evaluate::Metrics;

/// Why a pair of thresholds typed by the agent is refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ThresholdError {
    #[error("le seuil {which} « {text} » n'est pas un nombre (exemple : 7,5)")]
    NotANumber { which: Level, text: String },
    #[error("le seuil {which} doit être strictement compris entre 0 % et 100 %")]
    OutOfRange { which: Level },
    #[error("le seuil rouge doit être supérieur ou égal au seuil orange")]
    RedBelowOrange,
}

/// Which threshold an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Orange,
    Rouge,
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Level::Orange => "orange",
            Level::Rouge => "rouge",
        })
    }
}

/// The validated thresholds the agent's replace (kept in the model file).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Validated {
    pub orange: f64,
    pub rouge: f64,
}

impl Thresholds {
    /// Validated thresholds (as training sets them).
    pub fn new(orange: f64, rouge: f64) -> Thresholds {
        Thresholds {
            orange,
            rouge,
            edited: None,
        }
    }

    /// The alert level of a probability: rouge at or above the red threshold, orange at or
    /// above the orange one.
    pub fn alert(&self, probability: f64) -> Alert {
        if probability >= self.rouge {
            Alert::Rouge
        } else if probability >= self.orange {
            Alert::Orange
        } else {
            Alert::Vert
        }
    }

    /// Whether the agent set these thresholds.
    pub fn is_edited(&self) -> bool {
        self.edited.is_some()
    }

    /// The thresholds validated at training (these ones when not edited).
    pub fn validated(&self) -> Validated {
        self.edited.unwrap_or(Validated {
            orange: self.orange,
            rouge: self.rouge,
        })
    }
}

/// Firms per alert level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertCounts {
    pub rouge: usize,
    pub orange: usize,
    pub vert: usize,
}

impl AlertCounts {
    pub fn get(&self, alert: Alert) -> usize {
        match alert {
            Alert::Rouge => self.rouge,
            Alert::Orange => self.orange,
            Alert::Vert => self.vert,
        }
    }
}

/// How many of `scores` would be rouge, orange and vert at `horizon` with `thresholds` (the
/// list's counts in threshold mode when `horizon` is the model's alert horizon).
pub fn counts<'a>(
    scores: impl IntoIterator<Item = &'a Score>,
    horizon: Horizon,
    thresholds: &Thresholds,
) -> AlertCounts {
    let mut counts = AlertCounts::default();
    for s in scores {
        match thresholds.alert(s.at(horizon).probability) {
            Alert::Rouge => counts.rouge += 1,
            Alert::Orange => counts.orange += 1,
            Alert::Vert => counts.vert += 1,
        }
    }
    counts
}

/// A threshold typed in percent, French or English style: "7,5", "7.5", "7,5 %".
pub fn parse_percent(text: &str, which: Level) -> Result<f64, ThresholdError> {
    let cleaned: String = text
        .trim()
        .trim_end_matches('%')
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    let value: f64 = cleaned.parse().map_err(|_| ThresholdError::NotANumber {
        which,
        text: text.trim().to_string(),
    })?;
    if !value.is_finite() {
        return Err(ThresholdError::NotANumber {
            which,
            text: text.trim().to_string(),
        });
    }
    Ok(value / 100.0)
}

/// Both thresholds strictly between 0 and 1, red not below orange.
pub fn check(orange: f64, rouge: f64) -> Result<(), ThresholdError> {
    let inside = |p: f64| p > 0.0 && p < 1.0;
    if !inside(orange) {
        return Err(ThresholdError::OutOfRange {
            which: Level::Orange,
        });
    }
    if !inside(rouge) {
        return Err(ThresholdError::OutOfRange {
            which: Level::Rouge,
        });
    }
    if rouge < orange {
        return Err(ThresholdError::RedBelowOrange);
    }
    Ok(())
}

/// Precision and recall on the validation window of the rows at or above a threshold.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct OperatingPoint {
    pub threshold: f64,
    /// Validation rows at or above the threshold.
    pub flagged: usize,
    pub precision: f64,
    pub recall: f64,
}

/// What the validation window says of a threshold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ValidationPoint {
    /// The stored point the figures are read at (the nearest to the threshold asked).
    pub point: OperatingPoint,
    /// Read off the model's operating points (fine) or off the ten equal-count reliability
    /// bins (coarse: only the bins' lower bounds are known operating points).
    pub source: PointSource,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointSource {
    OperatingPoints,
    ReliabilityBins,
}

impl ValidationPoint {
    /// Whether the point is the threshold asked (up to a thousandth of a percentage point).
    pub fn exact(&self, threshold: f64) -> bool {
        (self.point.threshold - threshold).abs() < 1e-5
    }
}

/// Points at most kept per horizon: every flagged count up to 50, then counts 5 % apart.
const DENSE: usize = 50;
const STEP: f64 = 1.05;

/// The operating points of validation probabilities, one per distinct threshold (ties enter
/// together), highest threshold first, thinned to every count up to 50 rows then counts about
/// 5 % apart (≈ 200 points for 25 000 rows), so that any threshold has a stored point close
/// to it. Empty without positives.
pub fn operating_points(probabilities: &[f64], labels: &[bool]) -> Vec<OperatingPoint> {
    let n = probabilities.len().min(labels.len());
    let positives = labels[..n].iter().filter(|l| **l).count();
    if positives == 0 {
        return Vec::new();
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|a, b| probabilities[*b].total_cmp(&probabilities[*a]));
    let mut points = Vec::new();
    let (mut tp, mut next) = (0usize, 1.0f64);
    for (k, &i) in order.iter().enumerate() {
        tp += usize::from(labels[i]);
        let flagged = k + 1;
        let tie = order
            .get(k + 1)
            .is_some_and(|&j| probabilities[j] == probabilities[i]);
        if tie {
            continue;
        }
        if flagged as f64 >= next || flagged == n {
            points.push(OperatingPoint {
                threshold: probabilities[i],
                flagged,
                precision: tp as f64 / flagged as f64,
                recall: tp as f64 / positives as f64,
            });
            next = if flagged < DENSE {
                flagged as f64 + 1.0
            } else {
                (flagged as f64 * STEP).max(flagged as f64 + 1.0)
            };
        }
    }
    points
}

/// The operating points the reliability bins give: rows at or above each bin's lower bound
/// (equal-count bins on the sorted predictions, so the rows of the bins above).
fn bin_points(metrics: &Metrics) -> Vec<OperatingPoint> {
    let positives = metrics.positives as f64;
    if positives == 0.0 {
        return Vec::new();
    }
    let (mut flagged, mut tp) = (0usize, 0.0);
    let mut points = Vec::new();
    for b in metrics.reliability.iter().rev() {
        flagged += b.count;
        tp += (b.observed * b.count as f64).round();
        points.push(OperatingPoint {
            threshold: b.low,
            flagged,
            precision: tp / flagged.max(1) as f64,
            recall: tp / positives,
        });
    }
    points
}

/// Precision and recall on the validation window at `threshold`, read at the stored point
/// nearest to it: the model's operating points when training kept them, else the
/// reliability bins' bounds. `None` without validation.
pub fn validation_at(model: &HorizonModel, threshold: f64) -> Option<ValidationPoint> {
    let (points, source) = if model.operating.is_empty() {
        (
            bin_points(model.validation.as_ref()?),
            PointSource::ReliabilityBins,
        )
    } else {
        (model.operating.clone(), PointSource::OperatingPoints)
    };
    let point = points.into_iter().min_by(|a, b| {
        (a.threshold - threshold)
            .abs()
            .total_cmp(&(b.threshold - threshold).abs())
    })?;
    Some(ValidationPoint { point, source })
}

impl Model {
    /// A copy of the model whose alert horizon has the agent's thresholds, the validated ones
    /// kept beside them (thresholds equal to the validated ones are the validated ones).
    pub fn with_thresholds(&self, orange: f64, rouge: f64) -> Result<Model, ThresholdError> {
        check(orange, rouge)?;
        let mut model = self.clone();
        let i = model.alert_horizon.index().min(model.horizons.len() - 1);
        let validated = model.horizons[i].thresholds.validated();
        let same = validated.orange == orange && validated.rouge == rouge;
        model.horizons[i].thresholds = Thresholds {
            orange,
            rouge,
            edited: (!same).then_some(validated),
        };
        Ok(model)
    }

    /// A copy of the model with the validated thresholds back at every horizon.
    pub fn with_validated_thresholds(&self) -> Model {
        let mut model = self.clone();
        for h in &mut model.horizons {
            let v = h.thresholds.validated();
            h.thresholds = Thresholds::new(v.orange, v.rouge);
        }
        model
    }

    /// Whether the agent changed any threshold.
    pub fn thresholds_edited(&self) -> bool {
        self.horizons.iter().any(|h| h.thresholds.is_edited())
    }

    /// The alert horizon's thresholds.
    pub fn alert_thresholds(&self) -> Thresholds {
        self.horizon(self.alert_horizon).thresholds
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{HorizonScore, embedded};

    fn score(probabilities: [f64; 4]) -> Score {
        Score {
            horizons: Horizon::ALL
                .iter()
                .zip(probabilities)
                .map(|(h, p)| HorizonScore {
                    horizon: *h,
                    logit: (p / (1.0 - p)).ln(),
                    probability: p,
                    source: *h,
                })
                .collect(),
            degradation: None,
        }
    }

    fn check_counts(
        scores: &[[f64; 4]],
        horizon: usize,
        (orange, rouge): (f64, f64),
        expected: (usize, usize, usize),
    ) {
        let scores: Vec<Score> = scores.iter().map(|p| score(*p)).collect();
        let c = counts(
            &scores,
            Horizon::from_months(horizon).unwrap(),
            &Thresholds::new(orange, rouge),
        );
        assert_eq!(
            (c.rouge, c.orange, c.vert),
            expected,
            "{scores:?} at {horizon}"
        );
    }

    #[test]
    fn counts_by_level_at_the_horizon_asked() {
        let firms = [
            [0.01, 0.02, 0.05, 0.10],
            [0.02, 0.05, 0.20, 0.40],
            [0.001, 0.002, 0.003, 0.004],
        ];
        check_counts(&firms, 18, (0.05, 0.3), (1, 1, 1));
        check_counts(&firms, 12, (0.05, 0.3), (0, 2, 1));
        check_counts(&firms, 3, (0.05, 0.3), (0, 0, 3));
        // At the threshold is in: the rule is "at or above".
        check_counts(&firms, 18, (0.004, 0.10), (2, 1, 0));
        check_counts(&[], 18, (0.05, 0.3), (0, 0, 0));
    }

    #[test]
    fn counts_equal_the_models_alerts() {
        let model = embedded().unwrap();
        let t = model.alert_thresholds();
        let scores: Vec<Score> = (1..100)
            .map(|k| score([0.0, 0.0, 0.0, k as f64 / 100.0]))
            .collect();
        let c = counts(&scores, model.alert_horizon, &t);
        for alert in [Alert::Rouge, Alert::Orange, Alert::Vert] {
            let by_model = scores
                .iter()
                .filter(|s| model.alert(s.at(model.alert_horizon).probability) == alert)
                .count();
            assert_eq!(c.get(alert), by_model, "{alert:?}");
        }
    }

    fn check_parse(text: &str, expected: Result<f64, ThresholdError>) {
        let got = parse_percent(text, Level::Orange);
        match (&got, &expected) {
            (Ok(a), Ok(b)) => assert!((a - b).abs() < 1e-12, "{text}: {a} ≠ {b}"),
            _ => assert_eq!(got, expected, "{text}"),
        }
    }

    #[test]
    fn percentages_typed_french_or_english() {
        check_parse("7,5", Ok(0.075));
        check_parse("7.5", Ok(0.075));
        check_parse(" 12,25 % ", Ok(0.1225));
        check_parse("30", Ok(0.3));
        let nan = |t: &str| {
            Err(ThresholdError::NotANumber {
                which: Level::Orange,
                text: t.to_string(),
            })
        };
        check_parse("sept", nan("sept"));
        check_parse("", nan(""));
        check_parse("inf", nan("inf"));
    }

    fn check_pair(orange: f64, rouge: f64, expected: Result<(), ThresholdError>) {
        assert_eq!(check(orange, rouge), expected, "{orange} {rouge}");
    }

    #[test]
    fn thresholds_in_the_open_interval_red_not_below_orange() {
        check_pair(0.05, 0.3, Ok(()));
        check_pair(0.1, 0.1, Ok(()));
        check_pair(
            0.0,
            0.3,
            Err(ThresholdError::OutOfRange {
                which: Level::Orange,
            }),
        );
        check_pair(
            0.05,
            1.0,
            Err(ThresholdError::OutOfRange {
                which: Level::Rouge,
            }),
        );
        check_pair(
            -0.1,
            0.3,
            Err(ThresholdError::OutOfRange {
                which: Level::Orange,
            }),
        );
        check_pair(0.3, 0.05, Err(ThresholdError::RedBelowOrange));
        assert_eq!(
            ThresholdError::RedBelowOrange.to_string(),
            "le seuil rouge doit être supérieur ou égal au seuil orange"
        );
    }

    #[test]
    fn edited_thresholds_keep_the_validated_ones_and_survive_the_file() {
        let model = embedded().unwrap();
        assert!(!model.thresholds_edited());
        let validated = model.alert_thresholds();
        let edited = model.with_thresholds(0.1, 0.5).unwrap();
        let t = edited.alert_thresholds();
        assert_eq!((t.orange, t.rouge), (0.1, 0.5));
        assert!(edited.thresholds_edited());
        assert_eq!(
            t.validated(),
            Validated {
                orange: validated.orange,
                rouge: validated.rouge
            }
        );
        // Edited twice: the validated ones are still the training's.
        let twice = edited.with_thresholds(0.2, 0.6).unwrap();
        assert_eq!(twice.alert_thresholds().validated(), t.validated());
        // The file keeps them, and validation accepts them.
        let back = Model::from_json(&twice.to_json()).unwrap();
        assert_eq!(back, twice);
        // Back to the validated ones, by the button or by typing them.
        assert_eq!(twice.with_validated_thresholds(), model);
        assert_eq!(
            edited
                .with_thresholds(validated.orange, validated.rouge)
                .unwrap(),
            model
        );
        assert_eq!(
            model.with_thresholds(0.5, 0.1),
            Err(ThresholdError::RedBelowOrange)
        );
        // Only the alert horizon changes.
        for (a, b) in model.horizons.iter().zip(&edited.horizons) {
            assert_eq!(
                a.thresholds == b.thresholds,
                a.horizon != model.alert_horizon
            );
        }
    }

    #[test]
    fn operating_points_are_exact_where_stored() {
        let p = [0.9, 0.8, 0.8, 0.5, 0.3, 0.1];
        let l = [true, false, true, false, true, false];
        let points = operating_points(&p, &l);
        let expected = [
            (0.9, 1, 1.0, 1.0 / 3.0),
            (0.8, 3, 2.0 / 3.0, 2.0 / 3.0),
            (0.5, 4, 0.5, 2.0 / 3.0),
            (0.3, 5, 0.6, 1.0),
            (0.1, 6, 0.5, 1.0),
        ];
        assert_eq!(points.len(), expected.len());
        for (got, (t, n, precision, recall)) in points.iter().zip(expected) {
            assert_eq!((got.threshold, got.flagged), (t, n));
            assert!((got.precision - precision).abs() < 1e-12);
            assert!((got.recall - recall).abs() < 1e-12);
        }
        assert!(operating_points(&p, &[false; 6]).is_empty());
    }

    #[test]
    fn operating_points_are_thinned_but_dense_at_the_top() {
        let n = 20_000;
        let p: Vec<f64> = (0..n).map(|i| 1.0 - i as f64 / n as f64).collect();
        let l: Vec<bool> = (0..n).map(|i| i % 37 == 0).collect();
        let points = operating_points(&p, &l);
        assert!(points.len() < 250, "{}", points.len());
        assert_eq!(
            points[..DENSE]
                .iter()
                .map(|p| p.flagged)
                .collect::<Vec<_>>(),
            (1..=DENSE).collect::<Vec<_>>()
        );
        assert_eq!(points.last().unwrap().flagged, n);
        for w in points.windows(2) {
            assert!(w[1].flagged as f64 <= (w[0].flagged as f64 * STEP).ceil() + 1.0);
        }
    }

    #[test]
    fn validation_read_at_the_nearest_stored_point() {
        let model = embedded().unwrap();
        let h = model.horizon(model.alert_horizon);
        let metrics = h.validation.as_ref().unwrap();
        // The embedded model keeps no operating points: the reliability bins' bounds are.
        assert!(h.operating.is_empty());
        let top = metrics.reliability.last().unwrap();
        let v = validation_at(h, top.low + 1e-9).unwrap();
        assert_eq!(v.source, PointSource::ReliabilityBins);
        assert_eq!(v.point.threshold, top.low);
        assert_eq!(v.point.flagged, top.count);
        assert!((v.point.precision - top.observed).abs() < 1e-3);
        assert!(v.exact(top.low));
        let everything = validation_at(h, 0.0).unwrap();
        assert_eq!(everything.point.flagged, metrics.rows);
        assert!((everything.point.recall - 1.0).abs() < 1e-9);
        // With operating points stored, they are used.
        let mut with = h.clone();
        with.operating = operating_points(&[0.9, 0.4, 0.2], &[true, false, true]);
        let v = validation_at(&with, 0.35).unwrap();
        assert_eq!(v.source, PointSource::OperatingPoints);
        assert_eq!((v.point.threshold, v.point.flagged), (0.4, 2));
        assert!(!v.exact(0.35));
    }
}
