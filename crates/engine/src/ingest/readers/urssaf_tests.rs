//! Golden tests of the URSSAF readers, driven through `read_file` on whole small files (the spec's
//! §10 sample lines where they exist). Every test checks the report's counters, its complete
//! counts per code, and the balance invariant.

use super::*;
use crate::ingest::kind::FileKind;
use crate::ingest::readers::test_support::{Outcome, check_report, outcome, read};

fn month(y: i32, m: u32) -> Month {
    Month::new(y, m).unwrap()
}

fn date(iso: &str) -> Date {
    Date::parse_iso(iso).unwrap()
}

fn line(header: &str, base: &str, overrides: &[(&str, &str)]) -> String {
    super::super::test_support::line(';', header, base, overrides)
}

// ---------------------------------------------------------------------------------------------
// Débits.

const DEBIT_HEADER: &str = "Urssaf_gestion;Dep;num_cpte;Siren;Siret;Dt_immat;Etat_cpte;Cd_pro_col;Periode;Num_Ecn;Num_Hist_Ecn;Dt_trt_ecn;Mt_PO;Mt_PP;Cd_op_ecn;Motif_ecn;Recours_en_cours";
const DEBIT_1: &str = "117;69;690000004512837751;904128733;90412873300014;1090412;1;0;202211;101;1;1230216;184250;402775;1;2;0";
const DEBIT_2: &str = "117;69;690000004512837751;904128733;90412873300014;1090412;1;0;202211;101;2;1230322;0;150000;2;2;0";

fn debit_file(lines: &[String]) -> String {
    format!("{DEBIT_HEADER}\n{}\n", lines.join("\n"))
}

#[test]
fn debit_spec_example() {
    let (records, report) = read(
        "sigfaible_debits.csv",
        &debit_file(&[DEBIT_1.into(), DEBIT_2.into()]),
    );
    check_report(&report, FileKind::Debit, outcome(2, 0, 0, 0, &[]));
    let d = &records.debits[0];
    assert_eq!(d.ecn, "101");
    assert_eq!(d.account_state(), Some(1));
    assert_eq!(d.procol_code(), Some(0));
    assert_eq!((d.op_code(), d.reason_code()), (Some(1), Some(2)));
    assert_eq!(d.appeal_pending(), Some(false));
    assert_eq!(
        (d.part_ouvriere_eur(), d.part_patronale_eur()),
        (1842.50, 4027.75)
    );
    assert_eq!(d.period, (month(2022, 1), month(2022, 2)));
    assert_eq!(records.debits[1].accounting_month(), month(2023, 4));
}

/// One débit line with `overrides`: its outcome counters, codes, and the record if kept.
fn check_debit(overrides: &[(&str, &str)], expected: Outcome, kept: Option<fn(&Debit) -> bool>) {
    let (records, report) = read(
        "sigfaible_debits.csv",
        &debit_file(&[line(DEBIT_HEADER, DEBIT_1, overrides)]),
    );
    check_report(&report, FileKind::Debit, expected);
    match kept {
        Some(test) => {
            assert_eq!(records.debits.len(), 1, "{overrides:?}");
            assert!(
                test(&records.debits[0]),
                "{overrides:?}: {:?}",
                records.debits[0]
            );
        }
        None => assert!(records.debits.is_empty(), "{overrides:?}"),
    }
}

