//! Synthetic demo data in Signaux Faibles' native file formats.
//!
//! # The generative story (first version)
//! Every firm has a latent monthly *health* `h`: an AR(1) process around a firm mean, hit now and
//! then by persistent degradation episodes. Health drives everything observable:
//! - **headcount** drifts with health, and drops after a collective proceeding opens;
//! - **contributions due** follow headcount; when health is poor a share of them goes **unpaid**,
//!   creating a URSSAF debt (an ECN, booked the following month), repaid once health recovers;
//! - **collective proceedings** arrive with a monthly hazard that grows as health falls:
//!   redressement (often converted into liquidation, sometimes a continuation plan), direct
//!   liquidation, or sauvegarde. A liquidated firm stops contributing and employing.
//!
//! The COVID-19 window (March 2020 → June 2021) is explicit: many firms of exposed sectors (hotels,
//! restaurants, events, travel, culture, passenger transport), healthy or not, defer their
//! contributions in spring 2020 and healthy ones repay in 2021–2022; failures are suppressed during
//! the moratorium and catch up in 2022–2023.
//!
//! Determinism: one ChaCha8 stream per seed, and transcendental functions from `libm` (pure Rust),
//! so the browser and the CLI write byte-identical files for the same configuration.

use std::collections::HashSet;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sha2::{Digest, Sha256};

use crate::calendar::{Date, Month};
use crate::ids::{Siren, Siret};
use crate::ingest::RawFile;
use crate::ingest::fields::{format_day_month_abbrev_year, format_urssaf_date, urssaf_month_code};

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

/// The COVID-19 window used by the story: March 2020 to June 2021.
fn covid(m: Month) -> bool {
    (2020 * 12 + 2..=2021 * 12 + 5).contains(&(m.year() * 12 + m.month() as i32 - 1))
}

/// Failures caught up after the moratorium: 2022 to mid-2023.
fn catch_up(m: Month) -> bool {
    (2022 * 12..=2023 * 12 + 5).contains(&(m.year() * 12 + m.month() as i32 - 1))
}

struct Sector {
    ape: &'static str,
    weight: u32,
    exposed: bool,
    /// First words of company names in this sector.
    names: &'static [&'static str],
}

const SECTORS: [Sector; 20] = [
    Sector {
        ape: "56.10A",
        weight: 9,
        exposed: true,
        names: &["RESTAURANT", "BRASSERIE", "LE BISTROT"],
    },
    Sector {
        ape: "55.10Z",
        weight: 4,
        exposed: true,
        names: &["HOTEL", "HOTEL DU PARC"],
    },
    Sector {
        ape: "79.11Z",
        weight: 2,
        exposed: true,
        names: &["VOYAGES", "EVASION TOURS"],
    },
    Sector {
        ape: "90.01Z",
        weight: 2,
        exposed: true,
        names: &["COMPAGNIE", "THEATRE"],
    },
    Sector {
        ape: "49.39A",
        weight: 2,
        exposed: true,
        names: &["AUTOCARS", "CARS"],
    },
    Sector {
        ape: "82.30Z",
        weight: 1,
        exposed: true,
        names: &["SALONS ET CONGRES", "EVENEMENTS"],
    },
    Sector {
        ape: "41.20A",
        weight: 6,
        exposed: false,
        names: &["CONSTRUCTIONS", "MAISONS"],
    },
    Sector {
        ape: "43.21A",
        weight: 7,
        exposed: false,
        names: &["ELECTRICITE", "ELEC SERVICES"],
    },
    Sector {
        ape: "25.62A",
        weight: 4,
        exposed: false,
        names: &["DECOLLETAGE", "MECANIQUE DE PRECISION"],
    },
    Sector {
        ape: "10.71C",
        weight: 5,
        exposed: false,
        names: &["BOULANGERIE", "FOURNIL"],
    },
    Sector {
        ape: "47.11D",
        weight: 5,
        exposed: false,
        names: &["SUPERMARCHE", "MARCHE"],
    },
    Sector {
        ape: "45.20A",
        weight: 5,
        exposed: false,
        names: &["GARAGE", "AUTO SERVICES"],
    },
    Sector {
        ape: "62.01Z",
        weight: 6,
        exposed: false,
        names: &["LOGICIELS", "NUMERIQUE"],
    },
    Sector {
        ape: "49.41A",
        weight: 6,
        exposed: false,
        names: &["TRANSPORTS", "LOGISTIQUE"],
    },
    Sector {
        ape: "46.90Z",
        weight: 5,
        exposed: false,
        names: &["COMPTOIR", "DISTRIBUTION"],
    },
    Sector {
        ape: "70.22Z",
        weight: 4,
        exposed: false,
        names: &["CONSEIL", "CABINET"],
    },
    Sector {
        ape: "86.23Z",
        weight: 3,
        exposed: false,
        names: &["CENTRE DENTAIRE", "CABINET DENTAIRE"],
    },
    Sector {
        ape: "13.92Z",
        weight: 2,
        exposed: false,
        names: &["TISSAGES", "TEXTILES"],
    },
    Sector {
        ape: "22.22Z",
        weight: 3,
        exposed: false,
        names: &["PLASTIQUES", "EMBALLAGES"],
    },
    Sector {
        ape: "33.12Z",
        weight: 3,
        exposed: false,
        names: &["MAINTENANCE", "ATELIERS"],
    },
];

