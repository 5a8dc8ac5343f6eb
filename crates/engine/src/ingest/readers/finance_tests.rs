//! Golden tests of the financial readers (§5), from the §10 INPI sample lines.

use super::*;
use crate::ingest::kind::FileKind;
use crate::ingest::readers::test_support::{count, read_bytes, read_ok as read};

fn date(y: i32, m: u32, d: u32) -> Date {
    Date::new(y, m, d).unwrap()
}

fn siren(s: &str) -> Siren {
    Siren::parse(s).unwrap().0
}

const INPI_HEADER: &str = "siren;date_cloture_exercice;chiffre_d_affaires;marge_brute;ebe;ebit;resultat_net;taux_d_endettement;ratio_de_liquidite;ratio_de_vetuste;autonomie_financiere;poids_bfr_exploitation_sur_ca;couverture_des_interets;caf_sur_ca;capacite_de_remboursement;marge_ebe;resultat_courant_avant_impots_sur_ca;poids_bfr_exploitation_sur_ca_jours;rotation_des_stocks_jours;credit_clients_jours;credit_fournisseurs_jours;type_bilan;confidentiality";
const INPI_2022: &str = "817305626;2022-12-31;5120000;2310000;402000;251000;168000;64.2;131.5;38.9;29.4;11.8;6.1;5.9;2.7;7.8;4.6;42.5;27.3;61.0;55.4;C;Public";
const INPI_2023: &str =
    "817305626;2023-12-31;;;;;-95000;;;;;;;;;;;;;;;S;Partiellement confidentiel";

fn inpi_file(lines: &[String]) -> String {
    format!("{INPI_HEADER}\n{}\n", lines.join("\n"))
}

/// The 2022 sample line with some columns replaced.
fn inpi_line(overrides: &[(&str, &str)]) -> String {
    let names: Vec<&str> = INPI_HEADER.split(';').collect();
    let mut values: Vec<&str> = INPI_2022.split(';').collect();
    for (column, value) in overrides {
        let i = names.iter().position(|n| n == column).unwrap();
        values[i] = value;
    }
    values.join(";")
}

#[test]
fn inpi_sample_with_a_partially_confidential_row() {
    let text = inpi_file(&[INPI_2022.to_string(), INPI_2023.to_string()]);
    let (records, report) = read("ratios_inpi_bce.csv", &text);
    assert_eq!(report.kind, Some(FileKind::InpiRatios));
    assert_eq!((report.records_read, report.accepted), (2, 2), "{report:?}");
    let full = &records.inpi[0];
    assert_eq!(
        (full.siren, full.closing, full.kind),
        (
            siren("817305626"),
            date(2022, 12, 31),
            BalanceSheetType::Complete
        )
    );
    assert_eq!(full.chiffre_d_affaires, Some(5_120_000.0));
    assert_eq!(full.resultat_net, Some(168_000.0));
    assert_eq!(full.taux_d_endettement, Some(64.2));
    assert_eq!(full.capacite_de_remboursement, Some(2.7));
    assert_eq!(full.credit_fournisseurs_jours, Some(55.4));
    assert_eq!(full.confidentiality.as_deref(), Some("Public"));
    assert_eq!(
        usable_from(full.closing),
        Month::new(2023, 8).unwrap(),
        "usable from 2023-08-01"
    );
    let partial = &records.inpi[1];
    assert_eq!(
        (report.first_month, report.last_month),
        (Month::new(2022, 12), Month::new(2023, 12))
    );
    assert_eq!(partial.kind, BalanceSheetType::Simplified);
    assert_eq!(partial.resultat_net, Some(-95_000.0));
    // Undisclosed fields are missing, never zero.
    assert_eq!(partial.chiffre_d_affaires, None);
    assert_eq!(partial.ebe, None);
    assert_eq!(partial.taux_d_endettement, None);
    assert_eq!(partial.credit_clients_jours, None);
    assert_eq!(
        partial.confidentiality.as_deref(),
        Some("Partiellement confidentiel")
    );
}

