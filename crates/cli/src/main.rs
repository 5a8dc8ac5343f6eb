//! `vigie`: the native command over the Vigie engine (demo data, batch scoring).

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use engine::calendar::Month;
use engine::demo::{DemoConfig, generate_into};
use engine::features::{CrisisWindow, FeatureParams, SectorEvents};
use engine::pipeline::Analysis;

mod bench;
mod export;
mod features;
mod import;
mod model;

#[derive(Parser)]
#[command(
    name = "vigie",
    version,
    about = "Détection précoce des entreprises en difficulté — moteur Vigie en ligne de commande"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write a synthetic demo dataset in Signaux Faibles' native file formats.
    Demo {
        /// Number of firms.
        #[arg(long, default_value_t = DemoConfig::default().firms)]
        firms: usize,
        /// Random seed (the same seed always gives the same files).
        #[arg(long, default_value_t = DemoConfig::default().seed)]
        seed: u64,
        /// First month, YYYY-MM.
        #[arg(long, value_parser = parse_month)]
        start: Option<Month>,
        /// Last month, YYYY-MM.
        #[arg(long, value_parser = parse_month)]
        end: Option<Month>,
        /// Output directory (created if needed).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Only print the dataset's fingerprint.
        #[arg(long)]
        fingerprint: bool,
        /// Also write the generator's manifest (records and injected defects per file) as JSON.
        #[arg(long)]
        manifest: Option<PathBuf>,
    },
    /// Import raw files into the monthly firm panel and report what was read.
    Ingest {
        /// Directory holding the raw files (any names, any order).
        dir: PathBuf,
        /// Where to write the import report (JSON).
        #[arg(long)]
        report: Option<PathBuf>,
        /// Where to write the panel (CSV, one row per SIREN × month).
        #[arg(long)]
        panel: Option<PathBuf>,
    },
    /// Measure ingestion throughput per file against a plain CSV pass, then the whole import.
    BenchIngest {
        /// Directory holding the raw files.
        dir: PathBuf,
    },
    /// Compute every feature of every observed firm for a range of months (CSV, one row per
    /// SIREN × month, with the failure labels already known).
    Features {
        /// Directory holding the raw files (any names, any order).
        dir: PathBuf,
        /// Last month, YYYY-MM (default: the data's last month).
        #[arg(long, value_parser = parse_month)]
        at: Option<Month>,
        /// First month, YYYY-MM (default: --at).
        #[arg(long, value_parser = parse_month)]
        from: Option<Month>,
        /// Where to write the features (CSV).
        #[arg(short, long)]
        output: PathBuf,
        #[command(flatten)]
        options: FeatureOptions,
    },
    /// Measure the feature layer over every firm × month of a panel (speed, memory).
    BenchFeatures {
        /// Directory holding the raw files.
        dir: PathBuf,
        /// First month, YYYY-MM (default: the data's first month).
        #[arg(long, value_parser = parse_month)]
        from: Option<Month>,
        /// Last month, YYYY-MM (default: the data's last month).
        #[arg(long, value_parser = parse_month)]
        at: Option<Month>,
    },
    /// Train the multi-horizon model on everything labelled in DIR and write it as JSON.
    Train {
        /// Directory holding the raw files (any names, any order).
        dir: PathBuf,
        /// Where to write the model (JSON).
        #[arg(short, long)]
        output: PathBuf,
        /// Also run rolling-origin backtests and store them in the model (default cutoffs:
        /// every June; or the months of --cutoffs).
        #[arg(long)]
        backtests: bool,
        /// Backtest cutoffs, YYYY-MM separated by commas.
        #[arg(long, value_delimiter = ',', value_parser = parse_month)]
        cutoffs: Vec<Month>,
        /// What the data are, for the model card.
        #[arg(long)]
        data_label: Option<String>,
        /// The data are synthetic (the app then says so wherever the model is shown).
        #[arg(long)]
        synthetic: bool,
        #[command(flatten)]
        options: FeatureOptions,
    },
    /// Score every firm at a month (default: the data's last month) with a model (default: the
    /// embedded one, trained on synthetic demo data).
    Score {
        /// Directory holding the raw files (any names, any order).
        dir: PathBuf,
        /// The model file (`vigie train`); default: the embedded model.
        #[arg(long, conflicts_with = "train")]
        model: Option<PathBuf>,
        /// Train on DIR's own history first (the crisis options then apply).
        #[arg(long)]
        train: bool,
        /// Scoring month, YYYY-MM (default: the data's last month).
        #[arg(long, value_parser = parse_month)]
        at: Option<Month>,
        /// Capacity mode: the N riskiest firms of each département are in alert.
        #[arg(long)]
        capacity: Option<usize>,
        /// Where to write the scores (CSV).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Where to write the import report (JSON).
        #[arg(long)]
        report: Option<PathBuf>,
        #[command(flatten)]
        options: FeatureOptions,
    },
    /// The full explanation of one firm's score (every horizon, against the sector's and the
    /// population's median firm, reasons, counterfactual, change since the previous month), as JSON.
    Explain {
        /// Directory holding the raw files.
        dir: PathBuf,
        /// The firm's SIREN (9 digits, spaces allowed).
        #[arg(long)]
        siren: String,
        /// Scoring month, YYYY-MM (default: the data's last month).
        #[arg(long, value_parser = parse_month)]
        at: Option<Month>,
        /// The model file; default: the embedded model.
        #[arg(long)]
        model: Option<PathBuf>,
        /// Where to write the JSON (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Sector events (`naf_prefix;debut;fin;libelle;severite`).
        #[arg(long)]
        events: Option<PathBuf>,
    },
    /// Rolling-origin out-of-time backtests, per horizon, with the model's training settings.
    Eval {
        /// Directory holding the raw files.
        dir: PathBuf,
        /// The model whose settings are backtested (default: the embedded model).
        #[arg(long)]
        model: Option<PathBuf>,
        /// Where to write the evaluation (JSON).
        #[arg(short, long)]
        output: PathBuf,
        /// Cutoffs, YYYY-MM separated by commas (default: every June with a known outcome).
        #[arg(long, value_delimiter = ',', value_parser = parse_month)]
        cutoffs: Vec<Month>,
        /// Also write every scored firm of every cutoff (CSV), for benchmark scripts.
        #[arg(long)]
        predictions: Option<PathBuf>,
        /// Sector events (`naf_prefix;debut;fin;libelle;severite`).
        #[arg(long)]
        events: Option<PathBuf>,
    },
    /// Export the detection list as the app does: CSV for French Excel (`;`, BOM, decimal
    /// comma) or XLSX, one row per scored firm with the follow-up and explanation columns.
    Export {
        /// Directory holding the raw files (any names, any order).
        dir: PathBuf,
        /// `csv` or `xlsx`.
        #[arg(long, value_parser = parse_format, default_value = "csv")]
        format: engine::export::FileFormat,
        /// Where to write the file.
        #[arg(short, long)]
        output: PathBuf,
        /// Scoring month, YYYY-MM (default: the data's last complete month).
        #[arg(long, value_parser = parse_month)]
        at: Option<Month>,
        /// The model file; default: the embedded model.
        #[arg(long)]
        model: Option<PathBuf>,
        /// Sector events (`naf_prefix;debut;fin;libelle;severite`).
        #[arg(long)]
        events: Option<PathBuf>,
        /// The agent's follow-up file (the app's JSON export), for the follow-up columns.
        #[arg(long)]
        suivi: Option<PathBuf>,
        /// The list's horizon in months (3, 6, 12 or 18): its alerts, ranks and explanations
        /// (default: the model's alert horizon), as the list's horizon selector.
        #[arg(long, value_parser = parse_horizon)]
        horizon: Option<engine::model::Horizon>,
        /// Capacity mode: the N riskiest firms of each département at that horizon are in
        /// alert, as the list's capacity mode.
        #[arg(long)]
        capacity: Option<usize>,
    },
    /// Measure scoring once the panel is built (features, every horizon, history, alerts).
    BenchScore {
        /// Directory holding the raw files.
        dir: PathBuf,
        /// The model file; default: the embedded model.
        #[arg(long)]
        model: Option<PathBuf>,
        /// Scoring month, YYYY-MM (default: the data's last month).
        #[arg(long, value_parser = parse_month)]
        at: Option<Month>,
    },
}

