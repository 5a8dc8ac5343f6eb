//! Training on the agent's labelled history, the same code natively and in the browser.
//!
//! - **Rows**: every firm in the population at one month in `every`, labelled by the
//!   procédures collectives file (`failure_within`), sampled by SIREN beyond `max_rows`.
//! - **Splits**, per horizon h: validation months are the last `validation_months` labelled
//!   months (labels known by the data's end, or the backtest's cutoff); training months end h
//!   months before them (an embargo: no training label looks into the validation window), and
//!   validation firms (a SIREN-hash group) never train, so validation is both out of time and
//!   out of firm.
//! - **Weights, not oversampling**: negatives beyond `max_negatives` are sampled and weigh the
//!   inverse of their rate, so the fit still sees the true failure rate.
//! - **Hyper-parameters on validation only**: boosting sweeps and pair sweeps stop at the best
//!   validation loss; thresholds and calibration use the validation window.
//! - **Calibration and crises** ([`CalibrationRule`]): Platt scaling on the validation window,
//!   except when its outcome windows overlap the crisis (or the [`CATCH_UP_MONTHS`] after it):
//!   then only the intercept moves, so that the window's mean probability equals the long-run
//!   failure rate of the training rows whose outcomes avoid the crisis. Suppressed (or catching
//!   up) pandemic failures are not learnt as the normal rate.
//!
//! [`Trainer`] runs it in small steps (the browser yields between them, shows the progress and
//! can cancel); [`train`] runs every step at once.

use serde::{Deserialize, Serialize};

use super::degradation::{self, Degradation, distress_index};
use super::gam::{BinnedRows, Bins, BoostConfig, Booster, Gam, MAX_BINS, sigmoid};
use super::{
    Calibration, CalibrationRule, FORMAT, Horizon, HorizonModel, Model, ModelError, ModelFeature,
    SCHEMA_VERSION, Thresholds, TrainingSummary,
};
use crate::calendar::Month;
use crate::evaluate::{best_threshold, metrics};
use crate::features::{
    DICTIONARY, FeatureParams, FeatureVector, Features, SectorEvents, WARM_UP, dictionary_hash,
    failure_within, in_population,
};
use crate::ids::Siren;
use crate::panel::Panel;

/// Months after the crisis window during which failures are still catching up.
pub const CATCH_UP_MONTHS: i32 = 6;

/// Fewest training months a horizon needs.
pub const MIN_TRAINING_MONTHS: usize = 6;

/// Training options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainConfig {
    pub params: FeatureParams,
    /// One row month every `every` months (rows of nearby months are nearly duplicates).
    pub every: usize,
    /// Months of the out-of-time validation window.
    pub validation_months: usize,
    /// Share of the firms held out for validation.
    pub validation_firm_share: f64,
    /// At most this many rows (firm × month) are computed; beyond, a SIREN sample of firms.
    pub max_rows: usize,
    /// At most this many negative training rows per horizon (sampled, weighted).
    pub max_negatives: usize,
    pub boost: BoostConfig,
    /// Train as if the data ended at this month (backtests); `None`: the data's last month.
    pub cutoff: Option<Month>,
    /// What the data are, for the model card.
    pub data: String,
    pub synthetic: bool,
}

impl Default for TrainConfig {
    fn default() -> TrainConfig {
        TrainConfig {
            params: FeatureParams::default(),
            every: 3,
            validation_months: 12,
            validation_firm_share: 0.25,
            max_rows: 1_000_000,
            max_negatives: 50_000,
            boost: BoostConfig::default(),
            cutoff: None,
            data: "données importées".into(),
            synthetic: false,
        }
    }
}

/// Where a step of training is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// 0 to 1.
    pub fraction: f64,
    pub stage_fr: &'static str,
    pub stage_en: &'static str,
    /// The horizon being fitted, if any.
    pub horizon: Option<Horizon>,
}

/// The months of one horizon's split.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct HorizonPlan {
    pub horizon: Horizon,
    pub train_months: Vec<usize>,
    pub valid_months: Vec<usize>,
}

