//! Story tests (they can fail: each checks a property of the simulated economy), determinism,
//! and the round trip of the files our readers handle against the manifest and the truth.

use std::collections::BTreeMap;

use super::*;
use crate::calendar::Month;
use crate::ids::Siren;
use crate::ingest::kind::FileKind;
use crate::ingest::read_all;
use crate::ingest::report::IssueCode;
use crate::panel::{Panel, ProcolStatus};

fn config(firms: usize) -> DemoConfig {
    DemoConfig {
        firms,
        ..DemoConfig::default()
    }
}

#[test]
fn deterministic_for_a_seed_and_streaming_agrees() {
    let a = generate(&config(300));
    assert_eq!(fingerprint(&a), fingerprint(&generate(&config(300))));
    let mut reversed = a.clone();
    reversed.reverse();
    assert_eq!(fingerprint(&a), fingerprint(&reversed), "order-independent");
    let other = DemoConfig {
        seed: 7,
        ..config(300)
    };
    assert_ne!(fingerprint(&a), fingerprint(&generate(&other)));

    let mut streamed: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut sinks = Vec::new();
    let generated = generate_into(&config(300), |name| {
        sinks.push(name.to_string());
        Ok(Vec::new())
    })
    .unwrap();
    assert_eq!(generated.fingerprint, fingerprint(&a));
    for f in &a {
        streamed.insert(f.name.clone(), f.bytes.clone());
    }
    assert_eq!(sinks, file_names().collect::<Vec<_>>());
    for (name, size) in &generated.sizes {
        assert_eq!(*size as usize, streamed[name].len(), "{name}");
    }
    let (files, _, manifest) = generate_with_truth(&config(300));
    assert_eq!(
        fingerprint(&files),
        fingerprint(&a),
        "truth does not change the bytes"
    );
    assert_eq!(manifest, generated.manifest);
}

/// The round trip of one file: the reader's report equals the manifest.
fn check_report(report: &crate::ingest::report::FileReport, expected: &FileManifest) {
    let name = &report.name;
    assert!(report.fatal.is_none(), "{name}: {:?}", report.fatal);
    assert!(report.is_balanced(), "{name}");
    assert_eq!(report.records_read, expected.records, "{name}: records");
    assert_eq!(
        report.rejected,
        expected.rejected_total(),
        "{name}: rejected {:?}",
        report.counts
    );
    assert_eq!(
        report.skipped,
        expected.skipped_total(),
        "{name}: skipped {:?}",
        report.counts
    );
    assert_eq!(
        report.accepted_with_warnings,
        expected.warnings_total(),
        "{name}: warned {:?}",
        report.counts
    );
    assert_eq!(report.counts, expected.counts(), "{name}: counts by code");
}

#[test]
fn files_our_readers_handle_read_back_exactly_as_the_manifest_says() {
    let (files, truth, manifest) = generate_with_truth(&config(1500));
    let handled = [
        FileKind::SireneUl,
        FileKind::Sirene,
        FileKind::EffectifEnt,
        FileKind::Cotisation,
        FileKind::Debit,
        FileKind::Procol,
    ];
    let (records, reports) = read_all(&files);
    let mut checked = 0;
    let mut injected = BTreeMap::new();
    for r in &reports {
        if r.kind.is_some_and(|k| handled.contains(&k)) {
            let expected = &manifest.files[&r.name];
            check_report(r, expected);
            for (code, n) in expected.counts() {
                *injected.entry(code).or_insert(0) += n;
            }
            checked += 1;
        }
    }
    assert_eq!(checked, handled.len());
    // The quirks are there to be found.
    for code in [
        IssueCode::IdZeroPadded,
        IssueCode::DuplicateLine,
        IssueCode::BadPeriod,
        IssueCode::BadDate,
        IssueCode::FieldCount,
    ] {
        assert!(
            injected.get(&code).is_some_and(|n| *n > 0),
            "{code:?}: {injected:?}"
        );
    }
    let in_sirene = truth.firms.iter().filter(|f| f.in_sirene).count();
    assert_eq!(records.legal_units.len(), in_sirene);
    assert!(in_sirene < 1500, "some firms are missing from SIRENE");
}

