//! The engine and the app in a real browser (wasm-bindgen-test in headless Chromium).
#![cfg(target_arch = "wasm32")]
// `allow-unwrap-in-tests` does not see `#[wasm_bindgen_test]` functions.
#![allow(clippy::unwrap_used)]

use engine::demo::{DemoConfig, fingerprint, generate, generate_with_truth};
use engine::ingest::read_all;
use engine::panel::Panel;
use engine::pipeline::analyse;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn small() -> DemoConfig {
    DemoConfig {
        firms: 400,
        ..DemoConfig::default()
    }
}

#[wasm_bindgen_test]
fn demo_generation_is_deterministic_in_the_browser() {
    let (a, _, manifest) = generate_with_truth(&small());
    assert_eq!(fingerprint(&a), fingerprint(&generate(&small())));
    let (records, reports) = read_all(&a);
    // Every file reads back with exactly the bad lines the generator injected.
    assert_eq!(reports.len(), manifest.files.len());
    for r in &reports {
        let expected = &manifest.files[&r.name];
        assert!(r.fatal.is_none() && r.is_balanced(), "{}", r.name);
        assert_eq!(r.records_read, expected.records, "{}", r.name);
        assert_eq!(r.rejected, expected.rejected_total(), "{}", r.name);
        assert_eq!(r.skipped, expected.skipped_total(), "{}", r.name);
    }
    assert_eq!(Panel::build(&records).unwrap().firms.len(), 400);
}

/// The embedded model scores the demo in the browser as it does natively: the fixture was
/// written by the engine's native test `embedded_scores_match_their_native_fixture`.
#[wasm_bindgen_test]
fn embedded_scores_equal_native_ones() {
    let expected: Vec<(String, Vec<f64>)> = serde_json::from_str(include_str!(
        "../crates/engine/src/model/fixtures/embedded-scores.json"
    ))
    .unwrap();
    let analysis = analyse(
        &generate(&DemoConfig {
            firms: 300,
            ..DemoConfig::default()
        }),
        None,
    )
    .unwrap();
    assert_eq!(analysis.scores.len(), expected.len());
    for (s, (siren, values)) in analysis.scores.iter().zip(&expected) {
        assert_eq!(&analysis.panel.firms[s.firm].siren.to_string(), siren);
        let mut got: Vec<f64> = s.score.horizons.iter().map(|h| h.probability).collect();
        got.push(s.explained.logit);
        got.push(s.score.degradation.unwrap_or(f64::NAN));
        for (a, b) in got.iter().zip(values) {
            assert!((a - b).abs() < 1e-9, "{siren}: {got:?} vs {values:?}");
        }
    }
}

/// In the browser too, every firm's contributions plus its reference's score give its score, at
/// every horizon, against both references and the previous month; counterfactuals cross.
#[wasm_bindgen_test]
fn explanations_are_exact_in_wasm() {
    use engine::explain::explain_firm;
    use engine::model::Horizon;
    let a = analyse(
        &generate(&DemoConfig {
            firms: 300,
            ..DemoConfig::default()
        }),
        None,
    )
    .unwrap();
    let mut changes = 0;
    for s in &a.scores {
        let e = explain_firm(&a, s.firm).unwrap();
        for h in Horizon::ALL {
            let x = e.at(h);
            for d in [&x.sector, &x.population] {
                assert!((d.total() - d.logit).abs() < 1e-9, "{}", e.siren);
                assert_eq!(d.logit, s.score.at(h).logit);
            }
        }
        if let Some(c) = &e.change {
            changes += 1;
            assert!((c.decomposition.total() - c.decomposition.logit).abs() < 1e-9);
        }
        for t in &e.counterfactual.targets {
            for o in t.single.iter().chain(&t.pair) {
                assert!(o.probability < t.threshold);
            }
        }
    }
    assert!(changes > 0);
}

/// Training runs step by step in the browser and every horizon's score is an exact sum.
#[wasm_bindgen_test]
fn training_in_steps_and_exact_contributions_in_wasm() {
    use engine::features::{Features, SectorEvents, in_population};
    use engine::model::{Horizon, TrainConfig, Trainer};
    let (records, _) = read_all(&generate(&DemoConfig {
        firms: 600,
        ..DemoConfig::default()
    }));
    let panel = Panel::build(&records).unwrap();
    let events = SectorEvents::default();
    let mut trainer = Trainer::new(&panel, TrainConfig::default(), &events).unwrap();
    let mut last = 0.0;
    while let Some(p) = trainer.step().unwrap() {
        assert!(p.fraction >= last && p.fraction <= 1.0);
        last = p.fraction;
    }
    let model = trainer.finish().unwrap();
    let t = panel.months - 1;
    let features = Features::new(&panel, &model.params, &events, t..=t);
    for f in (0..panel.firms.len()).filter(|f| in_population(&panel, *f, t, model.params.lags)) {
        let v = features.at(f, t);
        for h in Horizon::ALL {
            let e = model.explain(h, &v);
            assert!((e.total() - e.logit).abs() < 1e-9);
        }
    }
}