/// The splits of every feasible horizon as of `end` (a month index).
pub(crate) fn plan_horizon(
    config: &TrainConfig,
    horizon: Horizon,
    end: usize,
) -> Option<HorizonPlan> {
    let h = horizon.months();
    let last_labelled = end.checked_sub(h)?;
    let valid_start = (last_labelled + 1).checked_sub(config.validation_months)?;
    let train_end = valid_start.checked_sub(h)?; // exclusive: t + h < valid_start
    if train_end < WARM_UP + MIN_TRAINING_MONTHS {
        return None;
    }
    let every = config.every.max(1);
    // Counted back from the last months, so the most recent rows are always in.
    let mut train_months: Vec<usize> = (WARM_UP..train_end).rev().step_by(every).collect();
    train_months.reverse();
    let mut valid_months: Vec<usize> = (valid_start..=last_labelled).rev().step_by(every).collect();
    valid_months.reverse();
    Some(HorizonPlan {
        horizon,
        train_months,
        valid_months,
    })
}

/// Deterministic per-SIREN draws in [0, 1), the same on every platform (multiplicative
/// hashes with different constants for the independent uses).
fn draw(siren: Siren, salt: u64) -> f64 {
    let hash = (u64::from(siren.value()) ^ salt).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 11;
    hash as f64 / (1u64 << 53) as f64
}

fn row_draw(siren: Siren, month: usize, salt: u64) -> f64 {
    draw(
        siren,
        salt ^ (month as u64).wrapping_mul(0xD6E8_FEB8_6659_FD93),
    )
}

const SAMPLE_SALT: u64 = 0;
const VALIDATION_SALT: u64 = 0x5bd1_e995_1234_5678;
const NEGATIVE_SALT: u64 = 0x2545_f491_4f6c_dd1d;
const DEGRADATION_SALT: u64 = 0x1b87_3593_cc9e_2d51;

/// Rows kept for the degradation regression (raw values, the rest are binned only).
const DEGRADATION_ROWS: usize = 40_000;

/// The rows of every horizon, binned, plus what the degradation fit needs.
struct RowSet {
    firm: Vec<u32>,
    month: Vec<u16>,
    validation: Vec<bool>,
    /// One column per model feature.
    columns: Vec<Vec<u8>>,
    distress: Vec<f32>,
    raw: Vec<(usize, FeatureVector)>,
}

/// A horizon's fit before calibration and thresholds.
struct Fitted {
    gam: Gam,
    rows: usize,
    positives: usize,
    negative_rate: f64,
    sweeps: usize,
    pair_sweeps: usize,
    /// Validation rows (indices in the row set) and their labels.
    valid_rows: Vec<usize>,
    valid_labels: Vec<bool>,
    long_run_rate: f64,
}

enum Stage {
    Bins,
    Rows,
    Boost,
    Finish,
    Done,
}

/// Training driven step by step.
pub struct Trainer<'a> {
    panel: &'a Panel,
    features: Features<'a>,
    config: TrainConfig,
    /// The data's end for this training (a month index).
    end: usize,
    plans: Vec<HorizonPlan>,
    /// Months of the row set (sorted, distinct).
    months: Vec<usize>,
    firm_share: f64,
    model_features: Vec<ModelFeature>,
    rows: RowSet,
    next_firm: usize,
    fitted: Vec<Fitted>,
    booster: Option<(usize, Booster, Fitted)>,
    stage: Stage,
    model: Option<Model>,
    /// The last fraction reported: progress never goes back (the pair stage restarts the
    /// sweep count of a horizon).
    reported: f64,
}

/// Firms per step while computing rows (the browser yields between steps).
const FIRMS_PER_STEP: usize = 1500;