/// (département, weight): mainland, Corsica and overseas.
const DEPARTEMENTS: [(&str, u32); 16] = [
    ("75", 10),
    ("69", 8),
    ("13", 7),
    ("59", 7),
    ("33", 5),
    ("31", 5),
    ("44", 5),
    ("67", 4),
    ("35", 4),
    ("21", 3),
    ("76", 4),
    ("2A", 1),
    ("2B", 1),
    ("971", 1),
    ("974", 2),
    ("63", 3),
];

const NAME_TAILS: [&str; 16] = [
    "DURAND",
    "MOREAU",
    "LEFEVRE",
    "GARNIER",
    "FAURE",
    "ROUSSEL",
    "BLANCHARD",
    "GUERIN",
    "BOYER",
    "CHEVALIER",
    "FRANCOIS",
    "MERCIER",
    "DUPUIS",
    "LAMBERT",
    "FONTAINE",
    "ROUSSEAU",
];
const LEGAL_FORMS: [(&str, &str); 3] = [("SAS", "5710"), ("SARL", "5499"), ("SA", "5599")];

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T], weight: impl Fn(&T) -> u32) -> &'a T {
    let total: u32 = items.iter().map(&weight).sum();
    let mut x = rng.random_range(0..total);
    for item in items {
        let w = weight(item);
        if x < w {
            return item;
        }
        x -= w;
    }
    &items[items.len() - 1]
}

/// Standard normal draw (Box–Muller with `libm`, for cross-platform determinism).
fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = rng.random_range(f64::EPSILON..1.0);
    let u2: f64 = rng.random();
    libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(std::f64::consts::TAU * u2)
}

/// A random day of a month.
fn day_in(rng: &mut ChaCha8Rng, m: Month, from: u32, to: u32) -> Date {
    let last = crate::calendar::days_in_month(m.year(), m.month()).min(to);
    let day = rng.random_range(from.min(last)..=last);
    Date::new(m.year(), m.month(), day).unwrap_or_else(|| m.first_day())
}

fn decimal_comma(v: f64) -> String {
    format!("{v:.2}").replace('.', ",")
}

/// One open URSSAF debt (ECN) of the story.
struct OpenDebt {
    period: Month,
    ecn: u32,
    cents_po: i64,
    cents_pp: i64,
    /// Deferred during COVID: repaid on schedule in 2021–2022 if the firm is healthy.
    deferral: bool,
}

/// Accumulates the file contents while firms are simulated.
struct Writers {
    sirene_ul: csv::Writer<Vec<u8>>,
    sirene: csv::Writer<Vec<u8>>,
    effectif: csv::Writer<Vec<u8>>,
    cotisation: csv::Writer<Vec<u8>>,
    debit: csv::Writer<Vec<u8>>,
    procol: csv::Writer<Vec<u8>>,
}

fn writer(sep: u8) -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .delimiter(sep)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new())
}