/// What `score` and `features` share: the agent's sector events and the crisis window.
#[derive(clap::Args)]
struct FeatureOptions {
    /// Sector events (`naf_prefix;debut;fin;libelle;severite`, see spec/sector-events.md).
    #[arg(long)]
    events: Option<PathBuf>,
    /// First month of the crisis window, YYYY-MM (support measures; default 2020-03).
    #[arg(long, value_parser = parse_month)]
    crisis_start: Option<Month>,
    /// Last month of the crisis window, YYYY-MM (default 2021-06).
    #[arg(long, value_parser = parse_month)]
    crisis_end: Option<Month>,
}

impl FeatureOptions {
    fn events(&self) -> Result<SectorEvents> {
        read_events(self.events.as_deref())
    }

    fn params(&self) -> Result<FeatureParams> {
        params(self.crisis_start, self.crisis_end)
    }
}

/// Feature parameters with the crisis window given on the command line.
fn params(start: Option<Month>, end: Option<Month>) -> Result<FeatureParams> {
    let default = CrisisWindow::default();
    let crisis = CrisisWindow {
        start: start.unwrap_or(default.start),
        end: end.unwrap_or(default.end),
    };
    if crisis.end < crisis.start {
        bail!(
            "--crisis-end ({}) est avant --crisis-start ({})",
            crisis.end,
            crisis.start
        );
    }
    Ok(FeatureParams {
        crisis,
        ..FeatureParams::default()
    })
}