impl<'a> Trainer<'a> {
    /// Plans the splits; fails when the history is too short for the 3-month horizon (longer
    /// horizons may still be infeasible: [`Trainer::horizons`] lists the feasible ones, and a
    /// [`Model`] needs all four).
    pub fn new(
        panel: &'a Panel,
        config: TrainConfig,
        events: &'a SectorEvents,
    ) -> Result<Trainer<'a>, ModelError> {
        let end = match config.cutoff {
            Some(c) => panel.index_of(c).unwrap_or(panel.months.saturating_sub(1)),
            None => panel.months.saturating_sub(1),
        };
        let plans: Vec<HorizonPlan> = Horizon::ALL
            .into_iter()
            .filter_map(|h| plan_horizon(&config, h, end))
            .collect();
        if plans.is_empty() {
            return Err(ModelError::NotEnoughHistory {
                needed: WARM_UP + MIN_TRAINING_MONTHS + 3 + config.validation_months + 3 + 1,
                got: end + 1,
            });
        }
        let mut months: Vec<usize> = plans
            .iter()
            .flat_map(|p| p.train_months.iter().chain(&p.valid_months).copied())
            .collect();
        months.sort_unstable();
        months.dedup();
        let (first, last) = (months[0], months[months.len() - 1]);
        let firm_share =
            (config.max_rows as f64 / (panel.firms.len() * months.len()).max(1) as f64).min(1.0);
        let features = Features::new(panel, &config.params, events, first..=last);
        Ok(Trainer {
            panel,
            features,
            config,
            end,
            plans,
            months,
            firm_share,
            model_features: Vec::new(),
            rows: RowSet {
                firm: Vec::new(),
                month: Vec::new(),
                validation: Vec::new(),
                columns: Vec::new(),
                distress: Vec::new(),
                raw: Vec::new(),
            },
            next_firm: 0,
            fitted: Vec::new(),
            booster: None,
            stage: Stage::Bins,
            model: None,
            reported: 0.0,
        })
    }

    /// The horizons this history can train.
    pub fn horizons(&self) -> Vec<Horizon> {
        self.plans.iter().map(|p| p.horizon).collect()
    }

    fn is_validation(&self, f: usize) -> bool {
        draw(self.panel.firms[f].siren, VALIDATION_SALT) < self.config.validation_firm_share
    }

    /// One step of work; `None` once the model is ready for [`Trainer::finish`].
    pub fn step(&mut self) -> Result<Option<Progress>, ModelError> {
        match self.stage {
            Stage::Bins => {
                self.bins()?;
                self.stage = Stage::Rows;
                Ok(Some(self.progress(
                    0.05,
                    "calcul des variables",
                    "computing features",
                    None,
                )))
            }
            Stage::Rows => {
                self.rows_step();
                if self.next_firm >= self.panel.firms.len() {
                    self.stage = Stage::Boost;
                }
                let done = self.next_firm as f64 / self.panel.firms.len().max(1) as f64;
                Ok(Some(self.progress(
                    0.05 + 0.25 * done,
                    "calcul des variables",
                    "computing features",
                    None,
                )))
            }
            Stage::Boost => {
                let more = self.boost_step()?;
                if !more {
                    self.stage = Stage::Finish;
                }
                let per = 0.6 / self.plans.len() as f64;
                let (i, sweeps) = self
                    .booster
                    .as_ref()
                    .map_or((self.fitted.len(), 0), |(i, b, _)| (*i, b.sweeps()));
                let within = (sweeps as f64 / self.config.boost.max_sweeps.max(1) as f64).min(0.95);
                Ok(Some(self.progress(
                    0.3 + per * (i as f64 + within),
                    "apprentissage des fonctions de forme",
                    "learning shape functions",
                    self.plans.get(i).map(|p| p.horizon),
                )))
            }
            Stage::Finish => {
                self.model = Some(self.assemble()?);
                self.stage = Stage::Done;
                Ok(Some(self.progress(
                    0.98,
                    "calibration et seuils",
                    "calibration and thresholds",
                    None,
                )))
            }
            Stage::Done => Ok(None),
        }
    }

    fn progress(
        &mut self,
        fraction: f64,
        stage_fr: &'static str,
        stage_en: &'static str,
        horizon: Option<Horizon>,
    ) -> Progress {
        self.reported = self.reported.max(fraction.min(1.0));
        Progress {
            fraction: self.reported,
            stage_fr,
            stage_en,
            horizon,
        }
    }

    /// The model, once [`Trainer::step`] has returned `None`.
    pub fn finish(mut self) -> Result<Model, ModelError> {
        while self.step()?.is_some() {}
        self.model
            .take()
            .ok_or(ModelError::Fit("modèle incomplet".into()))
    }

    /// Quantile bins of every feature from the training rows of a sample of firms.
    fn bins(&mut self) -> Result<(), ModelError> {
        const BIN_ROWS: usize = 60_000;
        let share =
            (BIN_ROWS as f64 / (self.panel.firms.len() * self.months.len()).max(1) as f64).min(1.0);
        let months = &self.months;
        let lags = self.config.params.lags;
        let panel = self.panel;
        let values: Vec<FeatureVector> = self.features.collect(
            months[0]..=months[months.len() - 1],
            |f, t| {
                draw(panel.firms[f].siren, SAMPLE_SALT ^ 0x77) < share
                    && months.binary_search(&t).is_ok()
                    && in_population(panel, f, t, lags)
            },
            |_, _, v| v,
        );
        if values.is_empty() {
            return Err(ModelError::Fit(
                "aucune entreprise observée aux mois d'apprentissage".into(),
            ));
        }
        for (i, def) in DICTIONARY.iter().enumerate() {
            let mut known: Vec<f64> = values.iter().filter_map(|v| v.value(i)).collect();
            let missing = known.len() < values.len();
            known.sort_by(f64::total_cmp);
            let bins = Bins::from_sorted(&known, MAX_BINS);
            // A feature with one value and never missing carries nothing.
            if bins.cuts.is_empty() && !missing {
                continue;
            }
            if bins.cuts.is_empty() && known.is_empty() {
                continue;
            }
            let feature = crate::features::Feature::ALL[i];
            debug_assert_eq!(feature.def().id, def.id);
            self.model_features.push(ModelFeature { feature, bins });
        }
        self.rows.columns = vec![Vec::new(); self.model_features.len()];
        Ok(())
    }

    /// The rows of the next block of firms, binned.
    fn rows_step(&mut self) {
        let firms = self.next_firm..(self.next_firm + FIRMS_PER_STEP).min(self.panel.firms.len());
        self.next_firm = firms.end;
        let months = &self.months;
        let lags = self.config.params.lags;
        let panel = self.panel;
        let share = self.firm_share;
        let degradation_share = (DEGRADATION_ROWS as f64
            / (panel.firms.len() as f64 * share.min(1.0) * months.len() as f64).max(1.0))
        .min(1.0);
        let model_features = &self.model_features;
        let block = self.features.collect_firms(
            firms,
            months[0]..=months[months.len() - 1],
            |f, t| {
                (share >= 1.0 || draw(panel.firms[f].siren, SAMPLE_SALT) < share)
                    && months.binary_search(&t).is_ok()
                    && in_population(panel, f, t, lags)
            },
            |f, t, v| {
                let bins: Vec<u8> = model_features
                    .iter()
                    .map(|m| m.bins.bin(v.value(m.feature.index())) as u8)
                    .collect();
                let distress = distress_index(&v).map_or(f32::NAN, |d| d as f32);
                let keep_raw =
                    row_draw(panel.firms[f].siren, t, DEGRADATION_SALT) < degradation_share;
                (f, t, bins, distress, keep_raw.then_some(v))
            },
        );
        for (f, t, bins, distress, raw) in block {
            let r = self.rows.firm.len();
            self.rows.firm.push(f as u32);
            self.rows.month.push(t as u16);
            self.rows.validation.push(self.is_validation(f));
            for (column, b) in self.rows.columns.iter_mut().zip(bins) {
                column.push(b);
            }
            self.rows.distress.push(distress);
            if let Some(v) = raw {
                self.rows.raw.push((r, v));
            }
        }
    }

    /// The rows of a split for one horizon, as binned rows with labels and weights.
    fn horizon_rows(&self, plan: &HorizonPlan) -> (BinnedRows, BinnedRows, Fitted) {
        let h = plan.horizon.months();
        let crisis = self.config.params.crisis;
        let avoids_crisis = |t: usize| {
            let from = self.panel.month(t);
            let to = from.offset(h as i32);
            to < crisis.start || from > crisis.end.offset(CATCH_UP_MONTHS)
        };
        let mut train_idx: Vec<(usize, bool)> = Vec::new();
        let mut valid_idx: Vec<(usize, bool)> = Vec::new();
        let (mut long_pos, mut long_all) = (0usize, 0usize);
        for r in 0..self.rows.firm.len() {
            let (f, t) = (self.rows.firm[r] as usize, usize::from(self.rows.month[r]));
            let in_train = plan.train_months.binary_search(&t).is_ok();
            let in_valid = plan.valid_months.binary_search(&t).is_ok();
            if !(in_train || in_valid) {
                continue;
            }
            let Some(label) = failure_within(self.panel, f, t, h) else {
                continue;
            };
            if self.rows.validation[r] {
                if in_valid {
                    valid_idx.push((r, label));
                }
            } else if in_train {
                train_idx.push((r, label));
                if avoids_crisis(t) {
                    long_all += 1;
                    long_pos += usize::from(label);
                }
            }
        }
        let positives = train_idx.iter().filter(|(_, l)| *l).count();
        let negatives = train_idx.len() - positives;
        let negative_rate = (self.config.max_negatives as f64 / negatives.max(1) as f64).min(1.0);
        let mut train = BinnedRows {
            columns: vec![Vec::new(); self.model_features.len()],
            ..BinnedRows::default()
        };
        for &(r, label) in &train_idx {
            if !label {
                let siren = self.panel.firms[self.rows.firm[r] as usize].siren;
                let t = usize::from(self.rows.month[r]);
                if negative_rate < 1.0 && row_draw(siren, t, NEGATIVE_SALT) >= negative_rate {
                    continue;
                }
            }
            for (c, column) in train.columns.iter_mut().enumerate() {
                column.push(self.rows.columns[c][r]);
            }
            train.labels.push(label);
            train.weights.push(if label {
                1.0
            } else {
                (1.0 / negative_rate) as f32
            });
        }
        let mut valid = BinnedRows {
            columns: vec![Vec::new(); self.model_features.len()],
            ..BinnedRows::default()
        };
        for &(r, label) in &valid_idx {
            for (c, column) in valid.columns.iter_mut().enumerate() {
                column.push(self.rows.columns[c][r]);
            }
            valid.labels.push(label);
            valid.weights.push(1.0);
        }
        let long_run_rate = if long_all > 0 {
            long_pos as f64 / long_all as f64
        } else {
            positives as f64 / train_idx.len().max(1) as f64
        };
        let fitted = Fitted {
            gam: Gam {
                intercept: 0.0,
                shapes: Vec::new(),
                pairs: Vec::new(),
            },
            rows: train.len(),
            positives,
            negative_rate,
            sweeps: 0,
            pair_sweeps: 0,
            valid_rows: valid_idx.iter().map(|(r, _)| *r).collect(),
            valid_labels: valid_idx.iter().map(|(_, l)| *l).collect(),
            long_run_rate,
        };
        (train, valid, fitted)
    }

    /// One boosting sweep of the current horizon (starting the next when one is done).
    fn boost_step(&mut self) -> Result<bool, ModelError> {
        if self.booster.is_none() {
            let i = self.fitted.len();
            let Some(plan) = self.plans.get(i) else {
                return Ok(false);
            };
            let (train, valid, fitted) = self.horizon_rows(plan);
            if fitted.positives == 0 {
                return Err(ModelError::NoPositives);
            }
            let bins: Vec<Bins> = self.model_features.iter().map(|m| m.bins.clone()).collect();
            let directions = self
                .model_features
                .iter()
                .map(|m| m.feature.def().direction)
                .collect();
            let booster = Booster::new(train, valid, bins, directions, self.config.boost);
            self.booster = Some((i, booster, fitted));
        }
        let Some((_, booster, _)) = self.booster.as_mut() else {
            return Ok(false);
        };
        // Several sweeps per step: a step stays well under a second in the browser.
        for _ in 0..2 {
            if !booster.sweep() {
                break;
            }
        }
        if booster.done() {
            let Some((_, booster, mut fitted)) = self.booster.take() else {
                return Ok(false);
            };
            fitted.pair_sweeps = booster.pair_sweeps();
            fitted.sweeps = booster.main_sweeps();
            fitted.gam = booster.finish();
            self.fitted.push(fitted);
        }
        Ok(self.fitted.len() < self.plans.len())
    }

    /// Raw (uncalibrated) logits of a row set's rows under a fitted additive model.
    fn logit_of_row(&self, gam: &Gam, r: usize) -> f64 {
        gam.logit(
            |j| &self.model_features[j].bins,
            |j| usize::from(self.rows.columns[j][r]),
        )
    }

    /// Calibrates every fitted horizon, chains the term structure, chooses thresholds and
    /// measures validation; fits the degradation score.
    fn calibrated(&self) -> Vec<HorizonModel> {
        let crisis = self.config.params.crisis;
        let mut out: Vec<HorizonModel> = Vec::new();
        for (i, fitted) in self.fitted.iter().enumerate() {
            let plan = &self.plans[i];
            let h = plan.horizon.months() as i32;
            let raw: Vec<f64> = fitted
                .valid_rows
                .iter()
                .map(|r| self.logit_of_row(&fitted.gam, *r))
                .collect();
            let (first, last) = (
                plan.valid_months.first().copied().unwrap_or(0),
                plan.valid_months.last().copied().unwrap_or(0),
            );
            let (window_start, window_end) = (self.panel.month(first), self.panel.month(last));
            let overlaps = window_end.offset(h) >= crisis.start
                && window_start <= crisis.end.offset(CATCH_UP_MONTHS);
            let positives = fitted.valid_labels.iter().filter(|l| **l).count();
            let observed_rate = positives as f64 / fitted.valid_labels.len().max(1) as f64;
            let (rule, slope, shift) = if overlaps {
                (
                    CalibrationRule::BaseRate,
                    1.0,
                    shift_to_rate(&raw, fitted.long_run_rate),
                )
            } else if positives >= 10 {
                match platt(&raw, &fitted.valid_labels) {
                    Some((slope, shift)) => (CalibrationRule::Platt, slope, shift),
                    None => (CalibrationRule::None, 1.0, 0.0),
                }
            } else {
                (CalibrationRule::None, 1.0, 0.0)
            };
            let mut gam = fitted.gam.clone();
            gam.intercept = shift + slope * gam.intercept;
            for shape in &mut gam.shapes {
                shape.iter_mut().for_each(|v| *v *= slope);
            }
            for p in &mut gam.pairs {
                p.values.iter_mut().for_each(|v| *v *= slope);
            }
            out.push(HorizonModel {
                horizon: plan.horizon,
                gam,
                calibration: Calibration {
                    rule,
                    slope,
                    shift,
                    window_start,
                    window_end,
                    observed_rate,
                    long_run_rate: fitted.long_run_rate,
                },
                thresholds: Thresholds::new(0.0, 0.0),
                rows: fitted.rows,
                positives: fitted.positives,
                negative_rate: fitted.negative_rate,
                sweeps: fitted.sweeps,
                pair_sweeps: fitted.pair_sweeps,
                validation: None,
                operating: Vec::new(),
            });
        }
        // Thresholds and metrics on the published (chained) probabilities of the validation
        // rows of each horizon.
        for i in 0..out.len() {
            let fitted = &self.fitted[i];
            let probabilities = self.chained_validation(&out, i);
            let labels = &fitted.valid_labels;
            let orange = best_threshold(&probabilities, labels, 2.0).unwrap_or(0.5);
            let rouge = best_threshold(&probabilities, labels, 0.5)
                .unwrap_or(0.5)
                .max(orange);
            out[i].thresholds = Thresholds::new(orange, rouge);
            out[i].validation = Some(metrics(&probabilities, labels));
            out[i].operating = super::thresholds::operating_points(&probabilities, labels);
        }
        out
    }

    /// The published probabilities of horizon `i`'s validation rows: the running maximum of
    /// the calibrated logits of horizons up to `i`.
    fn chained_validation(&self, horizons: &[HorizonModel], i: usize) -> Vec<f64> {
        self.fitted[i]
            .valid_rows
            .iter()
            .map(|r| {
                let logit = horizons[..=i]
                    .iter()
                    .map(|m| self.logit_of_row(&m.gam, *r))
                    .fold(f64::NEG_INFINITY, f64::max);
                sigmoid(logit)
            })
            .collect()
    }

    fn degradation(&self) -> Option<Degradation> {
        let lookup: std::collections::HashMap<(u32, u16), usize> = self
            .rows
            .firm
            .iter()
            .zip(&self.rows.month)
            .enumerate()
            .map(|(r, (f, t))| ((*f, *t), r))
            .collect();
        let months = degradation::MONTHS;
        let (mut train, mut valid) = (Vec::new(), Vec::new());
        for (r, v) in &self.rows.raw {
            let (f, t) = (self.rows.firm[*r], usize::from(self.rows.month[*r]));
            if t + months > self.end {
                continue;
            }
            let now = self.rows.distress[*r];
            if now.is_nan() {
                continue;
            }
            let later = if failure_within(self.panel, f as usize, t, months) == Some(true) {
                100.0
            } else {
                match lookup.get(&(f, (t + months) as u16)) {
                    Some(&l) if !self.rows.distress[l].is_nan() => f64::from(self.rows.distress[l]),
                    _ => continue,
                }
            };
            let row = (v.clone(), later - f64::from(now));
            if self.rows.validation[*r] {
                valid.push(row);
            } else {
                train.push(row);
            }
        }
        degradation::fit(&train, &valid).ok()
    }

    fn assemble(&self) -> Result<Model, ModelError> {
        let horizons = self.calibrated();
        if horizons.len() != Horizon::ALL.len() {
            return Err(ModelError::NotEnoughHistory {
                needed: WARM_UP
                    + MIN_TRAINING_MONTHS
                    + 2 * Horizon::M18.months()
                    + self.config.validation_months
                    + 1,
                got: self.end + 1,
            });
        }
        let longest = &self.plans[self.plans.len() - 1];
        let shortest = &self.plans[0];
        let month = |t: usize| self.panel.month(t);
        Ok(Model {
            format: FORMAT.into(),
            schema_version: SCHEMA_VERSION,
            dictionary_hash: dictionary_hash(),
            engine_version: env!("CARGO_PKG_VERSION").into(),
            params: self.config.params,
            features: self.model_features.clone(),
            horizons,
            alert_horizon: Horizon::M18,
            degradation: self.degradation(),
            training: TrainingSummary {
                data: self.config.data.clone(),
                synthetic: self.config.synthetic,
                firms: self.panel.firms.len(),
                firm_share: self.firm_share,
                validation_firm_share: self.config.validation_firm_share,
                first_month: month(longest.train_months.first().copied().unwrap_or(WARM_UP)),
                last_month: month(longest.train_months.last().copied().unwrap_or(WARM_UP)),
                validation_first_month: month(longest.valid_months.first().copied().unwrap_or(0)),
                validation_last_month: month(shortest.valid_months.last().copied().unwrap_or(0)),
                data_end: month(self.end),
                config: self.config.clone(),
            },
            backtests: Vec::new(),
        })
    }

    /// For backtests: the calibrated horizons that could be trained, without a full model.
    pub(crate) fn finish_horizons(
        mut self,
    ) -> Result<(Vec<ModelFeature>, Vec<HorizonModel>), ModelError> {
        loop {
            match self.stage {
                Stage::Finish | Stage::Done => break,
                _ => {
                    self.step()?;
                }
            }
        }
        let horizons = self.calibrated();
        Ok((self.model_features, horizons))
    }
}