/// One INPI line with `overrides`: the kept statement (via `project`) or the rejecting code,
/// and the warnings expected on it.
fn check_inpi<T: PartialEq + std::fmt::Debug>(
    overrides: &[(&str, &str)],
    project: impl Fn(&InpiRatios) -> T,
    expected: Result<T, IssueCode>,
    warnings: &[IssueCode],
) {
    let (records, report) = read("ratios.csv", &inpi_file(&[inpi_line(overrides)]));
    match expected {
        Ok(value) => {
            assert_eq!(report.rejected, 0, "{overrides:?}: {report:?}");
            assert_eq!(project(&records.inpi[0]), value, "{overrides:?}");
            let warned = u64::from(!warnings.is_empty());
            assert_eq!(report.accepted_with_warnings, warned, "{overrides:?}");
        }
        Err(code) => {
            assert_eq!(report.rejected, 1, "{overrides:?}: {report:?}");
            assert!(records.inpi.is_empty());
            assert_eq!(count(&report, code), 1, "{overrides:?}: {report:?}");
        }
    }
    for code in warnings {
        assert_eq!(count(&report, *code), 1, "{overrides:?}: {report:?}");
    }
}

#[test]
fn inpi_closing_dates() {
    let closing = |r: &InpiRatios| r.closing;
    let column = "date_cloture_exercice";
    check_inpi(
        &[(column, "20221231")],
        closing,
        Ok(date(2022, 12, 31)),
        &[],
    );
    check_inpi(
        &[(column, "2022-06-30T00:00:00")],
        closing,
        Ok(date(2022, 6, 30)),
        &[],
    );
    check_inpi(
        &[(column, "1990-01-31")],
        closing,
        Ok(date(1990, 1, 31)),
        &[],
    );
    // Typos are kept, with a warning.
    check_inpi(
        &[(column, "1919-12-31")],
        closing,
        Ok(date(1919, 12, 31)),
        &[IssueCode::SuspiciousDate],
    );
    check_inpi(
        &[(column, "2099-12-31")],
        closing,
        Ok(date(2099, 12, 31)),
        &[IssueCode::SuspiciousDate],
    );
    for bad in ["", "31/12/2022", "20221332", "2022-02-30"] {
        check_inpi(&[(column, bad)], closing, Err(IssueCode::BadDate), &[]);
    }
}

#[test]
fn suspicious_years_are_relative_to_the_current_year() {
    for (year, plausible) in [(1989, false), (1990, true), (2026, true), (2027, false)] {
        assert_eq!(plausible_closing_year(year, 2025), plausible, "{year}");
    }
    assert!(plausible_closing_year(clock_year(), clock_year()));
    assert!(clock_year() >= 2025);
}

#[test]
fn inpi_statement_types() {
    let kind = |r: &InpiRatios| r.kind;
    for (raw, expected) in [
        ("C", BalanceSheetType::Complete),
        ("K", BalanceSheetType::Consolidated),
        ("S", BalanceSheetType::Simplified),
        ("k", BalanceSheetType::Consolidated),
    ] {
        check_inpi(&[("type_bilan", raw)], kind, Ok(expected), &[]);
    }
    for bad in ["", "X", "CK"] {
        check_inpi(
            &[("type_bilan", bad)],
            kind,
            Err(IssueCode::UnknownCode),
            &[],
        );
    }
}

#[test]
fn inpi_identifiers() {
    let id = |r: &InpiRatios| r.siren;
    check_inpi(
        &[("siren", "17305626")],
        id,
        Ok(siren("017305626")),
        &[IssueCode::IdZeroPadded, IssueCode::LuhnFailed],
    );
    check_inpi(&[("siren", "81730562X")], id, Err(IssueCode::BadSiren), &[]);
    check_inpi(&[("siren", "")], id, Err(IssueCode::BadSiren), &[]);
}

