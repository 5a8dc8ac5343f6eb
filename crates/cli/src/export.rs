//! `vigie export`: the detection list as the app exports it (CSV for French Excel or XLSX, with
//! the follow-up and the explanation columns), so that the engine's export is reachable and
//! testable natively.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use engine::export::{self, FileFormat, View};
use engine::followup::Book;
use engine::model::Horizon;
use engine::pipeline::AlertMode;

use crate::model::{self, ScoreArgs};

/// What `vigie export` writes, and how the list gives its alerts.
pub struct Options<'a> {
    pub format: FileFormat,
    pub output: &'a Path,
    /// An agent's follow-up file (the app's JSON export), for the follow-up columns.
    pub book: Option<&'a Path>,
    /// The list's horizon (default: the model's alert horizon).
    pub horizon: Option<Horizon>,
    /// The list's capacity mode (N per département), else the model's thresholds.
    pub capacity: Option<usize>,
}

/// Scores DIR as `vigie score` does and writes every scored firm as the list shows them at
/// that horizon and in that mode: riskiest first at that horizon.
pub fn run(args: ScoreArgs, options: Options) -> Result<()> {
    let Options {
        format,
        output,
        book,
        horizon,
        capacity,
    } = options;
    let book = match book {
        Some(path) => {
            let text = fs::read_to_string(path)
                .with_context(|| format!("lecture de {}", path.display()))?;
            Book::from_json(&text)
                .with_context(|| format!("fichier de suivi {}", path.display()))?
        }
        None => Book::default(),
    };
    let a = model::analyse(args)?;
    let view = View {
        horizon: horizon.unwrap_or(a.model.alert_horizon),
        mode: capacity.map_or(AlertMode::Thresholds, AlertMode::Capacity),
    };
    let rows = export::by_risk(&a, view.horizon);
    let table = export::table(&a, &book, &rows, view);
    let bytes = match format {
        FileFormat::Csv => export::csv(&table).into_bytes(),
        FileFormat::Xlsx => export::xlsx(
            &table,
            &format!("Vigie — liste de détection, {}", a.at.french()),
        )?,
    };
    fs::write(output, bytes).with_context(|| format!("écriture de {}", output.display()))?;
    println!(
        "{} entreprises ({}, {}) exportées dans {}",
        table.rows.len(),
        a.at.french(),
        view.label_fr(),
        output.display()
    );
    Ok(())
}
