//! The one call both front ends make: files → report → panel → model → scores at a month.

use serde::{Deserialize, Serialize};

use crate::calendar::Month;
use crate::features::{FeatureParams, FeatureVector, Features, SectorEvents, strong_signal};
use crate::ingest::kind::FileKind;
use crate::ingest::records::Records;
use crate::ingest::report::{FileReport, ImportReport, SourceSummary};
use crate::ingest::{RawFile, read_all};
use crate::model::{Alert, Explained, Model, ModelError, TrainConfig, in_population, train};
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
    pub features: FeatureVector,
    pub explained: Explained,
}

/// Everything the UI and the CLI show after an import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub report: ImportReport,
    pub panel: Panel,
    pub model: Model,
    /// The scoring month.
    pub at: Month,
    /// Firms in the population at `at`, highest risk first.
    pub scores: Vec<FirmScore>,
    /// Firms already in a collective proceeding at `at` ("signaux forts"), never ranked.
    pub strong_signals: Vec<usize>,
    /// The sector events the features were computed with.
    pub events: SectorEvents,
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

/// Reads the files, builds the panel, trains on its history and scores every firm at `at`
/// (default: the panel's last month).
pub fn analyse(files: &[RawFile], at: Option<Month>) -> Result<Analysis, Failure> {
    analyse_imported(import(files), at, SectorEvents::default())
}

/// The analysis of an import the agent has seen the report of, with the agent's sector events.
pub fn analyse_imported(
    imported: Imported,
    at: Option<Month>,
    events: SectorEvents,
) -> Result<Analysis, Failure> {
    analyse_with(imported, at, events, FeatureParams::default())
}

/// [`analyse_imported`] with explicit feature parameters (the crisis window, lags).
pub fn analyse_with(
    imported: Imported,
    at: Option<Month>,
    events: SectorEvents,
    params: FeatureParams,
) -> Result<Analysis, Failure> {
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
    let config = TrainConfig {
        params,
        ..TrainConfig::default()
    };
    let model = train(&panel, &config, &events).map_err(|e| fail(e.into()))?;
    let at = at.unwrap_or(panel.end());
    let t = panel.index_of(at).ok_or_else(|| {
        fail(PipelineError::MonthOutOfRange {
            at,
            start: panel.start,
            end: panel.end(),
        })
    })?;
    let lags = model.params.lags;
    let features = Features::new(&panel, &model.params, &events, t..=t);
    let mut scores: Vec<FirmScore> = features.collect(
        t..=t,
        |f, t| in_population(&panel, f, t, lags),
        |firm, _, features| {
            let explained = model.explain(&features);
            FirmScore {
                firm,
                alert: model.alert(explained.probability),
                features,
                explained,
            }
        },
    );
    drop(features);
    scores.sort_by(|a, b| {
        b.explained
            .logit
            .total_cmp(&a.explained.logit)
            .then(a.firm.cmp(&b.firm))
    });
    // Firms in a proceeding that are still observed (a headcount published): a liquidation
    // closed years ago is no longer a signal.
    let strong_signals = (0..panel.firms.len())
        .filter(|f| strong_signal(&panel, *f, t, lags))
        .collect();
    Ok(Analysis {
        report,
        panel,
        model,
        at,
        scores,
        strong_signals,
        events,
    })
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
