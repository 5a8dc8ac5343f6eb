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

// ---- Streaming core: dialect, encodings, file level (§2, §8) ----

const COTIS_HEADER: &str = "Urssaf_gestion;Dep;Siret;Compte;periode;mer;enc_direct;cotis_due";

/// A valid cotisation line, distinct per `i`.
fn cotis_line(i: u32) -> String {
    format!(
        "117;69;90412873300014;690000004512837751;{}{}1;10,00;10,00;{i},00",
        2000 + i,
        1 + i % 4
    )
}

fn cotis_file(lines: &[String]) -> String {
    let mut text = format!("{COTIS_HEADER}\n");
    for l in lines {
        text.push_str(l);
        text.push('\n');
    }
    text
}

fn read_bytes(name: &str, bytes: Vec<u8>) -> (Records, FileReport) {
    let mut records = Records::default();
    let report = read_file(
        &RawFile {
            name: name.into(),
            bytes,
        },
        &mut records,
    );
    assert!(report.is_balanced(), "unbalanced report: {report:?}");
    (records, report)
}

/// Reads `bytes` and checks the outcome counters `[accepted, with warnings, rejected, skipped]`,
/// the issue counts and the lines of the entries with a given code.
fn check_outcome(
    bytes: Vec<u8>,
    expected: [u64; 4],
    codes: &[(IssueCode, u64)],
    lines_of: Option<(IssueCode, &[u64])>,
) -> (Records, FileReport) {
    let (records, report) = read_bytes("sigfaible_cotisdues.csv", bytes);
    let got = [
        report.accepted,
        report.accepted_with_warnings,
        report.rejected,
        report.skipped,
    ];
    assert_eq!(got, expected, "outcomes of {report:#?}");
    for (code, n) in codes {
        assert_eq!(
            count(&report, *code),
            *n,
            "count of {code:?} in {report:#?}"
        );
    }
    if let Some((code, lines)) = lines_of {
        let got: Vec<u64> = report
            .entries
            .iter()
            .filter(|e| e.code == code)
            .map(|e| e.line)
            .collect();
        assert_eq!(got, lines, "lines of {code:?}");
    }
    (records, report)
}

#[test]
fn crlf_quoted_newlines_and_line_numbers() {
    // Line 2 holds a quoted field spanning lines 2-3; line 4 is bad; CRLF everywhere.
    let text = format!(
        "{COTIS_HEADER}\r\n117;\"6\r\n9\";90412873300014;690000004512837751;2011;1;1;5,00\r\n{}\r\n117;69;90412873300014;690000004512837751;2151;1;1;1\r\n",
        cotis_line(1)
    );
    let (records, _) = check_outcome(
        text.into_bytes(),
        [2, 0, 1, 0],
        &[(IssueCode::BadPeriod, 1)],
        Some((IssueCode::BadPeriod, &[5])),
    );
    assert_eq!(records.cotisations[1].due_eur, 1.0);
}

#[test]
fn blank_lines_bare_quotes_and_duplicates() {
    let text = format!(
        "{COTIS_HEADER}\n\n{}\n   \n117;6\"9;90412873300014;690000004512837751;2011;1;1;5,00\n{}\n",
        cotis_line(1),
        cotis_line(1)
    );
    check_outcome(
        text.into_bytes(),
        [1, 1, 0, 3],
        &[
            (IssueCode::BlankLine, 2),
            (IssueCode::BareQuote, 1),
            (IssueCode::DuplicateLine, 1),
        ],
        Some((IssueCode::BareQuote, &[5])),
    );
}

