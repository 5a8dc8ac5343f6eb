use std::sync::OnceLock;

use super::counterfactual::Lever;
use super::*;
use crate::demo::{DemoConfig, generate};
use crate::features::{DICTIONARY, Direction};
use crate::pipeline::analyse;

/// One demo analysis shared by the tests (scoring it is the slow part).
fn demo() -> &'static Analysis {
    static DEMO: OnceLock<Analysis> = OnceLock::new();
    DEMO.get_or_init(|| {
        let files = generate(&DemoConfig {
            firms: 700,
            ..DemoConfig::default()
        });
        analyse(&files, None).expect("demo analysis")
    })
}

fn explained() -> &'static Vec<FirmExplanation> {
    static ALL: OnceLock<Vec<FirmExplanation>> = OnceLock::new();
    ALL.get_or_init(|| {
        let a = demo();
        a.scores
            .iter()
            .map(|s| explain_firm(a, s.firm).expect("scored firm"))
            .collect()
    })
}

fn check_exact(d: &Decomposition, what: &str) {
    assert!(
        (d.total() - d.logit).abs() < 1e-9,
        "{what}: {} + terms = {} ≠ {}",
        d.base_logit,
        d.total(),
        d.logit
    );
    let groups: f64 = d.groups().iter().map(|(_, c)| c).sum();
    let terms: f64 = d.terms.iter().map(|t| t.contribution).sum();
    assert!(
        (groups - terms).abs() < 1e-9,
        "{what}: groups {groups} ≠ terms {terms}"
    );
    assert!((sigmoid(d.logit) - d.probability).abs() < 1e-12);
}

#[test]
fn contributions_plus_reference_equal_the_score_for_every_firm_and_horizon() {
    let a = demo();
    assert!(a.scores.len() > 400);
    let mut binding = 0;
    for (s, e) in a.scores.iter().zip(explained()) {
        for h in Horizon::ALL {
            let x = e.at(h);
            assert_eq!(x.sector.logit, s.score.at(h).logit, "the published score");
            check_exact(&x.sector, &format!("{} {h:?} sector", e.siren));
            check_exact(&x.population, &format!("{} {h:?} population", e.siren));
            binding += usize::from(x.sector.term_structure != 0.0);
        }
        if let Some(c) = &e.change {
            check_exact(&c.decomposition, &format!("{} change", e.siren));
            let before = s.history.last().copied().unwrap_or(f32::NAN);
            assert!(
                (f64::from(before) - c.decomposition.base_probability).abs() < 1e-6,
                "the previous month's score is the one of the history"
            );
        }
    }
    // The horizon term is there when needed, and only then (it is rare).
    assert!(binding < a.scores.len(), "{binding}");
    assert!(explained().iter().filter(|e| e.change.is_some()).count() > a.scores.len() / 2);
}

#[test]
fn a_firm_against_itself_has_no_contribution() {
    let a = demo();
    let s = &a.scores[0];
    for h in Horizon::ALL {
        let d = decompose(&a.model, h, &s.features, &s.features);
        assert!(d.terms.iter().all(|t| t.contribution == 0.0));
        assert_eq!((d.term_structure, d.base_logit), (0.0, d.logit));
    }
}

#[test]
fn pairwise_terms_are_shared_exactly_between_their_two_features() {
    let a = demo();
    let (x, r) = (&a.scores[0].features, &a.references.population.values);
    let d = decompose(&a.model, Horizon::M18, x, r);
    let shapes_only: f64 = {
        let m = a.model.horizon(d.source);
        let (bx, br) = (a.model.bins(x), a.model.bins(r));
        m.gam
            .shapes
            .iter()
            .enumerate()
            .map(|(j, s)| s[bx[j]] - s[br[j]])
            .sum()
    };
    let pairs: f64 = d.pairs.iter().map(|p| p.contribution).sum();
    let terms: f64 = d.terms.iter().map(|t| t.contribution).sum();
    assert!((shapes_only + pairs - terms).abs() < 1e-12);
}