/// Generates the demo files, deterministically for a configuration.
pub fn generate(config: &DemoConfig) -> Vec<RawFile> {
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
    let months: Vec<Month> = config.start.until(config.end.next()).collect();
    let mut w = Writers {
        sirene_ul: writer(b','),
        sirene: writer(b','),
        effectif: writer(b';'),
        cotisation: writer(b';'),
        debit: writer(b';'),
        procol: writer(b';'),
    };
    // Header rows: writing to a Vec cannot fail.
    let _ = w.sirene_ul.write_record([
        "siren",
        "denominationUniteLegale",
        "categorieJuridiqueUniteLegale",
        "activitePrincipaleUniteLegale",
        "nomenclatureActivitePrincipaleUniteLegale",
        "dateCreationUniteLegale",
        "etatAdministratifUniteLegale",
        "nicSiegeUniteLegale",
    ]);
    let _ = w.sirene.write_record([
        "siren",
        "nic",
        "siret",
        "etablissementSiege",
        "codeCommuneEtablissement",
        "codePostalEtablissement",
        "etatAdministratifEtablissement",
        "dateCreationEtablissement",
        "activitePrincipaleEtablissement",
        "nomenclatureActivitePrincipaleEtablissement",
    ]);
    let mut header = vec!["siren".to_string()];
    header.extend(
        months
            .iter()
            .map(|m| format!("eff{}", urssaf_month_code(*m))),
    );
    header.push("rais_soc".to_string());
    let _ = w.effectif.write_record(&header);
    let _ = w.cotisation.write_record([
        "Urssaf_gestion",
        "Dep",
        "Siret",
        "Compte",
        "periode",
        "mer",
        "enc_direct",
        "cotis_due",
    ]);
    let _ = w.debit.write_record([
        "Urssaf_gestion",
        "Dep",
        "num_cpte",
        "Siren",
        "Siret",
        "Dt_immat",
        "Etat_cpte",
        "Cd_pro_col",
        "Periode",
        "Num_Ecn",
        "Num_Hist_Ecn",
        "Dt_trt_ecn",
        "Mt_PO",
        "Mt_PP",
        "Cd_op_ecn",
        "Motif_ecn",
        "Recours_en_cours",
    ]);
    let _ = w
        .procol
        .write_record(["Siret", "Siren", "Dt_effet", "Cat_v2", "Lib_actx_stdx"]);

    let mut used = HashSet::new();
    for _ in 0..config.firms {
        let siren = loop {
            let s = Siren::from_prefix(rng.random_range(10_000_000..99_999_999));
            if used.insert(s) {
                break s;
            }
        };
        simulate_firm(&mut rng, siren, &months, &mut w);
    }

    let finish = |name: &str, wr: csv::Writer<Vec<u8>>| RawFile {
        name: name.to_string(),
        bytes: wr.into_inner().unwrap_or_default(),
    };
    vec![
        finish("sireneUL.csv", w.sirene_ul),
        finish("StockEtablissement_utf8.csv", w.sirene),
        finish("sigfaible_effectif_siren.csv", w.effectif),
        finish("sigfaible_cotisdues.csv", w.cotisation),
        finish("sigfaible_debits.csv", w.debit),
        finish("sigfaible_pcoll.csv", w.procol),
    ]
}

