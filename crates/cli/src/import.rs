//! `vigie ingest`: read raw files into the panel, print the import report, write it as JSON and
//! the panel as CSV.

use std::fs;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use engine::ingest::report::ImportReport;
use engine::pipeline::{Imported, finish_import};

/// Reads every file of `dir` (streamed from disk, on two threads) and builds the panel.
pub fn import_dir(dir: &Path) -> Result<Imported> {
    let paths = list_dir(dir)?;
    let (records, reports) = engine::ingest::read_paths(&paths);
    Ok(finish_import(records, reports))
}

/// Every regular, non-hidden file of `dir`, in name order.
pub fn list_dir(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .with_context(|| format!("lecture du dossier {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    paths.sort();
    if paths.is_empty() {
        anyhow::bail!("aucun fichier dans {}", dir.display());
    }
    Ok(paths)
}

pub fn run(dir: &Path, report: Option<&Path>, panel: Option<&Path>) -> Result<()> {
    let imported = import_dir(dir)?;
    print_report(&imported.report);
    if let Some(path) = report {
        let json = serde_json::to_string_pretty(&imported.report)?;
        fs::write(path, json).with_context(|| format!("écriture de {}", path.display()))?;
        println!("rapport écrit dans {}", path.display());
    }
    if let Some(path) = panel {
        let p = imported
            .panel
            .as_ref()
            .map_err(|e| anyhow::anyhow!("pas de panel : {e}"))?;
        let file =
            fs::File::create(path).with_context(|| format!("écriture de {}", path.display()))?;
        engine::panel::export::write_csv(p, BufWriter::new(file))
            .with_context(|| format!("écriture de {}", path.display()))?;
        println!("panel écrit dans {}", path.display());
    }
    if let Err(e) = &imported.panel {
        anyhow::bail!("{e}");
    }
    Ok(())
}

/// The import report in French, for a terminal.
pub fn print_report(r: &ImportReport) {
    println!("Fichiers");
    for f in &r.files {
        let kind = f.kind.map_or("?", |k| k.id());
        let period = match (f.first_month, f.last_month) {
            (Some(a), Some(b)) => format!("  {} – {}", a.french(), b.french()),
            _ => String::new(),
        };
        println!(
            "  {:<36} {:<13} {:<14} lues {:>9}  utilisées {:>9}  rejetées {:>6}  doublons {:>5}  ignorées {:>6}{period}",
            f.name,
            kind,
            f.encoding,
            f.records_read,
            f.accepted + f.accepted_with_warnings,
            f.rejected,
            f.counts
                .get(&engine::ingest::report::IssueCode::DuplicateLine)
                .copied()
                .unwrap_or(0),
            f.skipped + f.filtered,
        );
        for (code, n) in &f.counts {
            println!("      {:>8} × {} ({})", n, code.label_fr(), code.as_str());
        }
        if f.trailing_empty_months > 0 {
            println!(
                "      {} derniers mois non encore publiés",
                f.trailing_empty_months
            );
        }
        if let Some(fatal) = &f.fatal {
            println!("      fichier écarté : {fatal}");
        }
    }
    println!("Sources");
    for s in &r.sources {
        println!(
            "  {:<48} {:>2} fichier(s)  {:>10} lignes  {:>8} entreprises",
            s.kind.label_fr(),
            s.files,
            s.records,
            s.firms
        );
    }
    for k in &r.missing_sources {
        println!(
            "  source absente : {} — {}",
            k.label_fr(),
            k.absence_effect_fr()
        );
    }
    match (r.first_month, r.last_month) {
        (Some(a), Some(b)) => println!(
            "{} entreprises dont {} dans le périmètre ; {} mois, {} – {}",
            r.firms,
            r.firms_in_perimeter,
            r.months,
            a.french(),
            b.french()
        ),
        _ => println!("aucun panel : {}", r.panel_error.as_deref().unwrap_or("?")),
    }
    for (e, n) in &r.exclusions {
        println!("  hors périmètre : {n} — {}", e.label_fr());
    }
}