#[test]
fn every_file_is_recognised_by_its_header() {
    let files = generate(&config(200));
    let (_, reports) = read_all(&files);
    let expected = [
        ("sireneUL.csv", FileKind::SireneUl),
        ("StockEtablissement_utf8.csv", FileKind::Sirene),
        (
            "StockEtablissementHistorique_utf8.csv",
            FileKind::SireneHisto,
        ),
        ("sigfaible_effectif_siren.csv", FileKind::EffectifEnt),
        ("sigfaible_effectif_siret.csv", FileKind::Effectif),
        ("sigfaible_cotisdues.csv", FileKind::Cotisation),
        ("sigfaible_debits.csv", FileKind::Debit),
        ("sigfaible_delais.csv", FileKind::Delai),
        ("sigfaible_ccsf.csv", FileKind::Ccsf),
        ("sigfaible_pcoll.csv", FileKind::Procol),
        ("demande_ap.csv", FileKind::ApDemande),
        ("consommation_ap.csv", FileKind::ApConso),
        ("ratios_inpi_bce.csv", FileKind::InpiRatios),
        ("admin_urssaf.csv", FileKind::AdminUrssaf),
        ("bdf_ratios.csv", FileKind::BdfRatios),
        ("Diane_Export_demo.txt", FileKind::Diane),
    ];
    assert_eq!(reports.len(), expected.len());
    for (name, kind) in expected {
        let r = reports.iter().find(|r| r.name == name).unwrap();
        assert_eq!(r.kind, Some(kind), "{name}");
        let f = files.iter().find(|f| f.name == name).unwrap();
        assert!(f.bytes.len() > 100, "{name} has records");
    }
    // The délais file is Windows-1252 with accented names; the INPI file starts with a BOM.
    let delais = &files
        .iter()
        .find(|f| f.name == "sigfaible_delais.csv")
        .unwrap()
        .bytes;
    assert!(std::str::from_utf8(delais).is_err());
    let (text, _, bad) = encoding_rs::WINDOWS_1252.decode(delais);
    assert!(!bad && text.contains('É') || text.contains('È') || text.contains('Ç'));
    let inpi = &files
        .iter()
        .find(|f| f.name == "ratios_inpi_bce.csv")
        .unwrap()
        .bytes;
    assert!(inpi.starts_with(&[0xEF, 0xBB, 0xBF]));
    let diane = &files
        .iter()
        .find(|f| f.name == "Diane_Export_demo.txt")
        .unwrap()
        .bytes;
    assert!(diane.starts_with(&[0xFF, 0xFE]));
}

/// Panel values equal the truth, within `f32` storage precision.
fn check_close(what: &str, siren: Siren, t: usize, panel: Option<f64>, truth: Option<f64>) {
    match (panel, truth) {
        (None, None) => {}
        (Some(p), Some(e)) if (p - e).abs() <= 1e-4 * e.abs().max(1.0) => {}
        _ => panic!("{what} of {siren} at month {t}: panel {panel:?}, truth {truth:?}"),
    }
}

#[test]
fn the_panel_built_from_the_files_equals_the_truth() {
    let (files, truth, _) = generate_with_truth(&config(400));
    let (records, _) = read_all(&files);
    let panel = Panel::build(&records).unwrap();
    assert_eq!(panel.start, truth.start);
    let published = truth.months - truth.unpublished_headcount_months;
    let mut compared = 0;
    for f in &truth.firms {
        let i = panel.firm_index(f.siren).unwrap();
        for t in 0..truth.months {
            if t < published {
                check_close(
                    "headcount",
                    f.siren,
                    t,
                    panel.effectif.get(i, t),
                    f.headcount[t].map(f64::from),
                );
            }
            check_close(
                "cotisation",
                f.siren,
                t,
                panel.cotisation.get(i, t),
                f.cotisation[t],
            );
            if f.has_debits {
                let po = panel.dette_part_ouvriere.get(i, t).unwrap_or(0.0);
                let pp = panel.dette_part_patronale.get(i, t).unwrap_or(0.0);
                check_close("debt po", f.siren, t, Some(po), Some(f.debt_po[t]));
                check_close("debt pp", f.siren, t, Some(pp), Some(f.debt_pp[t]));
            }
            assert_eq!(
                panel.procol_status(i, t),
                f.procol[t],
                "procol of {} at {t}",
                f.siren
            );
            compared += 1;
        }
        if f.in_sirene {
            let firm = &panel.firms[i];
            assert_eq!(firm.ape.as_deref(), Some(f.ape.as_str()));
            assert_eq!(firm.departement.as_deref(), Some(f.departement.as_str()));
            assert_eq!(firm.siege, Some(f.siege));
            assert_eq!(firm.created, Some(f.created));
        }
    }
    assert!(compared > 10_000);
}

