//! Synthetic demo data in Signaux Faibles' native file formats.
//!
//! # The generative story
//! Every firm (1–4 establishments with Luhn-valid SIREN/SIRET, one siège; a sector with a NAF
//! code; a département, Corsica and overseas included; a creation date; a headcount mostly 10–250
//! and a wage bill) has a latent monthly *health* `h`: an AR(1) process around a firm mean plus its
//! sector's business cycle, hit now and then by persistent degradations (or recoveries). Health
//! drives everything observable:
//! - **headcount** drifts with health and drops when a collective proceeding opens;
//! - **contributions due** follow headcount (monthly declarations from 50 employees, quarterly
//!   `YYYYQ0` for most smaller firms); when health is poor a share goes **unpaid**, an ECN booked
//!   the next month and event-sourced in the débit file: partial or total payments are new history
//!   rows carrying the remaining amounts; a liquidated firm's debts are written off later;
//! - struggling indebted firms get **payment plans** (délais) and repay on their schedule; large
//!   ones with heavy debts go to the **CCSF**;
//! - firms in hard times request **activité partielle**, then consume part of it;
//! - **collective proceedings** arrive with a monthly hazard that grows as health falls:
//!   redressement (mostly converted into liquidation, else a continuation plan that may fail
//!   later), direct liquidation, or sauvegarde (plan, sometimes ended); a liquidation is closed
//!   administratively (`solde_procedure`) a few years later; a liquidated firm stops employing;
//! - **yearly statements** (INPI ratios file) reflect the year's mean health.
//!
//! COVID-19 (March 2020 → June 2021) is explicit: exposed sectors (hotels, restaurants, bars,
//! events, travel, culture, leisure, passenger transport) request activité partielle massively
//! whatever their health; many firms defer their contributions in 2020 and the healthy ones repay
//! in 2021–2022, often through a payment plan; failures are suppressed during the moratorium and
//! caught up in 2022–2023; 2020–2021 accounts carry the guaranteed loans (PGE: debt ratios up,
//! liquidity up) and exposed sectors' 2020 turnover falls.
//!
//! # Quirks and what the generator knows
//! Realistic defects are injected at low rates from a random stream of their own (so the story
//! does not depend on them): lost leading zeros in identifiers, byte-order marks, a Windows-1252
//! file with accented names (délais), decimal commas, malformed lines (wrong field count, bad
//! dates, bad periods, provisional SIRETs), exact duplicate lines, key duplicates, firms missing
//! from some sources, publication lag in the headcount files. Every injected defect is counted in
//! the [`DemoManifest`], and [`generate_with_truth`] returns the per-firm, per-month
//! [`DemoTruth`] taken from the simulation's own state.
//!
//! # Determinism and scale
//! One ChaCha8 stream per seed for the story, another for the quirks, and transcendental
//! functions from `libm` (pure Rust): the browser and the CLI write byte-identical files.
//! [`generate_into`] streams firm by firm into any `Write` sinks, holding one firm at a time.

mod catalogue;
mod out;
mod story;
mod truth;
mod write;

#[cfg(test)]
mod tests;

use std::io::{self, Write};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sha2::{Digest, Sha256};

use crate::calendar::Month;
use crate::ids::Siren;
use crate::ingest::RawFile;

pub use truth::{DemoManifest, DemoTruth, FileManifest, FirmTruth};

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoConfig {
    pub firms: usize,
    pub seed: u64,
    /// First month of data (inclusive).
    pub start: Month,
    /// Last month of data (inclusive).
    pub end: Month,
}

impl DemoConfig {
    pub const DEFAULT_START: Month = Month::from_index(2016 * 12);
    pub const DEFAULT_END: Month = Month::from_index(2024 * 12 + 11);
}

impl Default for DemoConfig {
    fn default() -> DemoConfig {
        DemoConfig {
            firms: 2000,
            seed: 2016,
            start: DemoConfig::DEFAULT_START,
            end: DemoConfig::DEFAULT_END,
        }
    }
}

/// The names of the files a demo dataset is made of.
pub fn file_names() -> impl Iterator<Item = &'static str> {
    write::FILES.iter().map(|f| f.0)
}

/// What a streamed generation leaves besides the files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    pub manifest: DemoManifest,
    /// Same value as [`fingerprint`] over the files written.
    pub fingerprint: String,
    /// Bytes written per file name.
    pub sizes: Vec<(String, u64)>,
}

