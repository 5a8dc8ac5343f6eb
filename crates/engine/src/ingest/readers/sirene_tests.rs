//! Golden tests of the SIRENE readers, driven through `read_file` on whole small files; every
//! test checks the report's counters, its complete counts per code, and the balance invariant.

use super::*;
use crate::ingest::kind::FileKind;
use crate::ingest::readers::test_support::{Outcome, check_report, outcome, read};

fn line(header: &str, base: &str, overrides: &[(&str, &str)]) -> String {
    super::super::test_support::line(',', header, base, overrides)
}

fn date(iso: &str) -> Date {
    Date::parse_iso(iso).unwrap()
}

fn siret(s: &str) -> Siret {
    Siret::parse(s).unwrap().0
}

// ---------------------------------------------------------------------------------------------
// Establishments.

const ETAB_HEADER: &str = "siren,nic,siret,etablissementSiege,etatAdministratifEtablissement,dateCreationEtablissement,activitePrincipaleEtablissement,nomenclatureActivitePrincipaleEtablissement,codeCommuneEtablissement,codePostalEtablissement,longitude";
const ETAB: &str =
    "552100554,00021,55210055400021,true,A,2001-04-12,25.62A,NAFRev2,69123,69001,4.83";

fn establishment_of(
    is_siege: bool,
    active: bool,
    created: Option<&str>,
    ape: Option<&str>,
    commune: Option<(&str, &str)>,
    postcode: Option<&str>,
) -> Establishment {
    Establishment {
        siret: siret("55210055400021"),
        is_siege,
        active,
        departement: commune.map(|(_, d)| d.into()),
        commune: commune.map(|(c, _)| c.into()),
        postcode: postcode.map(Into::into),
        created: created.map(date),
        ape: ape.map(Into::into),
    }
}

fn check_establishment(overrides: &[(&str, &str)], expected: Outcome, kept: Option<Establishment>) {
    let text = format!("{ETAB_HEADER}\n{}\n", line(ETAB_HEADER, ETAB, overrides));
    let (records, report) = read("StockEtablissement_utf8_geo.csv", &text);
    check_report(&report, FileKind::Sirene, expected);
    assert_eq!(
        records.establishments.first(),
        kept.as_ref(),
        "{overrides:?}"
    );
}

#[test]
fn establishment_rules() {
    use IssueCode::*;
    let lyon = Some(("69123", "69"));
    let base = |is_siege, active| {
        establishment_of(
            is_siege,
            active,
            Some("2001-04-12"),
            Some("25.62A"),
            lyon,
            Some("69001"),
        )
    };
    check_establishment(&[], outcome(1, 0, 0, 0, &[]), Some(base(true, true)));
    // Head-office flag: true/false/1/0/t/f, anything else rejects.
    for (raw, flag) in [("1", true), ("f", false), ("FALSE", false), ("t", true)] {
        check_establishment(
            &[("etablissementsiege", raw)],
            outcome(1, 0, 0, 0, &[]),
            Some(base(flag, true)),
        );
    }
    check_establishment(
        &[("etablissementsiege", "maybe")],
        outcome(0, 0, 1, 0, &[(BadBoolean, 1)]),
        None,
    );
    // State: A or F, anything else is kept as closed with a warning.
    check_establishment(
        &[("etatadministratifetablissement", "F")],
        outcome(1, 0, 0, 0, &[]),
        Some(base(true, false)),
    );
    check_establishment(
        &[("etatadministratifetablissement", "C")],
        outcome(0, 1, 0, 0, &[(UnknownCode, 1)]),
        Some(base(true, false)),
    );
    // Creation date: empty is missing; malformed is missing with a warning.
    let no_date = establishment_of(true, true, None, Some("25.62A"), lyon, Some("69001"));
    check_establishment(
        &[("datecreationetablissement", "")],
        outcome(1, 0, 0, 0, &[]),
        Some(no_date.clone()),
    );
    check_establishment(
        &[("datecreationetablissement", "12/04/2001")],
        outcome(0, 1, 0, 0, &[(BadDate, 1)]),
        Some(no_date),
    );
    // APE: only NAF rév. 2 codes of the right shape.
    let no_ape = establishment_of(true, true, Some("2001-04-12"), None, lyon, Some("69001"));
    check_establishment(
        &[("nomenclatureactiviteprincipaleetablissement", "NAFRev1")],
        outcome(0, 1, 0, 0, &[(NonNafrev2, 1)]),
        Some(no_ape.clone()),
    );
    check_establishment(
        &[("activiteprincipaleetablissement", "2562A")],
        outcome(0, 1, 0, 0, &[(UnknownCode, 1)]),
        Some(no_ape.clone()),
    );
    check_establishment(
        &[
            ("activiteprincipaleetablissement", ""),
            ("nomenclatureactiviteprincipaleetablissement", ""),
        ],
        outcome(1, 0, 0, 0, &[]),
        Some(no_ape),
    );
    // Commune → département; an invalid commune leaves both missing.
    let at = |commune| {
        establishment_of(
            true,
            true,
            Some("2001-04-12"),
            Some("25.62A"),
            commune,
            Some("69001"),
        )
    };
    check_establishment(
        &[("codecommuneetablissement", "2A004")],
        outcome(1, 0, 0, 0, &[]),
        Some(at(Some(("2A004", "2A")))),
    );
    check_establishment(
        &[("codecommuneetablissement", "97411")],
        outcome(1, 0, 0, 0, &[]),
        Some(at(Some(("97411", "974")))),
    );
    check_establishment(
        &[("codecommuneetablissement", "")],
        outcome(1, 0, 0, 0, &[]),
        Some(at(None)),
    );
    check_establishment(
        &[("codecommuneetablissement", "9C123")],
        outcome(1, 0, 0, 0, &[]),
        Some(at(None)),
    );
    // Postcode: 5 digits, else missing.
    check_establishment(
        &[("codepostaletablissement", "6900")],
        outcome(1, 0, 0, 0, &[]),
        Some(establishment_of(
            true,
            true,
            Some("2001-04-12"),
            Some("25.62A"),
            lyon,
            None,
        )),
    );
    // Identifiers: siren + nic; the siret column is checked, and wins when it disagrees.
    check_establishment(
        &[("siret", "")],
        outcome(1, 0, 0, 0, &[]),
        Some(base(true, true)),
    );
    check_establishment(
        &[("nic", "21")],
        outcome(1, 0, 0, 0, &[]),
        Some(base(true, true)),
    );
    check_establishment(
        &[("siret", "55210055400039")],
        outcome(0, 1, 0, 0, &[(SirenSiretMismatch, 1)]),
        Some(Establishment {
            siret: siret("55210055400039"),
            ..base(true, true)
        }),
    );
    check_establishment(
        &[("nic", "000A1")],
        outcome(0, 0, 1, 0, &[(BadSiret, 1)]),
        None,
    );
    check_establishment(
        &[("siren", "55210055A")],
        outcome(0, 0, 1, 0, &[(BadSiren, 1)]),
        None,
    );
}