/// The story on 3 000 firms.
fn story() -> DemoTruth {
    generate_with_truth(&config(3000)).1
}

fn openings(truth: &DemoTruth, year: i32) -> usize {
    truth
        .firms
        .iter()
        .filter(|f| f.first_procol.is_some_and(|d| d.year() == year))
        .count()
}

#[test]
fn the_story_has_a_few_percent_failures_a_covid_dip_and_a_catch_up() {
    let truth = story();
    let per_year: Vec<usize> = (2016..=2024).map(|y| openings(&truth, y)).collect();
    for (i, n) in per_year.iter().enumerate().take(4) {
        let rate = *n as f64 / truth.firms.len() as f64;
        assert!(
            (0.01..0.06).contains(&rate),
            "{}: {rate} ({per_year:?})",
            2016 + i
        );
    }
    let y2019 = per_year[3] as f64;
    assert!(
        (per_year[4] + per_year[5]) as f64 / 2.0 < 0.7 * y2019,
        "COVID dip: {per_year:?}"
    );
    assert!(
        (per_year[6] + per_year[7]) as f64 / 2.0 > y2019,
        "catch-up: {per_year:?}"
    );
    // Firms of every route: liquidations, continuation plans, sauvegardes.
    let last = truth.months - 1;
    for status in [
        ProcolStatus::Liquidation,
        ProcolStatus::PlanRedressement,
        ProcolStatus::PlanSauvegarde,
    ] {
        assert!(
            truth.firms.iter().any(|f| f.procol[last] == status),
            "{status:?}"
        );
    }
}

#[test]
fn activite_partielle_in_2020_is_concentrated_in_exposed_sectors() {
    let truth = story();
    let april_2020 =
        DemoConfig::DEFAULT_START.months_until(Month::from_index(2020 * 12 + 3)) as usize;
    let share = |exposed: bool| {
        let group: Vec<&FirmTruth> = truth
            .firms
            .iter()
            .filter(|f| f.exposed == exposed && f.health[april_2020].is_some())
            .collect();
        let with_ap = group
            .iter()
            .filter(|f| f.ap_authorised[april_2020] > 0.0)
            .count();
        with_ap as f64 / group.len() as f64
    };
    let (exposed, others) = (share(true), share(false));
    assert!(exposed > 0.75, "exposed {exposed}");
    assert!(others < 0.3, "others {others}");
    assert!(
        truth
            .firms
            .iter()
            .any(|f| f.ap_consumed.iter().any(|h| *h > 0.0))
    );
}

#[test]
fn healthy_firms_repay_their_covid_deferrals_and_failing_ones_do_not() {
    let truth = story();
    let at = |y: i32, m: i32| {
        DemoConfig::DEFAULT_START.months_until(Month::from_index(y * 12 + m - 1)) as usize
    };
    let (summer_2020, end_2022) = (at(2020, 9), at(2023, 1));
    let debt = |f: &FirmTruth, t: usize| f.debt_po[t] + f.debt_pp[t];
    let deferring: Vec<&FirmTruth> = truth
        .firms
        .iter()
        .filter(|f| f.deferred && debt(f, summer_2020) > 0.0)
        .collect();
    let healthy: Vec<&&FirmTruth> = deferring
        .iter()
        .filter(|f| f.first_procol.is_none_or(|d| d.year() >= 2023))
        .filter(|f| {
            f.health[summer_2020..end_2022]
                .iter()
                .flatten()
                .all(|h| *h > -0.3)
        })
        .collect();
    assert!(healthy.len() > 50, "{}", healthy.len());
    let repaid = healthy.iter().filter(|f| debt(f, end_2022) == 0.0).count();
    assert!(
        repaid as f64 > 0.8 * healthy.len() as f64,
        "{repaid} / {}",
        healthy.len()
    );
    // Failing deferring firms still owe when they go down.
    let failing: Vec<(&&FirmTruth, usize)> = deferring
        .iter()
        .filter_map(|f| {
            let d = f.first_procol.filter(|d| d.year() >= 2021)?;
            Some((
                f,
                DemoConfig::DEFAULT_START.months_until(d.month()) as usize,
            ))
        })
        .collect();
    assert!(failing.len() > 5, "{}", failing.len());
    let owing = failing.iter().filter(|(f, t)| debt(f, *t) > 0.0).count();
    assert!(
        owing as f64 > 0.6 * failing.len() as f64,
        "{owing} / {}",
        failing.len()
    );
}

