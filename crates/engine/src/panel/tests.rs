use super::*;
use crate::ids::Siret;
use crate::ingest::records::ApDemande;
use crate::ingest::{RawFile, read_all};

fn panel(files: &[(&str, &str)]) -> Panel {
    let raw: Vec<RawFile> = files
        .iter()
        .map(|(n, t)| RawFile {
            name: n.to_string(),
            bytes: t.as_bytes().to_vec(),
        })
        .collect();
    let (records, reports) = read_all(&raw);
    assert!(reports.iter().all(|r| r.fatal.is_none()), "{reports:?}");
    Panel::build(&records).unwrap()
}

fn month(s: &str) -> Month {
    Month::parse(s).unwrap()
}

const DEBIT_HEADER: &str = "Siret;num_cpte;Periode;Num_Ecn;Num_Hist_Ecn;Dt_trt_ecn;Mt_PO;Mt_PP";

#[test]
fn debt_stock_follows_the_latest_history_row_per_key() {
    let p = panel(&[(
        "d.csv",
        &format!(
            "{DEBIT_HEADER}
90412873300014;690000004512837751;202211;101;1;1230216;184250;402775
90412873300014;690000004512837751;202211;101;2;1230322;0;150000
90412873300014;690000004512837751;202212;101;1;1230301;10000;0
"
        ),
    )]);
    let f = 0;
    let at = |m: &str| p.dette(f, p.index_of(month(m)).unwrap());
    assert_eq!(p.start, month("2023-02"));
    assert_eq!(at("2023-02"), Some(1842.50 + 4027.75));
    assert_eq!(at("2023-03"), Some(1842.50 + 4027.75 + 100.0));
    // Booked on 22 March: the repayment counts from April.
    assert_eq!(at("2023-04"), Some(1500.0 + 100.0));
}

/// The debt stock of the first firm in each listed month, from débit files read as one import.
fn check_debts(files: &[&str], expected: &[(&str, Option<f64>)]) {
    let named: Vec<(String, String)> = files
        .iter()
        .enumerate()
        .map(|(i, rows)| (format!("debits_{i}.csv"), format!("{DEBIT_HEADER}\n{rows}")))
        .collect();
    let refs: Vec<(&str, &str)> = named
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let p = panel(&refs);
    for (m, want) in expected {
        let got = p.index_of(month(m)).and_then(|i| p.dette(0, i));
        assert_eq!(got, *want, "{m} from {files:?}");
    }
}

const OP1: &str = "90412873300014;690000004512837751;202211;101;1;1230216;184250;402775\n";
const OP2: &str = "90412873300014;690000004512837751;202211;101;2;1230322;0;150000\n";
const OTHER_DEBT: &str = "90412873300014;690000004512837751;202212;101;1;1230301;10000;0\n";

#[test]
fn one_debit_file_resolved_on_reading_or_several_merged_give_the_same_stocks() {
    let expected = [
        ("2023-02", Some(1842.50 + 4027.75)),
        ("2023-03", Some(1842.50 + 4027.75 + 100.0)),
        ("2023-04", Some(1500.0 + 100.0)),
    ];
    // The sole débit file is resolved into stock changes as it is read.
    check_debts(&[&format!("{OP1}{OP2}{OTHER_DEBT}")], &expected);
    // One debt's history over two files (a later delivery): merged per key, not added.
    check_debts(&[&format!("{OP1}{OTHER_DEBT}"), OP2], &expected);
    check_debts(&[OP2, &format!("{OTHER_DEBT}{OP1}")], &expected);
    // The same operation delivered twice is one operation.
    check_debts(&[&format!("{OP1}{OP2}{OTHER_DEBT}"), OP1], &expected);
}

#[test]
fn only_a_sole_debit_file_is_planned_for_resolution() {
    use crate::ingest::{Probe, ReadOptions, plan};
    let debit = Probe::Kind(FileKind::Debit);
    let other = Probe::Kind(FileKind::Cotisation);
    let sole = ReadOptions {
        sole_debit_file: true,
    };
    let plain = ReadOptions::default();
    let check = |probes: &[Probe], expected: &[ReadOptions]| {
        assert_eq!(plan(probes), expected, "{probes:?}");
    };
    check(&[other, debit, Probe::Unknown], &[plain, sole, plain]);
    check(&[debit, debit], &[plain, plain]);
    check(&[debit, Probe::Archive], &[plain, plain]);
    check(&[other], &[plain]);
}