#[test]
fn debit_field_rules() {
    use IssueCode::*;
    // Codes outside their lists are kept with a warning.
    check_debit(
        &[("etat_cpte", "8")],
        outcome(0, 1, 0, 0, &[(UnknownCode, 1)]),
        Some(|d| d.account_state() == Some(8)),
    );
    check_debit(
        &[("etat_cpte", "x")],
        outcome(0, 1, 0, 0, &[(BadNumber, 1)]),
        Some(|d| d.account_state().is_none()),
    );
    check_debit(
        &[("cd_pro_col", "5")],
        outcome(0, 1, 0, 0, &[(UnknownCode, 1)]),
        Some(|d| d.procol_code() == Some(5)),
    );
    check_debit(
        &[("cd_pro_col", "")],
        outcome(1, 0, 0, 0, &[]),
        Some(|d| d.procol_code().is_none()),
    );
    check_debit(
        &[("cd_pro_col", "9")],
        outcome(1, 0, 0, 0, &[]),
        Some(|d| d.procol_code() == Some(9)),
    );
    check_debit(
        &[("cd_op_ecn", "13")],
        outcome(1, 0, 0, 0, &[]),
        Some(|d| d.op_code() == Some(13)),
    );
    check_debit(
        &[("cd_op_ecn", "7")],
        outcome(0, 1, 0, 0, &[(UnknownCode, 1)]),
        Some(|d| d.op_code() == Some(7)),
    );
    check_debit(
        &[("cd_op_ecn", "0")],
        outcome(0, 1, 0, 0, &[(UnknownCode, 1)]),
        Some(|d| d.op_code() == Some(0)),
    );
    check_debit(
        &[("motif_ecn", "27")],
        outcome(1, 0, 0, 0, &[]),
        Some(|d| d.reason_code() == Some(27)),
    );
    check_debit(
        &[("motif_ecn", "28")],
        outcome(0, 1, 0, 0, &[(UnknownCode, 1)]),
        Some(|d| d.reason_code() == Some(28)),
    );
    // Appeal flag: any case; empty is missing without a warning (deviation from the reference).
    check_debit(
        &[("recours_en_cours", "TRUE")],
        outcome(1, 0, 0, 0, &[]),
        Some(|d| d.appeal_pending() == Some(true)),
    );
    check_debit(
        &[("recours_en_cours", "")],
        outcome(1, 0, 0, 0, &[]),
        Some(|d| d.appeal_pending().is_none()),
    );
    check_debit(
        &[("recours_en_cours", "oui")],
        outcome(0, 1, 0, 0, &[(BadBoolean, 1)]),
        Some(|d| d.appeal_pending().is_none()),
    );
    // Registration date: lenient, never rejects.
    check_debit(
        &[("dt_immat", "1091345")],
        outcome(0, 1, 0, 0, &[(BadDate, 1)]),
        Some(|_| true),
    );
    check_debit(
        &[("dt_immat", "")],
        outcome(1, 0, 0, 0, &[]),
        Some(|_| true),
    );
    // SIREN column: a check only, the SIRET wins.
    check_debit(
        &[("siren", "552100554")],
        outcome(0, 1, 0, 0, &[(SirenSiretMismatch, 1)]),
        Some(|d| d.siret.siren().to_string() == "904128733"),
    );
    // Essential fields reject.
    check_debit(
        &[("num_ecn", "")],
        outcome(0, 0, 1, 0, &[(BadNumber, 1)]),
        None,
    );
    // ECNs are kept as text, inline: up to eight bytes.
    check_debit(
        &[("num_ecn", "A0000102")],
        outcome(1, 0, 0, 0, &[]),
        Some(|d| d.ecn == "A0000102"),
    );
    check_debit(
        &[("num_ecn", "123456789")],
        outcome(0, 0, 1, 0, &[(BadNumber, 1)]),
        None,
    );
    check_debit(
        &[("num_hist_ecn", "a")],
        outcome(0, 0, 1, 0, &[(BadNumber, 1)]),
        None,
    );
    check_debit(
        &[("dt_trt_ecn", "1231345")],
        outcome(0, 0, 1, 0, &[(BadDate, 1)]),
        None,
    );
    check_debit(
        &[("mt_pp", "")],
        outcome(0, 0, 1, 0, &[(BadNumber, 1)]),
        None,
    );
    check_debit(
        &[("periode", "202251")],
        outcome(0, 0, 1, 0, &[(BadPeriod, 1)]),
        None,
    );
    check_debit(
        &[("siret", "9041287330001A")],
        outcome(0, 0, 1, 0, &[(ProvisionalSiret, 1)]),
        None,
    );
    // Signed amounts are kept.
    check_debit(
        &[("mt_po", "-1500")],
        outcome(1, 0, 0, 0, &[]),
        Some(|d| d.part_ouvriere_cents == -1500),
    );
}

/// Two operations of one debt key in this order: which lines survive, and the report.
fn check_debit_pair(
    first: &[(&str, &str)],
    second: &[(&str, &str)],
    kept_lines: &[u64],
    expected: Outcome,
) {
    let (records, report) = read(
        "sigfaible_debits.csv",
        &debit_file(&[
            line(DEBIT_HEADER, DEBIT_1, first),
            line(DEBIT_HEADER, DEBIT_1, second),
        ]),
    );
    check_report(&report, FileKind::Debit, expected);
    // Operations come out in debt-key order; which lines survive is what matters here.
    let mut lines: Vec<u64> = records.debits.iter().map(|d| u64::from(d.line)).collect();
    lines.sort_unstable();
    assert_eq!(lines, kept_lines, "{first:?} then {second:?}");
}

