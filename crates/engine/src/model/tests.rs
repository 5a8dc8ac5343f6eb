//! Model tests at the module boundary: the term structure, exact decompositions, the model
//! file's validation, backtests.

use super::*;
use crate::demo::{DemoConfig, generate};
use crate::features::{Features, SectorEvents};
use crate::ingest::read_all;
use crate::panel::Panel;

fn demo_panel(firms: usize) -> Panel {
    let (records, _) = read_all(&generate(&DemoConfig {
        firms,
        ..DemoConfig::default()
    }));
    Panel::build(&records).unwrap()
}

fn trained(panel: &Panel) -> Model {
    train(panel, &TrainConfig::default(), &SectorEvents::default()).unwrap()
}

#[test]
fn horizons_are_monotone_and_every_score_is_an_exact_sum() {
    let panel = demo_panel(1500);
    let model = trained(&panel);
    let events = SectorEvents::default();
    let t = panel.months - 1;
    let features = Features::new(&panel, &model.params, &events, t - 24..=t);
    let mut scored = 0;
    for m in [t - 24, t] {
        for f in (0..panel.firms.len()).filter(|f| in_population(&panel, *f, m, model.params.lags))
        {
            let v = features.at(f, m);
            let s = model.score(&v);
            let scorer = model.scorer();
            for h in Horizon::ALL {
                assert_eq!(scorer.probability(h, &v), s.at(h).probability);
                assert_eq!(model.probability(h, &v), s.at(h).probability);
            }
            assert!(
                s.horizons
                    .windows(2)
                    .all(|w| w[0].probability <= w[1].probability),
                "{s:?}"
            );
            for h in Horizon::ALL {
                let e = model.explain(h, &v);
                assert!((e.total() - e.logit).abs() < 1e-9, "{h:?} {e:?}");
                assert!((e.logit - s.at(h).logit).abs() < 1e-12);
            }
            scored += 1;
        }
    }
    assert!(scored > 1000);
    // Validation is out of time and reported per horizon; the model ranks better than chance.
    for h in &model.horizons {
        let auc = h.validation.as_ref().and_then(|m| m.auc).unwrap();
        assert!(auc > 0.7, "{:?}: {auc}", h.horizon);
        assert!(h.thresholds.rouge >= h.thresholds.orange);
    }
    assert!(model.training.validation_first_month > model.training.last_month);
    // Monotone constraints hold on every shape the dictionary gives a direction to.
    for m in &model.horizons {
        for (f, shape) in model.features.iter().zip(&m.gam.shapes) {
            let values = &shape[..f.bins.values()];
            let ok = match f.feature.def().direction {
                crate::features::Direction::Increasing => {
                    values.windows(2).all(|w| w[0] <= w[1] + 1e-12)
                }
                crate::features::Direction::Decreasing => {
                    values.windows(2).all(|w| w[0] + 1e-12 >= w[1])
                }
                crate::features::Direction::Unknown => true,
            };
            assert!(ok, "{} at {:?}: {values:?}", f.feature.def().id, m.horizon);
        }
    }
    assert!(model.degradation.is_some());
}

#[test]
fn the_model_file_round_trips_and_bad_files_are_refused_clearly() {
    let panel = demo_panel(800);
    let model = trained(&panel);
    let json = model.to_json();
    assert_eq!(Model::from_json(&json).unwrap(), model);
    let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let check = |value: &serde_json::Value, expected: &str| {
        let err = Model::from_json(&value.to_string())
            .unwrap_err()
            .to_string();
        assert!(err.contains(expected), "{err}");
    };
    check(
        &serde_json::json!({"format": "autre"}),
        "pas un modèle Vigie",
    );
    let mut v = value.clone();
    v["schema_version"] = 99.into();
    check(&v, "version de modèle 99 non prise en charge");
    let mut v = value.clone();
    v["dictionary_hash"] = "0000".into();
    check(&v, "autre dictionnaire");
    let mut v = value.clone();
    v["horizons"][1]["gam"]["shapes"][0] = serde_json::json!([0.0]);
    check(&v, "fonction de forme");
    let mut v = value.clone();
    v["features"][0]["feature"] = "variable_inventee".into();
    check(&v, "variable inconnue du dictionnaire : variable_inventee");
    let mut v = value.clone();
    v["horizons"][3]["thresholds"]["rouge"] = serde_json::json!(2.0);
    check(&v, "seuils d'alerte");
    assert!(
        Model::from_json(&json[..json.len() / 2])
            .unwrap_err()
            .to_string()
            .contains("illisible")
    );
    value["horizons"].as_array_mut().unwrap().pop();
    check(&value, "un modèle par horizon");
}

