//! End-to-end tests of the `vigie` binary.

use std::process::{Command, Output};

fn vigie(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vigie"))
        .args(args)
        .output()
        .expect("run vigie")
}

/// A temporary folder with a demo dataset in `data/`.
#[allow(clippy::unwrap_used)]
fn demo_dir(firms: usize, seed: u64) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    vigie_ok(&[
        "demo",
        "--firms",
        &firms.to_string(),
        "--seed",
        &seed.to_string(),
        "--out",
        data.to_str().unwrap(),
    ]);
    (dir, data)
}

/// Runs `vigie` and requires success (the error output is the failure message).
fn vigie_ok(args: &[&str]) -> Output {
    let out = vigie(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn demo_then_score_writes_ranked_scores() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = vigie_ok(&[
        "demo",
        "--firms",
        "600",
        "--seed",
        "3",
        "--out",
        data.to_str().unwrap(),
    ]);
    let names: Vec<String> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 16, "{names:?}");
    assert!(
        names.contains(&"sigfaible_delais.csv".to_string()),
        "{names:?}"
    );
    assert!(stdout(&out).contains("empreinte"), "{}", stdout(&out));

    let scores = dir.path().join("scores.csv");
    let report = dir.path().join("report.json");
    let out = vigie_ok(&[
        "score",
        data.to_str().unwrap(),
        "-o",
        scores.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
    ]);
    assert!(stdout(&out).contains("décembre 2024"), "{}", stdout(&out));

    check_scores(&scores, "2024-12");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(report).unwrap()).unwrap();
    assert_eq!(json["files"].as_array().unwrap().len(), 16);
}

/// The scores CSV contract: the named columns first, probabilities monotone across horizons,
/// ranked by the 18-month risk, firms in a proceeding last and never scored.
#[allow(clippy::unwrap_used)]
fn check_scores(path: &std::path::Path, month: &str) -> usize {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header = reader.headers().unwrap().clone();
    let contract = [
        "siren",
        "month",
        "p_3m",
        "p_6m",
        "p_12m",
        "p_18m",
        "alert",
        "degradation",
        "signal_fort",
    ];
    assert_eq!(header.iter().take(9).collect::<Vec<_>>(), contract);
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("column {name}"))
    };
    let (logit, reference) = (column("logit_18m"), column("reference_logit_18m"));
    let groups: Vec<usize> = [
        "dette_sociale",
        "delais_paiement",
        "activite_partielle",
        "emploi",
        "sante_financiere",
        "secteur_conjoncture",
        "identite",
        "structure_par_terme",
    ]
    .iter()
    .map(|g| column(&format!("contrib_{g}_18m")))
    .collect();
    let reasons: Vec<usize> = (1..=4).map(|k| column(&format!("reason_{k}"))).collect();
    let features: Vec<usize> = (0..header.len())
        .filter(|i| {
            let h = &header[*i];
            h.starts_with("contrib_") && !groups.contains(i)
        })
        .collect();
    assert!(features.len() > 70, "one column per dictionary feature");
    let (mut ranked, mut strong, mut previous, mut with_reason) = (0, 0, f64::INFINITY, 0);
    for r in reader.records().map(Result::unwrap) {
        assert_eq!(&r[1], month);
        if &r[8] == "1" {
            strong += 1;
            assert!(r[2].is_empty() && r[6].is_empty(), "{r:?}");
            continue;
        }
        assert_eq!(strong, 0, "strong signals come last");
        let p: Vec<f64> = (2..6).map(|i| r[i].parse().unwrap()).collect();
        assert!(p.windows(2).all(|w| w[0] <= w[1]), "{r:?}");
        assert!(p[3] <= previous, "sorted by 18-month risk");
        previous = p[3];
        assert!(["rouge", "orange", "vert"].contains(&&r[6]));
        assert!(r[7].parse::<f64>().is_ok(), "degradation {r:?}");
        // reference + groups = logit, and reference + features + structure = logit.
        let value = |i: usize| r[i].parse::<f64>().unwrap();
        let by_groups: f64 = value(reference) + groups.iter().map(|i| value(*i)).sum::<f64>();
        let by_features: f64 = value(reference)
            + features.iter().map(|i| value(*i)).sum::<f64>()
            + value(*groups.last().unwrap());
        assert!((by_groups - value(logit)).abs() < 1e-6, "{r:?}");
        assert!((by_features - value(logit)).abs() < 1e-6, "{r:?}");
        // Reasons are French sentences, filled from the first.
        let texts: Vec<&str> = reasons.iter().map(|i| &r[*i]).collect();
        assert!(
            texts
                .windows(2)
                .all(|w| !w[0].is_empty() || w[1].is_empty()),
            "{texts:?}"
        );
        assert!(
            texts
                .iter()
                .all(|t| t.is_empty() || (t.ends_with('.') && !t.contains('{'))),
            "{texts:?}"
        );
        with_reason += usize::from(!texts[0].is_empty());
        ranked += 1;
    }
    assert!(strong > 0);
    assert!(with_reason > ranked / 2, "{with_reason} of {ranked}");
    ranked
}