#[test]
fn debit_key_duplicates_and_history_order() {
    use IssueCode::*;
    // Same (siret, period, ecn, hist_no), later processing date later: the later line wins.
    check_debit_pair(
        &[],
        &[("dt_trt_ecn", "1230301"), ("mt_po", "0")],
        &[3],
        outcome(1, 0, 0, 1, &[(ConflictingDuplicate, 1)]),
    );
    // Same date: the later line wins.
    check_debit_pair(
        &[],
        &[("mt_po", "0")],
        &[3],
        outcome(1, 0, 0, 1, &[(ConflictingDuplicate, 1)]),
    );
    // The later line has an earlier processing date: the earlier line wins.
    check_debit_pair(
        &[],
        &[("dt_trt_ecn", "1230101"), ("mt_po", "0")],
        &[2],
        outcome(1, 0, 0, 1, &[(ConflictingDuplicate, 1)]),
    );
    // Another ECN, period or SIRET is another key.
    check_debit_pair(
        &[],
        &[("num_ecn", "201")],
        &[2, 3],
        outcome(2, 0, 0, 0, &[]),
    );
    check_debit_pair(
        &[],
        &[("periode", "202212")],
        &[2, 3],
        outcome(2, 0, 0, 0, &[]),
    );
    // Rank 2 booked before rank 1: hist_order, both kept.
    check_debit_pair(
        &[],
        &[("num_hist_ecn", "2"), ("dt_trt_ecn", "1230101")],
        &[2, 3],
        outcome(1, 1, 0, 0, &[(HistOrder, 1)]),
    );
    check_debit_pair(
        &[("num_hist_ecn", "3")],
        &[("num_hist_ecn", "2"), ("dt_trt_ecn", "1230301")],
        &[2, 3],
        outcome(1, 1, 0, 0, &[(HistOrder, 1)]),
    );
    check_debit_pair(
        &[],
        &[("num_hist_ecn", "2"), ("dt_trt_ecn", "1230301")],
        &[2, 3],
        outcome(2, 0, 0, 0, &[]),
    );
}

// ---------------------------------------------------------------------------------------------
// Cotisations.

const COTISATION_HEADER: &str = "Urssaf_gestion;Dep;Siret;Compte;periode;mer;enc_direct;cotis_due";
const COTISATION: &str = "117;69;90412873300014;690000004512837751;2230;12850,00;12850,00;12850,00";

fn check_cotisation(overrides: &[(&str, &str)], expected: Outcome, kept: Option<Cotisation>) {
    let text = format!(
        "{COTISATION_HEADER}\n{}\n",
        line(COTISATION_HEADER, COTISATION, overrides)
    );
    let (records, report) = read("sigfaible_cotisdues.csv", &text);
    check_report(&report, FileKind::Cotisation, expected);
    assert_eq!(records.cotisations.first().copied(), kept, "{overrides:?}");
}

#[test]
fn cotisation_rules() {
    use IssueCode::*;
    let siret = Siret::parse("90412873300014").unwrap().0;
    let quarter = (month(2022, 7), month(2022, 10));
    let c = |due: f64, mer: Option<f64>, enc: Option<f64>| {
        Cotisation::new(siret, quarter, due, mer, enc)
    };
    check_cotisation(
        &[],
        outcome(1, 0, 0, 0, &[]),
        Some(c(12850.0, Some(12850.0), Some(12850.0))),
    );
    check_cotisation(
        &[("mer", ""), ("enc_direct", "100.5")],
        outcome(1, 0, 0, 0, &[]),
        Some(c(12850.0, None, Some(100.5))),
    );
    check_cotisation(
        &[("mer", "n/a")],
        outcome(0, 1, 0, 0, &[(BadNumber, 1)]),
        Some(c(12850.0, None, Some(12850.0))),
    );
    check_cotisation(
        &[("cotis_due", "-120,50")],
        outcome(1, 0, 0, 0, &[]),
        Some(c(-120.5, Some(12850.0), Some(12850.0))),
    );
    check_cotisation(
        &[("cotis_due", "")],
        outcome(0, 0, 1, 0, &[(BadNumber, 1)]),
        None,
    );
    check_cotisation(
        &[("periode", "2151")],
        outcome(0, 0, 1, 0, &[(BadPeriod, 1)]),
        None,
    );
    check_cotisation(
        &[("siret", "")],
        outcome(0, 0, 1, 0, &[(MissingSiret, 1)]),
        None,
    );
}