#[test]
fn the_embedded_model_loads_and_says_it_is_synthetic() {
    let model = embedded().unwrap();
    assert!(model.training.synthetic);
    assert_eq!(model.horizons.len(), 4);
    assert!(!model.backtests.is_empty());
}

#[test]
fn backtests_train_before_the_cutoff_and_skip_what_cannot_be_known() {
    let panel = demo_panel(1200);
    let cutoffs = [Month::new(2021, 6).unwrap(), Month::new(2024, 6).unwrap()];
    let results = backtest::run(
        &panel,
        &TrainConfig::default(),
        &SectorEvents::default(),
        &cutoffs,
        |_, _| {},
    )
    .unwrap();
    assert_eq!(results.len(), 8);
    let find = |c: usize, h: Horizon| {
        results
            .iter()
            .find(|b| b.cutoff == cutoffs[c] && b.horizon == h)
            .unwrap()
    };
    // June 2021: the 3-month model is evaluated, in the crisis; 18 months needs more history.
    let b = find(0, Horizon::ALL[0]);
    assert!(
        b.crisis && b.metrics.as_ref().is_some_and(|m| m.rows > 500),
        "{b:?}"
    );
    assert!(find(0, Horizon::M18).skipped.is_some());
    // June 2024: 18-month outcomes are not over inside the data.
    assert!(
        find(1, Horizon::M18)
            .skipped
            .as_deref()
            .is_some_and(|s| s.contains("pas encore"))
    );
    assert!(find(1, Horizon::ALL[0]).metrics.is_some());
    assert!(find(1, Horizon::ALL[0]).psi.is_some());
}

/// The embedded model's scores of a small demo, written natively: the wasm test compares the
/// browser's scores with them (within 1e-9). `VIGIE_BLESS=1` rewrites the file after a
/// deliberate change of the model or the demo.
#[test]
fn embedded_scores_match_their_native_fixture() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/model/fixtures/embedded-scores.json"
    );
    let got = fixture_scores();
    if std::env::var_os("VIGIE_BLESS").is_some() {
        std::fs::write(path, serde_json::to_string(&got).unwrap()).unwrap();
    }
    let expected: Vec<(String, Vec<f64>)> =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(got.len(), expected.len());
    for ((s, a), (t, b)) in got.iter().zip(&expected) {
        assert_eq!(s, t);
        assert!(
            a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-12),
            "{s}: {a:?} vs {b:?}"
        );
    }
}

/// SIREN and (p₃, p₆, p₁₂, p₁₈, logit₁₈, degradation) of every firm scored at the demo's last
/// month by the embedded model.
pub fn fixture_scores() -> Vec<(String, Vec<f64>)> {
    let analysis = crate::pipeline::analyse(
        &generate(&DemoConfig {
            firms: 300,
            ..DemoConfig::default()
        }),
        None,
    )
    .unwrap();
    analysis
        .scores
        .iter()
        .map(|s| {
            let mut v: Vec<f64> = s.score.horizons.iter().map(|h| h.probability).collect();
            v.push(s.explained.logit);
            v.push(s.score.degradation.unwrap_or(f64::NAN));
            (analysis.panel.firms[s.firm].siren.to_string(), v)
        })
        .collect()
}