/// Platt scaling by Newton's method on (slope, shift): two parameters, so hand-written.
/// `None` when the fit diverges or the slope is not positive (the ranking would be reversed).
fn platt(raw: &[f64], labels: &[bool]) -> Option<(f64, f64)> {
    let (mut a, mut b) = (1.0, 0.0); // slope, shift
    for _ in 0..50 {
        let (mut ga, mut gb, mut haa, mut hab, mut hbb) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for (x, y) in raw.iter().zip(labels) {
            let p = sigmoid(a * x + b);
            let r = p - f64::from(u8::from(*y));
            let w = p * (1.0 - p);
            ga += r * x;
            gb += r;
            haa += w * x * x;
            hab += w * x;
            hbb += w;
        }
        // A tiny ridge keeps the 2×2 system invertible.
        let (haa, hbb) = (haa + 1e-9, hbb + 1e-9);
        let det = haa * hbb - hab * hab;
        if det.abs() < 1e-18 {
            return None;
        }
        let da = (hbb * ga - hab * gb) / det;
        let db = (haa * gb - hab * ga) / det;
        a -= da;
        b -= db;
        if !(a.is_finite() && b.is_finite()) {
            return None;
        }
        if da.abs() < 1e-10 && db.abs() < 1e-10 {
            break;
        }
    }
    (a > 0.0).then_some((a, b))
}