// ---------------------------------------------------------------------------------------------
// Délais.

const DELAI_HEADER: &str = "Urssaf_gestion;Dep;Siret;Numero_compte_externe;Numero_structure;Date_creation;Date_echeance;Duree_delai;Denomination_premiere_ligne;Indic_6M;Annee_creation;Montant_global_echeancier;Code_externe_stade;Code_externe_action";
const DELAI: &str = "117;69;90412873300014;690000004512837751;6907231100412;14/02/2023;14/11/2023;273;ATELIERS EXEMPLE;SUP;2023;18400,00;APPROB;SUR PO";

fn check_delai(overrides: &[(&str, &str)], expected: Outcome, kept: Option<fn(&Delai) -> bool>) {
    let text = format!("{DELAI_HEADER}\n{}\n", line(DELAI_HEADER, DELAI, overrides));
    let (records, report) = read("sigfaible_delais.csv", &text);
    check_report(&report, FileKind::Delai, expected);
    match kept {
        Some(test) => assert!(
            records.delais.len() == 1 && test(&records.delais[0]),
            "{overrides:?}: {:?}",
            records.delais
        ),
        None => assert!(records.delais.is_empty(), "{overrides:?}"),
    }
}

#[test]
fn delai_spec_example() {
    let text = format!("{DELAI_HEADER}\n{DELAI}\n");
    let (records, report) = read("sigfaible_delais.csv", &text);
    check_report(&report, FileKind::Delai, outcome(1, 0, 0, 0, &[]));
    let d = &records.delais[0];
    assert_eq!(
        (d.account.as_str(), d.case_id.as_str()),
        ("690000004512837751", "6907231100412")
    );
    assert_eq!((d.created, d.due), (date("2023-02-14"), date("2023-11-14")));
    assert_eq!((d.duration_days, d.amount_eur), (Some(273), Some(18400.0)));
    assert_eq!(
        (d.stage.as_deref(), d.action.as_deref()),
        (Some("APPROB"), Some("SUR PO"))
    );
    // Active Feb–Oct 2023: the due month is excluded.
    let active: Vec<u32> = (1..=12).filter(|m| d.active_in(month(2023, *m))).collect();
    assert_eq!(active, (2..=10).collect::<Vec<_>>());
}

#[test]
fn delai_rules() {
    use IssueCode::*;
    check_delai(
        &[
            ("date_creation", "2023-02-14"),
            ("date_echeance", "2023-11-14"),
        ],
        outcome(1, 0, 0, 0, &[]),
        Some(|d| d.due == date("2023-11-14")),
    );
    check_delai(
        &[("date_creation", "4/2/2023")],
        outcome(1, 0, 0, 0, &[]),
        Some(|d| d.created == date("2023-02-04")),
    );
    check_delai(
        &[("date_echeance", "14/01/2023")],
        outcome(0, 1, 0, 0, &[(BadInterval, 1)]),
        Some(|d| d.due == date("2023-01-14")),
    );
    check_delai(
        &[("duree_delai", "env. 9 mois")],
        outcome(0, 1, 0, 0, &[(BadNumber, 1)]),
        Some(|d| d.duration_days.is_none()),
    );
    check_delai(
        &[("duree_delai", "")],
        outcome(1, 0, 0, 0, &[]),
        Some(|d| d.duration_days.is_none()),
    );
    check_delai(
        &[("montant_global_echeancier", "18400.50")],
        outcome(1, 0, 0, 0, &[]),
        Some(|d| d.amount_eur == Some(18400.5)),
    );
    check_delai(
        &[("montant_global_echeancier", "")],
        outcome(1, 0, 0, 0, &[]),
        Some(|d| d.amount_eur.is_none()),
    );
    check_delai(
        &[("code_externe_stade", "PR"), ("code_externe_action", "")],
        outcome(1, 0, 0, 0, &[]),
        Some(|d| d.stage.as_deref() == Some("PR") && d.action.is_none()),
    );
    check_delai(
        &[("siret", "")],
        outcome(0, 0, 1, 0, &[(MissingSiret, 1)]),
        None,
    );
    check_delai(
        &[("date_creation", "31/02/2023")],
        outcome(0, 0, 1, 0, &[(BadDate, 1)]),
        None,
    );
    check_delai(
        &[("date_echeance", "")],
        outcome(0, 0, 1, 0, &[(BadDate, 1)]),
        None,
    );
    check_delai(
        &[("numero_compte_externe", "")],
        outcome(0, 0, 1, 0, &[(BadNumber, 1)]),
        None,
    );
}