#[test]
fn inpi_numbers_are_read_per_field() {
    let turnover = |r: &InpiRatios| r.chiffre_d_affaires;
    let column = "chiffre_d_affaires";
    check_inpi(
        &[(column, "5120000.4")],
        turnover,
        Ok(Some(5_120_000.0)),
        &[],
    );
    check_inpi(
        &[(column, "5120000,6")],
        turnover,
        Ok(Some(5_120_001.0)),
        &[],
    );
    check_inpi(&[(column, "-12,5")], turnover, Ok(Some(-13.0)), &[]);
    check_inpi(&[(column, "")], turnover, Ok(None), &[]);
    // A bad field is missing with a warning; the statement is kept with its other fields.
    check_inpi(
        &[(column, "n.c.")],
        |r| (r.chiffre_d_affaires, r.ebe),
        Ok((None, Some(402_000.0))),
        &[IssueCode::BadNumber],
    );
    let liquidity = |r: &InpiRatios| r.ratio_de_liquidite;
    check_inpi(
        &[("ratio_de_liquidite", "131,5")],
        liquidity,
        Ok(Some(131.5)),
        &[],
    );
    // Extreme values are published as is and kept.
    check_inpi(
        &[("ratio_de_liquidite", "-999999999.99")],
        liquidity,
        Ok(Some(-999_999_999.99)),
        &[],
    );
    check_inpi(
        &[("ratio_de_liquidite", "1.234,5")],
        liquidity,
        Ok(Some(1234.5)),
        &[IssueCode::ThousandsSeparator],
    );
    check_inpi(
        &[("confidentiality", "")],
        |r| r.confidentiality.clone(),
        Ok(None),
        &[],
    );
}

#[test]
fn inpi_is_header_driven() {
    // Columns in another order, an extra column, no confidentiality column.
    let text = "type_bilan;extra;date_cloture_exercice;siren;ebe\nK;x;2022-12-31;817305626;12\n";
    let (records, report) = read("ratios.csv", text);
    assert_eq!(report.accepted, 1, "{report:?}");
    let r = &records.inpi[0];
    assert_eq!(
        (r.kind, r.ebe, r.confidentiality.clone(), r.marge_brute),
        (BalanceSheetType::Consolidated, Some(12.0), None, None)
    );
}

#[test]
fn inpi_key_duplicates_later_wins() {
    let text = inpi_file(&[
        INPI_2022.to_string(),
        inpi_line(&[("type_bilan", "K")]),
        inpi_line(&[("ebe", "1")]),
    ]);
    let (records, report) = read("ratios.csv", &text);
    assert_eq!((report.accepted, report.skipped), (2, 1), "{report:?}");
    assert_eq!(count(&report, IssueCode::ConflictingDuplicate), 1);
    let kept: Vec<(BalanceSheetType, Option<f32>)> =
        records.inpi.iter().map(|r| (r.kind, r.ebe)).collect();
    assert_eq!(
        kept,
        vec![
            (BalanceSheetType::Complete, Some(1.0)),
            (BalanceSheetType::Consolidated, Some(402_000.0))
        ]
    );
}

fn check_preferred(kinds: &[BalanceSheetType], expected: Option<BalanceSheetType>) {
    assert_eq!(preferred_type(kinds.iter().copied()), expected, "{kinds:?}");
}

#[test]
fn preferred_statement_type() {
    use BalanceSheetType::*;
    check_preferred(&[], None);
    check_preferred(&[Simplified], Some(Simplified));
    check_preferred(&[Simplified, Complete], Some(Complete));
    check_preferred(&[Complete, Simplified, Consolidated], Some(Consolidated));
    let text = inpi_file(&[
        INPI_2022.to_string(),
        INPI_2023.to_string(),
        inpi_line(&[("siren", "552100554"), ("type_bilan", "S")]),
        inpi_line(&[("date_cloture_exercice", "2021-12-31"), ("type_bilan", "K")]),
    ]);
    let (records, _) = read("ratios.csv", &text);
    let chosen = preferred_types(&records.inpi);
    assert_eq!(chosen.len(), 2);
    assert_eq!(chosen[&siren("817305626")], Consolidated);
    assert_eq!(chosen[&siren("552100554")], Simplified);
}