#[test]
fn explain_prints_one_firm_as_json_with_every_horizon() {
    let (dir, data) = demo_dir(400, 5);
    let scores = dir.path().join("scores.csv");
    let data = data.to_str().unwrap();
    vigie_ok(&["score", data, "-o", scores.to_str().unwrap()]);
    let mut reader = csv::Reader::from_path(&scores).unwrap();
    let first = reader.records().next().unwrap().unwrap();
    let (siren, logit) = (first[0].to_string(), first[15].parse::<f64>().unwrap());
    let json_path = dir.path().join("explain.json");
    vigie_ok(&[
        "explain",
        data,
        "--siren",
        &siren,
        "--at",
        "2024-12",
        "-o",
        json_path.to_str().unwrap(),
    ]);
    let e: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    assert_eq!(e["siren"].as_str().unwrap().replace(' ', ""), siren);
    assert_eq!(e["at"], "2024-12");
    let horizons = e["horizons"].as_array().unwrap();
    assert_eq!(horizons.len(), 4);
    for h in horizons {
        for reference in ["sector", "population"] {
            let d = &h[reference];
            let terms: f64 = d["terms"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["contribution"].as_f64().unwrap())
                .sum();
            let total =
                d["base_logit"].as_f64().unwrap() + terms + d["term_structure"].as_f64().unwrap();
            assert!((total - d["logit"].as_f64().unwrap()).abs() < 1e-9);
        }
    }
    assert!((horizons[3]["sector"]["logit"].as_f64().unwrap() - logit).abs() < 1e-8);
    assert!(e["reasons"]["aggravating"].as_array().unwrap().len() <= 4);
    assert!(e["counterfactual"]["targets"].is_array());
    // Standard output without -o; a SIREN that is not in the data is named.
    let out = vigie_ok(&["explain", data, "--siren", &siren]);
    assert!(stdout(&out).contains("\"counterfactual\""));
    let out = vigie(&["explain", data, "--siren", "552100554"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("552 100 554 absent des données"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = vigie(&["explain", data, "--siren", "12"]);
    assert!(!out.status.success());
}

#[test]
fn train_score_and_eval_follow_the_contract() {
    let (dir, data) = demo_dir(1200, 12);
    let data_s = data.to_str().unwrap();
    let model = dir.path().join("model.json");
    let out = vigie_ok(&["train", data_s, "-o", model.to_str().unwrap()]);
    assert!(stdout(&out).contains("18 mois (AUC"), "{}", stdout(&out));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&model).unwrap()).unwrap();
    assert_eq!(json["format"], "vigie-model");
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["horizons"].as_array().unwrap().len(), 4);

    let scores = dir.path().join("scores.csv");
    vigie_ok(&[
        "score",
        data_s,
        "--model",
        model.to_str().unwrap(),
        "--at",
        "2024-06",
        "-o",
        scores.to_str().unwrap(),
    ]);
    assert!(check_scores(&scores, "2024-06") > 500);

    // Capacity mode: at most 3 firms in alert per département.
    vigie_ok(&[
        "score",
        data_s,
        "--capacity",
        "3",
        "-o",
        scores.to_str().unwrap(),
    ]);
    let mut reader = csv::Reader::from_path(&scores).unwrap();
    let mut per: std::collections::HashMap<String, usize> = Default::default();
    for r in reader.records().map(Result::unwrap) {
        if &r[8] == "0" && &r[6] != "vert" {
            *per.entry(r[11].to_string()).or_default() += 1;
        }
    }
    assert!(!per.is_empty() && per.values().all(|n| *n <= 3), "{per:?}");

    let eval = dir.path().join("eval.json");
    let predictions = dir.path().join("predictions.csv");
    vigie_ok(&[
        "eval",
        data_s,
        "--model",
        model.to_str().unwrap(),
        "--cutoffs",
        "2021-06,2023-06",
        "-o",
        eval.to_str().unwrap(),
        "--predictions",
        predictions.to_str().unwrap(),
    ]);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&eval).unwrap()).unwrap();
    let backtests = json["backtests"].as_array().unwrap();
    assert_eq!(backtests.len(), 8);
    let evaluated: Vec<&serde_json::Value> = backtests
        .iter()
        .filter(|b| b["metrics"].is_object())
        .collect();
    assert!(evaluated.len() >= 5, "{backtests:?}");
    for b in &evaluated {
        let m = &b["metrics"];
        for key in [
            "auc",
            "average_precision",
            "brier",
            "prevalence",
            "calibration_in_the_large",
        ] {
            assert!(m[key].is_number(), "{key} in {m}");
        }
        assert_eq!(m["top_shares"].as_array().unwrap().len(), 3);
        assert!(m["reliability"].as_array().is_some_and(|r| !r.is_empty()));
    }
    assert!(
        backtests
            .iter()
            .any(|b| b["crisis"] == true && b["metrics"].is_object())
    );
    let rows = std::fs::read_to_string(&predictions).unwrap();
    assert!(rows.starts_with("siren,month,cutoff,horizon,probability,label\n"));
    assert!(rows.lines().count() > 1000);
}