// ---------------------------------------------------------------------------------------------
// CCSF.

const CCSF_HEADER: &str =
    "Urssaf_gestion;Dep;Siret;Compte;Date_de_traitement;Code_externe_stade;Code_externe_action";
const CCSF: &str = "117;69;81730562600019;690000009988776655;1230905;APPROB;CCSF";

fn check_ccsf(overrides: &[(&str, &str)], expected: Outcome, kept: Option<(CcsfStage, &str)>) {
    let text = format!("{CCSF_HEADER}\n{}\n", line(CCSF_HEADER, CCSF, overrides));
    let (records, report) = read("sigfaible_ccsf.csv", &text);
    check_report(&report, FileKind::Ccsf, expected);
    let got = records
        .ccsf
        .first()
        .map(|c| (c.stage, c.stage_code.as_str()));
    assert_eq!(got, kept, "{overrides:?}");
}

#[test]
fn ccsf_rules() {
    use IssueCode::*;
    let (records, _) = read("sigfaible_ccsf.csv", &format!("{CCSF_HEADER}\n{CCSF}\n"));
    assert_eq!(records.ccsf[0].date, date("2023-09-05"));
    assert_eq!(
        (
            records.ccsf[0].account.as_str(),
            records.ccsf[0].action.as_str()
        ),
        ("690000009988776655", "CCSF")
    );
    check_ccsf(
        &[],
        outcome(1, 0, 0, 0, &[]),
        Some((CcsfStage::Approb, "APPROB")),
    );
    for (code, stage) in [
        ("DEBUT", CcsfStage::Debut),
        ("REFUS", CcsfStage::Refus),
        ("FIN", CcsfStage::Fin),
        ("REJ", CcsfStage::Rej),
    ] {
        check_ccsf(
            &[("code_externe_stade", code)],
            outcome(1, 0, 0, 0, &[]),
            Some((stage, code)),
        );
    }
    check_ccsf(
        &[("code_externe_stade", "SUSP")],
        outcome(0, 1, 0, 0, &[(UnknownCode, 1)]),
        Some((CcsfStage::Other, "SUSP")),
    );
    check_ccsf(
        &[("code_externe_action", "DELAI")],
        outcome(0, 1, 0, 0, &[(UnknownCode, 1)]),
        Some((CcsfStage::Approb, "APPROB")),
    );
    check_ccsf(
        &[("date_de_traitement", "1231305")],
        outcome(0, 0, 1, 0, &[(BadDate, 1)]),
        None,
    );
    check_ccsf(
        &[("date_de_traitement", "20230905")],
        outcome(0, 1, 0, 0, &[(Date8Digits, 1)]),
        Some((CcsfStage::Approb, "APPROB")),
    );
    check_ccsf(
        &[("siret", "123")],
        outcome(0, 1, 0, 0, &[(IdZeroPadded, 1), (LuhnFailed, 1)]),
        Some((CcsfStage::Approb, "APPROB")),
    );
}

// ---------------------------------------------------------------------------------------------
// Procédures collectives.

#[test]
fn procol_labels() {
    let check = |label: &str, expected: Option<(ProcolAction, &str)>| {
        assert_eq!(
            parse_procol_label(label),
            expected.map(|(a, s)| (a, s.to_string())),
            "label {label:?}"
        );
    };
    check(
        "Ouverture_redressement",
        Some((ProcolAction::Redressement, "ouverture")),
    );
    check(
        "Solde_procedure_redressement",
        Some((ProcolAction::Redressement, "solde_procedure")),
    );
    check(
        "Plan_continuation_sauvegarde",
        Some((ProcolAction::Sauvegarde, "plan_continuation")),
    );
    check(
        "Ouverture_liquidation",
        Some((ProcolAction::Liquidation, "ouverture")),
    );
    check("Ouverture_faillite", None);
}

#[test]
fn procol_stage_warnings() {
    let check =
        |stage: &str, unknown: bool| assert_eq!(stage_is_unknown(stage), unknown, "{stage:?}");
    for known in KNOWN_STAGES {
        check(known, false);
    }
    check("jugement_ouverture", false);
    check("conversion", false);
    check("", true);
    check("bizarre", true);
    check("ouverture_bizarre", true);
}