/// The intercept shift making the mean probability of `raw` logits equal `rate` (bisection: the
/// mean is increasing in the shift).
fn shift_to_rate(raw: &[f64], rate: f64) -> f64 {
    if raw.is_empty() || !(0.0..1.0).contains(&rate) || rate == 0.0 {
        return 0.0;
    }
    let mean = |s: f64| raw.iter().map(|x| sigmoid(x + s)).sum::<f64>() / raw.len() as f64;
    let (mut low, mut high) = (-20.0, 20.0);
    for _ in 0..100 {
        let mid = (low + high) / 2.0;
        if mean(mid) < rate {
            low = mid;
        } else {
            high = mid;
        }
    }
    (low + high) / 2.0
}

/// Trains on the panel's labelled history (every step at once).
pub fn train(
    panel: &Panel,
    config: &TrainConfig,
    events: &SectorEvents,
) -> Result<Model, ModelError> {
    Trainer::new(panel, config.clone(), events)?.finish()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn platt_recovers_known_probabilities() {
        // Labels drawn with P(y) = σ(0.5·x − 1): the fit finds slope 0.5 and shift −1.
        let mut state: u64 = 11;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let (mut raw, mut labels) = (Vec::new(), Vec::new());
        for _ in 0..200_000 {
            let x = next() * 8.0 - 4.0;
            raw.push(x);
            labels.push(next() < sigmoid(0.5 * x - 1.0));
        }
        let (slope, shift) = platt(&raw, &labels).unwrap();
        assert!((slope - 0.5).abs() < 0.02, "{slope}");
        assert!((shift + 1.0).abs() < 0.02, "{shift}");
    }

    #[test]
    fn the_base_rate_shift_hits_the_long_run_rate() {
        let raw: Vec<f64> = (0..1000).map(|i| f64::from(i % 40) / 10.0 - 5.0).collect();
        let s = shift_to_rate(&raw, 0.03);
        let mean = raw.iter().map(|x| sigmoid(x + s)).sum::<f64>() / raw.len() as f64;
        assert!((mean - 0.03).abs() < 1e-9, "{mean}");
    }

    fn demo_panel(firms: usize) -> Panel {
        let (records, _) =
            crate::ingest::read_all(&crate::demo::generate(&crate::demo::DemoConfig {
                firms,
                ..crate::demo::DemoConfig::default()
            }));
        Panel::build(&records).unwrap()
    }

    fn f_beta(probabilities: &[f64], labels: &[bool], threshold: f64, beta: f64) -> f64 {
        let tp = probabilities
            .iter()
            .zip(labels)
            .filter(|(p, l)| **p >= threshold && **l)
            .count() as f64;
        let predicted = probabilities.iter().filter(|p| **p >= threshold).count() as f64;
        let positives = labels.iter().filter(|l| **l).count() as f64;
        if tp == 0.0 {
            return 0.0;
        }
        let (precision, recall) = (tp / predicted, tp / positives);
        (1.0 + beta * beta) * precision * recall / (beta * beta * precision + recall)
    }

    /// The orange and red thresholds maximise F2 and F0.5 on the validation rows, among every
    /// threshold the validation probabilities allow; the crisis rule only moves the intercept.
    #[test]
    fn thresholds_maximise_f_beta_on_validation_and_crises_move_only_the_base_rate() {
        let panel = demo_panel(1500);
        let events = SectorEvents::default();
        let mut trainer = Trainer::new(&panel, TrainConfig::default(), &events).unwrap();
        while !matches!(trainer.stage, Stage::Finish) {
            trainer.step().unwrap();
        }
        let horizons = trainer.calibrated();
        assert_eq!(horizons.len(), 4);
        for (i, m) in horizons.iter().enumerate() {
            let probabilities = trainer.chained_validation(&horizons, i);
            let labels = &trainer.fitted[i].valid_labels;
            let best = |beta: f64| {
                probabilities
                    .iter()
                    .map(|t| f_beta(&probabilities, labels, *t, beta))
                    .fold(0.0, f64::max)
            };
            let t = m.thresholds;
            assert!(
                (f_beta(&probabilities, labels, t.orange, 2.0) - best(2.0)).abs() < 1e-12,
                "{t:?}"
            );
            // Red is the F0.5 optimum unless it fell below orange (then it is orange).
            let red = f_beta(&probabilities, labels, t.rouge, 0.5);
            assert!(
                t.rouge == t.orange || (red - best(0.5)).abs() < 1e-12,
                "{t:?}"
            );
            assert_ne!(m.calibration.rule, CalibrationRule::BaseRate);
        }
        // A crisis over the validation windows: every horizon uses the base-rate rule.
        let mut config = TrainConfig::default();
        config.params.crisis = crate::features::CrisisWindow {
            start: Month::new(2022, 1).unwrap(),
            end: Month::new(2024, 12).unwrap(),
        };
        let mut trainer = Trainer::new(&panel, config, &events).unwrap();
        while !matches!(trainer.stage, Stage::Finish) {
            trainer.step().unwrap();
        }
        for (i, m) in trainer.calibrated().iter().enumerate() {
            assert_eq!(m.calibration.rule, CalibrationRule::BaseRate);
            assert_eq!(m.calibration.slope, 1.0);
            // The window's mean (unchained) probability is the long-run rate.
            let mean = trainer.fitted[i]
                .valid_rows
                .iter()
                .map(|r| sigmoid(trainer.logit_of_row(&m.gam, *r)))
                .sum::<f64>()
                / trainer.fitted[i].valid_rows.len() as f64;
            assert!(
                (mean - m.calibration.long_run_rate).abs() < 1e-6,
                "{mean} {:?}",
                m.calibration
            );
        }
    }

    #[test]
    fn splits_leave_an_embargo_equal_to_the_horizon() {
        let config = TrainConfig::default();
        for h in Horizon::ALL {
            let plan = plan_horizon(&config, h, 107).unwrap();
            let last_train = *plan.train_months.last().unwrap();
            let first_valid = plan.valid_months[0];
            // The last training label window (t, t+h] ends before validation starts.
            assert!(last_train + h.months() < first_valid, "{h:?}");
            assert!(*plan.valid_months.last().unwrap() + h.months() <= 107);
        }
        assert!(plan_horizon(&config, Horizon::M18, 60).is_none());
    }
}