#[test]
fn runaway_quote_resynchronises_on_the_next_line() {
    let mut lines = vec!["117;\"69;90412873300014;690000004512837751;2011;1;1;5,00".to_string()];
    lines.extend((1..=12).map(cotis_line));
    check_outcome(
        cotis_file(&lines).into_bytes(),
        [12, 0, 1, 0],
        &[(IssueCode::RunawayQuote, 1)],
        Some((IssueCode::RunawayQuote, &[2])),
    );
    // A quote closed on the 10th line is still a (multi-line) field, not a runaway.
    let long = format!(
        "117;\"6{}9\";90412873300014;690000004512837751;2011;1;1;5,00",
        "\n".repeat(9)
    );
    let lines = vec![long, cotis_line(3)];
    check_outcome(cotis_file(&lines).into_bytes(), [2, 0, 0, 0], &[], None);
}

#[test]
fn truncated_last_record() {
    let mut text = cotis_file(&[cotis_line(1), cotis_line(2)]);
    text.push_str("117;69;904128");
    check_outcome(
        text.into_bytes(),
        [2, 0, 1, 0],
        &[(IssueCode::TruncatedRecord, 1)],
        Some((IssueCode::TruncatedRecord, &[4])),
    );
    let mut text = cotis_file(&[cotis_line(1)]);
    text.push_str("117;69;90412873300014;690000004512837751;2011;1;1;\"5,00\n");
    check_outcome(
        text.into_bytes(),
        [1, 0, 1, 0],
        &[(IssueCode::TruncatedRecord, 1)],
        None,
    );
    // A missing newline after a complete last record is normal.
    let text = cotis_file(&[cotis_line(1), cotis_line(2)]);
    check_outcome(text.trim_end().as_bytes().to_vec(), [2, 0, 0, 0], &[], None);
}

#[test]
fn field_count_and_duplicate_column() {
    let text = format!(
        "{COTIS_HEADER};Siret\n{};1\n117;69;90412873300014\n",
        cotis_line(1)
    );
    let (_, report) = check_outcome(
        text.into_bytes(),
        [1, 0, 1, 0],
        &[(IssueCode::FieldCount, 1), (IssueCode::DuplicateColumn, 1)],
        Some((IssueCode::FieldCount, &[3])),
    );
    assert_eq!(report.header.len(), 9);
}

fn utf16le(text: &str, bom: bool) -> Vec<u8> {
    let mut out = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
    text.encode_utf16()
        .for_each(|u| out.extend_from_slice(&u.to_le_bytes()));
    out
}

fn check_encoding(bytes: Vec<u8>, encoding: &str, accepted: u64, fallback: u64) -> Records {
    let (records, report) = read_bytes("sigfaible_pcoll.csv", bytes);
    assert_eq!(report.encoding, encoding, "{report:#?}");
    assert_eq!(
        report.accepted + report.accepted_with_warnings,
        accepted,
        "{report:#?}"
    );
    assert_eq!(count(&report, IssueCode::EncodingFallback), fallback);
    records
}

const PROCOL: &str = "Siret;Siren;Dt_effet;Cat_v2;Lib_actx_stdx;Libellé\n75209148800011;752091488;12SEP2022;1;Ouverture_redressement;défaut\n75209148800011;752091488;03APR2023;1;Ouverture_liquidation;été\n";