const PROCOL_HEADER: &str = "Siret;Siren;Dt_effet;Cat_v2;Lib_actx_stdx";
const PROCOL: &str = "75209148800011;752091488;12SEP2022;1;Ouverture_redressement";

fn check_procol(
    overrides: &[(&str, &str)],
    expected: Outcome,
    kept: Option<(ProcolAction, &str, Option<&str>)>,
) {
    let text = format!(
        "{PROCOL_HEADER}\n{}\n",
        line(PROCOL_HEADER, PROCOL, overrides)
    );
    let (records, report) = read("sigfaible_pcoll.csv", &text);
    check_report(&report, FileKind::Procol, expected);
    let got = records
        .procols
        .first()
        .map(|p| (p.action, p.stage.as_str(), p.category.as_deref()));
    assert_eq!(got, kept, "{overrides:?}");
}

#[test]
fn procol_rules() {
    use IssueCode::*;
    use ProcolAction::*;
    let text = format!(
        "{PROCOL_HEADER}\n{PROCOL}\n75209148800011;752091488;03APR2023;1;Ouverture_liquidation\n"
    );
    let (records, report) = read("sigfaible_pcoll.csv", &text);
    check_report(&report, FileKind::Procol, outcome(2, 0, 0, 0, &[]));
    let got: Vec<(String, ProcolAction)> = records
        .procols
        .iter()
        .map(|p| (p.date.to_string(), p.action))
        .collect();
    assert_eq!(
        got,
        vec![
            ("2022-09-12".into(), Redressement),
            ("2023-04-03".into(), Liquidation)
        ]
    );

    check_procol(
        &[],
        outcome(1, 0, 0, 0, &[]),
        Some((Redressement, "ouverture", Some("1"))),
    );
    check_procol(
        &[("cat_v2", "")],
        outcome(1, 0, 0, 0, &[]),
        Some((Redressement, "ouverture", None)),
    );
    check_procol(
        &[("siren", "552100554")],
        outcome(0, 1, 0, 0, &[(SirenSiretMismatch, 1)]),
        Some((Redressement, "ouverture", Some("1"))),
    );
    check_procol(
        &[("lib_actx_stdx", "Jugement_ouverture_liquidation")],
        outcome(1, 0, 0, 0, &[]),
        Some((Liquidation, "jugement_ouverture", Some("1"))),
    );
    check_procol(
        &[("lib_actx_stdx", "Abandon_procedure_sauvegarde")],
        outcome(1, 0, 0, 0, &[]),
        Some((Sauvegarde, "abandon_procedure", Some("1"))),
    );
    check_procol(
        &[("lib_actx_stdx", "Etrange_redressement")],
        outcome(0, 1, 0, 0, &[(UnknownCode, 1)]),
        Some((Redressement, "etrange", Some("1"))),
    );
    check_procol(
        &[("lib_actx_stdx", "Liquidation")],
        outcome(0, 1, 0, 0, &[(UnknownCode, 1)]),
        Some((Liquidation, "", Some("1"))),
    );
    check_procol(
        &[("lib_actx_stdx", "Ouverture_faillite")],
        outcome(0, 0, 1, 0, &[(UnknownProcolAction, 1)]),
        None,
    );
    check_procol(
        &[("dt_effet", "31FEB2022")],
        outcome(0, 0, 1, 0, &[(BadDate, 1)]),
        None,
    );
}

// ---------------------------------------------------------------------------------------------
// Effectifs.

#[test]
fn headcount_cells_follow_the_spec() {
    let check = |raw: &str, expected: Cell| assert_eq!(headcount_cell(raw), expected, "{raw:?}");
    let value = |headcount, truncated| Cell::Value {
        headcount,
        truncated,
    };
    check("", Cell::Missing);
    check("12", value(12, false));
    check("0", value(0, false));
    check("1 234", value(1234, false));
    check("1\u{a0}234", value(1234, false));
    check("12,5", value(12, true));
    check("12.0", value(12, false));
    check("-3", Cell::Negative);
    check("-3,5", Cell::Negative);
    check("1.234,5", Cell::Bad);
    check("12a", Cell::Bad);
    check("+3", Cell::Bad);
    check("4294967295", Cell::Bad);
}

const FIRM_HEADCOUNTS: &str = "siren;eff202211;eff202212;eff202213;eff202221;eff202222;rais_soc\n888210374;12;11;;9;;EXEMPLE SAS\n";