/// `check(values, expected)`: the reference of firms with these values of one feature.
fn check_median(values: &[Option<f64>], expected: Option<f64>) {
    let vectors: Vec<FeatureVector> = values
        .iter()
        .map(|v| {
            let mut f = FeatureVector::missing();
            f.set(Feature::Dette, *v);
            f
        })
        .collect();
    let refs: Vec<&FeatureVector> = vectors.iter().collect();
    let r = Reference::median_of(ReferenceKind::Population, &refs);
    assert_eq!(r.values.get(Feature::Dette), expected, "{values:?}");
    assert_eq!(r.firms, values.len());
}

#[test]
fn the_reference_is_the_median_of_known_values_unless_most_are_missing() {
    check_median(&[Some(3.0), Some(1.0), Some(2.0)], Some(2.0));
    // The lower middle: an actual value.
    check_median(&[Some(4.0), Some(1.0), Some(2.0), Some(3.0)], Some(2.0));
    check_median(&[Some(5.0), None, Some(1.0)], Some(1.0));
    check_median(&[Some(5.0), None, None], None);
    check_median(&[Some(5.0), None], Some(5.0));
    check_median(&[], None);
}

#[test]
fn sector_references_cover_large_divisions_only() {
    let a = demo();
    let refs = &a.references;
    assert_eq!(refs.at, a.at);
    assert!(!refs.sectors.is_empty());
    for (d, r) in &refs.sectors {
        assert_eq!(r.kind, ReferenceKind::Sector(d.clone()));
        assert!(r.firms >= a.model.params.min_sector_firms);
        // Sector-level features are the sector's own: its median firm has them.
        let firm = a
            .scores
            .iter()
            .find(|s| a.panel.firms[s.firm].naf_division() == Some(d))
            .expect("a firm of the division");
        assert_eq!(
            r.values.get(Feature::StressSectoriel),
            firm.features.get(Feature::StressSectoriel)
        );
    }
    assert_eq!(refs.for_division(None).kind, ReferenceKind::Population);
    assert_eq!(
        refs.for_division(Some("zz")).kind,
        ReferenceKind::Population
    );
}

#[test]
fn reasons_cite_known_values_on_the_side_their_sign_says() {
    let mut cited = 0;
    for e in explained() {
        let r = &e.reasons;
        assert!(
            r.aggravating.len() <= reasons::AGGRAVATING
                && r.mitigating.len() <= reasons::MITIGATING
        );
        assert!(r.aggravating.iter().all(|x| x.contribution > 0.0));
        assert!(r.mitigating.iter().all(|x| x.contribution < 0.0));
        assert!(
            r.aggravating
                .windows(2)
                .all(|w| w[0].contribution >= w[1].contribution)
        );
        let d = &e.at(e.alert_horizon).sector;
        for reason in r.aggravating.iter().chain(&r.mitigating) {
            cited += 1;
            let term = d
                .terms
                .iter()
                .find(|t| t.feature == reason.feature)
                .expect("a model term");
            assert_eq!(term.value, Some(reason.value), "never a missing value");
            assert_eq!(term.base, reason.reference);
            let def = reason.feature.def();
            if let Some(base) = reason.reference {
                let worse = reason.contribution > 0.0;
                match def.direction {
                    Direction::Increasing => {
                        assert_eq!(reason.value > base, worse, "{}", reason.fr)
                    }
                    Direction::Decreasing => {
                        assert_eq!(reason.value < base, worse, "{}", reason.fr)
                    }
                    Direction::Unknown => assert_ne!(reason.value, base),
                }
            }
            assert!(reason.fr.ends_with('.') && reason.en.ends_with('.'));
            assert!(
                !reason.fr.contains('{') && !reason.en.contains('{'),
                "{}",
                reason.fr
            );
            if def.unit != crate::features::Unit::Flag {
                assert!(
                    reason.fr.contains(&def.format_value(reason.value))
                        || reason.fr.contains(&def.format_value(reason.value.abs())),
                    "{}",
                    reason.fr
                );
            }
        }
    }
    assert!(cited > explained().len(), "reasons are given: {cited}");
}

#[test]
fn a_reason_reads_with_its_value_and_the_reference() {
    let kind = ReferenceKind::Sector("56".into());
    let (fr, en) = reasons::say(Feature::DetteSurCotisations, 3.2, Some(0.1), &kind);
    assert!(
        fr.contains("3,2\u{a0}mois")
            && fr.contains("contre 0,1\u{a0}mois pour l'entreprise médiane du secteur"),
        "{fr}"
    );
    assert!(
        en.contains("3,2\u{a0}months")
            && en.contains("against 0,1\u{a0}months for the sector's median firm"),
        "{en}"
    );
    let (fr, _) = reasons::say(Feature::EcartDelai, 0.4, None, &kind);
    assert!(
        fr.contains("40,0\u{a0}%") && fr.contains("la plupart des entreprises du secteur"),
        "{fr}"
    );
}

