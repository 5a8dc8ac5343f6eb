//! Golden tests of the readers on small hand-written fixtures.

use super::*;
use crate::calendar::Month;

fn file(name: &str, text: &str) -> RawFile {
    RawFile {
        name: name.to_string(),
        bytes: text.as_bytes().to_vec(),
    }
}

fn read(name: &str, text: &str) -> (Records, FileReport) {
    let mut records = Records::default();
    let report = read_file(&file(name, text), &mut records);
    assert!(report.is_balanced(), "unbalanced report: {report:?}");
    (records, report)
}

fn count(report: &FileReport, code: IssueCode) -> u64 {
    report.counts.get(&code).copied().unwrap_or(0)
}

const DEBITS: &str = "Urssaf_gestion;Dep;num_cpte;Siren;Siret;Dt_immat;Etat_cpte;Cd_pro_col;Periode;Num_Ecn;Num_Hist_Ecn;Dt_trt_ecn;Mt_PO;Mt_PP;Cd_op_ecn;Motif_ecn;Recours_en_cours
117;69;690000004512837751;904128733;90412873300014;1090412;1;0;202211;101;1;1230216;184250;402775;1;2;0
117;69;690000004512837751;904128733;90412873300014;1090412;1;0;202211;101;2;1230322;0;150000;2;2;0
";

#[test]
fn debits_follow_the_spec_example() {
    let (records, report) = read("sigfaible_debits.csv", DEBITS);
    assert_eq!(report.kind, Some(FileKind::Debit));
    assert_eq!(report.accepted, 2);
    let d = &records.debits;
    assert_eq!(d[0].part_ouvriere_eur(), 1842.50);
    assert_eq!(d[0].part_patronale_eur(), 4027.75);
    assert_eq!(d[0].accounting_month(), Month::new(2023, 2).unwrap());
    // Booked on the 22nd: counts for the next month.
    assert_eq!(d[1].accounting_month(), Month::new(2023, 4).unwrap());
    assert_eq!(
        d[0].period,
        (Month::new(2022, 1).unwrap(), Month::new(2022, 2).unwrap())
    );
}

#[test]
fn bad_lines_are_rejected_and_counted_never_dropped() {
    let text = format!(
        "{DEBITS}117;69;690000004512837751;904128733;90412873300014;1090412;1;0;202251;101;3;1230322;0;0;2;2;0
117;69;690000004512837751;904128733;9041287330001A;1090412;1;0;202211;101;3;1230322;0;0;2;2;0
117;69;690000004512837751;904128733;90412873300014;1090412;1;0;202211;101;3;1230322;;0;2;2;0
117;69;690000004512837751;904128733;90412873300014;1090412;1;0;202211;101;3
117;69;690000004512837751;904128733;90412873300014;1090412;1;0;202211;101;2;1230322;0;150000;2;2;0
"
    );
    let (records, report) = read("debits.csv", &text);
    assert_eq!(records.debits.len(), 2);
    assert_eq!(report.records_read, 7);
    assert_eq!(report.rejected, 4);
    assert_eq!(report.skipped, 1);
    assert_eq!(count(&report, IssueCode::BadPeriod), 1);
    assert_eq!(count(&report, IssueCode::ProvisionalSiret), 1);
    assert_eq!(count(&report, IssueCode::BadNumber), 1);
    assert_eq!(count(&report, IssueCode::FieldCount), 1);
    assert_eq!(count(&report, IssueCode::DuplicateLine), 1);
    let e = report
        .entries
        .iter()
        .find(|e| e.code == IssueCode::BadPeriod)
        .unwrap();
    assert_eq!((e.line, e.column.as_deref()), (4, Some("periode")));
}

#[test]
fn cotisations_with_decimal_comma_bom_and_windows_1252() {
    let text = "\u{feff}Urssaf_gestion;Dep;Siret;Compte;periode;mer;enc_direct;cotis_due\n117;69;90412873300014;690000004512837751;2230;12850,00;12850,00;12850,00\n";
    let (records, report) = read("cotis.csv", text);
    assert_eq!(report.encoding, "UTF-8 (BOM)");
    assert_eq!(records.cotisations[0].due_eur, 12850.0);
    assert_eq!(
        records.cotisations[0].period.0,
        Month::new(2022, 7).unwrap()
    );

    let mut latin = b"Siret;Siren;Dt_effet;Cat_v2;Lib_actx_stdx;Libell\xe9\n".to_vec();
    latin.extend_from_slice(
        b"75209148800011;752091488;12SEP2022;1;Ouverture_redressement;d\xe9faut\n",
    );
    let mut records = Records::default();
    let report = read_file(
        &RawFile {
            name: "p.csv".into(),
            bytes: latin,
        },
        &mut records,
    );
    assert_eq!(report.encoding, "Windows-1252");
    assert_eq!(records.procols.len(), 1);
}