#[test]
fn encodings() {
    let r = check_encoding(utf16le(PROCOL, true), "UTF-16LE", 2, 0);
    assert_eq!(r.procols.len(), 2);
    check_encoding(utf16le(PROCOL, false), "UTF-16LE (sans BOM)", 2, 1);
    let mut be = vec![0xFE, 0xFF];
    PROCOL
        .encode_utf16()
        .for_each(|u| be.extend_from_slice(&u.to_be_bytes()));
    check_encoding(be, "UTF-16BE", 2, 1);
    // One Latin-1 line in a UTF-8 file: that line only is re-read, with a warning.
    let mixed = PROCOL.replace("été", "\u{1}").into_bytes();
    let at = mixed.iter().position(|b| *b == 1).unwrap();
    let mut mixed = mixed;
    mixed.splice(at..=at, [0xE9, b't', 0xE9]);
    check_encoding(mixed, "UTF-8", 2, 1);
    // A Windows-1252 header: every line is Windows-1252, no warning.
    let latin = encoding_rs::WINDOWS_1252.encode(PROCOL).0.into_owned();
    check_encoding(latin, "Windows-1252", 2, 0);
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

#[test]
fn multi_member_gzip() {
    let text = cotis_file(&[cotis_line(1), cotis_line(2), cotis_line(3)]);
    let (head, tail) = text.split_at(text.len() / 2);
    let mut bytes = gzip(head.as_bytes());
    bytes.extend(gzip(tail.as_bytes()));
    check_outcome(bytes, [3, 0, 0, 0], &[], None);
    // A cut gzip stream keeps the lines read before the cut.
    let big = cotis_file(&(1..2000).map(cotis_line).collect::<Vec<_>>());
    let gz = gzip(big.as_bytes());
    let (records, report) = read_bytes("c.csv.gz", gz[..gz.len() / 2].to_vec());
    assert!(!records.cotisations.is_empty());
    assert!(report.fatal.is_none());
}

fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in members {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn zip_members_are_files_of_their_own() {
    let bytes = zip_of(&[
        ("sigfaible_debits.csv", DEBITS.as_bytes()),
        (
            "sigfaible_cotisdues.csv",
            cotis_file(&[cotis_line(1)]).as_bytes(),
        ),
    ]);
    let (records, reports) = read_all(&[RawFile {
        name: "urssaf.zip".into(),
        bytes,
    }]);
    let kinds: Vec<_> = reports.iter().map(|r| (r.name.as_str(), r.kind)).collect();
    assert_eq!(
        kinds,
        vec![
            ("urssaf.zip/sigfaible_debits.csv", Some(FileKind::Debit)),
            (
                "urssaf.zip/sigfaible_cotisdues.csv",
                Some(FileKind::Cotisation)
            )
        ]
    );
    assert_eq!((records.debits.len(), records.cotisations.len()), (2, 1));
}

#[test]
fn name_hints_wrong_kind_and_missing_column() {
    let (records, report) = read("sigfaible_debits.csv", &cotis_file(&[cotis_line(1)]));
    assert_eq!(report.kind, Some(FileKind::Cotisation));
    assert_eq!(count(&report, IssueCode::WrongFileKind), 1);
    assert_eq!(records.cotisations.len(), 1);
    let (_, report) = read("sigfaible_cotisdues.csv", "Siret;Compte;periode\n1;2;3\n");
    assert_eq!(count(&report, IssueCode::MissingColumn), 1);
    assert!(report.fatal.as_deref().unwrap().contains("cotis_due"));
    // Without a hint, the same header is simply unknown.
    let (_, report) = read("export.csv", "Siret;Compte;periode\n1;2;3\n");
    assert_eq!(count(&report, IssueCode::UnknownFileKind), 1);
}

/// Pushing the same bytes in chunks of any size gives the same records and report.
fn check_chunking(name: &str, bytes: &[u8]) {
    let (whole_records, whole) = read_bytes(name, bytes.to_vec());
    for size in [1, 7, 4096] {
        let mut records = Records::default();
        let mut ingest = FileIngest::new(name);
        for chunk in bytes.chunks(size) {
            ingest.push(chunk, &mut records);
        }
        assert_eq!(ingest.bytes_in(), bytes.len() as u64);
        let report = ingest.finish(&mut records);
        assert_eq!(report, whole, "report with chunks of {size} for {name}");
        assert_eq!(records, whole_records, "records with chunks of {size}");
    }
}

#[test]
fn chunk_boundaries_do_not_matter() {
    let mut lines: Vec<String> = (1..40).map(cotis_line).collect();
    lines.push("117;\"69;90412873300014;690000004512837751;2011;1;1;5,00".into());
    lines.extend((40..60).map(cotis_line));
    lines.push(String::new());
    lines.push("117;6\"9;9041287330001;690000004512837751;2011;1;1;5,00".into());
    let text = cotis_file(&lines).replace('\n', "\r\n") + "117;69;9";
    check_chunking("sigfaible_cotisdues.csv", text.as_bytes());
    check_chunking("c.csv.gz", &gzip(text.as_bytes()));
    check_chunking("p.csv", &utf16le(PROCOL, true));
    check_chunking("d.csv", DEBITS.as_bytes());
}

// ---- Property tests: any input, the report balances and nothing panics ----

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    /// A header and a valid line for every kind.
    const SAMPLES: &[(&str, &str)] = &[
        (
            "Siret;Datedebut;Datefin;EtatAdministratifEtablissement;changementEtatAdministratifEtablissement",
            "55210055400021;2020-01-01;;A;true",
        ),
        (
            "siren,nic,siret,etablissementSiege,codeCommuneEtablissement,etatAdministratifEtablissement",
            "552100554,00021,55210055400021,true,2A004,A",
        ),
        (
            "siren,denominationUniteLegale,categorieJuridiqueUniteLegale,etatAdministratifUniteLegale,activitePrincipaleUniteLegale",
            "552100554,\"ATELIERS, EXEMPLE\",5710,A,25.62A",
        ),
        (
            "Urssaf_gestion;Dep;num_cpte;Siren;Siret;Dt_immat;Etat_cpte;Cd_pro_col;Periode;Num_Ecn;Num_Hist_Ecn;Dt_trt_ecn;Mt_PO;Mt_PP;Cd_op_ecn;Motif_ecn;Recours_en_cours",
            "117;69;690000004512837751;904128733;90412873300014;1090412;1;0;202211;101;1;1230216;184250;402775;1;2;0",
        ),
        (
            "Urssaf_gestion;Dep;Siret;Compte;periode;mer;enc_direct;cotis_due",
            "117;69;90412873300014;690000004512837751;2230;12850,00;12850,00;12850,00",
        ),
        (
            "Urssaf_gestion;Dep;Siret;Numero_compte_externe;Numero_structure;Date_creation;Date_echeance;Duree_delai",
            "117;69;90412873300014;690000004512837751;6907231100412;14/02/2023;14/11/2023;273",
        ),
        (
            "Urssaf_gestion;Dep;Siret;Compte;Date_de_traitement;Code_externe_stade;Code_externe_action",
            "117;69;81730562600019;690000009988776655;1230905;APPROB;CCSF",
        ),
        (
            "Siret;Siren;Dt_effet;Cat_v2;Lib_actx_stdx",
            "75209148800011;752091488;12SEP2022;1;Ouverture_redressement",
        ),
        (
            "\"ID_DA\",\"ETAB_SIRET\",\"DATE_DEB\",\"DATE_FIN\",\"HTA\"",
            "\"07422019345\",\"88821037400011\",\"2020-03-16\",\"2020-05-15\",3050.0",
        ),
        (
            "\"ID_DA\",\"ETAB_SIRET\",\"HEURES\",\"MOIS\"",
            "\"07422019345\",\"88821037400011\",910.0,\"2020-04-01\"",
        ),
        (
            "compte;siret;rais_soc;eff202211;eff202212",
            "690000004512837751;90412873300014;X;12;11",
        ),
        (
            "siren;eff202211;eff202212;rais_soc",
            "888210374;12;11;EXEMPLE SAS",
        ),
        (
            "siren;date_cloture_exercice;type_bilan;ebe",
            "817305626;2022-12-31;C;402000",
        ),
        ("d1;annee;arrete_bilan;ratio", "817305626;2019;20191231;1,5"),
        (
            "Numéro Siren;Nom de l'entreprise;Chiffre d'affaires 2017",
            "817305626;EXEMPLE;12,5",
        ),
        (
            "compte;siret;date_disp_siret",
            "690000004512837751;90412873300014;",
        ),
    ];

    #[derive(Debug, Clone)]
    enum Edit {
        Delete(usize),
        Insert(usize, u8),
        Duplicate(usize),
    }

    fn edit() -> impl Strategy<Value = Edit> {
        let byte = prop::sample::select(vec![
            b'"', b';', b',', b'\n', b'\r', b' ', b'9', b'a', 0xE9, 0,
        ]);
        prop_oneof![
            any::<usize>().prop_map(Edit::Delete),
            (any::<usize>(), byte).prop_map(|(i, b)| Edit::Insert(i, b)),
            any::<usize>().prop_map(Edit::Duplicate),
        ]
    }

    fn check_invariants(name: &str, bytes: Vec<u8>) {
        let mut records = Records::default();
        let reports = read_file_all(
            &RawFile {
                name: name.into(),
                bytes,
            },
            &mut records,
        );
        for report in reports {
            assert!(report.is_balanced(), "{report:#?}");
            let rejected_codes: u64 = report
                .counts
                .iter()
                .filter(|(code, _)| {
                    !matches!(
                        code,
                        IssueCode::DuplicateLine
                            | IssueCode::BlankLine
                            | IssueCode::ConflictingDuplicate
                    )
                })
                .map(|(_, n)| n)
                .sum();
            assert!(
                report.rejected == 0 || rejected_codes > 0,
                "rejections without any issue: {report:#?}"
            );
            let rejected_lines: std::collections::BTreeSet<u64> = report
                .entries
                .iter()
                .filter(|e| e.rejected)
                .map(|e| e.line)
                .collect();
            assert!(
                rejected_lines.len() as u64 <= report.rejected,
                "{report:#?}"
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        #[test]
        fn random_bytes_never_break_the_report(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
            check_invariants("x.csv", bytes.clone());
            let mut with_header = b"Siret;Siren;Dt_effet;Cat_v2;Lib_actx_stdx\n".to_vec();
            with_header.extend(bytes);
            check_invariants("sigfaible_pcoll.csv", with_header);
        }

        #[test]
        fn mutated_real_lines_never_break_the_report(
            kind in 0..SAMPLES.len(),
            copies in 1..6usize,
            edits in prop::collection::vec(edit(), 0..8),
            crlf in any::<bool>(),
        ) {
            let (header, line) = SAMPLES[kind];
            let mut text = format!("{header}\n");
            for _ in 0..copies {
                text.push_str(line);
                text.push('\n');
            }
            let mut bytes = if crlf { text.replace('\n', "\r\n").into_bytes() } else { text.into_bytes() };
            let head = header.len() + 1;
            for e in edits {
                let n = bytes.len() - head;
                if n == 0 { break; }
                match e {
                    Edit::Delete(i) => { bytes.remove(head + i % n); }
                    Edit::Insert(i, b) => bytes.insert(head + i % n, b),
                    Edit::Duplicate(i) => { let b = bytes[head + i % n]; bytes.insert(head + i % n, b); }
                }
            }
            check_invariants("f.csv", bytes.clone());
            check_invariants("f.csv.gz", gzip(&bytes));
        }
    }
}

/// Throughput on a big file named by `VIGIE_BENCH_FILE` (run in release with `--ignored
/// --nocapture`): our full reading next to a bare `csv` pass over the same bytes.
#[test]
#[ignore]
fn bench_throughput() {
    let Ok(path) = std::env::var("VIGIE_BENCH_FILE") else {
        return;
    };
    let path = std::path::PathBuf::from(path);
    let size = std::fs::metadata(&path).unwrap().len() as f64 / 1e6;
    let t = std::time::Instant::now();
    let mut records = Records::default();
    let report = read_path(&path, &mut records);
    let ours = t.elapsed().as_secs_f64();
    let bytes = std::fs::read(&path).unwrap();
    let t = std::time::Instant::now();
    let n = plain_csv_pass(&bytes, b';');
    let plain = t.elapsed().as_secs_f64();
    println!(
        "{size:.0} MB: vigie {ours:.2} s ({:.0} MB/s, {} records, {} accepted) ; csv seul {plain:.2} s ({:.0} MB/s, {n} records)",
        size / ours,
        report.records_read,
        report.accepted,
        size / plain
    );
}

/// A minimal workbook: inline strings and numbers on the first sheet.
fn xlsx_of(rows: &[Vec<&str>]) -> Vec<u8> {
    let cell = |r: usize, c: usize, v: &str| {
        let at = format!("{}{}", char::from(b'A' + c as u8), r + 1);
        if v.parse::<f64>().is_ok() {
            format!("<c r=\"{at}\"><v>{v}</v></c>")
        } else {
            format!("<c r=\"{at}\" t=\"inlineStr\"><is><t>{v}</t></is></c>")
        }
    };
    let data: String = rows
        .iter()
        .enumerate()
        .map(|(r, row)| {
            let cells: String = row.iter().enumerate().map(|(c, v)| cell(r, c, v)).collect();
            format!("<row r=\"{}\">{cells}</row>", r + 1)
        })
        .collect();
    let sheet = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>{data}</sheetData></worksheet>"
    );
    zip_of(&[
        ("[Content_Types].xml", b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>"),
        ("_rels/.rels", b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"),
        ("xl/workbook.xml", b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"),
        ("xl/_rels/workbook.xml.rels", b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ])
}

#[test]
fn xlsx_first_sheet_is_read_like_a_csv() {
    let rows = vec![
        COTIS_HEADER.split(';').collect::<Vec<_>>(),
        vec![
            "117",
            "69",
            "90412873300014",
            "690000004512837751",
            "202211",
            "10",
            "10",
            "12850.5",
        ],
        vec![
            "117",
            "69",
            "90412873300014",
            "690000004512837751",
            "2151",
            "10",
            "10",
            "1",
        ],
    ];
    let (records, report) = read_bytes("cotisations.xlsx", xlsx_of(&rows));
    assert_eq!(report.kind, Some(FileKind::Cotisation), "{report:#?}");
    assert_eq!(report.encoding, "xlsx");
    assert_eq!((report.accepted, report.rejected), (1, 1));
    assert_eq!(records.cotisations[0].due_eur, 12850.5);
    let e = report
        .entries
        .iter()
        .find(|e| e.code == IssueCode::BadPeriod)
        .unwrap();
    assert_eq!(e.line, 3);
    let check = |cell: calamine::Data, expected: &str| {
        assert_eq!(archive::cell_text(&cell), expected, "{cell:?}");
    };
    check(calamine::Data::Float(3050.0), "3050");
    check(calamine::Data::Float(0.25), "0.25");
    check(calamine::Data::String("a\nb".into()), "a b");
    check(
        calamine::Data::DateTime(calamine::ExcelDateTime::new(
            43906.0,
            calamine::ExcelDateTimeType::DateTime,
            false,
        )),
        "2020-03-16",
    );
}

#[test]
fn read_paths_reads_on_two_threads_in_input_order() {
    let dir = std::env::temp_dir().join(format!("vigie-read-paths-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let files = [
        ("sigfaible_debits.csv", DEBITS.as_bytes().to_vec()),
        (
            "sigfaible_cotisdues.csv.gz",
            gzip(cotis_file(&[cotis_line(1)]).as_bytes()),
        ),
        ("absent.csv", Vec::new()),
    ];
    let mut paths = Vec::new();
    for (name, bytes) in &files[..2] {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    for (name, _) in &files {
        paths.push(dir.join(name));
    }
    let (records, reports) = read_paths(&paths);
    std::fs::remove_dir_all(&dir).unwrap();
    let kinds: Vec<_> = reports.iter().map(|r| r.kind).collect();
    assert_eq!(
        kinds,
        vec![Some(FileKind::Debit), Some(FileKind::Cotisation), None]
    );
    assert!(reports[2].fatal.is_some());
    // The only débit file is resolved into its two stock changes as it is read.
    assert_eq!(
        (
            records.debits.len(),
            records.debt_changes.len(),
            records.cotisations.len()
        ),
        (0, 2, 1)
    );
}
