//! The one call both front ends make: files → report → panel → model → scores at a month.

use serde::{Deserialize, Serialize};

use crate::calendar::Month;
use crate::explain::References;
use crate::features::{FeatureVector, Features, SectorEvents, strong_signal};
use crate::ingest::kind::FileKind;
use crate::ingest::records::Records;
use crate::ingest::report::{FileReport, ImportReport, SourceSummary};
use crate::ingest::{RawFile, read_all};
use crate::model::{Alert, Explained, Model, ModelError, Score, TrainConfig, in_population, train};
use crate::panel::{Panel, PanelError};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Panel(#[from] PanelError),
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error("le mois de calcul {at} est hors de la période des données ({start} – {end})")]
    MonthOutOfRange { at: Month, start: Month, end: Month },
}

/// A failed analysis, with what was learnt about each file on the way, so that both front ends
/// can say why a file was set aside without reading it again.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub error: PipelineError,
    pub files: Vec<FileReport>,
}

impl Failure {
    /// "name — reason" for every file that contributed nothing.
    pub fn set_aside(&self) -> Vec<String> {
        self.files
            .iter()
            .filter_map(|r| r.fatal.as_ref().map(|f| format!("{} — {f}", r.name)))
            .collect()
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.error)?;
        self.set_aside()
            .iter()
            .try_for_each(|line| write!(f, "\n{line}"))
    }
}

impl std::error::Error for Failure {}

/// One scored firm.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FirmScore {
    /// Index in [`Panel::firms`].
    pub firm: usize,
    pub alert: Alert,
    /// In alert now and in none of the [`HISTORY_MONTHS`] previous months.
    pub first_alert: bool,
    pub features: FeatureVector,
    /// Every horizon's probability and the degradation score.
    pub score: Score,
    /// The alert horizon's score with its exact decomposition.
    pub explained: Explained,
    /// The alert horizon's probability over the previous [`HISTORY_MONTHS`] months, oldest
    /// first (NaN where the firm was not scored).
    pub history: Vec<f32>,
}

/// Months of score history kept per firm (for "première alerte" and the trend).
pub const HISTORY_MONTHS: usize = 12;

/// How alert levels are given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum AlertMode {
    /// The model's validated thresholds.
    #[default]
    Thresholds,
    /// Capacity: the `n` riskiest firms of each département are in alert (red when above the
    /// red threshold, orange otherwise), every other firm green.
    Capacity(usize),
}

/// Which model scores the firms.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelChoice {
    /// The model embedded in the app and the CLI (trained on synthetic demo data).
    Embedded,
    /// A model loaded from a file or trained earlier.
    Given(Box<Model>),
    /// Train on the import's own history first.
    Train(Box<TrainConfig>),
}

/// What an analysis is asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// The scoring month (default: the data's latest complete month).
    pub at: Option<Month>,
    pub events: SectorEvents,
    pub model: ModelChoice,
    pub alerts: AlertMode,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            at: None,
            events: SectorEvents::default(),
            model: ModelChoice::Embedded,
            alerts: AlertMode::Thresholds,
        }
    }
}

/// Everything the UI and the CLI show after an import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub report: ImportReport,
    pub panel: Panel,
    pub model: Model,
    /// The scoring month.
    pub at: Month,
    /// Firms in the population at `at`, highest risk first (at the alert horizon).
    pub scores: Vec<FirmScore>,
    /// Firms already in a collective proceeding at `at` ("signaux forts"), never ranked.
    pub strong_signals: Vec<usize>,
    /// The sector events the features were computed with.
    pub events: SectorEvents,
    pub alerts: AlertMode,
    /// The median firms explanations are measured from.
    pub references: References,
}

impl Analysis {
    /// An analysis of `scored` (from [`score_panel`] at `at`), with the median firms its
    /// explanations start from.
    pub fn assemble(
        report: ImportReport,
        panel: Panel,
        model: Model,
        at: Month,
        (scores, strong_signals): (Vec<FirmScore>, Vec<usize>),
        events: SectorEvents,
        alerts: AlertMode,
    ) -> Analysis {
        let references = References::new(&panel, &scores, at, model.params.min_sector_firms);
        Analysis {
            report,
            panel,
            model,
            at,
            scores,
            strong_signals,
            events,
            alerts,
            references,
        }
    }