/// Reads a sector-event file; a bad line stops the command with every problem listed (the agent
/// asked for those events: silently scoring without some would mislead).
fn read_events(path: Option<&Path>) -> Result<SectorEvents> {
    let Some(path) = path else {
        return Ok(SectorEvents::default());
    };
    let text =
        fs::read_to_string(path).with_context(|| format!("lecture de {}", path.display()))?;
    let events = engine::features::events::parse(&text);
    if !events.issues.is_empty() {
        let lines: Vec<String> = events
            .issues
            .iter()
            .map(|i| format!("{} : {i}", path.display()))
            .collect();
        bail!(
            "fichier d'événements sectoriels invalide :\n{}",
            lines.join("\n")
        );
    }
    Ok(events)
}

fn parse_format(s: &str) -> Result<engine::export::FileFormat, String> {
    match s.to_ascii_lowercase().as_str() {
        "csv" => Ok(engine::export::FileFormat::Csv),
        "xlsx" => Ok(engine::export::FileFormat::Xlsx),
        _ => Err(format!("format « {s} » inconnu : csv ou xlsx")),
    }
}

fn parse_horizon(s: &str) -> Result<engine::model::Horizon, String> {
    s.parse::<usize>()
        .ok()
        .and_then(engine::model::Horizon::from_months)
        .ok_or_else(|| format!("horizon « {s} » inconnu : 3, 6, 12 ou 18 (mois)"))
}

fn parse_month(s: &str) -> Result<Month, String> {
    Month::parse(s).map_err(|e| e.to_string())
}

fn main() -> Result<()> {
    match Cli::parse().command {
        Command::Demo {
            firms,
            seed,
            start,
            end,
            out,
            fingerprint: only_fingerprint,
            manifest,
        } => {
            let defaults = DemoConfig::default();
            let config = DemoConfig {
                firms,
                seed,
                start: start.unwrap_or(defaults.start),
                end: end.unwrap_or(defaults.end),
            };
            if config.end < config.start {
                bail!(
                    "--end ({}) est avant --start ({})",
                    config.end,
                    config.start
                );
            }
            demo(&config, out, only_fingerprint, manifest)?;
        }
        Command::BenchIngest { dir } => bench::run(&dir)?,
        Command::Features {
            dir,
            at,
            from,
            output,
            options,
        } => features::run(
            &dir,
            at,
            from,
            &output,
            &options.events()?,
            &options.params()?,
        )?,
        Command::BenchFeatures { dir, from, at } => features::bench(&dir, from, at)?,
        Command::Ingest { dir, report, panel } => {
            import::run(&dir, report.as_deref(), panel.as_deref())?;
        }
        Command::Train {
            dir,
            output,
            backtests,
            cutoffs,
            data_label,
            synthetic,
            options,
        } => {
            let args = model::TrainArgs {
                params: options.params()?,
                data: data_label,
                synthetic,
            };
            let backtests = (backtests || !cutoffs.is_empty()).then_some(cutoffs);
            model::train(&dir, &output, &options.events()?, &args, backtests)?;
        }
        Command::Score {
            dir,
            model: model_path,
            train,
            at,
            capacity,
            output,
            report,
            options,
        } => {
            if !train && (options.crisis_start.is_some() || options.crisis_end.is_some()) {
                options.params()?;
                bail!(
                    "--crisis-start/--crisis-end ne s'appliquent qu'à l'entraînement : ajoutez --train (un modèle garde la fenêtre de crise de son entraînement)"
                );
            }
            let train = if train {
                Some(model::TrainArgs {
                    params: options.params()?,
                    data: None,
                    synthetic: false,
                })
            } else {
                None
            };
            let analysis = model::analyse(model::ScoreArgs {
                dir: &dir,
                model: model_path.as_deref(),
                train,
                at,
                capacity,
                events: options.events()?,
            })?;
            print_summary(&analysis);
            if let Some(path) = report {
                let json = serde_json::to_string_pretty(&analysis.report)?;
                fs::write(&path, json)
                    .with_context(|| format!("écriture de {}", path.display()))?;
            }
            if let Some(path) = output {
                model::write_scores(&analysis, &path)?;
                println!("scores écrits dans {}", path.display());
            }
        }
        Command::Explain {
            dir,
            siren,
            at,
            model: model_path,
            output,
            events,
        } => model::explain(
            model::ScoreArgs {
                dir: &dir,
                model: model_path.as_deref(),
                train: None,
                at,
                capacity: None,
                events: read_events(events.as_deref())?,
            },
            &siren,
            output.as_deref(),
        )?,
        Command::Eval {
            dir,
            model: model_path,
            output,
            cutoffs,
            predictions,
            events,
        } => model::eval(
            &dir,
            model_path.as_deref(),
            &output,
            cutoffs,
            predictions.as_deref(),
            &read_events(events.as_deref())?,
        )?,
        Command::Export {
            dir,
            format,
            output,
            at,
            model: model_path,
            events,
            suivi,
            horizon,
            capacity,
        } => export::run(
            model::ScoreArgs {
                dir: &dir,
                model: model_path.as_deref(),
                train: None,
                at,
                capacity: None,
                events: read_events(events.as_deref())?,
            },
            export::Options {
                format,
                output: &output,
                book: suivi.as_deref(),
                horizon,
                capacity,
            },
        )?,
        Command::BenchScore { dir, model: m, at } => model::bench(&dir, m.as_deref(), at)?,
    }
    Ok(())
}