/// Features a lever may change: the firm's own debt, plan and short-time work this month.
fn actionable(f: Feature) -> bool {
    let group = f.def().group;
    let sector_rank = matches!(
        f,
        Feature::DetteCentileSecteur
            | Feature::DetteEcartSecteur
            | Feature::VariationDetteCentileSecteur
            | Feature::VariationDetteEcartSecteur
            | Feature::ApCentileSecteur
            | Feature::ApEcartSecteur
    );
    let past = matches!(
        f,
        Feature::DetteSurCotisationsLag1
            | Feature::DetteSurCotisationsLag2
            | Feature::DetteSurCotisationsLag3
            | Feature::DetteSurCotisationsLag6
            | Feature::DetteSurCotisationsLag12
            | Feature::CotisationsMoy12
            | Feature::MoisDepuisPremiereDette
    );
    !past
        && (sector_rank
            || matches!(
                group,
                FeatureGroup::DetteSociale
                    | FeatureGroup::DelaisPaiement
                    | FeatureGroup::ActivitePartielle
            ))
}

#[test]
fn counterfactuals_cross_their_threshold_when_applied_to_the_firm() {
    let a = demo();
    let (mut in_alert, mut found, mut pairs) = (0, 0, 0);
    for (s, e) in a.scores.iter().zip(explained()) {
        let c = &e.counterfactual;
        assert_eq!(c.probability, s.score.at(a.model.alert_horizon).probability);
        let expected = match a.model.alert(c.probability) {
            Alert::Rouge => 2,
            Alert::Orange => 1,
            Alert::Vert => 0,
        };
        assert_eq!(c.targets.len(), expected);
        in_alert += usize::from(expected > 0);
        for t in &c.targets {
            for o in t.single.iter().chain(&t.pair) {
                let v = o.features.as_ref().expect("the changed firm");
                let p = a.model.score(v).at(a.model.alert_horizon).probability;
                assert_eq!(p, o.probability);
                assert!(p < t.threshold, "{} {p} ≥ {}", e.siren, t.threshold);
                // Exactly the listed features changed, all actionable, as the amount says.
                let changed: Vec<Feature> = Feature::ALL
                    .into_iter()
                    .filter(|f| v.get(*f).map(f64::to_bits) != s.features.get(*f).map(f64::to_bits))
                    .collect();
                let listed: Vec<Feature> = o
                    .actions
                    .iter()
                    .flat_map(|x| x.changes.iter().map(|c| c.feature))
                    .collect();
                assert!(
                    changed.iter().all(|f| listed.contains(f)),
                    "{changed:?} {listed:?}"
                );
                assert!(listed.iter().all(|f| actionable(*f)), "{listed:?}");
                for action in &o.actions {
                    assert!(action.amount > 0.0 && !action.fr.is_empty());
                    if action.lever == Lever::RepayDebt {
                        let debt = s.features.get(Feature::Dette).expect("a debt to repay");
                        assert!(action.amount <= debt);
                        let after = v.get(Feature::Dette).expect("debt");
                        assert!(
                            (after - (debt - action.amount)).abs() <= 0.01 * debt.max(1.0),
                            "{after} {debt} {}",
                            action.amount
                        );
                    }
                }
            }
            found += usize::from(t.single.is_some());
            pairs += usize::from(t.pair.is_some());
            if let Some(p) = &t.pair {
                assert_eq!(p.actions.len(), 2);
                assert_ne!(p.actions[0].lever, p.actions[1].lever);
            }
        }
    }
    assert!(in_alert > 5, "{in_alert}");
    assert!(found > 0, "{found} {pairs}");
}

