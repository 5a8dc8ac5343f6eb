//! The demo files round-trip through our own readers: every file is read with exactly the
//! bad-line counts the generator says it injected, and the panel equals what the generator knows
//! it wrote (its own simulation state, not a re-parse).

#![allow(clippy::unwrap_used)]

use engine::demo::{DemoConfig, generate_with_truth};
use engine::ingest::report::IssueCode;
use engine::pipeline::import;

fn config() -> DemoConfig {
    DemoConfig {
        firms: 400,
        seed: 11,
        ..DemoConfig::default()
    }
}

#[test]
fn every_file_reads_back_with_exactly_the_injected_problems() {
    let (files, _, manifest) = generate_with_truth(&config());
    let imported = import(&files);
    assert_eq!(imported.report.files.len(), manifest.files.len());
    let mut wrong = Vec::new();
    for report in &imported.report.files {
        let expected = &manifest.files[&report.name];
        let mut counts = report.counts.clone();
        counts.remove(&IssueCode::AllEmptyYear);
        if report.records_read != expected.records
            || report.rejected != expected.rejected_total()
            || report.skipped != expected.skipped_total()
            || counts != expected.counts()
        {
            wrong.push(format!(
                "{}: read {} rejected {} skipped {} counts {:?} — expected read {} rejected {} skipped {} counts {:?}",
                report.name,
                report.records_read,
                report.rejected,
                report.skipped,
                counts,
                expected.records,
                expected.rejected_total(),
                expected.skipped_total(),
                expected.counts()
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    for report in &imported.report.files {
        let expected = &manifest.files[&report.name];
        let context = format!("{}: {report:#?}\nexpected {expected:#?}", report.name);
        assert!(report.fatal.is_none(), "{context}");
        assert!(report.is_balanced(), "{context}");
        assert_eq!(report.records_read, expected.records, "{context}");
        assert_eq!(report.rejected, expected.rejected_total(), "{context}");
        assert_eq!(report.skipped, expected.skipped_total(), "{context}");
        // Every code the generator injected is counted exactly, and nothing else goes wrong.
        let mut counts = report.counts.clone();
        counts.remove(&IssueCode::AllEmptyYear);
        assert_eq!(counts, expected.counts(), "{context}");
    }
    assert!(
        imported.report.missing_sources.is_empty(),
        "{:?}",
        imported.report.missing_sources
    );
}

#[test]
fn the_panel_equals_what_the_generator_wrote() {
    let (files, truth, _) = generate_with_truth(&config());
    let panel = import(&files).panel.unwrap();
    let close = |a: Option<f64>, b: f64| a.is_some_and(|a| (a - b).abs() < 0.02 + b.abs() * 1e-6);
    let mut checked = 0;
    for t in &truth.firms {
        let Some(f) = panel.firm_index(t.siren) else {
            panic!("firm {} missing from the panel", t.siren)
        };
        let firm = &panel.firms[f];
        if t.in_sirene {
            assert_eq!(firm.name, t.name, "{}", t.siren);
            assert_eq!(firm.ape.as_deref(), Some(t.ape.as_str()), "{}", t.siren);
            assert_eq!(firm.departement.as_deref(), Some(t.departement.as_str()));
            assert_eq!(
                firm.legal_category.as_deref(),
                Some(t.legal_category.as_str())
            );
        }
        assert_eq!(firm.first_procol, t.first_procol, "{}", t.siren);
        for m in 0..truth.months {
            let month = truth.month(m);
            let Some(i) = panel.index_of(month) else {
                continue;
            };
            let ctx = || format!("{} {month}", t.siren);
            if let Some(h) = t.headcount[m] {
                assert_eq!(panel.effectif.get(f, i), Some(f64::from(h)), "{}", ctx());
            }
            match t.cotisation[m] {
                Some(c) => assert!(
                    close(panel.cotisation.get(f, i), c),
                    "{} {:?} vs {c}",
                    ctx(),
                    panel.cotisation.get(f, i)
                ),
                None => assert_eq!(panel.cotisation.get(f, i), None, "{}", ctx()),
            }
            // Before its first booked operation a firm's stock is missing (a row to come is not
            // known yet); the permitted zero-fill then applies to contributing firms.
            let started = (0..=m).any(|k| t.debt_po[k] != 0.0 || t.debt_pp[k] != 0.0);
            if t.has_debits && started {
                assert!(
                    close(panel.dette_part_ouvriere.get(f, i), t.debt_po[m]),
                    "{} po {:?} vs {}",
                    ctx(),
                    panel.dette_part_ouvriere.get(f, i),
                    t.debt_po[m]
                );
                assert!(
                    close(panel.dette_part_patronale.get(f, i), t.debt_pp[m]),
                    "{} pp",
                    ctx()
                );
            } else if t.has_debits {
                assert_eq!(panel.dette(f, i), None, "{}", ctx());
                if m > 0 && t.cotisation[m - 1].is_some() {
                    assert_eq!(panel.debt_known(f, i), Some(0.0), "{}", ctx());
                }
            }
            assert!(
                close(panel.ap_heures_autorisees.get(f, i), t.ap_authorised[m]),
                "{} ap {:?} vs {}",
                ctx(),
                panel.ap_heures_autorisees.get(f, i),
                t.ap_authorised[m]
            );
            assert!(
                close(panel.ap_heures_consommees.get(f, i), t.ap_consumed[m]),
                "{} conso",
                ctx()
            );
            assert_eq!(
                panel.delai_plans.get(f, i),
                Some(f64::from(t.delais_active[m])),
                "{}",
                ctx()
            );
            assert!(
                close(panel.delai_montant.get(f, i), t.delais_amount[m]),
                "{} délai",
                ctx()
            );
            assert_eq!(panel.procol_status(f, i), t.procol[m], "{}", ctx());
            checked += 1;
        }
    }
    assert!(checked > 10_000, "{checked}");
}

/// The browser reads 4 MiB slices, the CLI 1 MiB reads: the same file must give the same report
/// and the same records whatever the slicing (here on demo files large enough to span chunks).
#[test]
fn chunk_sizes_do_not_change_what_is_read() {
    use engine::ingest::{FileIngest, records::Records};
    let files = engine::demo::generate(&DemoConfig {
        firms: 1000,
        seed: 2016,
        ..DemoConfig::default()
    });
    for file in &files {
        let read = |chunk: usize| {
            let mut records = Records::default();
            let mut ingest = FileIngest::new(&file.name);
            for piece in file.bytes.chunks(chunk) {
                ingest.push(piece, &mut records);
            }
            let report = ingest.finish(&mut records);
            (records, report)
        };
        let (whole_records, whole) = read(file.bytes.len().max(1));
        for chunk in [1 << 20, 4 << 20, 65_537] {
            let (records, report) = read(chunk);
            assert_eq!(report, whole, "{} in chunks of {chunk}", file.name);
            assert!(
                records == whole_records,
                "{} records in chunks of {chunk}",
                file.name
            );
        }
    }
}

#[test]
fn a_sole_debit_file_resolved_on_reading_gives_the_panel_of_its_operations() {
    use engine::ingest::{read_all, read_all_unplanned};
    use engine::panel::Panel;
    let (files, _, _) = generate_with_truth(&config());
    let (planned, planned_reports) = read_all(&files);
    let (raw, raw_reports) = read_all_unplanned(&files);
    assert!(planned.debits.is_empty() && !planned.debt_changes.is_empty());
    assert!(!raw.debits.is_empty() && raw.debt_changes.is_empty());
    assert_eq!(planned_reports, raw_reports);
    let (a, b) = (Panel::build(&planned).unwrap(), Panel::build(&raw).unwrap());
    assert_eq!(a.firms, b.firms);
    let mut cells = 0;
    for f in 0..a.firms.len() {
        for m in 0..a.months {
            assert_eq!(a.dette(f, m), b.dette(f, m), "firm {f} month {m}");
            cells += usize::from(a.dette(f, m).is_some());
        }
    }
    assert!(cells > 1000, "{cells} debt cells compared");
}
