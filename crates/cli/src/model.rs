//! `vigie train`, `vigie score`, `vigie eval` and `vigie bench-score`: the model's command-line
//! contract (column names are relied upon by later checks: keep them).

use std::fs;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use engine::calendar::Month;
use engine::explain::{self, reasons};
use engine::export;
use engine::features::{DICTIONARY, FeatureGroup, FeatureParams, SectorEvents};
use engine::ids::Siren;
use engine::model::backtest::{self, Backtest};
use engine::model::{Horizon, Model, TrainConfig, Trainer, embedded};
use engine::pipeline::{AlertMode, Analysis, ModelChoice, Options, analyse_imported};

use crate::import;

/// The model of `--model`, or the embedded one.
pub fn load(path: Option<&Path>) -> Result<Model> {
    match path {
        Some(path) => {
            let text = fs::read_to_string(path)
                .with_context(|| format!("lecture du modèle {}", path.display()))?;
            Model::from_json(&text).with_context(|| format!("modèle {}", path.display()))
        }
        None => Ok(embedded().context("modèle intégré")?),
    }
}

/// Training options from the command line.
pub struct TrainArgs {
    pub params: FeatureParams,
    pub data: Option<String>,
    pub synthetic: bool,
}

fn config(args: &TrainArgs) -> TrainConfig {
    TrainConfig {
        params: args.params,
        data: args
            .data
            .clone()
            .unwrap_or_else(|| TrainConfig::default().data),
        synthetic: args.synthetic,
        ..TrainConfig::default()
    }
}

pub fn train(
    dir: &Path,
    output: &Path,
    events: &SectorEvents,
    args: &TrainArgs,
    backtests: Option<Vec<Month>>,
) -> Result<()> {
    let panel = import::import_dir(dir)?.panel?;
    let config = config(args);
    let started = Instant::now();
    let mut trainer = Trainer::new(&panel, config.clone(), events)?;
    let mut last_stage = "";
    while let Some(p) = trainer.step()? {
        if p.stage_fr != last_stage {
            eprintln!("{:>5.1} s  {}", started.elapsed().as_secs_f64(), p.stage_fr);
            last_stage = p.stage_fr;
        }
    }
    let mut model = trainer.finish()?;
    eprintln!("{:>5.1} s  modèle prêt", started.elapsed().as_secs_f64());
    if let Some(cutoffs) = backtests {
        let cutoffs = if cutoffs.is_empty() {
            backtest::default_cutoffs(&panel)
        } else {
            cutoffs
        };
        model.backtests = backtest::run(&panel, &config, events, &cutoffs, |done, total| {
            eprintln!(
                "{:>5.1} s  backtest {done}/{total}",
                started.elapsed().as_secs_f64()
            );
        })?;
    }
    print_card(&model);
    fs::write(output, model.to_json())
        .with_context(|| format!("écriture de {}", output.display()))?;
    println!("modèle écrit dans {}", output.display());
    Ok(())
}