#[test]
fn firms_look_like_french_smes() {
    let truth = story();
    let months: Vec<u32> = truth
        .firms
        .iter()
        .flat_map(|f| f.headcount.iter().flatten().copied())
        .collect();
    let sme = months.iter().filter(|h| (10..=250).contains(*h)).count();
    assert!(
        sme as f64 > 0.6 * months.len() as f64,
        "{sme} / {}",
        months.len()
    );
    for dep in ["2A", "2B", "974"] {
        assert!(truth.firms.iter().any(|f| f.departement == dep), "{dep}");
    }
    let multi = truth
        .firms
        .iter()
        .filter(|f| f.siege.siren() == f.siren)
        .count();
    assert_eq!(multi, truth.firms.len());
    assert!(
        truth
            .firms
            .iter()
            .any(|f| f.delais_active.iter().any(|n| *n > 0))
    );
}

fn parse_csv(files: &[crate::ingest::RawFile], name: &str) -> Vec<Vec<String>> {
    let f = files.iter().find(|f| f.name == name).unwrap();
    csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .flexible(true)
        .from_reader(f.bytes.as_slice())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn establishment_headcounts_add_up_to_the_firm_headcount() {
    let files = generate(&config(200));
    let firms = parse_csv(&files, "sigfaible_effectif_siren.csv");
    let estabs = parse_csv(&files, "sigfaible_effectif_siret.csv");
    let months = firms[0].len() - 2;
    let mut sums: BTreeMap<String, Vec<Option<u32>>> = BTreeMap::new();
    for row in &estabs[1..] {
        let sum = sums
            .entry(row[1][..9].to_string())
            .or_insert(vec![None; months]);
        for (t, cell) in row[5..5 + months].iter().enumerate() {
            if let Ok(v) = cell.parse::<u32>() {
                sum[t] = Some(sum[t].unwrap_or(0) + v);
            }
        }
    }
    let mut checked = 0;
    for row in &firms[1..] {
        let siren = format!("{:0>9}", row[0]);
        let values: Vec<Option<u32>> = row[1..=months].iter().map(|c| c.parse().ok()).collect();
        assert_eq!(sums[&siren], values, "{siren}");
        checked += 1;
    }
    assert!(checked > 150);
}

fn check_ap_spreading(
    start: (i32, u32, u32),
    end: (i32, u32, u32),
    hours: f64,
    expected: &[(i32, u32, f64)],
) {
    let date = |(y, m, d): (i32, u32, u32)| crate::calendar::Date::new(y, m, d).unwrap();
    let request = story::ApRequest {
        id: String::new(),
        siret: crate::ids::Siret::from_siren(Siren::from_prefix(1), 1),
        firm_headcount: 0,
        estab_headcount: 0,
        start: date(start),
        end: date(end),
        hours,
        employees: 0,
        reason: 1,
        scope: 1,
        consumed: Vec::new(),
    };
    for (y, m, h) in expected {
        let month = Month::new(*y, *m).unwrap();
        let got = request.hours * story::ap_days_in(&request, month) as f64 / request.days() as f64;
        assert!((got - h).abs() < 1e-9, "{y}-{m}: {got} vs {h}");
    }
}

#[test]
fn authorised_hours_are_spread_per_day_as_in_the_spec() {
    // §10: 16 Mar–15 May 2020, 3 050 h over 61 days.
    check_ap_spreading(
        (2020, 3, 16),
        (2020, 5, 15),
        3050.0,
        &[
            (2020, 2, 0.0),
            (2020, 3, 800.0),
            (2020, 4, 1500.0),
            (2020, 5, 750.0),
            (2020, 6, 0.0),
        ],
    );
    check_ap_spreading(
        (2021, 2, 1),
        (2021, 2, 28),
        280.0,
        &[(2021, 2, 280.0), (2021, 3, 0.0)],
    );
}

/// (SIRET, period, ECN).
type DebtKey = (String, String, String);

#[test]
fn debt_histories_are_event_sourced_in_order() {
    let files = generate(&config(300));
    let rows = parse_csv(&files, "sigfaible_debits.csv");
    let header = &rows[0];
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (siret, period, ecn, hist, date, po, pp, op) = (
        col("Siret"),
        col("Periode"),
        col("Num_Ecn"),
        col("Num_Hist_Ecn"),
        col("Dt_trt_ecn"),
        col("Mt_PO"),
        col("Mt_PP"),
        col("Cd_op_ecn"),
    );
    let mut histories: BTreeMap<DebtKey, Vec<(u32, i64, i64, u8)>> = BTreeMap::new();
    for r in rows[1..].iter().filter(|r| r.len() == header.len()) {
        let (Ok(h), Ok(d), Ok(a), Ok(b), Ok(o)) = (
            r[hist].parse::<u32>(),
            r[date].parse::<i64>(),
            r[po].parse::<i64>(),
            r[pp].parse::<i64>(),
            r[op].parse::<u8>(),
        ) else {
            continue;
        };
        let key = (r[siret].clone(), r[period].clone(), r[ecn].clone());
        let history = histories.entry(key).or_default();
        if history.last().is_some_and(|l| l.0 == h) {
            continue; // an injected duplicate line
        }
        history.push((h, d, a + b, o));
    }
    let mut repaid = 0;
    for (key, history) in &histories {
        assert_eq!(history[0].0, 1, "{key:?}");
        assert_eq!(history[0].3, 1, "put into recovery first: {key:?}");
        for w in history.windows(2) {
            assert_eq!(w[1].0, w[0].0 + 1, "{key:?}");
            // Month-13 dates are injected defects; otherwise processing dates increase.
            if (w[0].1 / 100) % 100 <= 12 && (w[1].1 / 100) % 100 <= 12 {
                assert!(w[1].1 > w[0].1, "{key:?}: {history:?}");
            }
            assert!(w[1].2 <= w[0].2, "amounts only go down: {key:?}");
        }
        if history.last().is_some_and(|l| l.2 == 0) {
            repaid += 1;
        }
    }
    assert!(
        repaid > histories.len() / 2,
        "{repaid} / {}",
        histories.len()
    );
}

#[test]
fn guaranteed_loans_show_in_2020_accounts() {
    let files = generate(&config(1500));
    let f = files
        .iter()
        .find(|f| f.name == "ratios_inpi_bce.csv")
        .unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&f.bytes[3..]);
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (date, debt, cash) = (
        col("date_cloture_exercice"),
        col("taux_d_endettement"),
        col("ratio_de_liquidite"),
    );
    let mut sums: BTreeMap<String, (f64, f64, f64)> = BTreeMap::new();
    for r in reader.records() {
        let r = r.unwrap();
        let (Ok(d), Ok(c)) = (
            r[debt].replace(',', ".").parse::<f64>(),
            r[cash].replace(',', ".").parse::<f64>(),
        ) else {
            continue; // confidential
        };
        let s = sums.entry(r[date][..4].to_string()).or_default();
        *s = (s.0 + d, s.1 + c, s.2 + 1.0);
    }
    let mean = |y: &str| {
        let s = sums[y];
        (s.0 / s.2, s.1 / s.2)
    };
    let (debt_2019, cash_2019) = mean("2019");
    let (debt_2020, cash_2020) = mean("2020");
    assert!(debt_2020 > debt_2019 + 10.0, "{debt_2019} → {debt_2020}");
    assert!(cash_2020 > cash_2019 + 8.0, "{cash_2019} → {cash_2020}");
}