#[test]
fn establishment_key_duplicates_later_wins() {
    let text = format!(
        "{ETAB_HEADER}\n{ETAB}\n{}\n{}\n",
        line(
            ETAB_HEADER,
            ETAB,
            &[("nic", "00039"), ("siret", "55210055400039")]
        ),
        line(
            ETAB_HEADER,
            ETAB,
            &[("etatadministratifetablissement", "F")]
        ),
    );
    let (records, report) = read("StockEtablissement_utf8.csv", &text);
    check_report(
        &report,
        FileKind::Sirene,
        outcome(2, 0, 0, 1, &[(IssueCode::ConflictingDuplicate, 1)]),
    );
    let got: Vec<(String, bool)> = records
        .establishments
        .iter()
        .map(|e| (e.siret.to_string(), e.active))
        .collect();
    assert_eq!(
        got,
        vec![
            ("55210055400021".into(), false),
            ("55210055400039".into(), true)
        ]
    );
}

#[test]
fn departements() {
    let check = |code: &str, expected: Option<&str>| {
        assert_eq!(commune_departement(code).as_deref(), expected, "{code:?}")
    };
    check("69123", Some("69"));
    check("2A004", Some("2A"));
    check("2B033", Some("2B"));
    check("97411", Some("974"));
    check("98735", Some("987"));
    check("", None);
    check("9C123", None);
    check("6912", None);
}

// ---------------------------------------------------------------------------------------------
// Legal units.

const UL_HEADER: &str = "siren,denominationUniteLegale,nomUniteLegale,nomUsageUniteLegale,prenom1UniteLegale,prenom2UniteLegale,categorieJuridiqueUniteLegale,activitePrincipaleUniteLegale,nomenclatureActivitePrincipaleUniteLegale,activitePrincipaleNAF25UniteLegale,dateCreationUniteLegale,etatAdministratifUniteLegale,nicSiegeUniteLegale";
const UL: &str = "552100554,ATELIERS EXEMPLE,,,,,5710,25.62A,NAFRev2,25.62A,2001-04-12,A,00021";