fn simulate_firm(rng: &mut ChaCha8Rng, siren: Siren, months: &[Month], w: &mut Writers) {
    let sector = pick(rng, &SECTORS, |s| s.weight);
    let dep = pick(rng, &DEPARTEMENTS, |d| d.1).0;
    let (form, legal_category) = *pick(rng, &LEGAL_FORMS, |_| 1);
    let name = format!(
        "{} {} {form}",
        sector.names[rng.random_range(0..sector.names.len())],
        NAME_TAILS[rng.random_range(0..NAME_TAILS.len())]
    );
    let first = months[0];
    // Most firms predate the window; some are created during it.
    let created_month = if rng.random_bool(0.12) {
        first.offset(rng.random_range(0..(months.len() as i32 * 2 / 3).max(1)))
    } else {
        first.offset(-rng.random_range(6..420))
    };
    let created = day_in(rng, created_month, 1, 28);
    let establishments = *pick(rng, &[(1u16, 60u32), (2, 25), (3, 10), (4, 5)], |e| e.1);
    let sirets: Vec<Siret> = (1..=establishments.0)
        .map(|i| Siret::from_siren(siren, i))
        .collect();
    let siege = sirets[0];
    let account = format!(
        "{:0>3}{}{:012}",
        dep.len(),
        siren,
        rng.random_range(0..1_000_000_000_000u64) % 1_000_000_000
    );
    let gestion = format!("{}", 100 + rng.random_range(0..20));
    let urssaf = Account {
        gestion: &gestion,
        dep,
        number: &account,
        siren,
        siret: siege,
    };
    let commune_tail = |rng: &mut ChaCha8Rng| {
        if dep.len() == 3 {
            format!("{dep}{:02}", rng.random_range(1..30))
        } else {
            format!("{dep}{:03}", rng.random_range(1..400))
        }
    };

    // Latent health and size.
    let mut mean_health = 0.6 + 0.6 * normal(rng);
    let mut health = mean_health + 0.4 * normal(rng);
    let base_headcount = libm::exp(3.0 + 0.75 * normal(rng)).clamp(6.0, 400.0);
    let mut size = base_headcount;
    let contribution_per_employee = 1050.0 * (1.0 + 0.15 * normal(rng)).max(0.6);
    let defers_in_covid = rng.random_bool(if sector.exposed { 0.65 } else { 0.2 });

    let mut headcounts: Vec<Option<u32>> = vec![None; months.len()];
    let mut debts: Vec<OpenDebt> = Vec::new();
    let mut next_ecn = 101;
    let mut procol_opened: Option<Month> = None;
    let mut liquidated: Option<Month> = None;
    let mut pending: Vec<(Month, &'static str)> = Vec::new();

    let write_procol = |w: &mut Writers, date: Date, label: &str| {
        let _ = w.procol.write_record([
            siege.to_string(),
            siren.to_string(),
            format_day_month_abbrev_year(date),
            "1".to_string(),
            label.to_string(),
        ]);
    };

    for (t, &m) in months.iter().enumerate() {
        if m < created_month || liquidated.is_some_and(|l| m > l) {
            continue;
        }
        // Health dynamics: mean reversion, noise, rare persistent degradation or recovery.
        if rng.random_bool(0.004) {
            mean_health -= 1.0 + 1.5 * rng.random::<f64>();
        } else if mean_health < 0.0 && rng.random_bool(0.01) {
            mean_health += 1.0;
        }
        let covid_hit = if covid(m) && sector.exposed {
            -0.35
        } else {
            0.0
        };
        health = mean_health + 0.93 * (health - mean_health) + 0.22 * normal(rng) + covid_hit * 0.1;

        // Collective proceedings, suppressed by the moratorium and caught up afterwards.
        for (at, label) in pending.clone() {
            if at == m {
                write_procol(w, day_in(rng, m, 1, 28), label);
                if label.ends_with("liquidation") && label.starts_with("Ouverture") {
                    liquidated = Some(m);
                }
                if label.starts_with("Plan_continuation") {
                    mean_health += 1.5;
                    health += 1.0;
                }
            }
        }
        pending.retain(|(at, _)| *at > m);
        if procol_opened.is_none() {
            let mut hazard = 0.0012 * libm::exp(-1.5 * health.min(1.5));
            if covid(m) {
                hazard *= 0.35;
            } else if catch_up(m) {
                hazard *= 1.6;
            }
            if rng.random_bool(hazard.min(0.25)) {
                procol_opened = Some(m);
                let date = day_in(rng, m, 1, 28);
                let route = rng.random::<f64>();
                if route < 0.25 {
                    write_procol(w, date, "Ouverture_liquidation");
                    liquidated = Some(m);
                } else if route < 0.92 {
                    write_procol(w, date, "Ouverture_redressement");
                    if rng.random_bool(0.7) {
                        pending.push((m.offset(rng.random_range(2..10)), "Ouverture_liquidation"));
                    } else {
                        pending.push((
                            m.offset(rng.random_range(6..13)),
                            "Plan_continuation_redressement",
                        ));
                    }
                } else {
                    write_procol(w, date, "Ouverture_sauvegarde");
                    pending.push((
                        m.offset(rng.random_range(6..13)),
                        "Plan_continuation_sauvegarde",
                    ));
                }
            }
        }

        // Headcount follows health; a proceeding costs jobs.
        size *= 1.0 + 0.012 * libm::tanh(health) + 0.01 * normal(rng);
        if procol_opened == Some(m) {
            size *= 0.8;
        }
        size = size.max(1.0);
        let headcount = libm::round(size) as u32;
        headcounts[t] = Some(headcount);

        // Contributions due for the month, on the head office's account.
        let due = f64::from(headcount) * contribution_per_employee * (1.0 + 0.03 * normal(rng));
        let due = libm::round(due * 100.0) / 100.0;
        let _ = w.cotisation.write_record([
            gestion.clone(),
            dep.to_string(),
            siege.to_string(),
            account.clone(),
            urssaf_month_code(m),
            decimal_comma(due),
            decimal_comma(due),
            decimal_comma(due),
        ]);

        // Unpaid share: from poor health, or a COVID deferral in spring 2020.
        let deferral = defers_in_covid && covid(m) && m.year() == 2020 && m.month() <= 6;
        let unpaid = if deferral {
            1.0
        } else {
            ((-0.3 - health) * 0.5).clamp(0.0, 1.0)
        };
        let booked = m.next();
        if unpaid > 0.05 && booked <= *months.last().unwrap_or(&m) {
            let cents = libm::round(due * unpaid * 100.0) as i64;
            let debt = OpenDebt {
                period: m,
                ecn: next_ecn,
                cents_po: cents * 3 / 10,
                cents_pp: cents - cents * 3 / 10,
                deferral,
            };
            next_ecn += 1;
            urssaf.write_operation(w, &debt, 1, day_in(rng, booked, 5, 20));
            debts.push(debt);
        }

        // Repayment: healthy firms repay, deferrals on a 2021–2022 schedule; failing firms do not.
        let mut kept = Vec::new();
        for debt in debts.drain(..) {
            let chance = if procol_opened.is_some() {
                0.0
            } else if debt.deferral {
                if m.year() >= 2021 && health > -0.3 {
                    0.08
                } else {
                    0.0
                }
            } else if health > 0.3 {
                0.45
            } else if health > -0.3 {
                0.15
            } else {
                0.02
            };
            let period = debt.period;
            if period < m && rng.random_bool(chance) {
                // Booked after the 20th, a repayment counts for the next month (no later than the last one).
                let last_day = if m == *months.last().unwrap_or(&m) {
                    20
                } else {
                    28
                };
                urssaf.write_operation(w, &debt, 2, day_in(rng, m, 1, last_day));
            } else {
                kept.push(debt);
            }
        }
        debts = kept;
    }

    // SIRENE stocks.
    let ceased = liquidated.is_some();
    let _ = w.sirene_ul.write_record([
        siren.to_string(),
        name.clone(),
        legal_category.to_string(),
        sector.ape.to_string(),
        "NAFRev2".to_string(),
        created.to_string(),
        if ceased { "C" } else { "A" }.to_string(),
        format!("{:05}", siege.nic()),
    ]);
    for (i, siret) in sirets.iter().enumerate() {
        let commune = commune_tail(rng);
        let postcode = if dep.len() == 3 {
            format!("{dep}{:02}", rng.random_range(0..100))
        } else {
            format!(
                "{:0>2}{:03}",
                dep.replace(['A', 'B'], "0"),
                rng.random_range(0..1000)
            )
        };
        let _ = w.sirene.write_record([
            siren.to_string(),
            format!("{:05}", siret.nic()),
            siret.to_string(),
            (i == 0).to_string(),
            commune,
            postcode,
            if ceased { "F" } else { "A" }.to_string(),
            created.to_string(),
            sector.ape.to_string(),
            "NAFRev2".to_string(),
        ]);
    }
    let mut row = vec![siren.to_string()];
    row.extend(
        headcounts
            .iter()
            .map(|h| h.map(|v| v.to_string()).unwrap_or_default()),
    );
    row.push(name);
    let _ = w.effectif.write_record(&row);
}

/// The URSSAF account a firm's debts are booked on.
struct Account<'a> {
    gestion: &'a str,
    dep: &'a str,
    number: &'a str,
    siren: Siren,
    siret: Siret,
}