/// The values of a table row as (month, headcount), missing cells left out.
fn values<K>(table: &HeadcountTable<K>, row: usize) -> Vec<(String, u32)> {
    table
        .months
        .iter()
        .zip(table.rows[row].values.iter())
        .filter(|(_, v)| **v != HEADCOUNT_MISSING)
        .map(|(m, v)| (m.to_string(), *v))
        .collect()
}

#[test]
fn firm_headcount_spec_example() {
    let (records, report) = read("sigfaible_effectif_siren.csv", FIRM_HEADCOUNTS);
    check_report(&report, FileKind::EffectifEnt, outcome(1, 0, 0, 0, &[]));
    let table = &records.firm_headcounts[0];
    assert_eq!(
        values(table, 0),
        vec![
            ("2022-01".into(), 12),
            ("2022-02".into(), 11),
            ("2022-04".into(), 9)
        ]
    );
    // May is empty in every row: unpublished.
    assert_eq!(table.published_until, Some(month(2022, 4)));
    assert_eq!(report.trailing_empty_months, 1);
    assert_eq!(
        (report.first_month, report.last_month),
        (Some(month(2022, 1)), Some(month(2022, 5)))
    );
}

/// A firm headcount file: the rows kept as (siren, values), unpublished months, and the report.
fn check_firm_headcounts(
    text: &str,
    rows: &[(&str, &[(&str, u32)])],
    trailing: u32,
    expected: Outcome,
) {
    let (records, report) = read("sigfaible_effectif_siren.csv", text);
    check_report(&report, FileKind::EffectifEnt, expected);
    let table = &records.firm_headcounts[0];
    let got: Vec<(String, Vec<(String, u32)>)> = (0..table.rows.len())
        .map(|i| (table.rows[i].unit.to_string(), values(table, i)))
        .collect();
    let want: Vec<(String, Vec<(String, u32)>)> = rows
        .iter()
        .map(|(s, v)| {
            (
                s.to_string(),
                v.iter().map(|(m, n)| (m.to_string(), *n)).collect(),
            )
        })
        .collect();
    assert_eq!(got, want, "{text}");
    assert_eq!(report.trailing_empty_months, trailing, "{text}");
}

#[test]
fn firm_headcount_rules() {
    use IssueCode::*;
    let h = "siren;eff202211;eff202212;eff202213;rais_soc\n";
    check_firm_headcounts(
        &format!("{h}888210374;1 234;12,5;0;A\n"),
        &[(
            "888210374",
            &[("2022-01", 1234), ("2022-02", 12), ("2022-03", 0)],
        )],
        0,
        outcome(0, 1, 0, 0, &[(FractionTruncated, 1)]),
    );
    check_firm_headcounts(
        &format!("{h}888210374;-3;abc;7;A\n"),
        &[("888210374", &[("2022-03", 7)])],
        0,
        outcome(0, 1, 0, 0, &[(BadHeadcount, 2)]),
    );
    // A cell read as negative or bad does not make its month published.
    check_firm_headcounts(
        &format!("{h}888210374;5;-3;;A\n"),
        &[("888210374", &[("2022-01", 5)])],
        2,
        outcome(0, 1, 0, 0, &[(BadHeadcount, 1)]),
    );
    // Same SIREN twice: the last row wins, the first is skipped.
    check_firm_headcounts(
        &format!("{h}888210374;5;;;A\n552100554;1;1;1;B\n888210374;6;;;A\n"),
        &[
            ("888210374", &[("2022-01", 6)]),
            (
                "552100554",
                &[("2022-01", 1), ("2022-02", 1), ("2022-03", 1)],
            ),
        ],
        0,
        outcome(2, 0, 0, 1, &[(ConflictingDuplicate, 1)]),
    );
    // An invalid SIREN rejects its row (its cells do not count as published).
    check_firm_headcounts(
        &format!("{h}88821037A;5;5;5;A\n888210374;5;;;A\n"),
        &[("888210374", &[("2022-01", 5)])],
        2,
        outcome(1, 0, 1, 0, &[(BadSiren, 1)]),
    );
    // A column that is not a single month is ignored with a file warning.
    check_firm_headcounts(
        "siren;eff202211;eff202210;effectif_total;rais_soc\n888210374;5;6;7;A\n",
        &[("888210374", &[("2022-01", 5)])],
        0,
        outcome(1, 0, 0, 0, &[(BadPeriod, 1)]),
    );
    check_firm_headcounts(
        "siren;eff2211;eff2212;rais_soc\n888210374;5;;A\n",
        &[("888210374", &[("2022-01", 5)])],
        1,
        outcome(1, 0, 0, 0, &[]),
    );
}