#[test]
fn a_bad_model_file_is_refused_with_a_clear_message() {
    let (dir, data) = demo_dir(100, 2);
    let data_s = data.to_str().unwrap();
    let check = |content: &str, expected: &str| {
        let model = dir.path().join("m.json");
        std::fs::write(&model, content).unwrap();
        let out = vigie(&["score", data_s, "--model", model.to_str().unwrap()]);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expected) && err.contains("m.json"), "{err}");
    };
    check(
        "{\"format\": \"vigie-model\", \"schema_version\": 7}",
        "version de modèle 7 non prise en charge",
    );
    check("{\"format\": \"vigie-mod", "illisible");
    check("[1, 2]", "pas un modèle Vigie");
}

#[test]
fn the_same_seed_gives_the_same_fingerprint() {
    let a = stdout(&vigie(&[
        "demo",
        "--firms",
        "200",
        "--seed",
        "9",
        "--fingerprint",
    ]));
    let b = stdout(&vigie(&[
        "demo",
        "--firms",
        "200",
        "--seed",
        "9",
        "--fingerprint",
    ]));
    let c = stdout(&vigie(&[
        "demo",
        "--firms",
        "200",
        "--seed",
        "10",
        "--fingerprint",
    ]));
    assert_eq!(a.trim().len(), 16);
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn the_files_written_have_the_fingerprint_printed_alone() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "demo", "--firms", "150", "--seed", "4", "--start", "2019-01",
    ];
    let alone = stdout(&vigie(&[&args[..], &["--fingerprint"]].concat()));
    let data = dir.path().join("data");
    let manifest = dir.path().join("manifest.json");
    let written = vigie(
        &[
            &args[..],
            &[
                "--out",
                data.to_str().unwrap(),
                "--manifest",
                manifest.to_str().unwrap(),
            ],
        ]
        .concat(),
    );
    assert!(written.status.success());
    let printed = stdout(&written);
    assert!(
        printed.contains(&format!("empreinte {}", alone.trim())),
        "{printed} / {alone}"
    );
    let cotisations = data.join("sigfaible_cotisdues.csv");
    let size = std::fs::metadata(&cotisations).unwrap().len();
    assert!(printed.contains(&format!("{size} octets")), "{printed}");
    // The manifest counts every line written after the header.
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(manifest).unwrap()).unwrap();
    let lines = std::fs::read_to_string(&cotisations)
        .unwrap()
        .lines()
        .count() as u64;
    assert_eq!(
        json["files"]["sigfaible_cotisdues.csv"]["records"].as_u64(),
        Some(lines - 1)
    );
}