fn check_legal_unit(
    overrides: &[(&str, &str)],
    expected: Outcome,
    kept: Option<fn(&LegalUnit) -> bool>,
) {
    let text = format!("{UL_HEADER}\n{}\n", line(UL_HEADER, UL, overrides));
    let (records, report) = read("StockUniteLegale_utf8.csv", &text);
    check_report(&report, FileKind::SireneUl, expected);
    match kept {
        Some(test) => assert!(
            records.legal_units.len() == 1 && test(&records.legal_units[0]),
            "{overrides:?}: {:?}",
            records.legal_units
        ),
        None => assert!(records.legal_units.is_empty(), "{overrides:?}"),
    }
}

#[test]
fn legal_unit_rules() {
    use IssueCode::*;
    check_legal_unit(
        &[],
        outcome(1, 0, 0, 0, &[]),
        Some(|u| {
            u.name == "ATELIERS EXEMPLE"
                && u.legal_category.as_deref() == Some("5710")
                && u.ape.as_deref() == Some("25.62A")
                && u.ape_naf25.as_deref() == Some("25.62A")
                && u.created == Some(date("2001-04-12"))
                && u.active
                && u.siret_siege == Some(siret("55210055400021"))
        }),
    );
    // Individual entrepreneur: names joined, " EI" appended.
    check_legal_unit(
        &[
            ("denominationunitelegale", ""),
            ("nomunitelegale", "DUPONT"),
            ("nomusageunitelegale", "MARTIN"),
            ("prenom1unitelegale", "MARIE"),
            ("prenom2unitelegale", "ANNE"),
        ],
        outcome(1, 0, 0, 0, &[]),
        Some(|u| u.name == "DUPONT MARTIN MARIE ANNE EI"),
    );
    check_legal_unit(
        &[("denominationunitelegale", "")],
        outcome(1, 0, 0, 0, &[]),
        Some(|u| u.name.is_empty()),
    );
    check_legal_unit(
        &[("activiteprincipalenaf25unitelegale", "")],
        outcome(1, 0, 0, 0, &[]),
        Some(|u| u.ape_naf25.is_none()),
    );
    check_legal_unit(
        &[("nomenclatureactiviteprincipaleunitelegale", "NAFRev1")],
        outcome(0, 1, 0, 0, &[(NonNafrev2, 1)]),
        Some(|u| u.ape.is_none()),
    );
    check_legal_unit(
        &[("etatadministratifunitelegale", "C")],
        outcome(1, 0, 0, 0, &[]),
        Some(|u| !u.active),
    );
    check_legal_unit(
        &[("etatadministratifunitelegale", "F")],
        outcome(0, 1, 0, 0, &[(UnknownCode, 1)]),
        Some(|u| !u.active),
    );
    check_legal_unit(
        &[("datecreationunitelegale", "2001")],
        outcome(0, 1, 0, 0, &[(BadDate, 1)]),
        Some(|u| u.created.is_none()),
    );
    check_legal_unit(
        &[("nicsiegeunitelegale", "")],
        outcome(1, 0, 0, 0, &[]),
        Some(|u| u.siret_siege.is_none()),
    );
    check_legal_unit(
        &[("nicsiegeunitelegale", "0A021")],
        outcome(0, 1, 0, 0, &[(BadSiret, 1)]),
        Some(|u| u.siret_siege.is_none()),
    );
    check_legal_unit(
        &[("siren", "5521005541")],
        outcome(0, 0, 1, 0, &[(BadSiren, 1)]),
        None,
    );
    check_legal_unit(
        &[("siren", "")],
        outcome(0, 0, 1, 0, &[(BadSiren, 1)]),
        None,
    );
}