#[test]
fn contributions_are_spread_over_their_period_and_missing_is_not_zero() {
    let p = panel(&[
        (
            "c.csv",
            "Siret;Compte;periode;cotis_due\n90412873300014;6900;2230;12850,00\n",
        ),
        ("e.csv", "siren;eff202231;eff202232\n888210374;12;\n"),
    ]);
    let firm = p.firm_index(Siren::parse("904128733").unwrap().0).unwrap();
    let july = p.index_of(month("2022-07")).unwrap();
    let got = p.cotisation.get(firm, july).unwrap();
    assert!((got - 12850.0 / 3.0).abs() < 1e-2);
    assert_eq!(p.effectif.get(firm, july), None);
    assert_eq!(
        p.dette(firm, july),
        None,
        "no debit row ever: missing, not zero"
    );
    let other = p.firm_index(Siren::parse("888210374").unwrap().0).unwrap();
    assert_eq!(p.effectif.get(other, july), Some(12.0));
    // August is empty in every row (unpublished): July's value is carried forward, flagged.
    assert_eq!(p.effectif_published_until, Some(month("2022-07")));
    assert_eq!(p.effectif.get(other, july + 1), Some(12.0));
    assert!(p.effectif_carried(july + 1) && !p.effectif_carried(july));
    assert!(!p.observable(Quantity::Effectif, july + 1, july + 5));
}

#[test]
fn procol_status_is_the_most_severe_open_action() {
    let p = panel(&[
        (
            "p.csv",
            "Siret;Siren;Dt_effet;Cat_v2;Lib_actx_stdx
75209148800011;752091488;12SEP2022;1;Ouverture_redressement
75209148800011;752091488;03APR2023;1;Ouverture_liquidation
75209148800011;752091488;20APR2023;1;Inclusion_autre_procedure_redressement
",
        ),
        ("e.csv", "siren;eff202231;eff202323\n752091488;12;3\n"),
    ]);
    let status = |m: &str| p.procol_status(0, p.index_of(month(m)).unwrap());
    assert_eq!(status("2022-09"), ProcolStatus::InBonis);
    assert_eq!(status("2022-10"), ProcolStatus::Redressement);
    assert_eq!(status("2023-04"), ProcolStatus::Redressement);
    assert_eq!(status("2023-05"), ProcolStatus::Liquidation);
    assert_eq!(
        p.firms[0].first_procol.map(|d| d.to_string()).as_deref(),
        Some("2022-09-12")
    );
}

#[test]
fn continuation_plans_expire_after_ten_years() {
    let e = |date: &str, stage: &str| ProcolEvent {
        siren: Siren::parse("752091488").unwrap().0,
        date: Date::parse_iso(date).unwrap(),
        action: ProcolAction::Sauvegarde,
        stage: stage.into(),
        line: 2,
        category: None,
    };
    let events = [
        e("2010-01-15", "ouverture"),
        e("2011-01-15", "plan_continuation"),
    ];
    let refs: Vec<&ProcolEvent> = events.iter().collect();
    let at = |d: &str| procol_status_at(&refs, Date::parse_iso(d).unwrap());
    assert_eq!(at("2010-06-01"), ProcolStatus::Sauvegarde);
    assert_eq!(at("2015-06-01"), ProcolStatus::PlanSauvegarde);
    assert_eq!(at("2021-02-01"), ProcolStatus::InBonis);
}

fn siret(s: &str) -> Siret {
    Siret::parse(s).unwrap().0
}

fn date(s: &str) -> Date {
    Date::parse_iso(s).unwrap()
}

/// Records with one firm headcount file over 2020-01..2023-12 (so every test month is in range).
fn base_records(siren: &str, headcount: u32) -> Records {
    use crate::ingest::records::{HeadcountRow, HeadcountTable};
    let months: Vec<Month> = month("2020-01").until(month("2024-01")).collect();
    let values = vec![headcount; months.len()].into_boxed_slice();
    Records {
        firm_headcounts: vec![HeadcountTable {
            published_until: months.last().copied(),
            months,
            rows: vec![HeadcountRow {
                unit: Siren::parse(siren).unwrap().0,
                values,
            }],
        }],
        ..Records::default()
    }
}