#[test]
fn bad_input_gives_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let out = vigie(&["score", dir.path().join("absent").to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("lecture du dossier"));

    std::fs::write(dir.path().join("notes.csv"), "a;b\n1;2\n").unwrap();
    let out = vigie(&["score", dir.path().to_str().unwrap()]);
    assert!(!out.status.success());
    let all = format!("{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
    assert!(all.contains("aucune donnée mensuelle"), "{all}");

    let out = vigie(&[
        "demo",
        "--firms",
        "10",
        "--start",
        "2020-13",
        "--fingerprint",
    ]);
    assert!(!out.status.success());
}

#[test]
fn a_failed_import_names_the_files_set_aside() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.csv"), "a;b\n1;2\n").unwrap();
    let out = vigie(&["score", dir.path().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("notes.csv — type de fichier non reconnu"),
        "{stderr}"
    );
}

#[test]
fn ingest_writes_the_report_and_the_panel() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = vigie(&["demo", "--firms", "120", "--out", data.to_str().unwrap()]);
    assert!(out.status.success());
    let (report, panel) = (dir.path().join("r.json"), dir.path().join("p.csv"));
    let out = vigie_ok(&[
        "ingest",
        data.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
        "--panel",
        panel.to_str().unwrap(),
    ]);
    assert!(
        stdout(&out).contains("dans le périmètre"),
        "{}",
        stdout(&out)
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let firms = json["firms"].as_u64().unwrap();
    let months = json["months"].as_u64().unwrap();
    assert!(firms >= 100, "{json}");
    let mut reader = csv::Reader::from_path(&panel).unwrap();
    let header = reader.headers().unwrap().clone();
    for column in [
        "siren",
        "month",
        "effectif",
        "cotisation_due",
        "dette_part_ouvriere",
        "dette_part_patronale",
        "ap_heures_autorisees",
        "ap_heures_consommees",
        "delai_montant",
        "procol_status",
    ] {
        assert!(header.iter().any(|h| h == column), "{column} in {header:?}");
    }
    assert_eq!(reader.records().count() as u64, firms * months);
}

#[test]
fn ingest_of_a_folder_without_monthly_data_fails_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.csv"), "a;b\n1;2\n").unwrap();
    let out = vigie(&["ingest", dir.path().to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(stdout(&out).contains("non reconnu"), "{}", stdout(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("aucune donnée mensuelle"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn features_writes_one_row_per_firm_and_month_with_known_labels() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data_s = data.to_str().unwrap();
    let out = vigie(&["demo", "--firms", "300", "--seed", "5", "--out", data_s]);
    assert!(out.status.success());
    let events = dir.path().join("events.csv");
    std::fs::write(
        &events,
        "naf_prefix;debut;fin;libelle;severite\n56;2020-03;2021-06;Fermeture des restaurants;3\n",
    )
    .unwrap();
    let csv_path = dir.path().join("features.csv");
    vigie_ok(&[
        "features",
        data_s,
        "--from",
        "2020-01",
        "--at",
        "2024-12",
        "-o",
        csv_path.to_str().unwrap(),
        "--events",
        events.to_str().unwrap(),
    ]);
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    for column in [
        "siren",
        "mois",
        "signal_fort",
        "dette_sur_cotisations",
        "dette_sur_cotisations_centile_secteur",
        "stress_sectoriel",
        "evenement_sectoriel_severite",
        "failure_3m",
        "failure_6m",
        "failure_12m",
        "failure_18m",
    ] {
        assert!(header.iter().any(|h| h == column), "{column} in {header:?}");
    }
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let months: std::collections::BTreeSet<&str> = rows.iter().map(|r| &r[col("mois")]).collect();
    assert_eq!(months.len(), 60, "one row per observed firm and month");
    let (mut known_18, mut unknown_18, mut flagged, mut strong) = (0, 0, 0, 0);
    for r in &rows {
        let month = &r[col("mois")];
        let label = &r[col("failure_18m")];
        // Known only when T + 18 months is inside the data (June 2023 at the latest).
        if month <= "2023-06" {
            assert!(label == "0" || label == "1", "{month}: {label:?}");
            known_18 += 1;
        } else {
            assert_eq!(label, "", "{month}");
            unknown_18 += 1;
        }
        if r[col("naf")].starts_with("56") && ("2020-03"..="2021-06").contains(&month) {
            assert_eq!(&r[col("evenement_sectoriel_severite")], "3");
            flagged += 1;
        }
        strong += usize::from(&r[col("signal_fort")] == "1");
    }
    assert!(
        known_18 > 1000 && unknown_18 > 1000,
        "{known_18} {unknown_18}"
    );
    assert!(flagged > 0 && strong > 0, "{flagged} {strong}");

    // A bad event file stops the command with the line and column.
    std::fs::write(
        &events,
        "naf_prefix;debut;fin;libelle;severite\n56;2020-13;;X;3\n",
    )
    .unwrap();
    let out = vigie(&[
        "features",
        data_s,
        "-o",
        csv_path.to_str().unwrap(),
        "--events",
        events.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("ligne 2, colonne debut"), "{err}");
    // A month outside the data is refused clearly.
    let out = vigie(&[
        "features",
        data_s,
        "--at",
        "2031-01",
        "-o",
        csv_path.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("hors de la période"));
}

#[test]
fn the_crisis_window_is_a_parameter() {
    let (dir, data) = demo_dir(150, 8);
    let data_s = data.to_str().unwrap();
    let csv_path = dir.path().join("f.csv");
    vigie_ok(&[
        "features",
        data_s,
        "--from",
        "2021-11",
        "--at",
        "2022-08",
        "--crisis-start",
        "2022-01",
        "--crisis-end",
        "2022-06",
        "-o",
        csv_path.to_str().unwrap(),
    ]);
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut rows = 0;
    for r in reader.records().map(Result::unwrap) {
        let inside = ("2022-01"..="2022-06").contains(&&r[col("mois")]);
        assert_eq!(
            &r[col("en_periode_de_crise")],
            if inside { "1" } else { "0" }
        );
        rows += 1;
    }
    assert!(rows > 100);
    let out = vigie(&[
        "score",
        data_s,
        "--crisis-start",
        "2022-06",
        "--crisis-end",
        "2022-01",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--crisis-end"));
}

/// Splits one `;` record with RFC 4180 quotes.
fn split_semicolons(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let (mut quoted, mut chars) = (false, line.chars().peekable());
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().expect("field").push('"');
            }
            ('"', _) => quoted = !quoted,
            (';', false) => fields.push(String::new()),
            (c, _) => fields.last_mut().expect("field").push(c),
        }
    }
    fields
}

#[test]
fn export_writes_the_list_as_csv_for_excel_and_as_xlsx() {
    let (dir, data) = demo_dir(300, 7);
    let scores = dir.path().join("scores.csv");
    vigie_ok(&[
        "score",
        data.to_str().unwrap(),
        "-o",
        scores.to_str().unwrap(),
    ]);
    let mut reader = csv::Reader::from_path(&scores).unwrap();
    let head = reader.headers().unwrap().clone();
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let (siren, p18, signal) = (col("siren"), col("p_18m"), col("signal_fort"));
    let scored: Vec<(String, f64)> = reader
        .records()
        .map(|r| r.unwrap())
        .filter(|r| &r[signal] == "0")
        .map(|r| (r[siren].to_string(), r[p18].parse().unwrap()))
        .collect();

    let file = dir.path().join("liste.csv");
    let out = vigie_ok(&[
        "export",
        data.to_str().unwrap(),
        "--format",
        "csv",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(stdout(&out).contains("exportées"), "{}", stdout(&out));
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()));
    let text = String::from_utf8(bytes).unwrap();
    let lines: Vec<&str> = text[3..].trim_end_matches("\r\n").split("\r\n").collect();
    assert_eq!(lines.len(), 1 + scored.len());
    let header = split_semicolons(lines[0]);
    assert_eq!(
        &header[..4],
        [
            "rang",
            "alerte (modèle)",
            "règle de l'alerte",
            "alerte retenue"
        ]
    );
    let (s_col, p_col) = (
        header.iter().position(|h| h == "SIREN").unwrap(),
        header.iter().position(|h| h == "p 18 mois").unwrap(),
    );
    for (line, (siren, p)) in lines[1..].iter().zip(&scored) {
        let f = split_semicolons(line);
        assert_eq!(f.len(), header.len());
        // The same firms in the same order as `vigie score`, SIREN as INSEE writes it.
        assert_eq!(f[s_col].replace(' ', ""), *siren);
        let exported: f64 = f[p_col].replace(',', ".").parse().unwrap();
        assert!((exported - p).abs() < 1e-6, "{exported} vs {p}");
    }

    // The list's horizon and capacity mode: ranks by that horizon, at most N alerts per
    // département, the rule written on every row.
    let six = dir.path().join("liste-6.csv");
    let out = vigie_ok(&[
        "export",
        data.to_str().unwrap(),
        "--horizon",
        "6",
        "--capacity",
        "1",
        "-o",
        six.to_str().unwrap(),
    ]);
    assert!(
        stdout(&out).contains("capacité : 1 par département, p 6 mois"),
        "{}",
        stdout(&out)
    );
    let text = std::fs::read_to_string(&six).unwrap();
    let lines: Vec<Vec<String>> = text[3..]
        .trim_end_matches("\r\n")
        .split("\r\n")
        .map(split_semicolons)
        .collect();
    let header = &lines[0];
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert!(header.contains(&"log-odds 6 mois".to_string()));
    let (alert, dep, p6) = (at("alerte (modèle)"), at("département"), at("p 6 mois"));
    let mut in_alert = std::collections::HashMap::<String, usize>::new();
    let mut by_rank: Vec<(usize, f64)> = Vec::new();
    for f in &lines[1..] {
        assert_eq!(
            f[at("règle de l'alerte")],
            "capacité : 1 par département, p 6 mois"
        );
        if f[alert] != "vert" {
            *in_alert.entry(f[dep].clone()).or_default() += 1;
        }
        by_rank.push((
            f[0].parse().unwrap(),
            f[p6].replace(',', ".").parse().unwrap(),
        ));
    }
    assert!(
        !in_alert.is_empty() && in_alert.values().all(|&n| n == 1),
        "{in_alert:?}"
    );
    // In the list's order at that horizon: by rank, which follows p 6 mois.
    assert!(by_rank.iter().enumerate().all(|(k, r)| r.0 == k + 1));
    assert!(
        by_rank.windows(2).all(|w| w[0].1 >= w[1].1),
        "rang follows p 6 mois"
    );
    let out = vigie(&[
        "export",
        data.to_str().unwrap(),
        "--horizon",
        "9",
        "-o",
        six.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("3, 6, 12 ou 18"));

    let xlsx = dir.path().join("liste.xlsx");
    vigie_ok(&[
        "export",
        data.to_str().unwrap(),
        "--format",
        "xlsx",
        "-o",
        xlsx.to_str().unwrap(),
    ]);
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
    let out = vigie(&[
        "export",
        data.to_str().unwrap(),
        "--format",
        "pdf",
        "-o",
        xlsx.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("csv ou xlsx"));
}
