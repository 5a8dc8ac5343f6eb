//! `vigie export`: the detection list as the app exports it (CSV for French Excel or XLSX, with
//! the follow-up and the explanation columns), so that the engine's export is reachable and
//! testable natively.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use engine::export::{self, FileFormat};
use engine::followup::Book;

use crate::model::{self, ScoreArgs};

/// Scores DIR as `vigie score` does and writes every scored firm, riskiest first, in
/// `format`; `book` is an agent's follow-up file (the app's JSON export), for the follow-up
/// columns.
pub fn run(args: ScoreArgs, format: FileFormat, output: &Path, book: Option<&Path>) -> Result<()> {
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
    let rows: Vec<usize> = (0..a.scores.len()).collect();
    let table = export::table(&a, &book, &rows);
    let bytes = match format {
        FileFormat::Csv => export::csv(&table).into_bytes(),
        FileFormat::Xlsx => export::xlsx(
            &table,
            &format!("Vigie — liste de détection, {}", a.at.french()),
        )?,
    };
    fs::write(output, bytes).with_context(|| format!("écriture de {}", output.display()))?;
    println!(
        "{} entreprises ({}) exportées dans {}",
        table.rows.len(),
        a.at.french(),
        output.display()
    );
    Ok(())
}
