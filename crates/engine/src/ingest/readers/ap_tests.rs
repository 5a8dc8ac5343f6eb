//! Golden tests of the activité partielle readers (§4.7–§4.8), from the §10 sample lines.

use super::*;
use crate::ingest::readers::test_support::{count, read_into, read_ok as read};

fn month(y: i32, m: u32) -> Month {
    Month::new(y, m).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> Date {
    Date::new(y, m, d).unwrap()
}

const DEMANDE_HEADER: &str = r#""ID_DA","ETAB_SIRET","EFF_ENT","EFF_ETAB","DATE_STATUT","DATE_DEB","DATE_FIN","HTA","MTA","EFF_AUTO","MOTIF_RECOURS_SE","PERIMETRE_AP","S_HEURE_CONSOM_TOT","S_EFF_CONSOM_TOT","S_MONTANT_CONSOM_TOT","RECOURS_ANTERIEUR""#;
const DEMANDE_LINE: &str = r#""07422019345","88821037400011",48.0,31.0,"2020-03-20","2020-03-16","2020-05-15",3050.0,"24705,00",25.0,"1","3",1820.5,22.0,"14746,05","1""#;

/// The §10 sample line with some columns replaced (values written quoted).
fn demande_line(overrides: &[(&str, &str)]) -> String {
    let names: Vec<&str> = DEMANDE_HEADER.split(',').collect();
    // The sample's inner commas are all quoted ("24705,00"), so a CSV read splits it right.
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(DEMANDE_LINE.as_bytes());
    let mut values: Vec<String> = reader
        .records()
        .next()
        .unwrap()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    for (column, value) in overrides {
        let i = names
            .iter()
            .position(|n| n.trim_matches('"') == *column)
            .unwrap();
        values[i] = (*value).to_string();
    }
    values
        .iter()
        .map(|v| format!("\"{v}\""))
        .collect::<Vec<_>>()
        .join(",")
}

fn demande_file(lines: &[String]) -> String {
    format!("{DEMANDE_HEADER}\n{}\n", lines.join("\n"))
}

#[test]
fn demande_sample_is_read_whole() {
    let (records, report) = read("demande_ap.csv", &demande_file(&[DEMANDE_LINE.to_string()]));
    assert_eq!(report.kind, Some(crate::ingest::kind::FileKind::ApDemande));
    assert_eq!((report.records_read, report.accepted), (1, 1), "{report:?}");
    let expected = ApDemande {
        request_id: "07422019345".into(),
        siret: Siret::parse("88821037400011").unwrap().0,
        start: date(2020, 3, 16),
        end: date(2020, 5, 15),
        hours_authorised: 3050.0,
        amount_authorised_eur: Some(24705.0),
        employees_authorised: Some(25),
        firm_headcount: Some(48),
        reason: Some(1),
        scope: Some(3),
        status_date: Some(date(2020, 3, 20)),
        estab_headcount: Some(31),
        hours_consumed_total: Some(1820.5),
        employees_consumed_total: Some(22),
        amount_consumed_total_eur: Some(14746.05),
        prior_use: Some(1),
    };
    assert_eq!(records.ap_demandes, vec![expected]);
    assert_eq!(
        (report.first_month, report.last_month),
        (Some(month(2020, 3)), Some(month(2020, 5)))
    );
}

/// Reads one sample line with `overrides` and compares the kept record (via `project`) or the
/// code that rejected the line.
fn check_demande<T: PartialEq + std::fmt::Debug>(
    overrides: &[(&str, &str)],
    project: impl Fn(&ApDemande) -> T,
    expected: Result<T, IssueCode>,
    warnings: &[IssueCode],
) {
    let (records, report) = read("demande_ap.csv", &demande_file(&[demande_line(overrides)]));
    match expected {
        Ok(value) => {
            assert_eq!(report.rejected, 0, "{overrides:?}: {report:?}");
            assert_eq!(project(&records.ap_demandes[0]), value, "{overrides:?}");
        }
        Err(code) => {
            assert_eq!(report.rejected, 1, "{overrides:?}: {report:?}");
            assert!(records.ap_demandes.is_empty());
            assert_eq!(count(&report, code), 1, "{overrides:?}: {report:?}");
        }
    }
    for code in warnings {
        assert_eq!(count(&report, *code), 1, "{overrides:?}: {report:?}");
    }
    let warned = u64::from(!warnings.is_empty() && report.rejected == 0);
    assert_eq!(report.accepted_with_warnings, warned, "{overrides:?}");
}

#[test]
fn demande_dates_in_every_accepted_shape() {
    let period = |d: &ApDemande| (d.start, d.end);
    let spring = (date(2020, 3, 16), date(2020, 5, 15));
    type Case<'a> = (&'a str, &'a str, Result<(Date, Date), IssueCode>);
    let cases: [Case; 8] = [
        ("2020-03-16", "2020-05-15", Ok(spring)),
        ("16/03/2020", "15/05/2020", Ok(spring)),
        ("16/03/20", "15/05/20", Ok(spring)),
        ("2020-03-16T00:00:00", "15/05/2020 00:00:00", Ok(spring)),
        ("2020-03-16", "2020-03-16", Ok((spring.0, spring.0))),
        ("2020-05-15", "2020-03-16", Err(IssueCode::BadInterval)),
        ("2020-02-30", "2020-05-15", Err(IssueCode::BadDate)),
        ("", "2020-05-15", Err(IssueCode::BadDate)),
    ];
    for (start, end, expected) in cases {
        check_demande(
            &[("DATE_DEB", start), ("DATE_FIN", end)],
            period,
            expected,
            &[],
        );
    }
    check_demande(
        &[("DATE_STATUT", "20/03/2020")],
        |d| d.status_date,
        Ok(Some(date(2020, 3, 20))),
        &[],
    );
    check_demande(
        &[("DATE_STATUT", "hier")],
        |d| d.status_date,
        Ok(None),
        &[IssueCode::BadDate],
    );
}

#[test]
fn demande_identifiers() {
    check_demande(
        &[("ETAB_SIRET", "")],
        |d| d.siret,
        Err(IssueCode::MissingSiret),
        &[],
    );
    check_demande(
        &[("ETAB_SIRET", "8882103740001A")],
        |d| d.siret,
        Err(IssueCode::ProvisionalSiret),
        &[],
    );
    check_demande(
        &[("ID_DA", "")],
        |d| d.request_id.clone(),
        Err(IssueCode::BadNumber),
        &[],
    );
}

#[test]
fn demande_numbers_follow_their_column_policy() {
    let hours = |d: &ApDemande| d.hours_authorised;
    check_demande(&[("HTA", "3050")], hours, Ok(3050.0), &[]);
    check_demande(&[("HTA", "3050.5")], hours, Ok(3050.5), &[]);
    // HTA is a point column and essential.
    check_demande(&[("HTA", "3050,5")], hours, Err(IssueCode::BadNumber), &[]);
    check_demande(&[("HTA", "")], hours, Err(IssueCode::BadNumber), &[]);
    let amount = |d: &ApDemande| d.amount_authorised_eur;
    check_demande(&[("MTA", "24705.5")], amount, Ok(Some(24705.5)), &[]);
    check_demande(&[("MTA", "24 705,5")], amount, Ok(Some(24705.5)), &[]);
    check_demande(&[("MTA", "")], amount, Ok(None), &[]);
    check_demande(
        &[("MTA", "24.705,5")],
        amount,
        Ok(Some(24705.5)),
        &[IssueCode::ThousandsSeparator],
    );
    check_demande(&[("MTA", "n/a")], amount, Ok(None), &[IssueCode::BadNumber]);
    let consumed = |d: &ApDemande| d.amount_consumed_total_eur;
    check_demande(
        &[("S_MONTANT_CONSOM_TOT", "14746.05")],
        consumed,
        Ok(Some(14746.05)),
        &[],
    );
}

#[test]
fn demande_integers_written_as_floats() {
    let headcount = |d: &ApDemande| d.firm_headcount;
    check_demande(&[("EFF_ENT", "48")], headcount, Ok(Some(48)), &[]);
    check_demande(&[("EFF_ENT", "48.0")], headcount, Ok(Some(48)), &[]);
    check_demande(
        &[("EFF_ENT", "48.7")],
        headcount,
        Ok(Some(48)),
        &[IssueCode::FractionTruncated],
    );
    check_demande(&[("EFF_ENT", "")], headcount, Ok(None), &[]);
    check_demande(
        &[("EFF_ENT", "-3")],
        headcount,
        Ok(None),
        &[IssueCode::BadNumber],
    );
    check_demande(
        &[("EFF_AUTO", "25.5")],
        |d| d.employees_authorised,
        Ok(Some(25)),
        &[IssueCode::FractionTruncated],
    );
    check_demande(
        &[("EFF_ETAB", "31.0"), ("S_EFF_CONSOM_TOT", "22")],
        |d| (d.estab_headcount, d.employees_consumed_total),
        Ok((Some(31), Some(22))),
        &[],
    );
}

#[test]
fn demande_code_lists() {
    let reason = |d: &ApDemande| d.reason;
    for (raw, expected) in [("1", Some(1)), ("7", Some(7)), ("5.0", Some(5)), ("", None)] {
        check_demande(&[("MOTIF_RECOURS_SE", raw)], reason, Ok(expected), &[]);
    }
    // Outside 1–7: missing, the line kept (the reference rejects it).
    for raw in ["0", "8", "x"] {
        check_demande(
            &[("MOTIF_RECOURS_SE", raw)],
            reason,
            Ok(None),
            &[IssueCode::UnknownCode],
        );
    }
    let scope = |d: &ApDemande| d.scope;
    check_demande(&[("PERIMETRE_AP", "4")], scope, Ok(Some(4)), &[]);
    check_demande(
        &[("PERIMETRE_AP", "5")],
        scope,
        Ok(Some(5)),
        &[IssueCode::UnknownCode],
    );
    let prior = |d: &ApDemande| d.prior_use;
    check_demande(&[("RECOURS_ANTERIEUR", "3")], prior, Ok(Some(3)), &[]);
    check_demande(
        &[("RECOURS_ANTERIEUR", "9")],
        prior,
        Ok(Some(9)),
        &[IssueCode::UnknownCode],
    );
}

#[test]
fn demande_key_duplicates_later_wins() {
    let later = demande_line(&[("HTA", "4000")]);
    let other = demande_line(&[("ID_DA", "07422019346")]);
    let text = demande_file(&[DEMANDE_LINE.to_string(), other, later.clone(), later]);
    let (records, report) = read("demande_ap.csv", &text);
    assert_eq!(report.records_read, 4);
    assert_eq!((report.accepted, report.skipped), (2, 2), "{report:?}");
    assert_eq!(count(&report, IssueCode::ConflictingDuplicate), 1);
    assert_eq!(count(&report, IssueCode::DuplicateLine), 1);
    let superseded = report
        .entries
        .iter()
        .find(|e| e.code == IssueCode::ConflictingDuplicate)
        .unwrap();
    assert_eq!(superseded.line, 2);
    let kept: Vec<(&str, f64)> = records
        .ap_demandes
        .iter()
        .map(|d| (d.request_id.as_str(), d.hours_authorised))
        .collect();
    assert_eq!(kept, vec![("07422019345", 4000.0), ("07422019346", 3050.0)]);
}

#[test]
fn unquoted_comma_in_a_number_is_a_field_count_error() {
    let shifted = DEMANDE_LINE.replace(",3050.0,", ",3050,0,");
    let text = demande_file(&[shifted, demande_line(&[("ID_DA", "2")])]);
    let (records, report) = read("demande_ap.csv", &text);
    assert_eq!((report.rejected, report.accepted), (1, 1));
    assert_eq!(count(&report, IssueCode::FieldCount), 1);
    assert_eq!(records.ap_demandes.len(), 1);
}

fn check_spread(start: Date, end: Date, hours: f64, expected: &[(Month, f64)]) {
    let (records, _) = read("demande_ap.csv", &demande_file(&[DEMANDE_LINE.to_string()]));
    let demande = ApDemande {
        start,
        end,
        hours_authorised: hours,
        ..records.ap_demandes[0].clone()
    };
    let got = authorised_hours_by_month(&demande);
    assert_eq!(got.len(), expected.len(), "{got:?}");
    for ((m, h), (em, eh)) in got.iter().zip(expected) {
        assert_eq!(m, em);
        assert!((h - eh).abs() < 1e-9, "{m}: {h} ≠ {eh}");
    }
    let total: f64 = got.iter().map(|(_, h)| h).sum();
    assert!((total - hours).abs() < 1e-9);
}

#[test]
fn authorised_hours_are_spread_per_day() {
    // §10: 61 days, 50 h a day.
    check_spread(
        date(2020, 3, 16),
        date(2020, 5, 15),
        3050.0,
        &[
            (month(2020, 3), 800.0),
            (month(2020, 4), 1500.0),
            (month(2020, 5), 750.0),
        ],
    );
    check_spread(
        date(2021, 2, 10),
        date(2021, 2, 10),
        7.0,
        &[(month(2021, 2), 7.0)],
    );
    // Across a year end and a leap February: 31 + 31 + 29 days.
    check_spread(
        date(2019, 12, 1),
        date(2020, 2, 29),
        910.0,
        &[
            (month(2019, 12), 310.0),
            (month(2020, 1), 310.0),
            (month(2020, 2), 290.0),
        ],
    );
    let fte: Vec<String> = [800.0, 1500.0, 750.0]
        .iter()
        .map(|h| format!("{:.2}", h / FULL_TIME_MONTH_HOURS))
        .collect();
    assert_eq!(fte, ["5.27", "9.89", "4.94"]);
}

const CONSO: &str = r#""ID_DA","ETAB_SIRET","HEURES","MONTANTS","EFFECTIFS","MOIS"
"07422019345","88821037400011",910.0,7371.0,20.0,"2020-04-01"
"#;

#[test]
fn conso_sample() {
    let (records, report) = read("consommation_ap.csv", CONSO);
    assert_eq!(report.kind, Some(crate::ingest::kind::FileKind::ApConso));
    assert_eq!(report.accepted, 1, "{report:?}");
    let expected = ApConso {
        request_id: "07422019345".into(),
        siret: Siret::parse("88821037400011").unwrap().0,
        month: month(2020, 4),
        hours: 910.0,
        amount_eur: Some(7371.0),
        employees: Some(20),
    };
    assert_eq!(records.ap_consos, vec![expected]);
    assert_eq!(format!("{:.2}", 910.0 / FULL_TIME_MONTH_HOURS), "6.00");
    assert_eq!(records.ap_conso_last_month, Some(month(2020, 4)));
}

/// One consumption line with the given HEURES, MONTANTS, EFFECTIFS and MOIS cells (as written).
fn check_conso(
    cells: [&str; 4],
    expected: Result<(f64, Option<f64>, Option<u32>, Month), IssueCode>,
    warnings: &[IssueCode],
) {
    let [hours, amount, employees, mois] = cells;
    let text = format!(
        "ID_DA,ETAB_SIRET,HEURES,MONTANTS,EFFECTIFS,MOIS\n\"07422019345\",\"88821037400011\",{hours},{amount},{employees},{mois}\n"
    );
    let (records, report) = read("consommation_ap.csv", &text);
    match expected {
        Ok(value) => {
            let c = &records.ap_consos[0];
            assert_eq!(
                (c.hours, c.amount_eur, c.employees, c.month),
                value,
                "{cells:?}"
            );
        }
        Err(code) => {
            assert_eq!(report.rejected, 1, "{cells:?}: {report:?}");
            assert_eq!(count(&report, code), 1, "{cells:?}: {report:?}");
        }
    }
    for code in warnings {
        assert_eq!(count(&report, *code), 1, "{cells:?}: {report:?}");
    }
}

#[test]
fn conso_cells() {
    let april = month(2020, 4);
    check_conso(
        ["910", "7371", "20", "2020-04-01"],
        Ok((910.0, Some(7371.0), Some(20), april)),
        &[],
    );
    check_conso(
        ["910", "\"7371,5\"", "20.0", "2020-04-17"],
        Ok((910.0, Some(7371.5), Some(20), april)),
        &[],
    );
    check_conso(
        ["910", "", "", "2020-04"],
        Ok((910.0, None, None, april)),
        &[],
    );
    check_conso(
        ["910", "", "", "04/2020"],
        Ok((910.0, None, None, april)),
        &[],
    );
    check_conso(
        ["910", "", "", "2020-04-01T00:00:00"],
        Ok((910.0, None, None, april)),
        &[],
    );
    check_conso(
        ["910", "abc", "20.5", "2020-04-01"],
        Ok((910.0, None, Some(20), april)),
        &[IssueCode::BadNumber, IssueCode::FractionTruncated],
    );
    check_conso(["", "", "", "2020-04-01"], Err(IssueCode::BadNumber), &[]);
    check_conso(
        ["\"910,5\"", "", "", "2020-04-01"],
        Err(IssueCode::BadNumber),
        &[],
    );
    check_conso(["910", "", "", "2020-13"], Err(IssueCode::BadDate), &[]);
    check_conso(["910", "", "", "avril 2020"], Err(IssueCode::BadDate), &[]);
    check_conso(["910", "", "", ""], Err(IssueCode::BadDate), &[]);
}

#[test]
fn conso_key_duplicates_and_last_month() {
    let text = r#"ID_DA,ETAB_SIRET,HEURES,MONTANTS,EFFECTIFS,MOIS
"A1","88821037400011",910.0,7371.0,20.0,"2020-04-01"
"A1","88821037400011",120.0,,,"2020-05-01"
"A1","88821037400011",900.0,7290.0,20.0,"2020-04-15"
"A1","88821037400029",10.0,,,"2020-04-01"
"#;
    let mut records = Records::default();
    let report = read_into(&mut records, "consommation_ap.csv", text);
    assert_eq!((report.accepted, report.skipped), (3, 1), "{report:?}");
    assert_eq!(count(&report, IssueCode::ConflictingDuplicate), 1);
    let kept: Vec<(Month, f64)> = records
        .ap_consos
        .iter()
        .map(|c| (c.month, c.hours))
        .collect();
    assert_eq!(
        kept,
        vec![
            (month(2020, 4), 900.0),
            (month(2020, 5), 120.0),
            (month(2020, 4), 10.0)
        ]
    );
    assert_eq!(records.ap_conso_last_month, Some(month(2020, 5)));
    // A second, older file does not move the provisional month back.
    read_into(
        &mut records,
        "consommation_ap_2019.csv",
        CONSO.replace("2020-04", "2019-04").as_str(),
    );
    assert_eq!(records.ap_conso_last_month, Some(month(2020, 5)));
    let mut merged = Records::default();
    merged.append(records);
    assert_eq!(merged.ap_conso_last_month, Some(month(2020, 5)));
}
