//! Feature tests: hand-computed values on tiny panels read from native-format fixtures (one
//! `check` per family), the look-ahead property on demo data, and dictionary coverage.

use super::*;
use crate::calendar::Month;
use crate::demo::{DemoConfig, generate};
use crate::ingest::{RawFile, read_all};
use crate::panel::usable_from;

fn month(s: &str) -> Month {
    Month::parse(s).unwrap()
}

/// URSSAF period code of a month: `YYQM` (cotisations) — 2023-04 is `2321`.
fn period(m: Month) -> String {
    let q = (m.month() - 1) / 3 + 1;
    let k = (m.month() - 1) % 3 + 1;
    format!("{:02}{q}{k}", m.year() % 100)
}

/// One firm of a tiny fixture. Months are counted from [`START`].
#[derive(Default)]
struct Firm {
    siren: &'static str,
    ape: &'static str,
    created: &'static str,
    /// Headcount per month from START (None = empty cell).
    headcount: Vec<Option<u32>>,
    /// Contributions due per month from START.
    contributions: Vec<f64>,
    /// Débit operations: (processing date `YYYY-MM-DD`, employee share €, employer share €),
    /// each a new debt (its own ECN).
    debts: Vec<(&'static str, f64, f64)>,
    /// Activité partielle consumed: (month, hours).
    ap: Vec<(&'static str, f64)>,
}

const START: &str = "2022-01";

impl Firm {
    fn siret(&self) -> String {
        format!("{}00011", self.siren)
    }
}

fn raw(name: &str, text: String) -> RawFile {
    RawFile {
        name: name.into(),
        bytes: text.into_bytes(),
    }
}

/// The native files of the fixture firms, plus `extra` files.
fn files(firms: &[Firm], extra: Vec<RawFile>) -> Vec<RawFile> {
    let start = month(START);
    let months = firms.iter().map(|f| f.headcount.len()).max().unwrap_or(0);
    let mut ul = String::from(
        "siren,denominationUniteLegale,categorieJuridiqueUniteLegale,activitePrincipaleUniteLegale,nomenclatureActivitePrincipaleUniteLegale,dateCreationUniteLegale,etatAdministratifUniteLegale,nicSiegeUniteLegale\n",
    );
    let mut eff = String::from("siren");
    for m in 0..months {
        let mo = start.offset(m as i32);
        eff.push_str(&format!(";eff{}{}", mo.year(), &period(mo)[2..]));
    }
    eff.push_str(";rais_soc\n");
    let mut cot =
        String::from("Urssaf_gestion;Dep;Siret;Compte;periode;mer;enc_direct;cotis_due\n");
    let mut deb =
        String::from("Siret;num_cpte;Periode;Num_Ecn;Num_Hist_Ecn;Dt_trt_ecn;Mt_PO;Mt_PP\n");
    let mut ap =
        String::from("\"ID_DA\",\"ETAB_SIRET\",\"HEURES\",\"MONTANTS\",\"EFFECTIFS\",\"MOIS\"\n");
    for f in firms {
        ul.push_str(&format!(
            "{},ENTREPRISE {},5710,{},NAFRev2,{},A,00011\n",
            f.siren, f.siren, f.ape, f.created
        ));
        eff.push_str(f.siren);
        for h in &f.headcount {
            eff.push(';');
            if let Some(h) = h {
                eff.push_str(&h.to_string());
            }
        }
        eff.push_str(";X\n");
        for (m, c) in f.contributions.iter().enumerate() {
            let c = format!("{c:.2}").replace('.', ",");
            cot.push_str(&format!(
                "117;69;{};ACC{};{};{c};{c};{c}\n",
                f.siret(),
                f.siren,
                period(start.offset(m as i32))
            ));
        }
        for (i, (date, po, pp)) in f.debts.iter().enumerate() {
            let d = date.replace('-', "");
            deb.push_str(&format!(
                "{};ACC{};202211;{};1;1{};{};{}\n",
                f.siret(),
                f.siren,
                100 + i,
                &d[2..],
                (po * 100.0).round(),
                (pp * 100.0).round()
            ));
        }
        for (i, (m, hours)) in f.ap.iter().enumerate() {
            ap.push_str(&format!(
                "\"R{}{i}\",\"{}\",{hours},0.0,1.0,\"{m}-01\"\n",
                f.siren,
                f.siret()
            ));
        }
    }
    let mut out = vec![
        raw("sirene_ul.csv", ul),
        raw("effectif_ent.csv", eff),
        raw("cotisations.csv", cot),
        raw("debits.csv", deb),
    ];
    if firms.iter().any(|f| !f.ap.is_empty()) {
        out.push(raw("ap_conso.csv", ap));
    }
    out.extend(extra);
    out
}

fn panel(files: &[RawFile]) -> Panel {
    let (records, reports) = read_all(files);
    for r in &reports {
        assert!(r.fatal.is_none(), "{}: {:?}", r.name, r.fatal);
        assert_eq!(r.rejected, 0, "{}: {:?}", r.name, r.entries);
    }
    Panel::build(&records).unwrap()
}

/// Checks features of the firm `siren` at month `at` against hand-computed values.
fn check(
    panel: &Panel,
    params: &FeatureParams,
    siren: &str,
    at: &str,
    expected: &[(Feature, Option<f64>)],
) {
    let events = SectorEvents::default();
    let firm = panel
        .firm_index(crate::ids::Siren::parse(siren).unwrap().0)
        .unwrap_or_else(|| panic!("{siren} not in the panel"));
    let t = panel.index_of(month(at)).unwrap();
    let v = Features::new(panel, params, &events, t..=t).at(firm, t);
    for (feature, want) in expected {
        let got = v.get(*feature);
        let ok = match (got, want) {
            (Some(g), Some(w)) => (g - w).abs() <= 1e-5 * w.abs().max(1.0),
            (None, None) => true,
            _ => false,
        };
        assert!(
            ok,
            "{} at {at}: got {got:?}, expected {want:?}",
            feature.def().id
        );
    }
}

/// 24 months (2022-01 … 2023-12): 20 employees in 2022, 15 in 2023 with May 2023 missing and
/// the last two months unpublished; 1 000 € of contributions a month; 3 000 € of debt booked
/// on 5 June 2023 and 1 500 € more on 5 September 2023.
fn debt_firm() -> Firm {
    let mut headcount: Vec<Option<u32>> = (0..24)
        .map(|m| Some(if m < 12 { 20 } else { 15 }))
        .collect();
    headcount[16] = None; // 2023-05
    headcount[22] = None; // 2023-11 and 2023-12: unpublished (empty in every row)
    headcount[23] = None;
    Firm {
        siren: "888210374",
        ape: "25.62A",
        created: "2010-04-01",
        headcount,
        contributions: vec![1000.0; 24],
        debts: vec![
            ("2023-06-05", 1000.0, 2000.0),
            ("2023-09-05", 500.0, 1000.0),
        ],
        ..Firm::default()
    }
}

#[test]
fn debt_features_by_hand() {
    let p = panel(&files(&[debt_firm()], vec![]));
    use Feature as F;
    // October 2023: contributions of Oct 2022–Sep 2023 are known (1 000 €); debt 4 500 €.
    // Ratios of May…October: 0, 3, 3, 3, 4.5, 4.5 → slope 13.5 / 17.5.
    check(
        &p,
        &FeatureParams::default(),
        "888210374",
        "2023-10",
        &[
            (F::Dette, Some(4500.0)),
            (F::CotisationsMoy12, Some(1000.0)),
            (F::DetteSurCotisations, Some(4.5)),
            (F::DetteSurCotisationsLag1, Some(4.5)),
            (F::DetteSurCotisationsLag2, Some(3.0)),
            (F::DetteSurCotisationsLag3, Some(3.0)),
            (F::DetteSurCotisationsLag6, Some(0.0)),
            (F::DetteSurCotisationsLag12, Some(0.0)),
            (F::DetteSurCotisationsMoy3, Some(4.0)),
            (F::DetteSurCotisationsMoy6, Some(18.0 / 6.0)),
            (F::TendanceDette6, Some(13.5 / 17.5)),
            (F::VariationDette3, Some(1.5)),
            (F::PartOuvriere, Some(1500.0 / 4500.0)),
            (F::MoisDepuisPremiereDette, Some(4.0)),
            (F::MoisDepuisDerniereDette, Some(0.0)),
            // Headcount of August 2023 (the lag is 2 months): 15.
            (F::DetteParSalarie, Some(300.0)),
            (F::VariationDetteParSalarie3, Some(300.0 - 200.0)),
            (F::VariationCotisations12, Some(0.0)),
            // Before the crisis window? No: the default window is 2020-03 … 2021-06, before
            // the panel starts, so the pre-crisis debt is unknown.
            (F::DetteCrise, None),
        ],
    );
    // May 2023: no debt yet, and the debt history never had a positive value.
    check(
        &p,
        &FeatureParams::default(),
        "888210374",
        "2023-05",
        &[
            (F::DetteSurCotisations, Some(0.0)),
            (F::MoisDepuisPremiereDette, None),
            (F::MoisDepuisDerniereDette, None),
            (F::PartOuvriere, None),
        ],
    );
    // January 2022: no contributions known yet (they arrive one month late), so no ratio.
    check(
        &p,
        &FeatureParams::default(),
        "888210374",
        "2022-01",
        &[
            (F::DetteSurCotisations, None),
            (F::CotisationsMoy12, None),
            (F::VolatiliteDette12, None),
        ],
    );
}

#[test]
fn headcount_features_by_hand() {
    let p = panel(&files(&[debt_firm()], vec![]));
    use Feature as F;
    let params = FeatureParams::default();
    // October 2023 reads August 2023 (15) against August 2022 (20) and February 2023 (15).
    check(
        &p,
        &params,
        "888210374",
        "2023-10",
        &[
            (F::Effectif, Some(15.0)),
            (F::Taille, Some(16f64.ln())),
            (F::AncienneteEffectif, Some(2.0)),
            (F::EvolutionEffectif12, Some(-0.25)),
            (F::EvolutionEffectif6, Some(0.0)),
            (F::EvolutionEffectif24, None),
            (F::AgeEntreprise, Some((13.0 * 12.0 + 6.0) / 12.0)),
        ],
    );
    // July 2023 would read May 2023, which is missing: the last published month is April.
    check(
        &p,
        &params,
        "888210374",
        "2023-07",
        &[
            (F::Effectif, Some(15.0)),
            (F::AncienneteEffectif, Some(3.0)),
            (F::EvolutionEffectif12, Some(-0.25)),
        ],
    );
    // December 2023 would read October, then unpublished months are never read.
    check(
        &p,
        &params,
        "888210374",
        "2023-12",
        &[
            (F::Effectif, Some(15.0)),
            (F::AncienneteEffectif, Some(2.0)),
        ],
    );
    // A year-long trend of the log headcount: flat in 2023 up to August after the drop.
    let t = p.index_of(month("2023-10")).unwrap();
    let f = Features::new(&p, &params, &SectorEvents::default(), t..=t).at(0, t);
    let trend = f.get(F::TendanceEffectif12).unwrap();
    assert!(trend < 0.0, "{trend}");
}

#[test]
fn activite_partielle_and_crisis_features_by_hand() {
    // A crisis window inside the fixture, with six months of contributions before it.
    let crisis = CrisisWindow {
        start: month("2022-08"),
        end: month("2022-11"),
    };
    let params = FeatureParams {
        crisis,
        ..FeatureParams::default()
    };
    let mut firm = debt_firm();
    firm.ap = vec![("2022-09", 910.0), ("2022-10", 455.0), ("2023-02", 303.34)];
    // 2 000 € of debt booked during the window (and never repaid).
    firm.debts = vec![("2022-09-05", 500.0, 1500.0)];
    let p = panel(&files(&[firm], vec![]));
    use Feature as F;
    let fte = |h: f64, staff: f64| h / crate::panel::FULL_TIME_MONTH_HOURS / staff;
    // November 2022 reads October's consumption (lag 1) and September's headcount (20).
    check(
        &p,
        &params,
        "888210374",
        "2022-11",
        &[
            (F::PartApConsommee, Some(fte(455.0, 20.0))),
            (
                F::PartApConsommeeMoy3,
                Some((fte(455.0, 20.0) + fte(910.0, 20.0) + 0.0) / 3.0),
            ),
            (F::EnPeriodeDeCrise, Some(1.0)),
            (F::ApHorsCrise, Some(0.0)),
            // Crisis months known in November: August, September, October.
            (
                F::ApPendantCrise,
                Some((0.0 + fte(910.0, 20.0) + fte(455.0, 20.0)) / 3.0),
            ),
            // 2 000 € built since July, over pre-crisis contributions (1 000 € a month).
            (F::DetteCrise, Some(2.0)),
            (F::RemboursementDetteCrise, None),
            // No request file: authorised hours are unknown, not zero.
            (F::PartApAutorisee, None),
        ],
    );
    // March 2023 reads February's 303.34 hours (outside the window: the firm's own use) and
    // January's headcount (15); nothing of the crisis debt has been repaid.
    check(
        &p,
        &params,
        "888210374",
        "2023-03",
        &[
            (F::PartApConsommee, Some(fte(303.34, 15.0))),
            (F::ApHorsCrise, Some(fte(303.34, 15.0))),
            (F::EnPeriodeDeCrise, Some(0.0)),
            (F::MoisAp12, Some(3.0)),
            (F::HeuresApCumulees12, Some(910.0 + 455.0 + 303.34)),
            (F::DetteCrise, Some(2.0)),
            (F::RemboursementDetteCrise, Some(0.0)),
        ],
    );
    // July 2022, before the window: no exposure yet (a genuine 0). Only five months of
    // consumption are known (January to June), so the 12-month count is missing.
    check(
        &p,
        &params,
        "888210374",
        "2022-07",
        &[
            (F::DetteCrise, Some(0.0)),
            (F::ApPendantCrise, Some(0.0)),
            (F::MoisAp12, Some(0.0)),
        ],
    );
    check(
        &p,
        &params,
        "888210374",
        "2022-06",
        &[(F::MoisAp12, None), (F::HeuresApCumulees12, None)],
    );
}

#[test]
fn payment_plans_and_ccsf_by_hand() {
    // The appendix's plan: 18 400 € from 14 Feb 2023 to 14 Nov 2023 (273 days); CCSF approved
    // on 5 September 2023.
    let delai = raw(
        "delais.csv",
        "Urssaf_gestion;Dep;Siret;Numero_compte_externe;Numero_structure;Date_creation;Date_echeance;Duree_delai;Denomination_premiere_ligne;Indic_6M;Annee_creation;Montant_global_echeancier;Code_externe_stade;Code_externe_action\n\
         117;69;88821037400011;ACC888210374;6907231100412;14/02/2023;14/11/2023;273;ATELIERS EXEMPLE;SUP;2023;18400,00;APPROB;SUR PO\n"
            .into(),
    );
    let ccsf = raw(
        "ccsf.csv",
        "Urssaf_gestion;Dep;Siret;Compte;Date_de_traitement;Code_externe_stade;Code_externe_action\n\
         117;69;88821037400011;ACC888210374;1230905;APPROB;CCSF\n"
            .into(),
    );
    let p = panel(&files(&[debt_firm()], vec![delai, ccsf]));
    use Feature as F;
    let params = FeatureParams::default();
    // 1 June → 14 November: 166 days left of 273; the debt is 3 000 €.
    let expected = 18400.0 * 166.0 / 273.0;
    check(
        &p,
        &params,
        "888210374",
        "2023-06",
        &[
            (F::DelaisActifs, Some(1.0)),
            (F::DelaiMontantSurCotisations, Some(18.4)),
            (F::EcartDelai, Some((3000.0 - expected) / 18400.0)),
            (F::MoisDepuisDernierDelai, Some(0.0)),
            (F::CcsfEnCours, Some(0.0)),
            (F::MoisDepuisCcsf, None),
        ],
    );
    check(
        &p,
        &params,
        "888210374",
        "2023-12",
        &[
            (F::DelaisActifs, Some(0.0)),
            (F::DelaiMontantSurCotisations, Some(0.0)),
            (F::EcartDelai, None),
            // The plan was last active in October (the due month is excluded).
            (F::MoisDepuisDernierDelai, Some(2.0)),
            (F::CcsfEnCours, Some(1.0)),
            (F::MoisDepuisCcsf, Some(3.0)),
        ],
    );
    // Without délais and CCSF files these features are missing, not zero.
    let bare = panel(&files(&[debt_firm()], vec![]));
    check(
        &bare,
        &params,
        "888210374",
        "2023-06",
        &[
            (F::DelaisActifs, None),
            (F::EcartDelai, None),
            (F::CcsfEnCours, None),
            (F::PartApConsommee, None),
        ],
    );
}

#[test]
fn financial_features_by_hand() {
    let header = "siren;date_cloture_exercice;chiffre_d_affaires;marge_brute;ebe;ebit;resultat_net;taux_d_endettement;ratio_de_liquidite;ratio_de_vetuste;autonomie_financiere;poids_bfr_exploitation_sur_ca;couverture_des_interets;caf_sur_ca;capacite_de_remboursement;marge_ebe;resultat_courant_avant_impots_sur_ca;poids_bfr_exploitation_sur_ca_jours;rotation_des_stocks_jours;credit_clients_jours;credit_fournisseurs_jours;type_bilan;confidentiality";
    let inpi = raw(
        "ratios_inpi.csv",
        format!(
            "{header}\n\
             888210374;2021-12-31;4000000;;;;;;;;25.0;;;;;6.0;;;;;;C;Public\n\
             888210374;2022-12-31;5120000;2310000;402000;251000;168000;64.2;131.5;38.9;29.4;11.8;6.1;5.9;2.7;7.8;4.6;42.5;27.3;61.0;55.4;C;Public\n"
        ),
    );
    let p = panel(&files(&[debt_firm()], vec![inpi]));
    use Feature as F;
    let params = FeatureParams::default();
    // July 2023: the 2022 accounts are not usable yet (closing + 8 months = August); the 2021
    // ones are (since August 2022), and their fiscal year overlaps the COVID window.
    check(
        &p,
        &params,
        "888210374",
        "2023-07",
        &[
            (F::ChiffreAffaires, Some(4_000_000.0)),
            (F::AncienneteBilan, Some(19.0)),
            (F::BilanPendantCrise, Some(1.0)),
            (F::TauxEndettement, None),
            (F::VariationChiffreAffaires, None),
        ],
    );
    check(
        &p,
        &params,
        "888210374",
        "2023-08",
        &[
            (F::ChiffreAffaires, Some(5_120_000.0)),
            (F::AncienneteBilan, Some(8.0)),
            (F::MargeEbe, Some(7.8)),
            (F::TauxEndettement, Some(64.2)),
            (F::RatioLiquidite, Some(131.5)),
            (F::CapaciteRemboursement, Some(2.7)),
            (F::CreditFournisseursJours, Some(55.4)),
            (F::VariationChiffreAffaires, Some(0.28)),
            (F::VariationMargeEbe, Some(1.8)),
            (F::VariationAutonomieFinanciere, Some(4.4)),
            (F::BilanPendantCrise, Some(0.0)),
        ],
    );
    // Before any usable statement: every financial feature is missing.
    check(
        &p,
        &params,
        "888210374",
        "2022-06",
        &[(F::ChiffreAffaires, None), (F::AncienneteBilan, None)],
    );
}

/// Twelve restaurants whose debt reaches `i` thousand euros (i = 0…11) in June 2023.
fn restaurants() -> Vec<Firm> {
    const SIRENS: [&str; 12] = [
        "100000009",
        "100000017",
        "100000025",
        "100000033",
        "100000041",
        "100000058",
        "100000066",
        "100000074",
        "100000082",
        "100000090",
        "100000108",
        "100000116",
    ];
    SIRENS
        .iter()
        .enumerate()
        .map(|(i, siren)| Firm {
            siren,
            ape: "56.10A",
            created: "2015-01-01",
            headcount: (0..24)
                .map(|m| Some(if m < 12 || i % 2 == 0 { 20 } else { 18 }))
                .collect(),
            contributions: vec![1000.0; 24],
            debts: if i > 0 {
                vec![("2023-06-05", 0.0, 1000.0 * i as f64)]
            } else {
                vec![]
            },
            ..Firm::default()
        })
        .collect()
}

#[test]
fn sector_features_by_hand() {
    let p = panel(&files(&restaurants(), vec![]));
    let params = FeatureParams::default();
    use Feature as F;
    // June 2023: ratios 0…11 in the division; firm 5 (ratio 5) has 5 below and 1 equal:
    // mid-rank (5 + 6) / 2 / 12; the median is 5.5. Debt rose for 11 of 12 firms; half the
    // firms went from 20 to 18 employees between April 2022 and April 2023.
    check(
        &p,
        &params,
        "100000058",
        "2023-06",
        &[
            (F::DetteSurCotisations, Some(5.0)),
            (F::DetteCentileSecteur, Some(5.5 / 12.0)),
            (F::DetteEcartSecteur, Some(-0.5)),
            (F::SecteurPartDetteEnHausse, Some(11.0 / 12.0)),
            (F::SecteurPartBaisseEffectif, Some(0.5)),
            // No activité partielle file: that share is unknown, the index averages the others.
            (F::SecteurPartAp, None),
            (F::StressSectoriel, Some((11.0 / 12.0 + 0.5) / 2.0)),
            (F::EvenementSectorielSeverite, Some(0.0)),
            (F::EvenementSectorielMois, None),
        ],
    );
    // With a minimum of 13 firms per cell, the division is too small: missing, not zero.
    check(
        &p,
        &FeatureParams {
            min_sector_firms: 13,
            ..params
        },
        "100000058",
        "2023-06",
        &[(F::DetteCentileSecteur, None), (F::StressSectoriel, None)],
    );
}

#[test]
fn sector_events_become_features() {
    let p = panel(&files(&restaurants(), vec![]));
    let events = events::parse(
        "naf_prefix;debut;fin;libelle;severite\n\
         56.1;2023-02;;Hausse des prix alimentaires;2\n\
         I;2023-05;2023-08;Saison touristique manquée;3\n\
         47;2023-01;;Commerce;3\n",
    );
    assert!(events.issues.is_empty());
    let t = p.index_of(month("2023-06")).unwrap();
    let features = Features::new(&p, &FeatureParams::default(), &events, t - 5..=t);
    let v = features.at(0, t);
    // The gravest event under way wins (section I, severity 3, started in May).
    assert_eq!(v.get(Feature::EvenementSectorielSeverite), Some(3.0));
    assert_eq!(v.get(Feature::EvenementSectorielMois), Some(1.0));
    let v = features.at(0, t - 3);
    assert_eq!(v.get(Feature::EvenementSectorielSeverite), Some(2.0));
    assert_eq!(v.get(Feature::EvenementSectorielMois), Some(1.0));
    let v = features.at(0, t - 5);
    assert_eq!(v.get(Feature::EvenementSectorielSeverite), Some(0.0));
}

/// The demo's records with only what had been published by the end of `cut`.
fn truncated(
    records: &crate::ingest::records::Records,
    cut: Month,
) -> crate::ingest::records::Records {
    let lags = Lags::default();
    let mut known = records.clone();
    let last_headcount = cut.offset(-(lags.effectif as i32));
    for t in &mut known.firm_headcounts {
        let keep = t.months.iter().filter(|m| **m <= last_headcount).count();
        t.months.truncate(keep);
        for r in &mut t.rows {
            r.values = r.values[..keep].into();
        }
    }
    for t in &mut known.establishment_headcounts {
        let keep = t.months.iter().filter(|m| **m <= last_headcount).count();
        t.months.truncate(keep);
        for r in &mut t.rows {
            r.values = r.values[..keep].into();
        }
    }
    known
        .cotisations
        .retain(|c| c.period.0 <= cut.offset(-(lags.cotisation as i32)));
    known.debits.retain(|d| d.accounting_month() <= cut);
    known.debt_changes.retain(|c| c.month <= cut);
    known.procols.retain(|p| p.date.month() <= cut);
    known.delais.retain(|d| d.created.month() <= cut);
    known.ccsf.retain(|c| c.date.month() <= cut);
    known.ap_demandes.retain(|d| d.start.month() <= cut);
    known
        .ap_consos
        .retain(|c| c.month <= cut.offset(-(lags.ap_consommee as i32)));
    known.inpi.retain(|s| usable_from(s) <= cut);
    known
}

#[test]
fn no_feature_looks_ahead_on_demo_data() {
    let (records, _) = read_all(&generate(&DemoConfig {
        firms: 400,
        ..DemoConfig::default()
    }));
    // The demo's sole débit file is read as stock changes per accounting month.
    assert!(!records.debt_changes.is_empty());
    let full = Panel::build(&records).unwrap();
    let events = events::parse(events::EXAMPLE);
    let params = FeatureParams::default();
    // A normal month, a crisis month and the month the window closes.
    for cut in [month("2019-06"), month("2020-11"), month("2021-06")] {
        let short = Panel::build(&truncated(&records, cut)).unwrap();
        let (t_full, t_short) = (full.index_of(cut).unwrap(), short.index_of(cut).unwrap());
        let on_full = Features::new(&full, &params, &events, t_full..=t_full);
        let on_short = Features::new(&short, &params, &events, t_short..=t_short);
        let mut compared = 0;
        let mut known = [0usize; COUNT];
        for f in 0..full.firms.len() {
            let Some(g) = short.firm_index(full.firms[f].siren) else {
                continue;
            };
            let (a, b) = (on_full.at(f, t_full), on_short.at(g, t_short));
            for (feature, value) in a.iter() {
                assert_eq!(
                    value.map(f64::to_bits),
                    b.get(feature).map(f64::to_bits),
                    "{} of {} at {cut}",
                    feature.def().id,
                    full.firms[f].siren
                );
                known[feature.index()] += usize::from(value.is_some());
            }
            compared += 1;
        }
        assert!(compared > 300, "{compared}");
        // The comparison is not vacuous: the main families are computed at every cut.
        for feature in [
            Feature::DetteSurCotisations,
            Feature::TendanceDette12,
            Feature::Effectif,
            Feature::DetteCentileSecteur,
            Feature::StressSectoriel,
            Feature::ChiffreAffaires,
            Feature::PartApConsommee,
        ] {
            assert!(
                known[feature.index()] > 100,
                "{} at {cut}",
                feature.def().id
            );
        }
    }
}

#[test]
fn firms_split_over_threads_give_the_same_features() {
    let (records, _) = read_all(&generate(&DemoConfig {
        firms: 200,
        ..DemoConfig::default()
    }));
    let panel = Panel::build(&records).unwrap();
    let events = SectorEvents::default();
    let t = panel.months - 1;
    let features = Features::new(&panel, &FeatureParams::default(), &events, t - 2..=t);
    let batch = features.collect(t - 2..=t, |_, _| true, |f, t, v| (f, t, v));
    assert_eq!(batch.len(), panel.firms.len() * 3);
    for (f, t, v) in batch.iter().step_by(7) {
        assert_eq!(&features.at(*f, *t), v);
    }
}

#[test]
fn the_dictionary_covers_every_feature_and_each_is_computed_on_the_demo() {
    let mut ids: Vec<&str> = DICTIONARY.iter().map(|d| d.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), COUNT, "identifiers are unique");
    for (i, d) in DICTIONARY.iter().enumerate() {
        assert_eq!(Feature::ALL[i].index(), i);
        assert_eq!(Feature::from_id(d.id), Some(Feature::ALL[i]));
        assert!(
            d.id.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "{}",
            d.id
        );
        for text in [d.label_fr, d.label_en, d.definition_fr, d.definition_en] {
            assert!(!text.is_empty(), "{}", d.id);
        }
    }
    // Every feature is computed (not missing everywhere) somewhere in the demo history, with
    // the example sector events, so no feature is a placeholder.
    let (records, _) = read_all(&generate(&DemoConfig {
        firms: 400,
        ..DemoConfig::default()
    }));
    let panel = Panel::build(&records).unwrap();
    let events = events::parse(events::EXAMPLE);
    let features = Features::new(
        &panel,
        &FeatureParams::default(),
        &events,
        0..=panel.months - 1,
    );
    let mut seen = [false; COUNT];
    let mut varies = [false; COUNT];
    let mut first = [f64::NAN; COUNT];
    for (_, _, v) in features.collect(
        0..=panel.months - 1,
        |f, t| in_population(&panel, f, t, Lags::default()),
        |f, t, v| (f, t, v),
    ) {
        for (feature, value) in v.iter() {
            if let Some(x) = value {
                let i = feature.index();
                if seen[i] && x != first[i] {
                    varies[i] = true;
                }
                if !seen[i] {
                    first[i] = x;
                }
                seen[i] = true;
            }
        }
    }
    for (i, d) in DICTIONARY.iter().enumerate() {
        assert!(seen[i], "{} is never computed on the demo", d.id);
        // The demo publishes every firm's headcount every month, so the age of the last
        // published headcount is always the lag (its other values: `headcount_features_by_hand`).
        if Feature::ALL[i] != Feature::AncienneteEffectif {
            assert!(varies[i], "{} is constant on the demo", d.id);
        }
    }
    // The model uses only dictionary features (a model file naming another is refused), and
    // the embedded one uses most of them.
    let model = crate::model::embedded().unwrap();
    assert!(model.features.len() > COUNT / 2);
    assert_eq!(dictionary_hash().len(), 16);
}

#[test]
fn feature_vectors_serialise_missing_as_null() {
    let mut v = FeatureVector::missing();
    v.set(Feature::Dette, Some(12.5));
    let json = serde_json::to_string(&v).unwrap();
    assert!(json.starts_with("[12.5,null"), "{json}");
    let back: FeatureVector = serde_json::from_str(&json).unwrap();
    assert_eq!(back, v);
    assert!(serde_json::from_str::<FeatureVector>("[1.0]").is_err());
}

#[test]
fn values_are_shown_in_their_unit_in_both_languages() {
    let check = |feature: Feature, value: f64, fr: &str, en: &str| {
        assert_eq!(
            feature.def().format_value(value),
            fr,
            "{}",
            feature.def().id
        );
        assert_eq!(
            feature.def().format_value_en(value),
            en,
            "{}",
            feature.def().id
        );
    };
    check(
        Feature::Dette,
        12345.4,
        "12\u{202f}345\u{a0}€",
        "12\u{202f}345\u{a0}€",
    );
    check(
        Feature::DetteSurCotisations,
        3.25,
        "3,2\u{a0}mois",
        "3,2\u{a0}months",
    );
    check(
        Feature::EvolutionEffectif12,
        -0.2,
        "-20,0\u{a0}%",
        "-20,0\u{a0}%",
    );
    // Numbers keep the French style in both languages, like the rest of the interface.
    check(Feature::MargeEbe, 7.8, "7,8\u{a0}%", "7,8\u{a0}%");
    check(Feature::CcsfEnCours, 1.0, "oui", "yes");
    check(
        Feature::DetteCentileSecteur,
        0.62,
        "62\u{a0}e centile",
        "percentile 62",
    );
    check(Feature::EvenementSectorielSeverite, 3.0, "forte", "strong");
    check(Feature::Taille, 16f64.ln(), "15", "15");
    // Singular nouns: below 2 in French, exactly one in English.
    check(Feature::MoisDepuisCcsf, 1.0, "1\u{a0}mois", "1\u{a0}month");
    check(Feature::MoisDepuisCcsf, 4.0, "4\u{a0}mois", "4\u{a0}months");
    check(Feature::BfrJours, 1.0, "1\u{a0}jour", "1\u{a0}day");
    check(Feature::BfrJours, 0.0, "0\u{a0}jour", "0\u{a0}days");
    check(Feature::BfrJours, 45.0, "45\u{a0}jours", "45\u{a0}days");
    check(Feature::AgeEntreprise, 1.5, "1,5\u{a0}an", "1,5\u{a0}years");
    check(Feature::AgeEntreprise, 1.0, "1,0\u{a0}an", "1,0\u{a0}year");
    check(
        Feature::AgeEntreprise,
        30.9,
        "30,9\u{a0}ans",
        "30,9\u{a0}years",
    );
}
