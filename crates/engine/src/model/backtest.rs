//! Rolling-origin out-of-time backtests: for each cutoff month c, train as if the data ended
//! at c (labels known by c only), then score every firm in the population at c and compare
//! with what happened in (c, c + h]. Crisis cutoffs are evaluated like the others and flagged.

use serde::{Deserialize, Serialize};

use super::train::{TrainConfig, Trainer};
use super::{CalibrationRule, Horizon, Model, ModelError};
use crate::calendar::Month;
use crate::evaluate::{Metrics, metrics, psi};
use crate::features::{Features, SectorEvents, failure_within, in_population};
use crate::ids::Siren;
use crate::panel::Panel;

/// One cutoff × horizon of a backtest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Backtest {
    pub cutoff: Month,
    pub horizon: Horizon,
    /// Whether the cutoff or its outcome window meets the crisis window.
    pub crisis: bool,
    /// Why this cutoff × horizon was not evaluated (history too short, outcome not over).
    pub skipped: Option<String>,
    pub training_rows: usize,
    pub calibration: Option<CalibrationRule>,
    /// Metrics of the published probabilities at the cutoff.
    pub metrics: Option<Metrics>,
    /// Population stability of the score between 12 months before the cutoff and the cutoff.
    pub psi: Option<f64>,
    /// (SIREN, probability, label) of every firm scored (for benchmark scripts, not stored).
    #[serde(skip)]
    pub predictions: Vec<(Siren, f64, bool)>,
}

/// Every June from the third year of data to the last month whose 3-month outcome is known.
pub fn default_cutoffs(panel: &Panel) -> Vec<Month> {
    let (start, end) = (panel.start, panel.end());
    (start.year() + 2..=end.year())
        .filter_map(|y| Month::new(y, 6))
        .filter(|c| *c >= start && c.offset(3) <= end)
        .collect()
}

/// Runs the backtests at each cutoff; `progress(done, total)` is called after each cutoff.
pub fn run(
    panel: &Panel,
    config: &TrainConfig,
    events: &SectorEvents,
    cutoffs: &[Month],
    mut progress: impl FnMut(usize, usize),
) -> Result<Vec<Backtest>, ModelError> {
    let mut out = Vec::new();
    for (k, &cutoff) in cutoffs.iter().enumerate() {
        out.extend(at_cutoff(panel, config, events, cutoff)?);
        progress(k + 1, cutoffs.len());
    }
    Ok(out)
}

fn skipped(cutoff: Month, horizon: Horizon, crisis: bool, why: String) -> Backtest {
    Backtest {
        cutoff,
        horizon,
        crisis,
        skipped: Some(why),
        training_rows: 0,
        calibration: None,
        metrics: None,
        psi: None,
        predictions: Vec::new(),
    }
}

fn at_cutoff(
    panel: &Panel,
    config: &TrainConfig,
    events: &SectorEvents,
    cutoff: Month,
) -> Result<Vec<Backtest>, ModelError> {
    let crisis_window = config.params.crisis;
    let crisis = |h: Horizon| {
        cutoff.offset(h.months() as i32) >= crisis_window.start
            && cutoff <= crisis_window.end.offset(super::train::CATCH_UP_MONTHS)
    };
    let Some(tc) = panel.index_of(cutoff) else {
        return Ok(Horizon::ALL
            .into_iter()
            .map(|h| skipped(cutoff, h, crisis(h), "mois hors des données".into()))
            .collect());
    };
    let config = TrainConfig {
        cutoff: Some(cutoff),
        ..config.clone()
    };
    let trainer = match Trainer::new(panel, config.clone(), events) {
        Ok(t) => t,
        Err(ModelError::NotEnoughHistory { .. }) => {
            return Ok(Horizon::ALL
                .into_iter()
                .map(|h| skipped(cutoff, h, crisis(h), "historique trop court".into()))
                .collect());
        }
        Err(e) => return Err(e),
    };
    let (model_features, horizons) = match trainer.finish_horizons() {
        Ok(x) => x,
        Err(ModelError::NoPositives) => {
            return Ok(Horizon::ALL
                .into_iter()
                .map(|h| {
                    skipped(
                        cutoff,
                        h,
                        crisis(h),
                        "aucune défaillance avant la date".into(),
                    )
                })
                .collect());
        }
        Err(e) => return Err(e),
    };
    let model = Model::partial(model_features, horizons, config.params);
    let lags = config.params.lags;
    let before = tc.checked_sub(12);
    let features = Features::new(panel, &config.params, events, before.unwrap_or(tc)..=tc);
    let now: Vec<(usize, Vec<f64>)> = features.collect(
        tc..=tc,
        |f, t| in_population(panel, f, t, lags),
        |f, _, v| {
            let s = model.score(&v);
            (f, s.horizons.iter().map(|h| h.probability).collect())
        },
    );
    let earlier: Vec<Vec<f64>> = match before {
        Some(b) => features.collect(
            b..=b,
            |f, t| in_population(panel, f, t, lags),
            |_, _, v| {
                model
                    .score(&v)
                    .horizons
                    .iter()
                    .map(|h| h.probability)
                    .collect()
            },
        ),
        None => Vec::new(),
    };
    let mut out = Vec::new();
    for h in Horizon::ALL {
        let Some(i) = model.horizons.iter().position(|m| m.horizon == h) else {
            out.push(skipped(
                cutoff,
                h,
                crisis(h),
                "historique trop court".into(),
            ));
            continue;
        };
        if tc + h.months() >= panel.months {
            out.push(skipped(
                cutoff,
                h,
                crisis(h),
                "issue pas encore connue dans les données".into(),
            ));
            continue;
        }
        let (mut probabilities, mut labels, mut predictions) = (Vec::new(), Vec::new(), Vec::new());
        for (f, p) in &now {
            let Some(label) = failure_within(panel, *f, tc, h.months()) else {
                continue;
            };
            probabilities.push(p[i]);
            labels.push(label);
            predictions.push((panel.firms[*f].siren, p[i], label));
        }
        let reference: Vec<f64> = earlier.iter().map(|p| p[i]).collect();
        out.push(Backtest {
            cutoff,
            horizon: h,
            crisis: crisis(h),
            skipped: None,
            training_rows: model.horizons[i].rows,
            calibration: Some(model.horizons[i].calibration.rule),
            metrics: Some(metrics(&probabilities, &labels)),
            psi: psi(&reference, &probabilities, 10),
            predictions,
        });
    }
    Ok(out)
}