    /// The same import scored with another model, month or alert mode. On failure the analysis
    /// comes back unchanged with the error (the import is never lost).
    pub fn rescore(
        self,
        model: Model,
        at: Option<Month>,
        alerts: AlertMode,
    ) -> Result<Analysis, Box<(PipelineError, Analysis)>> {
        let at = at.unwrap_or(self.at);
        let (scores, strong_signals) =
            match score_panel(&self.panel, &model, &self.events, at, alerts) {
                Ok(scored) => scored,
                Err(e) => return Err(Box::new((e, self))),
            };
        let references = References::new(&self.panel, &scores, at, model.params.min_sector_firms);
        Ok(Analysis {
            model,
            at,
            scores,
            strong_signals,
            alerts,
            references,
            ..self
        })
    }
}

/// Alert levels of one month's scored firms (`(firm, probability)`), in the given mode.
fn alerts_of(panel: &Panel, model: &Model, scored: &[(usize, f64)], mode: AlertMode) -> Vec<Alert> {
    match mode {
        AlertMode::Thresholds => scored.iter().map(|(_, p)| model.alert(*p)).collect(),
        AlertMode::Capacity(n) => {
            let mut order: Vec<usize> = (0..scored.len()).collect();
            order.sort_by(|a, b| {
                scored[*b]
                    .1
                    .total_cmp(&scored[*a].1)
                    .then(scored[*a].0.cmp(&scored[*b].0))
            });
            let mut taken: std::collections::HashMap<Option<&str>, usize> =
                std::collections::HashMap::new();
            let mut alerts = vec![Alert::Vert; scored.len()];
            for i in order {
                let (firm, p) = scored[i];
                let count = taken
                    .entry(panel.firms[firm].departement.as_deref())
                    .or_insert(0);
                if *count < n {
                    *count += 1;
                    alerts[i] = if model.alert(p) == Alert::Rouge {
                        Alert::Rouge
                    } else {
                        Alert::Orange
                    };
                }
            }
            alerts
        }
    }
}

/// Scores every firm in the population at `at` with `model`, with the score history of the
/// previous months; the firms in a proceeding are returned apart.
pub fn score_panel(
    panel: &Panel,
    model: &Model,
    events: &SectorEvents,
    at: Month,
    mode: AlertMode,
) -> Result<(Vec<FirmScore>, Vec<usize>), PipelineError> {
    score_with_history(panel, model, events, at, mode, HISTORY_MONTHS)
}

/// [`score_panel`] with `history` months of score history (0: none, "première alerte" then
/// means "in alert"; for benchmarks).
pub fn score_with_history(
    panel: &Panel,
    model: &Model,
    events: &SectorEvents,
    at: Month,
    mode: AlertMode,
    history: usize,
) -> Result<(Vec<FirmScore>, Vec<usize>), PipelineError> {
    let t = panel.index_of(at).ok_or(PipelineError::MonthOutOfRange {
        at,
        start: panel.start,
        end: panel.end(),
    })?;
    let lags = model.params.lags;
    let first = t.saturating_sub(history);
    let features = Features::new(panel, &model.params, events, first..=t);
    let alert_horizon = model.alert_horizon;
    // One pass over every month: past months give the alert horizon's probability only (each
    // firm's history is read once for all months).
    enum Row {
        Past(usize, usize, f64),
        Now(Box<(usize, FeatureVector, Score, Explained)>),
    }
    let scorer = model.scorer();
    let rows: Vec<Row> = features.collect(
        first..=t,
        |f, m| in_population(panel, f, m, lags),
        |f, m, v| {
            if m < t {
                Row::Past(f, m, scorer.probability(alert_horizon, &v))
            } else {
                let score = model.score(&v);
                let explained = model.explain(alert_horizon, &v);
                Row::Now(Box::new((f, v, score, explained)))
            }
        },
    );
    let mut past: Vec<Vec<(usize, f64)>> = vec![Vec::new(); t - first];
    let mut now: Vec<(usize, FeatureVector, Score, Explained)> = Vec::new();
    for row in rows {
        match row {
            Row::Past(f, m, p) => past[m - first].push((f, p)),
            Row::Now(scored) => now.push(*scored),
        }
    }
    let mut history: Vec<Vec<f32>> = Vec::new();
    let mut ever_alert: Vec<bool> = Vec::new();
    let mut slot = vec![usize::MAX; panel.firms.len()];
    for (k, month) in past.iter().enumerate() {
        let alerts = alerts_of(panel, model, month, mode);
        for ((f, p), a) in month.iter().zip(alerts) {
            if slot[*f] == usize::MAX {
                slot[*f] = history.len();
                history.push(vec![f32::NAN; t - first]);
                ever_alert.push(false);
            }
            history[slot[*f]][k] = *p as f32;
            ever_alert[slot[*f]] |= a != Alert::Vert;
        }
    }
    drop(past);
    drop(features);
    let probabilities: Vec<(usize, f64)> = now
        .iter()
        .map(|(f, _, s, _)| (*f, s.at(alert_horizon).probability))
        .collect();
    let alerts = alerts_of(panel, model, &probabilities, mode);
    let mut scores: Vec<FirmScore> = now
        .into_iter()
        .zip(alerts)
        .map(|((firm, features, score, explained), alert)| {
            let (history, before) = match slot[firm] {
                usize::MAX => (vec![f32::NAN; t - first], false),
                s => (history[s].clone(), ever_alert[s]),
            };
            FirmScore {
                firm,
                alert,
                first_alert: alert != Alert::Vert && !before,
                features,
                score,
                explained,
                history,
            }
        })
        .collect();
    scores.sort_by(|a, b| {
        b.explained
            .logit
            .total_cmp(&a.explained.logit)
            .then(a.firm.cmp(&b.firm))
    });
    // Firms in a proceeding that are still observed (a headcount published): a liquidation
    // closed years ago is no longer a signal.
    let strong_signals = (0..panel.firms.len())
        .filter(|f| strong_signal(panel, *f, t, lags))
        .collect();
    Ok((scores, strong_signals))
}