impl Account<'_> {
    /// One operation of a debt's history (`hist` 1 = put into recovery, 2 = repaid).
    fn write_operation(&self, w: &mut Writers, debt: &OpenDebt, hist: u32, processed: Date) {
        let (po, pp) = if hist == 1 {
            (debt.cents_po, debt.cents_pp)
        } else {
            (0, 0)
        };
        let _ = w.debit.write_record([
            self.gestion.to_string(),
            self.dep.to_string(),
            self.number.to_string(),
            self.siren.to_string(),
            self.siret.to_string(),
            "1150101".to_string(),
            "1".to_string(),
            "0".to_string(),
            urssaf_month_code(debt.period),
            debt.ecn.to_string(),
            hist.to_string(),
            format_urssaf_date(processed),
            po.to_string(),
            pp.to_string(),
            hist.to_string(),
            if debt.deferral { "24" } else { "2" }.to_string(),
            "0".to_string(),
        ]);
    }
}

/// A short, stable fingerprint of a set of files (names and bytes), to compare runs and platforms.
/// Files are taken in name order, so the order in which they were dropped does not matter.
pub fn fingerprint(files: &[RawFile]) -> String {
    let mut sorted: Vec<&RawFile> = files.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.bytes.cmp(&b.bytes)));
    let mut hasher = Sha256::new();
    for f in sorted {
        hasher.update((f.name.len() as u64).to_le_bytes());
        hasher.update(f.name.as_bytes());
        hasher.update((f.bytes.len() as u64).to_le_bytes());
        hasher.update(&f.bytes);
    }
    hasher
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::read_all;
    use crate::panel::{Panel, ProcolStatus};

    fn small() -> DemoConfig {
        DemoConfig {
            firms: 600,
            ..DemoConfig::default()
        }
    }

    #[test]
    fn deterministic_for_a_seed() {
        let a = generate(&small());
        assert_eq!(fingerprint(&a), fingerprint(&generate(&small())));
        let mut reversed = a.clone();
        reversed.reverse();
        assert_eq!(fingerprint(&a), fingerprint(&reversed), "order-independent");
        let other = DemoConfig { seed: 7, ..small() };
        assert_ne!(fingerprint(&a), fingerprint(&generate(&other)));
    }

    #[test]
    fn every_file_reads_back_without_loss() {
        let files = generate(&small());
        let (records, reports) = read_all(&files);
        for r in &reports {
            assert!(r.fatal.is_none(), "{}: {:?}", r.name, r.fatal);
            assert_eq!(r.rejected, 0, "{}: {:?}", r.name, r.entries.first());
            assert!(r.records_read > 0, "{}", r.name);
            assert!(r.is_balanced());
        }
        assert_eq!(records.legal_units.len(), 600);
        let panel = Panel::build(&records).unwrap();
        assert_eq!(panel.firms.len(), 600);
        assert_eq!(panel.start, small().start);
        assert_eq!(panel.end(), small().end);
    }

    #[test]
    fn failure_rate_is_a_few_percent_a_year_with_a_covid_dip() {
        let files = generate(&DemoConfig {
            firms: 2000,
            ..DemoConfig::default()
        });
        let (records, _) = read_all(&files);
        let panel = Panel::build(&records).unwrap();
        let openings_in = |year: i32| {
            panel
                .firms
                .iter()
                .filter(|f| f.first_procol.is_some_and(|d| d.year() == year))
                .count()
        };
        let per_year: Vec<usize> = (2016..=2024).map(openings_in).collect();
        let rate_2018 = per_year[2] as f64 / 2000.0;
        assert!(
            (0.01..0.08).contains(&rate_2018),
            "2018 failure rate {rate_2018}, per year {per_year:?}"
        );
        assert!(per_year[4] < per_year[2], "2020 below 2018: {per_year:?}");
        assert!(
            per_year[6] > per_year[4],
            "2022 catch-up above 2020: {per_year:?}"
        );
        let in_procol = (0..panel.firms.len())
            .filter(|f| panel.procol_status(*f, panel.months - 1) != ProcolStatus::InBonis)
            .count();
        assert!(in_procol > 0);
    }
}