/// Generates the demo dataset into one sink per file, opened by `open(file_name)`, firm by firm:
/// memory stays bounded by one firm's story whatever the number of firms.
pub fn generate_into<W: Write>(
    config: &DemoConfig,
    open: impl FnMut(&str) -> io::Result<W>,
) -> io::Result<Generated> {
    let (finished, _) = run(config, open, false)?;
    let mut manifest = DemoManifest::default();
    let mut sizes = Vec::new();
    let mut digests = Vec::new();
    for f in finished {
        manifest.files.insert(f.name.to_string(), f.manifest);
        sizes.push((f.name.to_string(), f.len));
        digests.push((f.name.to_string(), f.len, f.digest));
    }
    Ok(Generated {
        manifest,
        fingerprint: out::combine(digests),
        sizes,
    })
}

/// Generates the demo files in memory, deterministically for a configuration.
pub fn generate(config: &DemoConfig) -> Vec<RawFile> {
    generate_with_truth_if(config, false).0
}

/// Generates the demo files with the truth and the manifest (for round-trip tests: the truth
/// holds every firm-month, so keep configurations small).
pub fn generate_with_truth(config: &DemoConfig) -> (Vec<RawFile>, DemoTruth, DemoManifest) {
    generate_with_truth_if(config, true)
}

fn generate_with_truth_if(
    config: &DemoConfig,
    with_truth: bool,
) -> (Vec<RawFile>, DemoTruth, DemoManifest) {
    // Writing into a `Vec<u8>` cannot fail.
    let (finished, truth) = run(config, |_| Ok(Vec::new()), with_truth).unwrap_or_default();
    let mut manifest = DemoManifest::default();
    let files = finished
        .into_iter()
        .map(|f| {
            manifest.files.insert(f.name.to_string(), f.manifest);
            RawFile {
                name: f.name.to_string(),
                bytes: f.sink,
            }
        })
        .collect();
    let truth = truth.unwrap_or(DemoTruth {
        start: config.start,
        months: 0,
        unpublished_headcount_months: write::UNPUBLISHED_HEADCOUNT_MONTHS,
        firms: Vec::new(),
    });
    (files, truth, manifest)
}

type Run<W> = (Vec<out::Finished<W>>, Option<DemoTruth>);

fn run<W: Write>(
    config: &DemoConfig,
    mut open: impl FnMut(&str) -> io::Result<W>,
    with_truth: bool,
) -> io::Result<Run<W>> {
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
    let quirks = ChaCha8Rng::seed_from_u64(config.seed ^ 0x5155_4952_4b53);
    let mut files = Vec::new();
    for (name, sep, encoding) in write::FILES {
        files.push(out::FileOut::new(name, sep, encoding, open(name)?));
    }
    let mut w = write::Writers {
        files,
        quirks: out::Quirks::new(quirks),
        start: config.start,
        end: config.end.max(config.start),
    };
    w.headers()?;
    let story_config = DemoConfig {
        end: w.end,
        ..*config
    };
    let months = (story_config.start.months_until(story_config.end) + 1) as usize;
    let mut truth = with_truth.then(|| DemoTruth {
        start: config.start,
        months,
        unpublished_headcount_months: write::UNPUBLISHED_HEADCOUNT_MONTHS,
        firms: Vec::new(),
    });
    // Distinct SIRENs without a set: i ↦ a·i + b mod 10^8 is a bijection when a is coprime
    // with 10^8 (odd and not a multiple of 5).
    let a = loop {
        let a: u32 = rng.random_range(10_000_001..99_999_999);
        if !a.is_multiple_of(2) && !a.is_multiple_of(5) {
            break u64::from(a);
        }
    };
    let b = u64::from(rng.random_range(0..100_000_000u32));
    for i in 0..config.firms as u64 {
        let prefix = ((a * i + b) % 100_000_000) as u32;
        let firm = story::simulate(&mut rng, Siren::from_prefix(prefix), &story_config);
        w.firm(&firm)?;
        if let Some(t) = truth.as_mut() {
            t.firms.push(truth::firm_truth(
                &firm,
                config.start,
                write::UNPUBLISHED_HEADCOUNT_MONTHS,
            ));
        }
    }
    let finished = w
        .files
        .into_iter()
        .map(out::FileOut::finish)
        .collect::<io::Result<Vec<_>>>()?;
    Ok((finished, truth))
}

/// A short, stable fingerprint of a set of files (names and bytes), to compare runs and platforms.
/// Files are taken in name order, so the order in which they were dropped does not matter; each
/// file enters through its own SHA-256, so a streamed generation computes the same value.
/// The fingerprint of files digested one by one elsewhere (the browser hashes each file as its
/// slices stream by): `(name, length, SHA-256)` per file, in any order.
pub fn fingerprint_of_digests(files: Vec<(String, u64, [u8; 32])>) -> String {
    out::combine(files)
}

pub fn fingerprint(files: &[RawFile]) -> String {
    out::combine(
        files
            .iter()
            .map(|f| {
                (
                    f.name.clone(),
                    f.bytes.len() as u64,
                    Sha256::digest(&f.bytes).into(),
                )
            })
            .collect(),
    )
}