fn check_usable(closing: Date, expected: (i32, u32)) {
    let m = Month::new(expected.0, expected.1).unwrap();
    assert_eq!(usable_from(closing), m, "{closing}");
}

#[test]
fn statements_are_usable_eight_months_after_closing() {
    check_usable(date(2022, 12, 31), (2023, 8));
    check_usable(date(2023, 6, 30), (2024, 2));
    check_usable(date(2023, 1, 1), (2023, 9));
}

const BDF_HEADER: &str = "D1;ANNEE;ARRETE_BILAN;DENOM;CP;REGION;SECTEUR;POIDS_FRNG;TX_MARGE;DELAI_FRS;POIDS_DFISC_SOC;POIDS_FIN_CT;POIDS_FRAIS_FIN";

#[test]
fn bdf_sample() {
    let text = format!(
        "{BDF_HEADER}\n817 305 626;2020;31DEC2019;ATELIERS EXEMPLE;69001;AUVERGNE-RHONE-ALPES;Industrie;12.5;30.1;45;-20.2;;1.3\n"
    );
    let (records, report) = read("bdf.csv", &text);
    assert_eq!(report.kind, Some(FileKind::BdfRatios));
    assert_eq!(report.accepted, 1, "{report:?}");
    let expected = BdfRatios {
        siren: siren("817305626"),
        annee: Some(2020),
        closing: date(2019, 12, 31),
        poids_frng: Some(12.5),
        taux_marge: Some(30.1),
        delai_fournisseurs: Some(45.0),
        poids_dettes_fiscales_sociales: Some(-20.2),
        poids_financement_court_terme: None,
        poids_frais_financiers: Some(1.3),
        denomination: Some("ATELIERS EXEMPLE".into()),
        postcode: Some("69001".into()),
        region: Some("AUVERGNE-RHONE-ALPES".into()),
        sector: Some("Industrie".into()),
    };
    assert_eq!(records.bdf, vec![expected]);
    assert_eq!(report.last_month, Month::new(2019, 12));
}