#[test]
fn activite_partielle_is_spread_per_day_and_absent_source_is_missing() {
    let mut r = base_records("888210374", 48);
    let p = Panel::build(&r).unwrap();
    assert_eq!(
        p.ap_heures_autorisees.get(0, 0),
        None,
        "no AP file: missing"
    );
    r.ap_demandes.push(ApDemande {
        request_id: "07422019345".into(),
        siret: siret("88821037400011"),
        start: date("2020-03-16"),
        end: date("2020-05-15"),
        hours_authorised: 3050.0,
        amount_authorised_eur: None,
        employees_authorised: None,
        firm_headcount: None,
        reason: Some(1),
        scope: None,
        status_date: None,
        estab_headcount: None,
        hours_consumed_total: None,
        employees_consumed_total: None,
        amount_consumed_total_eur: None,
        prior_use: None,
    });
    r.ap_consos.push(crate::ingest::records::ApConso {
        request_id: "07422019345".into(),
        siret: siret("88821037400011"),
        month: month("2020-04"),
        hours: 910.0,
        amount_eur: Some(7371.0),
        employees: Some(20),
    });
    let p = Panel::build(&r).unwrap();
    let at = |s: &Series2, m: &str| s.get(0, p.index_of(month(m)).unwrap()).unwrap();
    type Series2 = SparseSeries;
    let check = |m: &str, expected: f64| {
        assert!(
            (at(&p.ap_heures_autorisees, m) - expected).abs() < 1e-3,
            "{m}"
        );
    };
    check("2020-02", 0.0);
    check("2020-03", 800.0);
    check("2020-04", 1500.0);
    check("2020-05", 750.0);
    check("2020-06", 0.0);
    assert_eq!(at(&p.ap_heures_consommees, "2020-04"), 910.0);
    assert_eq!(at(&p.ap_heures_consommees, "2020-05"), 0.0);
    assert!((910.0 / FULL_TIME_MONTH_HOURS - 6.0).abs() < 0.01);
}

#[test]
fn delais_are_active_from_creation_to_the_month_before_due() {
    let mut r = base_records("904128733", 20);
    r.delais.push(crate::ingest::records::Delai {
        siret: siret("90412873300014"),
        account: "690000004512837751".into(),
        case_id: "6907231100412".into(),
        created: date("2023-02-14"),
        due: date("2023-11-14"),
        duration_days: Some(273),
        amount_eur: Some(18400.0),
        stage: Some("APPROB".into()),
        action: Some("SUR PO".into()),
    });
    let p = Panel::build(&r).unwrap();
    let plans = |m: &str| p.delai_plans.get(0, p.index_of(month(m)).unwrap());
    assert_eq!(plans("2023-01"), Some(0.0));
    assert_eq!(plans("2023-02"), Some(1.0));
    assert_eq!(plans("2023-10"), Some(1.0));
    assert_eq!(plans("2023-11"), Some(0.0), "the due month is excluded");
    let amount = p
        .delai_montant
        .get(0, p.index_of(month("2023-05")).unwrap());
    assert_eq!(amount, Some(18400.0));
}

#[test]
fn ccsf_and_statements_are_known_only_once_published() {
    use crate::ingest::records::{BalanceSheetType, Ccsf, InpiRatios};
    let mut r = base_records("817305626", 30);
    r.ccsf.push(Ccsf {
        siret: siret("81730562600019"),
        date: date("2023-09-05"),
        stage: CcsfStage::Approb,
        account: "690000009988776655".into(),
        stage_code: "APPROB".into(),
        action: "CCSF".into(),
    });
    let ratios = |closing: &str, kind| InpiRatios {
        siren: Siren::parse("817305626").unwrap().0,
        closing: date(closing),
        kind,
        confidentiality: None,
        chiffre_d_affaires: Some(5_120_000.0),
        marge_brute: None,
        ebe: None,
        ebit: None,
        resultat_net: None,
        taux_d_endettement: None,
        ratio_de_liquidite: None,
        ratio_de_vetuste: None,
        autonomie_financiere: None,
        poids_bfr_exploitation_sur_ca: None,
        couverture_des_interets: None,
        caf_sur_ca: None,
        capacite_de_remboursement: None,
        marge_ebe: None,
        resultat_courant_avant_impots_sur_ca: None,
        poids_bfr_exploitation_sur_ca_jours: None,
        rotation_des_stocks_jours: None,
        credit_clients_jours: None,
        credit_fournisseurs_jours: None,
    };
    r.inpi
        .push(ratios("2022-12-31", BalanceSheetType::Complete));
    r.inpi
        .push(ratios("2021-12-31", BalanceSheetType::Simplified));
    let p = Panel::build(&r).unwrap();
    let i = |m: &str| p.index_of(month(m)).unwrap();
    assert_eq!(
        p.last_ccsf(0, i("2023-09")),
        None,
        "strictly before the first day"
    );
    assert_eq!(
        p.last_ccsf(0, i("2023-10")).map(|c| c.1),
        Some(CcsfStage::Approb)
    );
    assert!(p.statement_at(0, i("2022-07")).is_none());
    // Before the complete 2022 accounts are usable, the simplified 2021 ones are the only
    // accounts known: the type is chosen among the statements usable at the month.
    let s = p.statement_at(0, i("2023-07")).unwrap();
    assert_eq!(s.closing, date("2021-12-31"));
    let s = p.statement_at(0, i("2023-08")).unwrap();
    assert_eq!(s.closing, date("2022-12-31"));
    assert_eq!(s.kind, BalanceSheetType::Complete, "C before S");
    assert_eq!(p.statements.of(0).len(), 2);
}