#[test]
fn establishment_headcount_rules() {
    use IssueCode::*;
    let text = "compte;siret;rais_soc;ape_ins;dep;eff202211;eff202212;eff202213;base;UR_EMET
690000004512837751;90412873300014;EXEMPLE;2562A;69;10;11;;B;117
690000004512837752;90412873300014;EXEMPLE;2562A;69;1;2;;B;117
690000004512837751;90412873300014;EXEMPLE;2562A;69;10;12;;B;117
;90412873300014;EXEMPLE;2562A;69;10;12;;B;117
";
    let (records, report) = read("sigfaible_effectif_siret.csv", text);
    check_report(
        &report,
        FileKind::Effectif,
        outcome(2, 0, 1, 1, &[(ConflictingDuplicate, 1), (BadNumber, 1)]),
    );
    let table = &records.establishment_headcounts[0];
    let got: Vec<(String, Vec<(String, u32)>)> = (0..table.rows.len())
        .map(|i| (table.rows[i].unit.account.to_string(), values(table, i)))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "690000004512837751".into(),
                vec![("2022-01".into(), 10), ("2022-02".into(), 12)]
            ),
            (
                "690000004512837752".into(),
                vec![("2022-01".into(), 1), ("2022-02".into(), 2)]
            ),
        ]
    );
    assert_eq!(table.published_until, Some(month(2022, 2)));
    assert_eq!(report.trailing_empty_months, 1);
    let skipped = report
        .entries
        .iter()
        .find(|e| e.code == ConflictingDuplicate)
        .unwrap();
    assert_eq!(skipped.line, 2);
}

// ---------------------------------------------------------------------------------------------
// Legacy account map.

const ADMIN_HEADER: &str =
    "Urssaf_gestion;Dep;Compte;Etat_compte;Siren;Siret;Date_crea_siret;Date_disp_siret";
const ADMIN: &str = "117;69;690000004512837751;1;904128733;90412873300014;1090412;";

fn check_admin(
    overrides: &[(&str, &str)],
    expected: Outcome,
    kept: Option<(Option<&str>, Option<&str>)>,
) {
    let text = format!("{ADMIN_HEADER}\n{}\n", line(ADMIN_HEADER, ADMIN, overrides));
    let (records, report) = read("admin_urssaf.csv", &text);
    check_report(&report, FileKind::AdminUrssaf, expected);
    let got = records.accounts.first().map(|a| {
        (
            a.created.map(|d| d.to_string()),
            a.disappeared.map(|d| d.to_string()),
        )
    });
    let want = kept.map(|(c, d)| (c.map(str::to_string), d.map(str::to_string)));
    assert_eq!(got, want, "{overrides:?}");
}

#[test]
fn admin_urssaf_rules() {
    use IssueCode::*;
    check_admin(
        &[],
        outcome(1, 0, 0, 0, &[]),
        Some((Some("2009-04-12"), None)),
    );
    check_admin(
        &[("date_disp_siret", "1230101")],
        outcome(1, 0, 0, 0, &[]),
        Some((Some("2009-04-12"), Some("2023-01-01"))),
    );
    check_admin(
        &[("date_crea_siret", "")],
        outcome(1, 0, 0, 0, &[]),
        Some((None, None)),
    );
    check_admin(
        &[("date_crea_siret", "99")],
        outcome(0, 1, 0, 0, &[(BadDate, 1)]),
        Some((None, None)),
    );
    check_admin(
        &[("date_disp_siret", "1231301")],
        outcome(0, 0, 1, 0, &[(BadDate, 1)]),
        None,
    );
    check_admin(
        &[("siret", "904128733000145")],
        outcome(0, 0, 1, 0, &[(BadSiret, 1)]),
        None,
    );
    check_admin(
        &[("siret", "9041287330A014")],
        outcome(0, 0, 1, 0, &[(ProvisionalSiret, 1)]),
        None,
    );
    check_admin(
        &[("siren", "552100554")],
        outcome(0, 1, 0, 0, &[(SirenSiretMismatch, 1)]),
        Some((Some("2009-04-12"), None)),
    );
}