#[test]
fn gzip_files_are_read_transparently() {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(DEBITS.as_bytes()).unwrap();
    let bytes = gz.finish().unwrap();
    let mut records = Records::default();
    let report = read_file(
        &RawFile {
            name: "d.csv.gz".into(),
            bytes,
        },
        &mut records,
    );
    assert_eq!(report.kind, Some(FileKind::Debit));
    assert_eq!(records.debits.len(), 2);
}

#[test]
fn headcounts_keep_missing_cells_missing() {
    let text = "siren;eff202211;eff202212;eff202213;eff202221;eff202222;rais_soc\n888210374;12;11;;9;;EXEMPLE SAS\n";
    let (records, report) = read("sigfaible_effectif_siren.csv", text);
    assert_eq!(report.kind, Some(FileKind::EffectifEnt));
    let table = &records.firm_headcounts[0];
    let got: Vec<(String, u32)> = table
        .months
        .iter()
        .zip(table.rows[0].values.iter())
        .filter(|(_, v)| **v != crate::ingest::records::HEADCOUNT_MISSING)
        .map(|(m, v)| (m.to_string(), *v))
        .collect();
    assert_eq!(
        got,
        vec![
            ("2022-01".into(), 12),
            ("2022-02".into(), 11),
            ("2022-04".into(), 9)
        ]
    );
    // May is empty in every row: unpublished.
    assert_eq!(table.published_until, Some(Month::new(2022, 4).unwrap()));
}

#[test]
fn unknown_and_empty_files_are_reported_not_fatal_for_the_import() {
    let (_, unknown) = read("notes.csv", "a;b;c\n1;2;3\n");
    assert!(
        unknown
            .fatal
            .as_deref()
            .unwrap_or("")
            .contains("debit (siret, num_cpte")
    );
    let (_, empty) = read("vide.csv", "");
    assert_eq!(count(&empty, IssueCode::EmptyFile), 1);
    let (_, header_only) = read("debits.csv", DEBITS.lines().next().unwrap());
    assert_eq!(count(&header_only, IssueCode::EmptyFile), 1);
}

#[test]
fn sirene_files() {
    let ul = "siren,denominationUniteLegale,nomUniteLegale,prenom1UniteLegale,categorieJuridiqueUniteLegale,activitePrincipaleUniteLegale,nomenclatureActivitePrincipaleUniteLegale,dateCreationUniteLegale,etatAdministratifUniteLegale,nicSiegeUniteLegale\n552100554,ATELIERS EXEMPLE,,,5710,25.62A,NAFRev2,2001-04-12,A,00021\n123456782,,DUPONT,MARIE,1000,56.10A,NAFRev1,,A,00017\n";
    let (records, report) = read("sireneUL.csv", ul);
    assert_eq!(report.kind, Some(FileKind::SireneUl));
    assert_eq!(records.legal_units[0].ape.as_deref(), Some("25.62A"));
    assert_eq!(
        records.legal_units[0]
            .siret_siege
            .map(|s| s.to_string())
            .as_deref(),
        Some("55210055400021")
    );
    assert_eq!(records.legal_units[1].name, "DUPONT MARIE EI");
    assert_eq!(records.legal_units[1].ape, None);
    assert_eq!(count(&report, IssueCode::NonNafrev2), 1);

    let etab = "siren,nic,siret,etablissementSiege,codeCommuneEtablissement,etatAdministratifEtablissement\n552100554,00021,55210055400021,true,2A004,A\n552100554,00039,55210055400039,maybe,69123,A\n";
    let (records, report) = read("StockEtablissement_utf8.csv", etab);
    assert_eq!(records.establishments.len(), 1);
    assert_eq!(records.establishments[0].departement.as_deref(), Some("2A"));
    assert_eq!(report.rejected, 1);
}
