//! The one call both front ends make: files → report → panel → model → scores at a month.

use serde::{Deserialize, Serialize};

use crate::calendar::Month;
use crate::features::{FeatureVector, features_at};
use crate::ingest::kind::FileKind;
use crate::ingest::records::Records;
use crate::ingest::report::{FileReport, ImportReport};
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

/// The sources the first slice reads, and whose absence the report explains.
const CORE_SOURCES: [FileKind; 6] = [
    FileKind::SireneUl,
    FileKind::Sirene,
    FileKind::EffectifEnt,
    FileKind::Cotisation,
    FileKind::Debit,
    FileKind::Procol,
];

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
}

/// What an import produced before any analysis: the records and the report the agent reads
/// first.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub records: Records,
    pub report: ImportReport,
}

/// Reads every file (in any order) and summarises the import.
pub fn import(files: &[RawFile]) -> Imported {
    let (records, file_reports) = read_all(files);
    let report = summarise(&records, file_reports);
    Imported { records, report }
}

/// The import report of records read from files whose reports are `files`.
pub fn summarise(records: &Records, files: Vec<FileReport>) -> ImportReport {
    let present: Vec<FileKind> = files
        .iter()
        .filter(|r| r.fatal.is_none())
        .filter_map(|r| r.kind)
        .collect();
    let _ = records;
    ImportReport {
        files,
        firms: 0,
        first_month: None,
        last_month: None,
        missing_sources: CORE_SOURCES
            .into_iter()
            .filter(|k| !present.contains(k))
            .collect(),
    }
}

/// Reads the files, builds the panel, trains on its history and scores every firm at `at`
/// (default: the panel's last month).
pub fn analyse(files: &[RawFile], at: Option<Month>) -> Result<Analysis, Failure> {
    analyse_imported(import(files), at)
}

/// The analysis of an import the agent has seen the report of.
pub fn analyse_imported(imported: Imported, at: Option<Month>) -> Result<Analysis, Failure> {
    let Imported { records, report } = imported;
    let panel = match Panel::build(&records) {
        Ok(panel) => panel,
        Err(e) => {
            return Err(Failure {
                error: e.into(),
                files: report.files,
            });
        }
    };
    drop(records);
    let report = ImportReport {
        firms: panel.firms.len(),
        first_month: Some(panel.start),
        last_month: Some(panel.end()),
        ..report
    };
    let fail = |error: PipelineError| Failure {
        error,
        files: report.files.clone(),
    };
    let model = train(&panel, &TrainConfig::default()).map_err(|e| fail(e.into()))?;
    let at = at.unwrap_or(panel.end());
    let t = panel.index_of(at).ok_or_else(|| {
        fail(PipelineError::MonthOutOfRange {
            at,
            start: panel.start,
            end: panel.end(),
        })
    })?;
    let mut scores: Vec<FirmScore> = (0..panel.firms.len())
        .filter(|f| in_population(&panel, *f, t, model.lags))
        .map(|firm| {
            let features = features_at(&panel, firm, t, model.lags);
            let explained = model.explain(&features);
            FirmScore {
                firm,
                alert: model.alert(explained.probability),
                features,
                explained,
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
    let observed = |f: usize| {
        t.checked_sub(model.lags.effectif)
            .is_some_and(|m| panel.effectif.get(f, m).is_some())
    };
    let strong_signals = (0..panel.firms.len())
        .filter(|f| {
            panel.procol_status(*f, t) != crate::panel::ProcolStatus::InBonis && observed(*f)
        })
        .collect();
    Ok(Analysis {
        report,
        panel,
        model,
        at,
        scores,
        strong_signals,
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
        assert!(a.report.missing_sources.is_empty());
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
        assert_eq!(a.report.missing_sources, vec![FileKind::Debit]);
        assert!(
            a.scores.iter().all(|s| s.features.values[0].is_none()),
            "no débit file: debt is missing, not zero"
        );
    }
}