/// What an import produced before any analysis: the report the agent reads first, and the
/// panel (the records are dropped once it is built: at national scale they are the bulk of the
/// memory).
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub report: ImportReport,
    pub panel: Result<Panel, PanelError>,
}

/// Reads every file (in any order), builds the panel and summarises the import.
pub fn import(files: &[RawFile]) -> Imported {
    let (records, file_reports) = read_all(files);
    finish_import(records, file_reports)
}

/// The end of an import whose files were read elsewhere (chunk by chunk in the browser,
/// on several threads natively).
pub fn finish_import(records: Records, files: Vec<FileReport>) -> Imported {
    let panel = Panel::from_records(records, crate::panel::PerimeterRule::default());
    let mut report = summarise(files, panel.as_ref().ok());
    report.panel_error = panel.as_ref().err().map(ToString::to_string);
    Imported { report, panel }
}

/// The sources a complete import has; legacy ones (BdF, Diane, account map) are never missing.
pub const EXPECTED_SOURCES: [FileKind; 13] = [
    FileKind::SireneUl,
    FileKind::Sirene,
    FileKind::SireneHisto,
    FileKind::EffectifEnt,
    FileKind::Effectif,
    FileKind::Cotisation,
    FileKind::Debit,
    FileKind::Delai,
    FileKind::Ccsf,
    FileKind::Procol,
    FileKind::ApDemande,
    FileKind::ApConso,
    FileKind::InpiRatios,
];

/// The import report: per file (as read), per source, overall.
pub fn summarise(files: Vec<FileReport>, panel: Option<&Panel>) -> ImportReport {
    let read: Vec<&FileReport> = files.iter().filter(|r| r.fatal.is_none()).collect();
    let sources = crate::ingest::kind::ALL_KINDS
        .into_iter()
        .filter_map(|kind| {
            let of_kind: Vec<&&FileReport> = read.iter().filter(|r| r.kind == Some(kind)).collect();
            (!of_kind.is_empty()).then(|| SourceSummary {
                kind,
                files: of_kind.len(),
                records: of_kind
                    .iter()
                    .map(|r| r.accepted + r.accepted_with_warnings)
                    .sum(),
                firms: panel.map_or(0, |p| p.firms.iter().filter(|f| f.has_source(kind)).count()),
            })
        })
        .collect::<Vec<_>>();
    let missing_sources = EXPECTED_SOURCES
        .into_iter()
        .filter(|k| !sources.iter().any(|s| s.kind == *k))
        .collect();
    let mut exclusions: Vec<(crate::panel::Exclusion, usize)> = Vec::new();
    for f in panel.iter().flat_map(|p| p.firms.iter()) {
        if let Some(e) = f.excluded {
            match exclusions.iter_mut().find(|(k, _)| *k == e) {
                Some((_, n)) => *n += 1,
                None => exclusions.push((e, 1)),
            }
        }
    }
    ImportReport {
        files,
        sources,
        firms: panel.map_or(0, |p| p.firms.len()),
        firms_in_perimeter: panel.map_or(0, Panel::firms_in_perimeter),
        exclusions,
        first_month: panel.map(|p| p.start),
        last_month: panel.map(Panel::end),
        months: panel.map_or(0, |p| p.months),
        missing_sources,
        panel_error: None,
    }
}