#[wasm_bindgen_test]
fn the_network_lock_adds_a_connect_src_none_policy() {
    vigie_app::lock_down_network();
    let document = web_sys::window().unwrap().document().unwrap();
    let policies = document
        .query_selector_all("meta[http-equiv='Content-Security-Policy']")
        .unwrap();
    let contents: Vec<String> = (0..policies.length())
        .filter_map(|i| policies.item(i))
        .filter_map(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
        .filter_map(|e| e.get_attribute("content"))
        .collect();
    assert!(
        contents.iter().any(|c| c.contains("connect-src 'none'")),
        "{contents:?}"
    );
}

/// The app's chunked reader gives the same reports as reading whole files, and the same
/// fingerprint as the demo generator, whatever the slice size.
#[wasm_bindgen_test]
async fn chunked_reading_matches_whole_file_reading() {
    use vigie_app::reading::{Batch, read_batch};
    let files = generate(&DemoConfig {
        firms: 120,
        ..DemoConfig::default()
    });
    let (_, whole) = read_all(&files);
    for chunk in [4 * 1024 * 1024, 65_537, 1_000] {
        let browser_files: Vec<web_sys::File> = files
            .iter()
            .map(|f| {
                let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(f.bytes.as_slice()));
                web_sys::File::new_with_u8_array_sequence(&parts, &f.name).unwrap()
            })
            .collect();
        let read = read_batch(Batch::new(browser_files), chunk).await;
        assert_eq!(read.fingerprint, fingerprint(&files), "chunk {chunk}");
        let mut expected = whole.clone();
        expected.sort_by(|a, b| a.name.cmp(&b.name));
        assert_eq!(read.reports, expected, "chunk {chunk}");
    }
}

/// A sector-event file the agent loads is decoded like a spreadsheet saved it, and its problems
/// read "ligne L, colonne C : message".
#[wasm_bindgen_test]
fn sector_event_files_are_decoded_and_their_problems_located() {
    use engine::features::events;
    use vigie_app::Lang;
    use vigie_app::events::{decode, issue_text};
    assert_eq!(decode("Hôtels".as_bytes()), "Hôtels");
    assert_eq!(decode(b"\xEF\xBB\xBFH\xC3\xB4tels"), "Hôtels");
    assert_eq!(decode(b"H\xF4tels \x80"), "Hôtels €");
    assert_eq!(decode(b"\xFF\xFEH\x00\xF4\x00"), "Hô");
    let read = events::parse(&decode(
        b"naf_prefix;debut;fin;libelle;severite\n56;2020-03;;Fermeture;3\n47;2020-03;;H\xF4tels;9\n",
    ));
    assert_eq!(read.events.len(), 1);
    let shown = issue_text(&read.issues[0], Lang::Fr);
    assert!(
        shown.starts_with("ligne 3, colonne severite\u{a0}: sévérité attendue"),
        "{shown}"
    );
    assert!(
        issue_text(&read.issues[0], Lang::En).starts_with("line 3, column severite: "),
        "{shown}"
    );
}

#[wasm_bindgen_test]
fn features_run_in_the_browser_on_one_thread() {
    use engine::features::{Feature, FeatureParams, Features, events};
    let (records, _) = read_all(&generate(&small()));
    let panel = Panel::build(&records).unwrap();
    let sector_events = events::parse(events::EXAMPLE);
    let t = panel.months - 1;
    let features = Features::new(
        &panel,
        &FeatureParams::default(),
        &sector_events,
        t - 11..=t,
    );
    let all = features.collect(t - 11..=t, |_, _| true, |f, t, v| (f, t, v));
    assert_eq!(all.len(), panel.firms.len() * 12);
    for (f, t, v) in all.iter().step_by(13) {
        assert_eq!(&features.at(*f, *t), v);
    }
    let known = |feature: Feature| {
        all.iter()
            .filter(|(_, _, v)| v.get(feature).is_some())
            .count()
    };
    assert!(known(Feature::DetteSurCotisations) > 1000);
    assert!(known(Feature::DetteCentileSecteur) > 1000);
    assert!(known(Feature::StressSectoriel) > 1000);
}
