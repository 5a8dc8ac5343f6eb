//! `vigie bench-ingest`: per file, our reading throughput next to a plain `csv`-crate pass over
//! the same bytes (the practical limit), then the whole import as `vigie ingest` runs it.

use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use engine::ingest::records::Records;

use crate::import;

fn mb_per_s(bytes: u64, seconds: f64) -> f64 {
    bytes as f64 / 1e6 / seconds.max(1e-9)
}

pub fn run(dir: &Path) -> Result<()> {
    println!(
        "{:<40} {:<13} {:>10} {:>12} {:>12} {:>8}",
        "fichier", "type", "Mo", "Vigie Mo/s", "csv Mo/s", "ratio"
    );
    for path in import::list_dir(dir)? {
        let size = std::fs::metadata(&path)?.len();
        let started = Instant::now();
        let mut records = Records::default();
        let report = engine::ingest::read_path(&path, &mut records);
        let ours = started.elapsed().as_secs_f64();
        drop(records);
        let separator = report.separator.map_or(b';', |c| c as u8);
        let bytes =
            std::fs::read(&path).with_context(|| format!("lecture de {}", path.display()))?;
        let started = Instant::now();
        let plain_records = engine::ingest::plain_csv_pass(&bytes, separator);
        let plain = started.elapsed().as_secs_f64();
        drop(bytes);
        let (ours, plain) = (mb_per_s(size, ours), mb_per_s(size, plain));
        println!(
            "{:<40} {:<13} {:>10.1} {:>12.1} {:>12.1} {:>8.2}   ({} enregistrements)",
            report.name,
            report.kind.map_or("?", |k| k.id()),
            size as f64 / 1e6,
            ours,
            plain,
            ours / plain,
            plain_records.saturating_sub(1)
        );
    }
    let started = Instant::now();
    let imported = import::import_dir(dir)?;
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "import complet (2 fils, panel compris) : {seconds:.1} s — {} entreprises × {} mois",
        imported.report.firms, imported.report.months
    );
    Ok(())
}