#[test]
fn perimeter_applies_the_headcount_rule_and_the_exclusions() {
    use crate::ingest::records::{Establishment, LegalUnit};
    let mut r = base_records("888210374", 12);
    let mut small = base_records("904128733", 5);
    r.firm_headcounts[0]
        .rows
        .append(&mut small.firm_headcounts[0].rows);
    let unit = |siren: &str, category: &str, ape: &str| LegalUnit {
        siren: Siren::parse(siren).unwrap().0,
        name: "X".into(),
        legal_category: Some(category.into()),
        ape: Some(ape.into()),
        created: None,
        active: true,
        siret_siege: None,
        ape_naf25: None,
    };
    r.legal_units.push(unit("888210374", "5710", "56.10A"));
    r.legal_units.push(unit("904128733", "5710", "56.10A"));
    r.establishments.push(Establishment {
        siret: siret("88821037400011"),
        is_siege: true,
        active: true,
        departement: Some("2A".into()),
        commune: Some("2A004".into()),
        postcode: None,
        created: None,
        ape: None,
    });
    let p = Panel::build(&r).unwrap();
    assert_eq!(p.firms[0].excluded, None);
    assert_eq!(p.firms[0].region.as_deref(), Some("94"));
    assert_eq!(p.firms[1].excluded, Some(Exclusion::Headcount));
    r.legal_units[0].ape = Some("84.11Z".into());
    assert_eq!(
        Panel::build(&r).unwrap().firms[0].excluded,
        Some(Exclusion::Activity)
    );
    r.legal_units[0].legal_category = Some("7210".into());
    assert_eq!(
        Panel::build(&r).unwrap().firms[0].excluded,
        Some(Exclusion::LegalCategory)
    );
    assert_eq!(p.firms_in_perimeter(), 1);
}

#[test]
fn panel_csv_has_one_row_per_firm_and_month_and_empty_missing_cells() {
    let p = panel(&[(
        "c.csv",
        "Siret;Compte;periode;cotis_due\n90412873300014;6900;2230;12850,00\n",
    )]);
    let mut out = Vec::new();
    export::write_csv(&p, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1 + p.firms.len() * p.months);
    assert_eq!(lines[0], export::COLUMNS.join(","));
    assert_eq!(lines[1], "904128733,2022-07,,0,4283.33,,,,,,,,in_bonis,1");
}

fn check_complete(counts: &[usize], expected: usize) {
    assert_eq!(super::latest_complete(counts), expected, "{counts:?}");
}

#[test]
fn the_latest_complete_month_skips_a_partial_extraction() {
    // A full last month, one cut mid-month, two partial months, normal churn, no data at all.
    check_complete(&[100, 100, 100, 100], 3);
    check_complete(&[100, 100, 100, 40], 2);
    check_complete(&[100, 100, 100, 60, 10], 2);
    check_complete(&[100, 98, 96, 93, 91], 4);
    check_complete(&[0, 0, 0], 2);
    check_complete(&[0, 0, 50, 0], 2);
    check_complete(&[80], 0);
}

#[test]
fn the_demo_is_complete_up_to_its_last_month() {
    let files = crate::demo::generate(&crate::demo::DemoConfig {
        firms: 60,
        ..crate::demo::DemoConfig::default()
    });
    let panel = crate::pipeline::import(&files).panel.unwrap();
    assert_eq!(panel.latest_complete_month(), panel.end());
}
