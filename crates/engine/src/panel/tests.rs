use super::*;
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
    assert_eq!(p.effectif.get(other, july + 1), None);
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
        stage: stage.to_string(),
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