#[test]
fn a_pair_of_levers_is_given_when_no_single_one_suffices() {
    let a = demo();
    let h = a.model.alert_horizon;
    let mut tried = 0;
    for s in a
        .scores
        .iter()
        .filter(|s| s.features.get(Feature::Dette).is_some_and(|d| d > 1000.0))
    {
        // The same firm, on short-time work for half its staff.
        let mut v = s.features.clone();
        for f in [
            Feature::PartApAutorisee,
            Feature::PartApConsommee,
            Feature::PartApConsommeeMoy3,
        ] {
            v.set(f, Some(0.5));
        }
        let peers = peers(a, a.panel.firms[s.firm].naf_division());
        let min = a.model.params.min_sector_firms;
        let p = |x: &FeatureVector| a.model.score(x).at(h).probability;
        let debt = s.features.get(Feature::Dette).unwrap_or_default();
        let no_debt =
            counterfactual::apply_for_tests(&a.model, &v, &peers, min, Lever::RepayDebt, debt);
        let no_ap =
            counterfactual::apply_for_tests(&a.model, &v, &peers, min, Lever::ShortTimeWork, 0.5);
        let neither = counterfactual::apply_for_tests(
            &a.model,
            &no_debt,
            &peers,
            min,
            Lever::ShortTimeWork,
            0.5,
        );
        let (single, both) = (p(&no_debt).min(p(&no_ap)), p(&neither));
        if both >= single || p(&v) <= single {
            continue;
        }
        // An orange threshold between what both levers and the better one alone achieve.
        let mut model = a.model.clone();
        let threshold = (both + single) / 2.0;
        let m = &mut model.horizons[h.index()];
        m.thresholds.orange = threshold;
        m.thresholds.rouge = 1.0;
        let c = counterfactual::counterfactual(&model, &v, &peers, min);
        assert_eq!(c.targets.len(), 1);
        let t = &c.targets[0];
        assert!(t.single.is_none(), "no single lever suffices");
        let pair = t.pair.as_ref().expect("a pair");
        let levers: Vec<Lever> = pair.actions.iter().map(|x| x.lever).collect();
        assert!(
            levers.contains(&Lever::RepayDebt) && levers.len() == 2,
            "{levers:?}"
        );
        let after = pair.features.as_ref().expect("the changed firm");
        assert_eq!(model.score(after).at(h).probability, pair.probability);
        assert!(pair.probability < threshold);
        tried += 1;
        if tried == 5 {
            break;
        }
    }
    assert!(tried > 0, "a firm where both levers matter");
}

#[test]
fn a_single_lever_is_the_smallest_change_that_crosses() {
    let a = demo();
    let (mut checked, mut smaller) = (0, Vec::new());
    for (s, e) in a.scores.iter().zip(explained()) {
        let peers = peers(a, a.panel.firms[s.firm].naf_division());
        for t in &e.counterfactual.targets {
            let Some(o) = &t.single else { continue };
            let action = &o.actions[0];
            if action.lever == Lever::PaymentPlan {
                continue;
            }
            // Any smaller amount leaves the firm above the threshold.
            for share in [0.1, 0.5, 0.9, 0.99] {
                let less = counterfactual::apply_for_tests(
                    &a.model,
                    &s.features,
                    &peers,
                    a.model.params.min_sector_firms,
                    action.lever,
                    action.amount * share,
                );
                let p = a.model.score(&less).at(a.model.alert_horizon).probability;
                checked += 1;
                if p < t.threshold {
                    smaller.push((e.siren.clone(), action.lever, action.amount, share));
                }
            }
        }
    }
    assert!(checked > 0);
    assert!(smaller.is_empty(), "{smaller:?}");
}

#[test]
fn global_importance_and_density_cover_the_population() {
    let a = demo();
    for h in Horizon::ALL {
        let g = global::global(&a.model, h, a.scores.iter().map(|s| &s.features));
        assert_eq!(g.firms, a.scores.len());
        assert_eq!(g.shapes.len(), a.model.features.len());
        assert!(
            g.shapes
                .windows(2)
                .all(|w| w[0].importance >= w[1].importance)
        );
        for s in &g.shapes {
            assert_eq!(s.density.iter().sum::<usize>(), a.scores.len());
            assert_eq!(s.density.len(), a.model.features[s.position].bins.len());
        }
        assert!(g.shapes[0].importance > 0.0);
        assert_eq!(g.pairs.len(), a.model.horizon(h).gam.pairs.len());
    }
    assert!(DICTIONARY.len() >= a.model.features.len());
}