pub fn print_card(model: &Model) {
    let t = &model.training;
    println!(
        "modèle entraîné sur {}{} : {} entreprises, lignes de {} à {}, validation {} – {}",
        t.data,
        if t.synthetic { " (synthétiques)" } else { "" },
        t.firms,
        t.first_month.french(),
        t.last_month.french(),
        t.validation_first_month.french(),
        t.validation_last_month.french()
    );
    println!(
        "{} variables, horizons : {}",
        model.features.len(),
        model
            .horizons
            .iter()
            .map(|h| {
                let v = h.validation.as_ref();
                format!(
                    "{} mois (AUC {}, AP {}, {} paires)",
                    h.horizon.months(),
                    fmt(v.and_then(|m| m.auc)),
                    fmt(v.and_then(|m| m.average_precision)),
                    h.gam.pairs.len()
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    );
}

fn fmt(v: Option<f64>) -> String {
    v.map_or("n.d.".into(), |v| format!("{v:.3}"))
}

pub struct ScoreArgs<'a> {
    pub dir: &'a Path,
    pub model: Option<&'a Path>,
    pub train: Option<TrainArgs>,
    pub at: Option<Month>,
    pub capacity: Option<usize>,
    pub events: SectorEvents,
}

pub fn analyse(args: ScoreArgs) -> Result<Analysis> {
    let model = match &args.train {
        Some(train) => ModelChoice::Train(Box::new(config(train))),
        None => ModelChoice::Given(Box::new(load(args.model)?)),
    };
    Ok(analyse_imported(
        import::import_dir(args.dir)?,
        Options {
            at: args.at,
            events: args.events,
            model,
            alerts: args
                .capacity
                .map_or(AlertMode::Thresholds, AlertMode::Capacity),
        },
    )?)
}

/// The scores CSV: the contract columns first, then identity and the explanation.
pub fn write_scores(a: &Analysis, path: &Path) -> Result<()> {
    let mut w =
        csv::Writer::from_path(path).with_context(|| format!("écriture de {}", path.display()))?;
    let mut header: Vec<String> = [
        "siren",
        "month",
        "p_3m",
        "p_6m",
        "p_12m",
        "p_18m",
        "alert",
        "degradation",
        "signal_fort",
        "premiere_alerte",
        "raison_sociale",
        "departement",
        "naf",
        "effectif",
        "dette_urssaf",
        "logit_18m",
        "reference_logit_18m",
    ]
    .map(String::from)
    .to_vec();
    header.extend(
        FeatureGroup::ALL
            .iter()
            .map(|g| format!("contrib_{}_18m", g.id())),
    );
    header.push("contrib_structure_par_terme_18m".into());
    header.extend((1..=reasons::AGGRAVATING).map(|k| format!("reason_{k}")));
    header.extend(DICTIONARY.iter().map(|d| format!("contrib_{}_18m", d.id)));
    w.write_record(&header)?;
    let month = format!("{:04}-{:02}", a.at.year(), a.at.month());
    let identity = |firm: usize| {
        let f = &a.panel.firms[firm];
        vec![
            f.name.clone(),
            f.departement.clone().unwrap_or_default(),
            f.ape.clone().unwrap_or_default(),
            export::headcount(a, firm)
                .map(|e| e.to_string())
                .unwrap_or_default(),
            export::debt(a, firm)
                .map(|d| format!("{d:.2}"))
                .unwrap_or_default(),
        ]
    };
    let m18 = Horizon::M18;
    for s in &a.scores {
        let mut row = vec![a.panel.firms[s.firm].siren.to_string(), month.clone()];
        row.extend(
            s.score
                .horizons
                .iter()
                .map(|h| format!("{:.9}", h.probability)),
        );
        row.push(s.alert.label_fr().to_string());
        row.push(
            s.score
                .degradation
                .map(|d| format!("{d:.4}"))
                .unwrap_or_default(),
        );
        row.push("0".into());
        row.push(u8::from(s.first_alert).to_string());
        row.extend(identity(s.firm));
        // Against the median firm of the sector: reference + groups + structure = logit.
        let e = export::explanation(a, s, m18);
        row.push(format!("{:.9}", e.logit));
        row.push(format!("{:.9}", e.reference_logit));
        row.extend(e.groups.iter().map(|c| format!("{c:.9}")));
        row.push(format!("{:.9}", e.term_structure));
        row.extend(
            (0..reasons::AGGRAVATING).map(|k| e.reasons.get(k).cloned().unwrap_or_default()),
        );
        row.extend(e.per_feature.iter().map(|c| format!("{c:.9}")));
        w.write_record(&row)?;
    }
    // Firms already in a proceeding: reported apart, never scored.
    for &firm in &a.strong_signals {
        let mut row = vec![a.panel.firms[firm].siren.to_string(), month.clone()];
        row.extend(std::iter::repeat_n(String::new(), 6));
        row.push("1".into());
        row.push(String::new());
        row.extend(identity(firm));
        row.extend(std::iter::repeat_n(
            String::new(),
            3 + FeatureGroup::ALL.len() + reasons::AGGRAVATING + DICTIONARY.len(),
        ));
        w.write_record(&row)?;
    }
    w.flush()?;
    Ok(())
}

/// `vigie explain`: the full explanation of one firm (every horizon, both references, reasons,
/// counterfactual, change since the previous month) as JSON.
pub fn explain(args: ScoreArgs, siren: &str, output: Option<&Path>) -> Result<()> {
    let (siren, _) = Siren::parse(siren).map_err(|e| anyhow::anyhow!("SIREN « {siren} » : {e}"))?;
    let a = analyse(args)?;
    let Some(firm) = a.panel.firms.iter().position(|f| f.siren == siren) else {
        bail!("SIREN {} absent des données importées", siren.insee());
    };
    let Some(e) = explain::explain_firm(&a, firm) else {
        if a.strong_signals.contains(&firm) {
            bail!(
                "SIREN {} : entreprise déjà en procédure collective en {} (signal fort) : elle n'est pas scorée",
                siren.insee(),
                a.at
            );
        }
        bail!(
            "SIREN {} : entreprise hors de la population scorée en {} (hors périmètre, ou sans donnée récente)",
            siren.insee(),
            a.at
        );
    };
    let json = serde_json::to_string_pretty(&e)?;
    match output {
        Some(path) => {
            fs::write(path, json).with_context(|| format!("écriture de {}", path.display()))?;
            println!("explication écrite dans {}", path.display());
        }
        None => println!("{json}"),
    }
    Ok(())
}

/// `vigie eval`: rolling-origin backtests with the training settings of the model.
pub fn eval(
    dir: &Path,
    model: Option<&Path>,
    output: &Path,
    cutoffs: Vec<Month>,
    predictions: Option<&Path>,
    events: &SectorEvents,
) -> Result<()> {
    let model = load(model)?;
    let panel = import::import_dir(dir)?.panel?;
    let cutoffs = if cutoffs.is_empty() {
        backtest::default_cutoffs(&panel)
    } else {
        cutoffs
    };
    if cutoffs.is_empty() {
        bail!("aucune date de coupure possible dans ces données");
    }
    let config = TrainConfig {
        cutoff: None,
        ..model.training.config.clone()
    };
    let started = Instant::now();
    let results = backtest::run(&panel, &config, events, &cutoffs, |done, total| {
        eprintln!(
            "{:>6.1} s  date de coupure {done}/{total}",
            started.elapsed().as_secs_f64()
        );
    })?;
    print_backtests(&results);
    let json = serde_json::json!({
        "format": "vigie-eval",
        "model": {
            "data": model.training.data,
            "synthetic": model.training.synthetic,
            "dictionary_hash": model.dictionary_hash,
            "validation": model.horizons.iter().map(|h| serde_json::json!({
                "horizon": h.horizon.months(),
                "metrics": h.validation,
                "thresholds": h.thresholds,
                "calibration": h.calibration,
            })).collect::<Vec<_>>(),
        },
        "crisis": config.params.crisis,
        "cutoffs": cutoffs,
        "backtests": results,
    });
    fs::write(output, serde_json::to_string_pretty(&json)?)
        .with_context(|| format!("écriture de {}", output.display()))?;
    println!("évaluation écrite dans {}", output.display());
    if let Some(path) = predictions {
        let mut w = csv::Writer::from_path(path)
            .with_context(|| format!("écriture de {}", path.display()))?;
        w.write_record([
            "siren",
            "month",
            "cutoff",
            "horizon",
            "probability",
            "label",
        ])?;
        for b in &results {
            let month = format!("{:04}-{:02}", b.cutoff.year(), b.cutoff.month());
            for (siren, p, label) in &b.predictions {
                w.write_record([
                    siren.to_string(),
                    month.clone(),
                    month.clone(),
                    b.horizon.months().to_string(),
                    format!("{p:.9}"),
                    u8::from(*label).to_string(),
                ])?;
            }
        }
        w.flush()?;
        println!("prédictions écrites dans {}", path.display());
    }
    Ok(())
}

pub fn print_backtests(results: &[Backtest]) {
    println!(
        "{:<10} {:>7} {:>6} {:>8} {:>10} {:>7} {:>7} {:>8} {:>9} {:>6}",
        "coupure",
        "horizon",
        "crise",
        "lignes",
        "prévalence",
        "AUC",
        "AP",
        "Brier",
        "lift 1 %",
        "PSI"
    );
    for b in results {
        let cutoff = format!("{:04}-{:02}", b.cutoff.year(), b.cutoff.month());
        match (&b.metrics, &b.skipped) {
            (Some(m), _) => println!(
                "{:<10} {:>5} m {:>6} {:>8} {:>10.4} {:>7} {:>7} {:>8.5} {:>9} {:>6}",
                cutoff,
                b.horizon.months(),
                if b.crisis { "oui" } else { "non" },
                m.rows,
                m.prevalence,
                fmt(m.auc),
                fmt(m.average_precision),
                m.brier,
                m.top_shares
                    .first()
                    .map_or("n.d.".into(), |k| format!("{:.1}", k.lift)),
                fmt(b.psi),
            ),
            (None, why) => println!(
                "{:<10} {:>5} m  non évalué : {}",
                cutoff,
                b.horizon.months(),
                why.as_deref().unwrap_or("")
            ),
        }
    }
}

/// `vigie bench-score`: scoring time once the panel is built (features of the scoring month and
/// of the history months, every horizon, alerts), which is what the agent waits for.
pub fn bench(dir: &Path, model: Option<&Path>, at: Option<Month>) -> Result<()> {
    let model = load(model)?;
    let started = Instant::now();
    let imported = import::import_dir(dir)?;
    let (report, panel) = (imported.report, imported.panel?);
    eprintln!("import : {:.1} s", started.elapsed().as_secs_f64());
    let at = at.unwrap_or_else(|| panel.latest_complete_month());
    let events = SectorEvents::default();
    for run in 1..=3 {
        for history in [0, engine::pipeline::HISTORY_MONTHS] {
            let started = Instant::now();
            let (scores, strong) = engine::pipeline::score_with_history(
                &panel,
                &model,
                &events,
                at,
                AlertMode::Thresholds,
                history,
            )?;
            println!(
                "passage {run} : {} entreprises notées (+ {} signaux forts) en {:.2} s, avec {history} mois d'historique",
                scores.len(),
                strong.len(),
                started.elapsed().as_secs_f64(),
            );
        }
    }
    // The explanations: the month's median firms, the CSV's columns for every firm, and the
    // firm page's full explanation (both references, reasons, counterfactual, last month).
    let scored = engine::pipeline::score_panel(&panel, &model, &events, at, AlertMode::Thresholds)?;
    let started = Instant::now();
    let analysis = Analysis::assemble(
        report,
        panel,
        model,
        at,
        scored,
        events,
        AlertMode::Thresholds,
    );
    println!(
        "entreprises médianes ({} secteurs) : {:.2} s",
        analysis.references.sectors.len(),
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    let mut reasons_given = 0;
    for s in &analysis.scores {
        let firm = &analysis.panel.firms[s.firm];
        let reference = analysis.references.for_division(firm.naf_division());
        let d = explain::decompose(
            &analysis.model,
            Horizon::M18,
            &s.features,
            &reference.values,
        );
        reasons_given += reasons::reasons(&d, &reference.kind).aggravating.len();
    }
    println!(
        "contributions par groupe et raisons de {} entreprises ({reasons_given} raisons) : {:.2} s",
        analysis.scores.len(),
        started.elapsed().as_secs_f64()
    );
    for s in analysis.scores.iter().take(3) {
        let started = Instant::now();
        let e = explain::explain_firm(&analysis, s.firm);
        println!(
            "explication complète de {} (fiche entreprise, vigie explain) : {:.2} s",
            e.map(|e| e.siren).unwrap_or_default(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