#[test]
fn legal_unit_without_naf25_column_and_key_duplicates() {
    let text = "siren,denominationUniteLegale,categorieJuridiqueUniteLegale,etatAdministratifUniteLegale\n552100554,ANCIEN NOM,5710,A\n123456782,AUTRE,5499,A\n552100554,NOUVEAU NOM,5710,C\n";
    let (records, report) = read("sireneUL.csv", text);
    check_report(
        &report,
        FileKind::SireneUl,
        outcome(2, 0, 0, 1, &[(IssueCode::ConflictingDuplicate, 1)]),
    );
    let got: Vec<(String, &str, bool, Option<String>)> = records
        .legal_units
        .iter()
        .map(|u| {
            (
                u.siren.to_string(),
                u.name.as_str(),
                u.active,
                u.ape_naf25.as_deref().map(str::to_string),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("552100554".into(), "NOUVEAU NOM", false, None),
            ("123456782".into(), "AUTRE", true, None)
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Establishment history.

const HISTO_HEADER: &str = "siret,dateFin,dateDebut,etatAdministratifEtablissement,changementEtatAdministratifEtablissement";
const HISTO: &str = "55210055400021,2015-06-30,2010-01-01,A,true";

fn check_history(
    overrides: &[(&str, &str)],
    expected: Outcome,
    kept: Option<(Option<&str>, Option<&str>, bool, bool)>,
) {
    let text = format!("{HISTO_HEADER}\n{}\n", line(HISTO_HEADER, HISTO, overrides));
    let (records, report) = read("StockEtablissementHistorique_utf8.csv", &text);
    check_report(&report, FileKind::SireneHisto, expected);
    let got = records
        .establishment_history
        .first()
        .map(|s| (s.start, s.end, s.active, s.state_changed));
    let want = kept.map(|(s, e, a, c)| (s.map(date), e.map(date), a, c));
    assert_eq!(got, want, "{overrides:?}");
}

#[test]
fn history_rules() {
    use IssueCode::*;
    check_history(
        &[],
        outcome(1, 0, 0, 0, &[]),
        Some((Some("2010-01-01"), Some("2015-06-30"), true, true)),
    );
    check_history(
        &[
            ("datefin", ""),
            ("etatadministratifetablissement", "F"),
            ("changementetatadministratifetablissement", "false"),
        ],
        outcome(1, 0, 0, 0, &[]),
        Some((Some("2010-01-01"), None, false, false)),
    );
    check_history(
        &[("datedebut", "")],
        outcome(1, 0, 0, 0, &[]),
        Some((None, Some("2015-06-30"), true, true)),
    );
    // Skipped rows (a documented rule, §4.11) produce no record.
    check_history(
        &[("datedebut", ""), ("datefin", "")],
        outcome(0, 0, 0, 1, &[(PurgedHistory, 1)]),
        None,
    );
    check_history(
        &[("etatadministratifetablissement", "")],
        outcome(0, 0, 0, 1, &[(NoState, 1)]),
        None,
    );
    check_history(
        &[("datedebut", "01/01/2010")],
        outcome(0, 0, 1, 0, &[(BadDate, 1)]),
        None,
    );
    check_history(
        &[("changementetatadministratifetablissement", "oui")],
        outcome(0, 0, 1, 0, &[(BadBoolean, 1)]),
        None,
    );
    check_history(
        &[("siret", "5521005540002")],
        outcome(0, 1, 0, 0, &[(IdZeroPadded, 1), (LuhnFailed, 1)]),
        Some((Some("2010-01-01"), Some("2015-06-30"), true, true)),
    );
}

type Interval = (Option<&'static str>, Option<&'static str>);

/// History rows as (start, state A/F, state-change flag) → active intervals.
fn check_intervals(rows: &[(Option<&str>, char, bool)], expected: &[Interval]) {
    let states: Vec<EstablishmentState> = rows
        .iter()
        .map(|(start, state, changed)| EstablishmentState {
            siret: siret("55210055400021"),
            start: start.map(date),
            end: None,
            active: *state == 'A',
            state_changed: *changed,
        })
        .collect();
    let want: Vec<(Option<Date>, Option<Date>)> = expected
        .iter()
        .map(|(s, e)| (s.map(date), e.map(date)))
        .collect();
    assert_eq!(active_intervals(&states), want, "{rows:?}");
}

#[test]
fn active_intervals_follow_the_state_changes() {
    check_intervals(&[], &[]);
    check_intervals(&[(None, 'A', false)], &[(None, None)]);
    check_intervals(&[(Some("2010-03-01"), 'F', true)], &[]);
    // Unsorted input; a row without state change does not cut the interval.
    check_intervals(
        &[
            (Some("2018-01-01"), 'A', true),
            (Some("2012-05-01"), 'F', false),
            (Some("2010-03-01"), 'A', false),
            (Some("2015-03-01"), 'F', true),
        ],
        &[
            (Some("2010-03-01"), Some("2015-02-28")),
            (Some("2018-01-01"), None),
        ],
    );
    // Adjacent active periods merge; the day before a 1st of January is the 31st of December.
    check_intervals(
        &[
            (None, 'A', false),
            (Some("2016-01-01"), 'A', true),
            (Some("2020-01-01"), 'F', true),
        ],
        &[(None, Some("2019-12-31"))],
    );
}

#[test]
fn active_in_month_is_any_day_of_the_month() {
    let intervals = [
        (Some(date("2010-03-15")), Some(date("2015-02-01"))),
        (Some(date("2018-01-31")), None),
    ];
    let check = |y: i32, m: u32, expected: bool| {
        let month = Month::new(y, m).unwrap();
        assert_eq!(active_in_month(&intervals, month), expected, "{month}");
    };
    check(2010, 2, false);
    check(2010, 3, true);
    check(2015, 2, true);
    check(2015, 3, false);
    check(2017, 12, false);
    check(2018, 1, true);
    check(2030, 6, true);
    assert!(active_in_month(
        &[(None, None)],
        Month::new(1990, 1).unwrap()
    ));
    assert!(!active_in_month(&[], Month::new(1990, 1).unwrap()));
}