/// Streams the demo files to disk firm by firm (memory does not grow with `--firms`); with
/// `--fingerprint`, streams them into a hasher only.
fn demo(
    config: &DemoConfig,
    out: Option<PathBuf>,
    only_fingerprint: bool,
    manifest: Option<PathBuf>,
) -> Result<()> {
    let write_manifest = |generated: &engine::demo::Generated| -> Result<()> {
        if let Some(path) = &manifest {
            let json = serde_json::to_string_pretty(&generated.manifest)?;
            fs::write(path, json).with_context(|| format!("écriture de {}", path.display()))?;
        }
        Ok(())
    };
    if only_fingerprint {
        let generated = generate_into(config, |_| Ok(std::io::sink()))?;
        write_manifest(&generated)?;
        println!("{}", generated.fingerprint);
        return Ok(());
    }
    let out = out.context("--out DIR est requis (ou --fingerprint)")?;
    fs::create_dir_all(&out).with_context(|| format!("création de {}", out.display()))?;
    let generated = generate_into(config, |name| {
        let path = out.join(name);
        fs::File::create(&path)
            .map(std::io::BufWriter::new)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{} : {e}", path.display())))
    })
    .context("écriture des fichiers de démonstration")?;
    for (name, size) in &generated.sizes {
        let records = generated.manifest.files.get(name).map_or(0, |m| m.records);
        println!(
            "{size:>12} octets  {records:>10} lignes  {}",
            out.join(name).display()
        );
    }
    let defects: u64 = generated
        .manifest
        .files
        .values()
        .map(|m| m.rejected_total() + m.skipped_total() + m.warnings_total())
        .sum();
    println!("{defects} lignes défectueuses injectées (voir le manifeste du générateur)");
    write_manifest(&generated)?;
    println!("empreinte {}", generated.fingerprint);
    Ok(())
}

fn print_summary(a: &Analysis) {
    for f in &a.report.files {
        let kind = f.kind.map_or("?", |k| k.id());
        println!(
            "{:<32} {:<13} lues {:>8}  acceptées {:>8}  avec avertissement {:>6}  rejetées {:>6}  ignorées {:>6}",
            f.name,
            kind,
            f.records_read,
            f.accepted,
            f.accepted_with_warnings,
            f.rejected,
            f.skipped
        );
        if let Some(fatal) = &f.fatal {
            println!("    fichier écarté : {fatal}");
        }
    }
    for k in &a.report.missing_sources {
        println!(
            "source absente : {} — {}",
            k.label_fr(),
            k.absence_effect_fr()
        );
    }
    println!(
        "{} entreprises, {} – {}",
        a.report.firms,
        a.panel.start.french(),
        a.panel.end().french()
    );
    model::print_card(&a.model);
    let count = |alert| a.scores.iter().filter(|s| s.alert == alert).count();
    use engine::model::Alert;
    println!(
        "{} : {} rouge, {} orange, {} vert ; {} en procédure collective (signaux forts)",
        a.at.french(),
        count(Alert::Rouge),
        count(Alert::Orange),
        count(Alert::Vert),
        a.strong_signals.len()
    );
}
