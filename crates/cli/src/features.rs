//! `vigie features`: every feature of every observed firm for a range of months, as CSV, with
//! the outcome labels where they are already known; `vigie bench-features`: the feature layer's
//! speed and memory over a whole panel.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use engine::calendar::Month;
use engine::features::{
    COUNT, DICTIONARY, FeatureParams, Features, SectorEvents, failure_within, in_population,
    strong_signal,
};
use engine::panel::Panel;

use crate::import;

/// The label horizons of the CSV (months).
const HORIZONS: [usize; 4] = [3, 6, 12, 18];

/// Firms written per block: the block's rows are computed on all cores, then written in order.
const BLOCK: usize = 4096;

fn panel_of(dir: &Path) -> Result<Panel> {
    let imported = import::import_dir(dir)?;
    for f in imported.report.files.iter().filter(|f| f.fatal.is_some()) {
        eprintln!(
            "fichier écarté : {} — {}",
            f.name,
            f.fatal.as_deref().unwrap_or_default()
        );
    }
    imported.panel.map_err(anyhow::Error::from)
}

fn index(panel: &Panel, month: Month, option: &str) -> Result<usize> {
    panel.index_of(month).with_context(|| {
        format!(
            "{option} {month} est hors de la période des données ({} – {})",
            panel.start,
            panel.end()
        )
    })
}

/// Writes the features of every firm observed (in the scored population, or a "signal fort")
/// at each month of `from..=at`.
pub fn run(
    dir: &Path,
    at: Option<Month>,
    from: Option<Month>,
    output: &Path,
    events: &SectorEvents,
    params: &FeatureParams,
) -> Result<()> {
    let started = Instant::now();
    let panel = panel_of(dir)?;
    let at = at.unwrap_or(panel.end());
    let from = from.unwrap_or(at);
    if from > at {
        bail!("--from ({from}) est après --at ({at})");
    }
    let (t_from, t_at) = (index(&panel, from, "--from")?, index(&panel, at, "--at")?);
    let features = Features::new(&panel, params, events, t_from..=t_at);
    let file = File::create(output).with_context(|| format!("écriture de {}", output.display()))?;
    let mut w = BufWriter::new(file);
    let mut header: Vec<String> = [
        "siren",
        "mois",
        "naf",
        "departement",
        "en_perimetre",
        "signal_fort",
    ]
    .map(String::from)
    .to_vec();
    header.extend(DICTIONARY.iter().map(|d| d.id.to_string()));
    header.extend(HORIZONS.map(|h| format!("failure_{h}m")));
    writeln!(w, "{}", header.join(","))?;
    let lags = params.lags;
    let keep =
        |f: usize, t: usize| in_population(&panel, f, t, lags) || strong_signal(&panel, f, t, lags);
    let mut rows = 0usize;
    for start in (0..panel.firms.len()).step_by(BLOCK) {
        let block = start..(start + BLOCK).min(panel.firms.len());
        let lines = features.collect_firms(block, t_from..=t_at, keep, |f, t, v| {
            let firm = &panel.firms[f];
            let mut line = format!(
                "{},{},{},{},{},{}",
                firm.siren,
                panel.month(t),
                firm.ape.as_deref().unwrap_or_default(),
                firm.departement.as_deref().unwrap_or_default(),
                u8::from(firm.in_perimeter()),
                u8::from(strong_signal(&panel, f, t, lags)),
            );
            for i in 0..COUNT {
                line.push(',');
                if let Some(x) = v.value(i) {
                    // Values are kept in f32: its shortest exact form is enough.
                    line.push_str(&(x as f32).to_string());
                }
            }
            for h in HORIZONS {
                line.push(',');
                if let Some(label) = failure_within(&panel, f, t, h) {
                    line.push(if label { '1' } else { '0' });
                }
            }
            line
        });
        rows += lines.len();
        for line in lines {
            writeln!(w, "{line}")?;
        }
    }
    w.flush()?;
    println!(
        "{rows} lignes ({} – {}, {} caractéristiques) écrites dans {} en {:.1} s",
        from.french(),
        at.french(),
        COUNT,
        output.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Peak resident memory of this process (Linux), in MB.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Times the import, the sector pass and every feature of every firm × month of the range.
pub fn bench(dir: &Path, from: Option<Month>, at: Option<Month>) -> Result<()> {
    let started = Instant::now();
    let panel = panel_of(dir)?;
    let import_s = started.elapsed().as_secs_f64();
    let rss_import = peak_rss_mb();
    let t_from = from.map_or(Ok(0), |m| index(&panel, m, "--from"))?;
    let t_at = at.map_or(Ok(panel.months - 1), |m| index(&panel, m, "--at"))?;
    let events = engine::features::events::parse(engine::features::events::EXAMPLE);
    let params = FeatureParams::default();
    let started = Instant::now();
    let features = Features::new(&panel, &params, &events, t_from..=t_at);
    let sector_s = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let counts = engine::parallel::map_chunks(panel.firms.len(), |range| {
        let mut known = vec![0u64; COUNT];
        let mut rows = 0u64;
        features.each(
            range,
            t_from..=t_at,
            |_, _| true,
            |_, _, v| {
                rows += 1;
                for (i, k) in known.iter_mut().enumerate() {
                    *k += u64::from(v.value(i).is_some());
                }
            },
        );
        (rows, known)
    });
    let features_s = started.elapsed().as_secs_f64();
    let rows: u64 = counts.iter().map(|(r, _)| r).sum();
    let values: u64 = counts.iter().flat_map(|(_, k)| k).sum();
    let months = t_at + 1 - t_from;
    println!(
        "{} entreprises × {months} mois = {rows} lignes, {COUNT} caractéristiques ({:.0} % renseignées)",
        panel.firms.len(),
        100.0 * values as f64 / (rows as f64 * COUNT as f64).max(1.0)
    );
    let mb = |v: Option<f64>| v.map_or("n.d.".to_string(), |v| format!("{v:.0} Mo"));
    println!(
        "import et panel      : {import_s:>7.2} s   (pic mémoire {})",
        mb(rss_import)
    );
    println!("statistiques secteur : {sector_s:>7.2} s");
    println!(
        "caractéristiques     : {features_s:>7.2} s   ({:.1} M lignes/s)",
        rows as f64 / features_s.max(1e-9) / 1e6
    );
    println!(
        "secteur + caractéristiques : {:.2} s ; pic mémoire total {}",
        sector_s + features_s,
        mb(peak_rss_mb())
    );
    Ok(())
}