/// Reads the files, builds the panel and scores every firm at `at` (default: the panel's
/// latest complete month, [`Panel::latest_complete_month`]) with the embedded model.
pub fn analyse(files: &[RawFile], at: Option<Month>) -> Result<Analysis, Failure> {
    analyse_imported(
        import(files),
        Options {
            at,
            ..Options::default()
        },
    )
}

/// The analysis of an import the agent has seen the report of.
pub fn analyse_imported(imported: Imported, options: Options) -> Result<Analysis, Failure> {
    let Imported { report, panel } = imported;
    let panel = match panel {
        Ok(panel) => panel,
        Err(e) => {
            return Err(Failure {
                error: e.into(),
                files: report.files,
            });
        }
    };
    let fail = |error: PipelineError| Failure {
        error,
        files: report.files.clone(),
    };
    let Options {
        at,
        events,
        model,
        alerts,
    } = options;
    let model = match model {
        ModelChoice::Embedded => crate::model::embedded().map_err(|e| fail(e.into()))?,
        ModelChoice::Given(model) => *model,
        ModelChoice::Train(config) => {
            train(&panel, &config, &events).map_err(|e| fail(e.into()))?
        }
    };
    let at = at.unwrap_or_else(|| panel.latest_complete_month());
    let scored = score_panel(&panel, &model, &events, at, alerts).map_err(fail)?;
    Ok(Analysis::assemble(
        report, panel, model, at, scored, events, alerts,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{DemoConfig, generate};

    #[test]
    fn demo_analysis_ranks_firms_and_sets_strong_signals_apart() {
        let files = generate(&DemoConfig {
            firms: 800,
            ..DemoConfig::default()
        });
        let a = analyse(&files, None).unwrap();
        assert_eq!(a.at, DemoConfig::default().end);
        assert!(!a.report.missing_sources.contains(&FileKind::Debit));
        assert!(a.report.firms_in_perimeter > 0);
        assert!(a.report.sources.iter().all(|s| s.firms > 0));
        assert!(a.scores.len() > 500);
        assert!(
            a.scores
                .windows(2)
                .all(|w| w[0].explained.logit >= w[1].explained.logit)
        );
        assert!(a.scores.iter().all(|s| !a.strong_signals.contains(&s.firm)));
        assert!(a.scores.iter().any(|s| s.alert != Alert::Vert));
    }

    #[test]
    fn a_failed_rescore_gives_the_analysis_back() {
        let files = generate(&DemoConfig {
            firms: 100,
            ..DemoConfig::default()
        });
        let a = analyse(&files, None).unwrap();
        let (model, firms) = (a.model.clone(), a.scores.len());
        let failed = a
            .rescore(model.clone(), Month::new(2030, 1), AlertMode::Thresholds)
            .unwrap_err();
        let (error, a) = *failed;
        assert!(error.to_string().contains("hors de la période"));
        assert_eq!(a.scores.len(), firms);
        let a = a.rescore(model, None, AlertMode::Capacity(1)).unwrap();
        let mut per = std::collections::HashMap::new();
        for s in a.scores.iter().filter(|s| s.alert != Alert::Vert) {
            *per.entry(a.panel.firms[s.firm].departement.clone())
                .or_insert(0) += 1;
        }
        assert!(!per.is_empty() && per.values().all(|n| *n == 1), "{per:?}");
    }

    #[test]
    fn a_month_outside_the_data_is_refused() {
        let files = generate(&DemoConfig {
            firms: 100,
            ..DemoConfig::default()
        });
        let err = analyse(&files, Month::new(2030, 1)).unwrap_err();
        assert!(err.to_string().contains("hors de la période"), "{err}");
    }

    #[test]
    fn missing_sources_are_named() {
        let files: Vec<RawFile> = generate(&DemoConfig {
            firms: 300,
            ..DemoConfig::default()
        })
        .into_iter()
        .filter(|f| !f.name.contains("debits"))
        .collect();
        let a = analyse(&files, None).unwrap();
        assert!(a.report.missing_sources.contains(&FileKind::Debit));
        assert!(!a.report.missing_sources.contains(&FileKind::Cotisation));
        assert!(
            a.scores
                .iter()
                .all(|s| s.features.get(crate::features::Feature::Dette).is_none()),
            "no débit file: debt is missing, not zero"
        );
    }
}