/// One BdF line with the given D1, ANNEE, ARRETE_BILAN and POIDS_FRNG cells.
fn check_bdf(
    cells: [&str; 4],
    expected: Result<(Siren, Option<i32>, Date, Option<f64>), IssueCode>,
    warnings: &[IssueCode],
) {
    let [d1, annee, closing, frng] = cells;
    let text = format!("{BDF_HEADER}\n{d1};{annee};{closing};;;;;{frng};;;;;\n");
    let (records, report) = read("bdf.csv", &text);
    match expected {
        Ok(value) => {
            let r = &records.bdf[0];
            assert_eq!(
                (r.siren, r.annee, r.closing, r.poids_frng),
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
fn bdf_cells() {
    let s = siren("817305626");
    let dec = date(2019, 12, 31);
    let ok = |closing: Date| Ok((s, Some(2020), closing, Some(1.5)));
    for raw in [
        "31DEC2019",
        "31dec2019",
        "31DÉC2019",
        "31déc.2019",
        "31 DEC 2019",
    ] {
        check_bdf(["817305626", "2020", raw, "1.5"], ok(dec), &[]);
    }
    let french = [
        ("3janv2019", date(2019, 1, 3)),
        ("28févr.2019", date(2019, 2, 28)),
        ("31mars2019", date(2019, 3, 31)),
        ("30avr.2019", date(2019, 4, 30)),
        ("31mai2019", date(2019, 5, 31)),
        ("30juin2019", date(2019, 6, 30)),
        ("31juil.2019", date(2019, 7, 31)),
        ("31août2019", date(2019, 8, 31)),
        ("30sept.2019", date(2019, 9, 30)),
        ("31oct.2019", date(2019, 10, 31)),
        ("30nov2019", date(2019, 11, 30)),
        ("07MAR2019", date(2019, 3, 7)),
        ("30SEP2019", date(2019, 9, 30)),
    ];
    for (raw, d) in french {
        check_bdf(["817305626", "2020", raw, "1.5"], ok(d), &[]);
    }
    for bad in [
        "31FEB2019",
        "31/12/2019",
        "2019-12-31",
        "31XYZ2019",
        "1aé1é",
        "",
    ] {
        check_bdf(
            ["817305626", "2020", bad, "1.5"],
            Err(IssueCode::BadDate),
            &[],
        );
    }
    check_bdf(
        ["17 305 626", "2020", "31DEC2019", "1.5"],
        Ok((siren("017305626"), Some(2020), dec, Some(1.5))),
        &[IssueCode::IdZeroPadded],
    );
    check_bdf(
        ["817 305 62X", "2020", "31DEC2019", ""],
        Err(IssueCode::BadSiren),
        &[],
    );
    check_bdf(
        ["817305626", "", "31DEC2019", ""],
        Ok((s, None, dec, None)),
        &[],
    );
    check_bdf(
        ["817305626", "deux", "31DEC2019", ""],
        Ok((s, None, dec, None)),
        &[IssueCode::BadNumber],
    );
    // Ratios are point columns.
    check_bdf(
        ["817305626", "2020", "31DEC2019", "1,5"],
        Ok((s, Some(2020), dec, None)),
        &[IssueCode::BadNumber],
    );
}

/// A Diane export as the software writes it: UTF-16LE with a BOM, every field quoted.
fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    bytes
}

fn diane_text(rows: &[&str]) -> String {
    let header = [
        "Marquée",
        "Nom de l'entreprise",
        "Numéro Siren",
        "Statut juridique ",
        "Procédure collective",
        "Nombre d’ES",
        "Nombre de filiales",
        "Date de clôture 2018",
        "Nombre de mois 2018",
        "Chiffre d'affaires net (H.T.)  kEUR 2018",
        "Taux de marge %  2018",
        "Date de clôture 2016",
        "Chiffre d'affaires net (H.T.)  kEUR 2016",
        "Taux de marge %  2016",
    ];
    let quoted = |fields: &[&str]| {
        fields
            .iter()
            .map(|f| format!("\"{f}\""))
            .collect::<Vec<_>>()
            .join(";")
    };
    assert!(rows.iter().all(|r| r.split('|').count() == header.len()));
    let mut lines = vec![quoted(&header)];
    lines.extend(
        rows.iter()
            .map(|r| quoted(&r.split('|').collect::<Vec<_>>())),
    );
    lines.join("\r\n") + "\r\n"
}

#[test]
fn diane_export_is_pivoted_per_year() {
    let text = diane_text(&[
        "|ATELIERS EXEMPLE|817305626|SAS|Non|3|1|31/12/2018|12|1 234,5|18,2|||",
        "|EXEMPLE BIS|552100554|SARL|Oui|1||30/06/2018||-5,0||30/06/2016|980|n.d.",
    ]);
    let (records, report) = read_bytes("Diane_Export_1.txt", utf16le_with_bom(&text));
    assert_eq!(report.kind, Some(FileKind::Diane));
    assert_eq!(report.encoding, "UTF-16LE");
    assert_eq!(report.records_read, 2);
    assert_eq!(report.accepted_with_warnings, 2, "{report:?}");
    // Row 1: 2016 and the header's gap year 2017 are empty; row 2: 2017 only.
    assert_eq!(count(&report, IssueCode::AllEmptyYear), 3);
    assert_eq!(count(&report, IssueCode::BadNumber), 1);
    let first = &records.diane[0];
    let expected = DianeYear {
        siren: siren("817305626"),
        year: 2018,
        closing: Some(date(2018, 12, 31)),
        months: Some(12),
        measures: vec![
            ("chiffre d'affaires net (h.t.) keur".into(), 1234.5),
            ("taux de marge %".into(), 18.2),
        ],
        name: Some("ATELIERS EXEMPLE".into()),
        legal_status: Some("SAS".into()),
        collective_procedure: Some(false),
        establishments: Some(3),
        subsidiaries: Some(1),
    };
    assert_eq!(first, &expected);
    let years: Vec<(Siren, i32)> = records.diane.iter().map(|d| (d.siren, d.year)).collect();
    assert_eq!(
        years,
        vec![
            (siren("817305626"), 2018),
            (siren("552100554"), 2016),
            (siren("552100554"), 2018),
        ]
    );
    let old = &records.diane[1];
    assert_eq!(
        (old.closing, old.months, old.measures.clone()),
        (
            Some(date(2016, 6, 30)),
            None,
            vec![("chiffre d'affaires net (h.t.) keur".into(), 980.0)]
        )
    );
    assert_eq!(
        (old.collective_procedure, old.subsidiaries),
        (Some(true), None)
    );
    assert_eq!(records.diane[2].measures[0].1, -5.0);
    assert_eq!(
        (report.first_month, report.last_month),
        (Month::new(2016, 6), Month::new(2018, 12))
    );
}

/// One Diane row (fields separated by `|`): the kept years, or the rejecting code.
fn check_diane(row: &str, expected: Result<Vec<i32>, IssueCode>, warnings: &[IssueCode]) {
    let (records, report) = read("diane.csv", &diane_text(&[row]));
    match expected {
        Ok(years) => {
            let got: Vec<i32> = records.diane.iter().map(|d| d.year).collect();
            assert_eq!(got, years, "{row}");
        }
        Err(code) => {
            assert_eq!(report.rejected, 1, "{row}: {report:?}");
            assert_eq!(count(&report, code), 1, "{row}: {report:?}");
        }
    }
    for code in warnings {
        assert!(count(&report, *code) > 0, "{row}: {code:?} {report:?}");
    }
}

#[test]
fn diane_rows() {
    use IssueCode::*;
    check_diane(
        "|X|817305626|SAS|Non|3|1|31/12/2018|12|1|2|31/12/2016|1|2",
        Ok(vec![2016, 2018]),
        &[AllEmptyYear],
    );
    check_diane(
        "|X|8173056|SAS|Non|3|1|31/12/2018|12|1|2|||",
        Ok(vec![2018]),
        &[IdZeroPadded],
    );
    check_diane(
        "|X|81730562A|SAS|Non|3|1|31/12/2018|12|1|2|||",
        Err(BadSiren),
        &[],
    );
    check_diane(
        "|X|817305626|SAS|Peut-être|3|1|2018-13-45|douze|1|2|||",
        Ok(vec![2018]),
        &[BadBoolean, BadDate, BadNumber],
    );
    // A year with only unreadable values is still a year (its cells were not empty).
    check_diane(
        "|X|817305626|SAS|Non|3|1||||n.d.|||",
        Ok(vec![2018]),
        &[BadNumber],
    );
    check_diane(
        "|X|817305626|SAS|Non|3|1|||||||",
        Ok(vec![]),
        &[AllEmptyYear],
    );
}

#[test]
fn diane_straight_apostrophe_and_windows_1252() {
    let text = "\"Nom de l'entreprise\";\"Numéro Siren\";\"Nombre d'ES\";\"EBE kEUR 2019\"\r\n\"ÉTAPE\";\"817305626\";\"4,0\";\"12,5\"\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    let (records, report) = read_bytes("Diane_Export.csv", bytes.into_owned());
    assert_eq!(report.encoding, "Windows-1252");
    assert_eq!(report.rejected, 0, "{report:?}");
    let d = &records.diane[0];
    assert_eq!(d.name.as_deref(), Some("ÉTAPE"));
    assert_eq!(d.establishments, Some(4));
    assert_eq!(d.measures, vec![("ebe keur".into(), 12.5)]);
}
