//! The public notice of the algorithm (« information sur le traitement algorithmique »).
//!
//! French administrations that base individual decisions on an algorithm must say so and
//! publish its rules and main characteristics (article L311-3-1 of the code des relations entre
//! le public et l'administration; article R311-3-1-2 lists what to tell: how far the processing
//! contributes to the decision, the data and their sources, the parameters and their weights,
//! the operations). A notice written by hand drifts from the model it describes; this one is
//! **generated** from the model in use, the feature dictionary and the import report, so every
//! number, window and feature it states is the model's own, and it changes when the model does
//! (retraining, another file, thresholds edited by the agent).
//!
//! [`notice`] builds a structured [`Notice`] — sections of paragraphs, lists and tables, each
//! text in French and English, no markup — that the app renders and prints and a test can read.

use serde::Serialize;

use crate::calendar::Month;
use crate::evaluate::Metrics;
use crate::explain::POINTS_PER_DOUBLING;
use crate::explain::counterfactual::Lever;
use crate::explain::reasons::{AGGRAVATING, MITIGATING};
use crate::features::{
    COUNT, DICTIONARY, Direction, Feature, FeatureDef, FeatureGroup, SECTOR_RELATIVE,
    dictionary_hash,
};
use crate::format::{decimal, percent};
use crate::ingest::kind::FileKind;
use crate::ingest::report::ImportReport;
use crate::model::train::CATCH_UP_MONTHS;
use crate::model::{Calibration, CalibrationRule, Horizon, HorizonModel, Model, SCHEMA_VERSION};
use crate::panel::PerimeterRule;

/// A text in French and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bi {
    pub fr: String,
    pub en: String,
}

impl Bi {
    pub fn new(fr: impl Into<String>, en: impl Into<String>) -> Bi {
        Bi {
            fr: fr.into(),
            en: en.into(),
        }
    }

    /// The same text in both languages (numbers, identifiers).
    pub fn same(text: impl Into<String>) -> Bi {
        let text = text.into();
        Bi {
            fr: text.clone(),
            en: text,
        }
    }

    pub fn get(&self, english: bool) -> &str {
        if english { &self.en } else { &self.fr }
    }

    fn is_empty(&self) -> bool {
        self.fr.trim().is_empty() || self.en.trim().is_empty()
    }
}

/// A table: a header row and rows of as many cells.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    /// A stable identifier (for the page and tests).
    pub id: String,
    pub caption: Option<Bi>,
    pub headers: Vec<Bi>,
    pub rows: Vec<Vec<Bi>>,
}

/// A piece of a section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Block {
    Paragraph(Bi),
    List(Vec<Bi>),
    Table(Table),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// A stable identifier (`donnees`, `variables`…).
    pub id: &'static str,
    pub title: Bi,
    pub blocks: Vec<Block>,
}

/// The whole notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    pub title: Bi,
    pub sections: Vec<Section>,
}

impl Notice {
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// Every text of the notice in one language, one piece a line (for search and tests).
    pub fn text(&self, english: bool) -> String {
        let mut out = vec![self.title.get(english).to_string()];
        for s in &self.sections {
            out.push(s.title.get(english).to_string());
            out.extend(s.text(english));
        }
        out.join("\n")
    }
}

impl Section {
    fn text(&self, english: bool) -> Vec<String> {
        let mut out = Vec::new();
        for b in &self.blocks {
            match b {
                Block::Paragraph(p) => out.push(p.get(english).to_string()),
                Block::List(items) => out.extend(items.iter().map(|i| i.get(english).to_string())),
                Block::Table(t) => {
                    out.extend(t.caption.iter().map(|c| c.get(english).to_string()));
                    for row in std::iter::once(&t.headers).chain(&t.rows) {
                        let cells: Vec<&str> = row.iter().map(|c| c.get(english)).collect();
                        out.push(cells.join(" | "));
                    }
                }
            }
        }
        out
    }

    /// Whether the section says nothing (a bug: every section has content).
    pub fn is_empty(&self) -> bool {
        self.blocks.iter().all(|b| match b {
            Block::Paragraph(p) => p.is_empty(),
            Block::List(items) => items.iter().all(Bi::is_empty),
            Block::Table(t) => t.rows.is_empty(),
        })
    }
}

fn month(m: Month) -> Bi {
    Bi::new(m.french(), m.english())
}

fn window(a: Month, b: Month) -> Bi {
    Bi::new(
        format!("{} – {}", a.french(), b.french()),
        format!("{} – {}", a.english(), b.english()),
    )
}

fn horizon_label(h: Horizon) -> Bi {
    Bi::new(
        format!("{}\u{a0}mois", h.months()),
        format!("{}\u{a0}months", h.months()),
    )
}

fn count(n: usize) -> String {
    decimal(n as f64, 0)
}

/// A metric that may be missing: "0,812" or "n.d.".
fn optional(value: Option<f64>, digits: usize) -> Bi {
    value.map_or_else(|| Bi::new("n.d.", "n/a"), |v| Bi::same(decimal(v, digits)))
}

/// A validation AUC as the notice and the model card write it (three decimals).
pub fn auc_text(metrics: &Metrics) -> String {
    metrics
        .auc
        .map_or_else(|| "n.d.".to_string(), |v| decimal(v, 3))
}

fn yes_no(yes: bool) -> Bi {
    if yes {
        Bi::new("oui", "yes")
    } else {
        Bi::new("non", "no")
    }
}

fn p(fr: impl Into<String>, en: impl Into<String>) -> Block {
    Block::Paragraph(Bi::new(fr, en))
}

fn table(id: &str, caption: Option<Bi>, headers: Vec<Bi>, rows: Vec<Vec<Bi>>) -> Block {
    Block::Table(Table {
        id: id.to_string(),
        caption,
        headers,
        rows,
    })
}

fn label(def: &FeatureDef) -> Bi {
    Bi::new(def.label_fr, def.label_en)
}

/// The feature labels of a list, joined: "Dette sociale, Effectif".
fn labels(features: impl IntoIterator<Item = Feature>) -> Bi {
    let (fr, en): (Vec<&str>, Vec<&str>) = features
        .into_iter()
        .map(|f| (f.def().label_fr, f.def().label_en))
        .unzip();
    Bi::new(fr.join(", "), en.join(", "))
}

fn direction(d: Direction) -> Bi {
    match d {
        Direction::Increasing => Bi::new("augmente le risque", "raises the risk"),
        Direction::Decreasing => Bi::new("diminue le risque", "lowers the risk"),
        Direction::Unknown => Bi::new("non contraint", "not constrained"),
    }
}

/// A horizon's calibration rule in plain words.
pub fn calibration_text(c: &Calibration) -> Bi {
    let w = window(c.window_start, c.window_end);
    match c.rule {
        CalibrationRule::Platt => Bi::new(
            format!(
                "Platt sur la fenêtre récente ({}, taux observé {})",
                w.fr,
                percent(c.observed_rate)
            ),
            format!(
                "Platt scaling on the recent window ({}, observed rate {})",
                w.en,
                percent(c.observed_rate)
            ),
        ),
        CalibrationRule::BaseRate => Bi::new(
            format!(
                "taux de base de long terme (fenêtre de crise) : {} au lieu de {} observé sur {}",
                percent(c.long_run_rate),
                percent(c.observed_rate),
                w.fr
            ),
            format!(
                "long-run base rate (crisis window): {} instead of the {} observed over {}",
                percent(c.long_run_rate),
                percent(c.observed_rate),
                w.en
            ),
        ),
        CalibrationRule::None => Bi::new(
            format!("aucune : trop peu de défaillances sur {}", w.fr),
            format!("none: too few failures over {}", w.en),
        ),
    }
}

/// The notice of `model` (with the dictionary it was checked against) for the import of
/// `report`.
pub fn notice(model: &Model, report: &ImportReport) -> Notice {
    Notice {
        title: Bi::new(
            "Information sur le traitement algorithmique — Vigie",
            "Information on the algorithmic processing — Vigie",
        ),
        sections: vec![
            purpose(model),
            data(report),
            features(model),
            form(model),
            training(model),
            evaluation(model),
            thresholds(model),
            explanations(model),
            crisis(model),
            limits(model),
            privacy(),
            version(model),
        ],
    }
}

fn purpose(model: &Model) -> Section {
    let rule = PerimeterRule::default();
    let alert = model.alert_horizon.months();
    Section {
        id: "objet",
        title: Bi::new("Objet du traitement et usage", "Purpose and use"),
        blocks: vec![
            p(
                "Cette notice est l'information due au public sur le traitement algorithmique Vigie \
                 (article L311-3-1 du code des relations entre le public et l'administration ; \
                 article R311-3-1-2 : contribution du traitement à la décision, données traitées et \
                 leurs sources, paramètres et leur pondération, opérations effectuées). Elle est \
                 produite automatiquement à partir du modèle en service et du dictionnaire des \
                 variables : elle décrit toujours le traitement réellement appliqué.",
                "This notice is the information owed to the public on the Vigie algorithmic \
                 processing (article L311-3-1 of the French code of relations between the public \
                 and the administration; article R311-3-1-2: the processing's contribution to the \
                 decision, the data and their sources, the parameters and their weights, the \
                 operations). It is generated from the model in use and the feature dictionary, \
                 so it always describes the processing actually applied.",
            ),
            p(
                format!(
                    "Vigie estime, pour chaque entreprise du périmètre (au moins {} salariés atteints \
                     sur les {} derniers mois publiés, siège en France, hors administrations et \
                     activités exclues), la probabilité d'entrer en procédure collective \
                     (sauvegarde, redressement ou liquidation judiciaire) dans les 3, 6, 12 et 18 \
                     mois, et en déduit un niveau d'alerte (vert, orange, rouge) à {alert} mois, \
                     afin de repérer tôt les entreprises en difficulté et de leur proposer un \
                     accompagnement.",
                    rule.min_headcount, rule.months
                ),
                format!(
                    "For every firm in the perimeter (at least {} employees reached over the last {} \
                     published months, head office in France, public bodies and excluded \
                     activities left out), Vigie estimates the probability of entering a collective \
                     proceeding (safeguard, receivership or liquidation) within 3, 6, 12 and 18 \
                     months, and derives an alert level (green, orange, red) at {alert} months, so \
                     that firms in difficulty are spotted early and offered support.",
                    rule.min_headcount, rule.months
                ),
            ),
            Block::List(vec![
                Bi::new(
                    "Utilisateurs : les commissaires aux restructurations et à la prévention des \
                     difficultés des entreprises (CRP) et les comités départementaux d'examen des \
                     problèmes de financement des entreprises (CODEFI)",
                    "Users: the commissioners for restructuring and the prevention of business \
                     difficulties (CRP) and the departmental committees on business financing \
                     problems (CODEFI)",
                ),
                Bi::new(
                    "les services des directions régionales de l'économie, de l'emploi, du travail et \
                     des solidarités (DREETS)",
                    "the regional directorates for the economy, employment, labour and solidarity \
                     (DREETS)",
                ),
                Bi::new(
                    "les URSSAF et la Banque de France, partenaires de la détection",
                    "the URSSAF and the Banque de France, partners in detection",
                ),
            ]),
            p(
                "Le traitement est une aide au repérage, jamais une décision automatique : il \
                 ordonne les entreprises à examiner, et l'agent décide seul de contacter une \
                 entreprise, de l'accompagner ou non. L'agent peut relever ou abaisser l'alerte \
                 d'une entreprise d'un niveau, avec une justification obligatoire, affichée partout \
                 où l'alerte apparaît. Aucune mesure n'est prise à l'égard d'une entreprise sur la \
                 seule base de son score.",
                "The processing is an aid to detection, never an automatic decision: it orders the \
                 firms to look at, and the agent alone decides whether to contact or support a \
                 firm. The agent can raise or lower a firm's alert by one level, with a mandatory \
                 justification shown wherever the alert is shown. No measure is taken about a firm \
                 on the basis of its score alone.",
            ),
        ],
    }
}

/// Months of the files of one kind: (first, last) over its readable files.
fn kind_months(report: &ImportReport, kind: FileKind) -> Option<(Month, Month)> {
    let files = report
        .files
        .iter()
        .filter(|f| f.kind == Some(kind) && f.fatal.is_none());
    let (mut first, mut last) = (None::<Month>, None::<Month>);
    for f in files {
        if let Some(m) = f.first_month {
            first = Some(first.map_or(m, |x| x.min(m)));
        }
        if let Some(m) = f.last_month {
            last = Some(last.map_or(m, |x| x.max(m)));
        }
    }
    Some((first?, last?))
}

fn data(report: &ImportReport) -> Section {
    let mut blocks = Vec::new();
    let read = report.files.iter().filter(|f| f.fatal.is_none()).count();
    match (report.first_month, report.last_month) {
        (Some(a), Some(b)) => blocks.push(p(
            format!(
                "Données de cet import : {} fichiers lus, {} entreprises suivies mois par mois, dont \
                 {} dans le périmètre, de {} à {} ({} mois).",
                count(read),
                count(report.firms),
                count(report.firms_in_perimeter),
                a.french(),
                b.french(),
                count(report.months)
            ),
            format!(
                "Data of this import: {} files read, {} firms followed month by month, {} of them \
                 in the perimeter, from {} to {} ({} months).",
                count(read),
                count(report.firms),
                count(report.firms_in_perimeter),
                a.english(),
                b.english(),
                count(report.months)
            ),
        )),
        _ => blocks.push(p(
            format!(
                "Données de cet import : {} fichiers lus, aucune période mensuelle établie.",
                count(read)
            ),
            format!(
                "Data of this import: {} files read, no monthly period established.",
                count(read)
            ),
        )),
    }
    let rows: Vec<Vec<Bi>> = report
        .sources
        .iter()
        .map(|s| {
            let period = kind_months(report, s.kind)
                .map_or_else(|| Bi::new("sans dates", "no dates"), |(a, b)| window(a, b));
            vec![
                Bi::same(s.kind.label_fr()),
                Bi::same(count(s.files)),
                Bi::same(count(s.records as usize)),
                Bi::same(count(s.firms)),
                period,
            ]
        })
        .collect();
    if rows.is_empty() {
        blocks.push(p(
            "Aucune source n'a été lue dans cet import.",
            "No source was read in this import.",
        ));
    } else {
        blocks.push(table(
            "notice-sources",
            Some(Bi::new("Sources présentes", "Sources present")),
            vec![
                Bi::new("Source", "Source"),
                Bi::new("Fichiers", "Files"),
                Bi::new("Lignes retenues", "Lines used"),
                Bi::new("Entreprises couvertes", "Firms covered"),
                Bi::new("Période", "Period"),
            ],
            rows,
        ));
    }
    if !report.missing_sources.is_empty() {
        blocks.push(p(
            "Sources absentes de cet import, et ce que leur absence désactive :",
            "Sources missing from this import, and what their absence disables (in French):",
        ));
        blocks.push(Block::List(
            report
                .missing_sources
                .iter()
                .map(|k| Bi::same(format!("{} : {}", k.label_fr(), k.absence_effect_fr())))
                .collect(),
        ));
    }
    blocks.push(p(
        "Sources possibles : SIRENE (identité, siège, activité NAF, catégorie juridique), URSSAF \
         (cotisations, dettes sociales, délais de paiement, effectifs), DGEFP (activité partielle \
         demandée et consommée), commission des chefs de services financiers (CCSF), greffes des \
         tribunaux de commerce (procédures collectives), INPI, Banque de France et Diane (ratios \
         financiers des comptes annuels). Les données sont celles que l'agent a importées ; elles \
         ne sont ni complétées ni transmises.",
        "Possible sources: SIRENE (identity, head office, NAF activity, legal category), URSSAF \
         (contributions, social-security debts, payment plans, headcounts), DGEFP (short-time work \
         authorised and used), the CCSF committee, commercial court registries (collective \
         proceedings), INPI, Banque de France and Diane (financial ratios of annual accounts). The \
         data are those the agent imported; they are neither completed nor sent anywhere.",
    ));
    Section {
        id: "donnees",
        title: Bi::new(
            "Données traitées et leurs sources",
            "Data processed and their sources",
        ),
        blocks,
    }
}

fn features(model: &Model) -> Section {
    let used = model.used_features();
    let n_used = used.iter().filter(|u| **u).count();
    let mut blocks = vec![p(
        format!(
            "{COUNT} variables sont calculées pour chaque entreprise et chaque mois, uniquement à \
             partir de ce qui est publié à la fin du mois. Le modèle en service en utilise {n_used} \
             (marquées « oui »). Le sens attendu dit comment une valeur plus élevée doit jouer ; \
             quand il est connu, le modèle est contraint à le respecter."
        ),
        format!(
            "{COUNT} features are computed for every firm and month, only from what is published by \
             the end of the month. The model in use uses {n_used} of them (marked \"yes\"). The \
             expected direction says how a higher value should act; when it is known the model is \
             constrained to follow it."
        ),
    )];
    for group in FeatureGroup::ALL {
        let rows: Vec<Vec<Bi>> = DICTIONARY
            .iter()
            .enumerate()
            .filter(|(_, d)| d.group == group)
            .map(|(i, d)| {
                vec![
                    label(d),
                    Bi::new(d.definition_fr, d.definition_en),
                    Bi::new(d.unit.label_fr(), d.unit.label_en()),
                    direction(d.direction),
                    yes_no(used[i]),
                ]
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        let in_group = rows.len();
        let used_in_group = DICTIONARY
            .iter()
            .enumerate()
            .filter(|(i, d)| d.group == group && used[*i])
            .count();
        blocks.push(table(
            &format!("notice-features-{}", group.id()),
            Some(Bi::new(
                format!(
                    "{} — {used_in_group} variables utilisées sur {in_group}",
                    group.label_fr()
                ),
                format!(
                    "{} — {used_in_group} of {in_group} features used",
                    group.label_en()
                ),
            )),
            vec![
                Bi::new("Variable", "Feature"),
                Bi::new("Définition", "Definition"),
                Bi::new("Unité", "Unit"),
                Bi::new("Sens attendu", "Expected direction"),
                Bi::new("Utilisée", "Used"),
            ],
            rows,
        ));
    }
    Section {
        id: "variables",
        title: Bi::new("Variables, par groupe", "Features, by group"),
        blocks,
    }
}

fn form(model: &Model) -> Section {
    let bins: Vec<usize> = model.features.iter().map(|f| f.bins.values()).collect();
    let (least, most) = (
        bins.iter().copied().min().unwrap_or(0),
        bins.iter().copied().max().unwrap_or(0),
    );
    let monotone = model
        .features
        .iter()
        .filter(|f| f.feature.def().direction != Direction::Unknown)
        .count();
    let boost = &model.training.config.boost;
    let pairs: Vec<Vec<Bi>> = model
        .horizons
        .iter()
        .map(|h| {
            let names: Vec<(String, String)> = h
                .gam
                .pairs
                .iter()
                .filter_map(|p| {
                    let (a, b) = (model.features.get(p.a)?, model.features.get(p.b)?);
                    let (a, b) = (a.feature.def(), b.feature.def());
                    Some((
                        format!("{} × {}", a.label_fr, b.label_fr),
                        format!("{} × {}", a.label_en, b.label_en),
                    ))
                })
                .collect();
            let (fr, en): (Vec<String>, Vec<String>) = names.into_iter().unzip();
            vec![
                horizon_label(h.horizon),
                Bi::same(count(h.gam.pairs.len())),
                if fr.is_empty() {
                    Bi::new("aucune", "none")
                } else {
                    Bi::new(fr.join(" ; "), en.join("; "))
                },
            ]
        })
        .collect();
    let calibration: Vec<Vec<Bi>> = model
        .horizons
        .iter()
        .map(|h| {
            vec![
                horizon_label(h.horizon),
                calibration_text(&h.calibration),
                Bi::same(decimal(h.calibration.slope, 3)),
                Bi::same(decimal(h.calibration.shift, 3)),
            ]
        })
        .collect();
    let mut blocks = vec![
        p(
            "Le modèle est additif et lisible (« boîte de verre ») : pour chaque horizon, la \
             log-cote du risque est la somme d'une constante, d'une fonction de forme par variable \
             et de quelques termes d'interaction entre deux variables. Chaque terme se lit dans un \
             tableau : le score d'une entreprise est exactement la somme de ses termes.",
            "The model is additive and readable (a \"glass box\"): for every horizon the risk's \
             log-odds are the sum of a constant, one shape function per feature and a few \
             interaction terms between two features. Every term is read off a table: a firm's \
             score is exactly the sum of its terms.",
        ),
        Block::List(vec![
            Bi::new(
                format!(
                    "Fonctions de forme sur des classes de quantiles : de {least} à {most} classes \
                     de valeurs selon la variable, plus une classe pour les valeurs manquantes, qui \
                     a sa propre contribution apprise (une valeur manquante n'est jamais lue comme \
                     un zéro)."
                ),
                format!(
                    "Shape functions over quantile bins: {least} to {most} value bins depending on \
                     the feature, plus one bin for missing values with its own learnt contribution \
                     (a missing value is never read as zero)."
                ),
            ),
            Bi::new(
                format!(
                    "Apprentissage par boosting cyclique à la manière des Explainable Boosting \
                     Machines : pas de {}, au plus {} passes, arrêt après {} passes sans \
                     amélioration de la perte de validation.",
                    decimal(boost.learning_rate, 2),
                    boost.max_sweeps,
                    boost.patience
                ),
                format!(
                    "Learnt by cyclic boosting as Explainable Boosting Machines are: step {}, at \
                     most {} sweeps, stopped after {} sweeps without validation-loss improvement.",
                    decimal(boost.learning_rate, 2),
                    boost.max_sweeps,
                    boost.patience
                ),
            ),
            Bi::new(
                format!(
                    "Contraintes de monotonie : {monotone} des {} variables du modèle ont un sens \
                     attendu, et leur fonction de forme est monotone dans ce sens.",
                    model.features.len()
                ),
                format!(
                    "Monotone constraints: {monotone} of the model's {} features have an expected \
                     direction, and their shape function is monotone in that direction.",
                    model.features.len()
                ),
            ),
            Bi::new(
                format!(
                    "Interactions : au plus {} paires par horizon, choisies par leur gain et gardées \
                     seulement si elles améliorent la validation.",
                    boost.max_pairs
                ),
                format!(
                    "Interactions: at most {} pairs per horizon, chosen by their gain and kept only \
                     if they improve validation.",
                    boost.max_pairs
                ),
            ),
            Bi::new(
                "Structure par terme : un modèle par horizon, et les log-cotes publiées sont le \
                 maximum courant des horizons, de sorte que p3 ≤ p6 ≤ p12 ≤ p18 pour toute \
                 entreprise ; quand un horizon plus court l'emporte, son score et son explication \
                 sont repris.",
                "Term structure: one model per horizon, and the published log-odds are the \
                 running maximum over horizons, so that p3 ≤ p6 ≤ p12 ≤ p18 for every firm; when \
                 a shorter horizon binds, its score and explanation are taken.",
            ),
        ]),
        table(
            "notice-pairs",
            Some(Bi::new(
                "Interactions retenues par horizon",
                "Interactions kept per horizon",
            )),
            vec![
                Bi::new("Horizon", "Horizon"),
                Bi::new("Paires", "Pairs"),
                Bi::new("Variables", "Features"),
            ],
            pairs,
        ),
        table(
            "notice-calibration",
            Some(Bi::new(
                "Calibration par horizon (log-cote calibrée = décalage + pente × log-cote brute, \
                 intégrée aux termes)",
                "Calibration per horizon (calibrated log-odds = shift + slope × raw log-odds, \
                 folded into the terms)",
            )),
            vec![
                Bi::new("Horizon", "Horizon"),
                Bi::new("Règle", "Rule"),
                Bi::new("Pente", "Slope"),
                Bi::new("Décalage", "Shift"),
            ],
            calibration,
        ),
    ];
    blocks.push(match &model.degradation {
        Some(d) => p(
            format!(
                "Score de dégradation : variation attendue sur 12 mois d'un indice de difficulté de \
                 0 à 100 (ratio de dette, part d'activité partielle, pertes d'emplois ; 100 si une \
                 procédure s'ouvre), par une régression linéaire pénalisée sur {} variables.",
                d.columns.len()
            ),
            format!(
                "Degradation score: the expected 12-month change of a 0–100 distress index (debt \
                 ratio, short-time work share, job losses; 100 if a proceeding opens), by a \
                 penalised linear regression on {} features.",
                d.columns.len()
            ),
        ),
        None => p(
            "Ce modèle n'a pas de score de dégradation.",
            "This model has no degradation score.",
        ),
    });
    Section {
        id: "modele",
        title: Bi::new("Forme du modèle", "Model form"),
        blocks,
    }
}

fn training(model: &Model) -> Section {
    let t = &model.training;
    let c = &t.config;
    let mut blocks = vec![p(
        format!(
            "Données d'apprentissage : {}{}.",
            t.data,
            if t.synthetic {
                " (données synthétiques)"
            } else {
                ""
            }
        ),
        format!(
            "Training data: {}{}.",
            t.data,
            if t.synthetic { " (synthetic data)" } else { "" }
        ),
    )];
    let train_window = window(t.first_month, t.last_month);
    let valid_window = window(t.validation_first_month, t.validation_last_month);
    blocks.push(Block::List(vec![
        Bi::new(
            format!(
                "{} entreprises, dont {} utilisées",
                count(t.firms),
                percent(t.firm_share)
            ),
            format!(
                "{} firms, {} of them used",
                count(t.firms),
                percent(t.firm_share)
            ),
        ),
        Bi::new(
            format!(
                "Fenêtre d'apprentissage : {} (dernier mois de l'horizon le plus long ; les horizons \
                 plus courts apprennent un peu plus tard)",
                train_window.fr
            ),
            format!(
                "Training window: {} (last month of the longest horizon; shorter horizons train a \
                 little later)",
                train_window.en
            ),
        ),
        Bi::new(
            format!(
                "Fenêtre de validation : {}, sur {} des entreprises tenues à l'écart de \
                 l'apprentissage",
                valid_window.fr,
                percent(t.validation_firm_share)
            ),
            format!(
                "Validation window: {}, on {} of the firms held out of training",
                valid_window.en,
                percent(t.validation_firm_share)
            ),
        ),
        Bi::new(
            format!("Fin des données : {}", t.data_end.french()),
            format!("Data end: {}", t.data_end.english()),
        ),
        Bi::new(
            format!(
                "Un mois d'observation sur {} ; au plus {} lignes entreprise × mois et {} lignes \
                 sans défaillance par horizon (tirées au sort et repondérées) ; validation sur les \
                 {} derniers mois dont l'issue est connue, l'apprentissage s'arrêtant h mois avant \
                 (aucune étiquette d'apprentissage ne regarde dans la fenêtre de validation)",
                c.every,
                count(c.max_rows),
                count(c.max_negatives),
                c.validation_months
            ),
            format!(
                "One observation month in {}; at most {} firm × month rows and {} rows without \
                 failure per horizon (sampled and reweighted); validation on the last {} months \
                 whose outcome is known, training ending h months before (no training label looks \
                 into the validation window)",
                c.every,
                count(c.max_rows),
                count(c.max_negatives),
                c.validation_months
            ),
        ),
    ]));
    blocks.push(table(
        "notice-training",
        None,
        vec![
            Bi::new("Horizon", "Horizon"),
            Bi::new("Lignes d'apprentissage", "Training rows"),
            Bi::new("Défaillances", "Failures"),
            Bi::new(
                "Passes gardées (formes / paires)",
                "Sweeps kept (shapes / pairs)",
            ),
        ],
        model
            .horizons
            .iter()
            .map(|h| {
                vec![
                    horizon_label(h.horizon),
                    Bi::same(count(h.rows)),
                    Bi::same(count(h.positives)),
                    Bi::same(format!("{} / {}", h.sweeps, h.pair_sweeps)),
                ]
            })
            .collect(),
    ));
    Section {
        id: "apprentissage",
        title: Bi::new("Apprentissage", "Training"),
        blocks,
    }
}

fn validation_row(h: &HorizonModel) -> Vec<Bi> {
    let none = || Bi::new("n.d.", "n/a");
    match &h.validation {
        Some(m) => {
            let top = m.top_shares.first();
            vec![
                horizon_label(h.horizon),
                Bi::same(count(m.rows)),
                Bi::same(count(m.positives)),
                Bi::same(auc_text(m)),
                optional(m.average_precision, 3),
                Bi::same(decimal(m.brier, 4)),
                top.map_or_else(none, |a| Bi::same(percent(a.precision))),
                top.map_or_else(none, |a| Bi::same(percent(a.recall))),
            ]
        }
        None => {
            let mut row = vec![horizon_label(h.horizon)];
            row.extend((0..7).map(|_| none()));
            row
        }
    }
}

fn evaluation(model: &Model) -> Section {
    let mut blocks = vec![
        p(
            "Mesures des probabilités publiées sur la fenêtre de validation, hors période et hors \
             entreprises d'apprentissage. AUC : probabilité qu'une entreprise défaillante soit \
             mieux classée qu'une autre (0,5 : hasard, 1 : parfait). AP : précision moyenne (aire \
             sous la courbe précision-rappel, à comparer au taux de défaillance). Brier : erreur \
             quadratique moyenne des probabilités.",
            "Metrics of the published probabilities on the validation window, out of the training \
             period and firms. AUC: probability that a failing firm ranks above another (0.5: \
             chance, 1: perfect). AP: average precision (area under the precision-recall curve, to \
             compare with the failure rate). Brier: mean squared error of the probabilities.",
        ),
        table(
            "notice-validation",
            Some(Bi::new("Validation par horizon", "Validation per horizon")),
            vec![
                Bi::new("Horizon", "Horizon"),
                Bi::new("Lignes", "Rows"),
                Bi::new("Défaillances", "Failures"),
                Bi::same("AUC"),
                Bi::same("AP"),
                Bi::same("Brier"),
                Bi::new("Précision du top 1 %", "Top 1 % precision"),
                Bi::new("Rappel du top 1 %", "Top 1 % recall"),
            ],
            model.horizons.iter().map(validation_row).collect(),
        ),
    ];
    let evaluated: Vec<_> = model
        .backtests
        .iter()
        .filter_map(|b| Some((b, b.metrics.as_ref()?)))
        .collect();
    let skipped = model.backtests.len() - evaluated.len();
    if evaluated.is_empty() {
        blocks.push(p(
            if model.backtests.is_empty() {
                "Aucun backtest (réapprentissage à des dates passées puis évaluation sur la suite) \
                 n'a été enregistré avec ce modèle : seule la fenêtre de validation ci-dessus \
                 l'évalue."
                    .to_string()
            } else {
                format!(
                    "Aucun des {skipped} backtests enregistrés n'a pu être évalué (historique trop \
                     court ou issue pas encore connue) : seule la fenêtre de validation ci-dessus \
                     évalue ce modèle."
                )
            },
            if model.backtests.is_empty() {
                "No backtest (retraining at past dates, then evaluating on what followed) was \
                 recorded with this model: only the validation window above evaluates it."
                    .to_string()
            } else {
                format!(
                    "None of the {skipped} recorded backtests could be evaluated (history too short \
                     or outcome not yet known): only the validation window above evaluates this \
                     model."
                )
            },
        ));
    } else {
        blocks.push(p(
            format!(
                "Backtests glissants : le modèle est réappris comme si les données s'arrêtaient à \
                 chaque date de coupure, puis évalué sur les entreprises à cette date ({} \
                 évaluations, {skipped} non évaluables). PSI : stabilité du score par rapport à 12 \
                 mois plus tôt (au-delà de 0,25 : dérive forte).",
                evaluated.len()
            ),
            format!(
                "Rolling backtests: the model is retrained as if the data ended at each cutoff, \
                 then evaluated on the firms at that date ({} evaluations, {skipped} not \
                 evaluable). PSI: stability of the score against 12 months earlier (above 0.25: \
                 strong drift).",
                evaluated.len()
            ),
        ));
        blocks.push(table(
            "notice-backtests",
            None,
            vec![
                Bi::new("Coupure", "Cutoff"),
                Bi::new("Horizon", "Horizon"),
                Bi::new("Crise", "Crisis"),
                Bi::new("Entreprises", "Firms"),
                Bi::same("AUC"),
                Bi::same("AP"),
                Bi::same("Brier"),
                Bi::same("PSI"),
            ],
            evaluated
                .iter()
                .map(|(b, m)| {
                    vec![
                        month(b.cutoff),
                        horizon_label(b.horizon),
                        yes_no(b.crisis),
                        Bi::same(count(m.rows)),
                        Bi::same(auc_text(m)),
                        optional(m.average_precision, 3),
                        Bi::same(decimal(m.brier, 4)),
                        optional(b.psi, 3),
                    ]
                })
                .collect(),
        ));
    }
    Section {
        id: "evaluation",
        title: Bi::new("Résultats d'évaluation", "Evaluation results"),
        blocks,
    }
}

fn thresholds(model: &Model) -> Section {
    let h = model.alert_horizon;
    let t = model.alert_thresholds();
    let mut blocks = vec![p(
        format!(
            "Le niveau d'alerte se lit sur la probabilité à {} mois : rouge à partir de {}, orange \
             à partir de {}, vert en dessous.",
            h.months(),
            percent(t.rouge),
            percent(t.orange)
        ),
        format!(
            "The alert level is read off the {}-month probability: red from {}, orange from {}, \
             green below.",
            h.months(),
            percent(t.rouge),
            percent(t.orange)
        ),
    )];
    blocks.push(match t.edited {
        Some(v) => p(
            format!(
                "Seuils modifiés par l'agent : ils remplacent les seuils validés à l'apprentissage \
                 (orange {}, rouge {}). Les mesures d'évaluation ci-dessus portent sur le \
                 classement et ne dépendent pas des seuils.",
                percent(v.orange),
                percent(v.rouge)
            ),
            format!(
                "Thresholds edited by the agent: they replace the thresholds validated at training \
                 (orange {}, red {}). The evaluation metrics above are about the ranking and do not \
                 depend on the thresholds.",
                percent(v.orange),
                percent(v.rouge)
            ),
        ),
        None => p(
            "Seuils validés à l'apprentissage, sur la fenêtre de validation : le seuil orange \
             maximise le score F2 (le rappel compte double : ne pas manquer d'entreprise), le seuil \
             rouge le score F0,5 (la précision compte double : peu de fausses alertes).",
            "Thresholds validated at training, on the validation window: the orange threshold \
             maximises the F2 score (recall counts double: miss few firms), the red one the F0.5 \
             score (precision counts double: few false alerts).",
        ),
    });
    blocks.push(table(
        "notice-thresholds",
        None,
        vec![
            Bi::new("Horizon", "Horizon"),
            Bi::new("Orange", "Orange"),
            Bi::new("Rouge", "Red"),
            Bi::new("Modifié par l'agent", "Edited by the agent"),
        ],
        model
            .horizons
            .iter()
            .map(|m| {
                vec![
                    horizon_label(m.horizon),
                    Bi::same(percent(m.thresholds.orange)),
                    Bi::same(percent(m.thresholds.rouge)),
                    yes_no(m.thresholds.is_edited()),
                ]
            })
            .collect(),
    ));
    blocks.push(p(
        "L'agent peut aussi demander un mode « capacité » : les N entreprises les plus risquées \
         de chaque département sont en alerte (rouge au-dessus du seuil rouge, orange sinon).",
        "The agent may also ask for a \"capacity\" mode: the N riskiest firms of each département \
         are in alert (red above the red threshold, orange otherwise).",
    ));
    Section {
        id: "seuils",
        title: Bi::new("Seuils d'alerte", "Alert thresholds"),
        blocks,
    }
}

fn explanations(model: &Model) -> Section {
    let levers = Lever::ALL.map(|l| (l.label_fr(), l.label_en()));
    let (fr, en): (Vec<&str>, Vec<&str>) = levers.into_iter().unzip();
    Section {
        id: "explications",
        title: Bi::new("Explication des scores", "Explaining the scores"),
        blocks: vec![
            p(
                format!(
                    "Chaque score est expliqué exactement : la différence entre la log-cote de \
                     l'entreprise et celle de l'entreprise médiane de son secteur (division NAF \
                     comptant au moins {} entreprises ; sinon l'entreprise médiane de toute la \
                     population) est répartie entre les variables. L'entreprise médiane prend, \
                     pour chaque variable, la médiane des valeurs connues du secteur au même mois. \
                     Les contributions s'additionnent exactement à la différence ; un terme \
                     d'interaction est partagé à parts égales entre ses deux variables (valeur de \
                     Shapley).",
                    model.params.min_sector_firms
                ),
                format!(
                    "Every score is explained exactly: the difference between the firm's log-odds \
                     and those of its sector's median firm (a NAF division with at least {} firms; \
                     otherwise the whole population's median firm) is split between the features. \
                     The median firm takes, for every feature, the median of the sector's known \
                     values at the same month. Contributions add up exactly to the difference; an \
                     interaction term is shared equally between its two features (Shapley value).",
                    model.params.min_sector_firms
                ),
            ),
            Block::List(vec![
                Bi::new(
                    format!(
                        "Motifs : les {AGGRAVATING} termes qui aggravent le plus le risque et les \
                         {MITIGATING} qui l'atténuent le plus, jamais une valeur manquante, jamais \
                         à rebours du sens attendu de la variable."
                    ),
                    format!(
                        "Reasons: the {AGGRAVATING} terms raising the risk most and the \
                         {MITIGATING} lowering it most, never a missing value, never against the \
                         feature's expected direction."
                    ),
                ),
                Bi::new(
                    format!(
                        "Scénarios : les leviers actionnables ({}) et le plus petit montant qui \
                         ferait passer l'entreprise sous le seuil, vérifié en recalculant son score.",
                        fr.join(", ").to_lowercase()
                    ),
                    format!(
                        "Scenarios: the actionable levers ({}) and the smallest amount that would \
                         bring the firm below the threshold, checked by scoring it again.",
                        en.join(", ").to_lowercase()
                    ),
                ),
                Bi::new(
                    format!(
                        "Points : {} points doublent la cote du risque.",
                        decimal(POINTS_PER_DOUBLING, 0)
                    ),
                    format!(
                        "Points: {} points double the odds of the risk.",
                        decimal(POINTS_PER_DOUBLING, 0)
                    ),
                ),
            ]),
        ],
    }
}

fn crisis(model: &Model) -> Section {
    let c = model.params.crisis;
    let used = model.used_features();
    let used_of = |features: &[Feature]| -> Vec<Bi> {
        features
            .iter()
            .map(|f| {
                let d = f.def();
                let u = yes_no(used[f.index()]);
                Bi::new(
                    format!("{} (utilisée : {})", d.label_fr, u.fr),
                    format!("{} (used: {})", d.label_en, u.en),
                )
            })
            .collect()
    };
    let base_rate: Vec<Horizon> = model
        .horizons
        .iter()
        .filter(|h| h.calibration.rule == CalibrationRule::BaseRate)
        .map(|h| h.horizon)
        .collect();
    let months_list = |hs: &[Horizon]| {
        hs.iter()
            .map(|h| h.months().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let crisis_window = window(c.start, c.end);
    let calibration = if base_rate.is_empty() {
        p(
            format!(
                "Calibration : quand la fenêtre de calibration d'un horizon rencontre la crise ou \
                 les {CATCH_UP_MONTHS} mois qui suivent, seule la constante est ajustée, au taux de \
                 défaillance de long terme hors crise. Pour ce modèle, aucun horizon n'est dans ce \
                 cas : toutes les fenêtres de calibration sont hors crise."
            ),
            format!(
                "Calibration: when a horizon's calibration window meets the crisis or the \
                 {CATCH_UP_MONTHS} months after it, only the constant is adjusted, to the long-run \
                 failure rate outside the crisis. For this model no horizon is in that case: every \
                 calibration window is outside the crisis."
            ),
        )
    } else {
        p(
            format!(
                "Calibration : quand la fenêtre de calibration d'un horizon rencontre la crise ou \
                 les {CATCH_UP_MONTHS} mois qui suivent, seule la constante est ajustée, au taux de \
                 défaillance de long terme hors crise. C'est le cas de ce modèle à {} mois.",
                months_list(&base_rate)
            ),
            format!(
                "Calibration: when a horizon's calibration window meets the crisis or the \
                 {CATCH_UP_MONTHS} months after it, only the constant is adjusted, to the long-run \
                 failure rate outside the crisis. This model does so at {} months.",
                months_list(&base_rate)
            ),
        )
    };
    let relative: Vec<Feature> = SECTOR_RELATIVE.iter().map(|(f, _, _)| *f).collect();
    let rel = labels(relative);
    Section {
        id: "covid",
        title: Bi::new(
            "Traitement de la crise sanitaire (COVID-19)",
            "Treatment of the COVID-19 crisis",
        ),
        blocks: vec![
            p(
                format!(
                    "Fenêtre de crise du modèle : {}. Pendant cette période, les mesures de soutien \
                     (activité partielle, reports de cotisations, prêts garantis) et la suspension \
                     des assignations ont fait baisser les défaillances, puis un rattrapage a \
                     suivi : ces mois ne sont pas appris comme un temps normal.",
                    crisis_window.fr
                ),
                format!(
                    "The model's crisis window: {}. During it, support measures (short-time work, \
                     deferred contributions, state-guaranteed loans) and suspended court actions \
                     lowered failures, then a catch-up followed: these months are not learnt as \
                     normal times.",
                    crisis_window.en
                ),
            ),
            calibration,
            p(
                "Variables propres à la crise : dette constituée pendant la crise et part remboursée \
                 depuis, activité partielle pendant et hors de la crise, bilan arrêté pendant la \
                 crise, indicateur de période de crise :",
                "Crisis features: debt built during the crisis and the share repaid since, \
                 short-time work during and outside the crisis, accounts closed during the \
                 crisis, crisis-period flag:",
            ),
            Block::List(used_of(&[
                Feature::DetteCrise,
                Feature::RemboursementDetteCrise,
                Feature::ApPendantCrise,
                Feature::ApHorsCrise,
                Feature::BilanPendantCrise,
                Feature::EnPeriodeDeCrise,
            ])),
            p(
                format!(
                    "Variables relatives au secteur : rang et écart à la médiane de la division NAF \
                     au même mois pour {} ; un choc commun à tout un secteur ne pèse donc pas comme \
                     une difficulté propre à l'entreprise. Indice de stress sectoriel et parts \
                     d'entreprises du secteur en difficulté complètent.",
                    rel.fr.to_lowercase()
                ),
                format!(
                    "Sector-relative features: rank and gap to the NAF division's median at the \
                     same month for {}; a shock common to a whole sector therefore does not weigh \
                     as the firm's own difficulty. A sector stress index and the shares of the \
                     sector's firms in difficulty complete them.",
                    rel.en.to_lowercase()
                ),
            ),
            p(
                "Événements sectoriels : l'agent peut déclarer des événements touchant un secteur \
                 (codes NAF, période, gravité) ; leur gravité et leur ancienneté sont des variables \
                 du modèle :",
                "Sector events: the agent may declare events hitting a sector (NAF codes, period, \
                 severity); their severity and age are model features:",
            ),
            Block::List(used_of(&[
                Feature::EvenementSectorielSeverite,
                Feature::EvenementSectorielMois,
            ])),
        ],
    }
}

fn limits(model: &Model) -> Section {
    let t = &model.training;
    let lags = model.params.lags;
    let mut items = Vec::new();
    if t.synthetic {
        items.push(Bi::new(
            "Ce modèle a été entraîné sur des données synthétiques : ses probabilités ne mesurent \
             pas un risque réel. Il faut le réentraîner sur des données réelles avant tout usage.",
            "This model was trained on synthetic data: its probabilities do not measure a real \
             risk. It must be retrained on real data before any use.",
        ));
    }
    let positives: Vec<String> = model
        .horizons
        .iter()
        .map(|h| format!("{} à {} mois", count(h.positives), h.horizon.months()))
        .collect();
    let positives_en: Vec<String> = model
        .horizons
        .iter()
        .map(|h| format!("{} at {} months", count(h.positives), h.horizon.months()))
        .collect();
    items.push(Bi::new(
        format!(
            "Les défaillances sont rares : l'apprentissage repose sur {} défaillances ; les \
             probabilités des petits secteurs et des entreprises atypiques sont moins sûres.",
            positives.join(", ")
        ),
        format!(
            "Failures are rare: training rests on {} failures; probabilities for small sectors and \
             atypical firms are less reliable.",
            positives_en.join(", ")
        ),
    ));
    items.push(match model.degradation.as_ref().and_then(|d| d.validation_r2) {
        Some(r2) => Bi::new(
            format!(
                "Le score de dégradation n'explique que {} de la variance en validation (R² de {}) : \
                 c'est une tendance indicative.",
                percent(r2.max(0.0)),
                decimal(r2, 3)
            ),
            format!(
                "The degradation score explains only {} of the variance in validation (R² of {}): \
                 it is an indicative trend.",
                percent(r2.max(0.0)),
                decimal(r2, 3)
            ),
        ),
        None => Bi::new(
            "Le score de dégradation n'a pas de mesure de validation.",
            "The degradation score has no validation measure.",
        ),
    });
    items.push(Bi::new(
        format!(
            "Aucune anticipation : les variables d'un mois n'utilisent que ce qui est publié à sa \
             fin, avec les délais de publication des sources (dettes : {} mois, cotisations : {} \
             mois, effectifs : au moins {} mois, activité partielle consommée : {} mois, comptes \
             annuels : 8 mois après la clôture). Les données les plus récentes d'une entreprise \
             peuvent donc avoir plusieurs mois.",
            lags.debit, lags.cotisation, lags.effectif, lags.ap_consommee
        ),
        format!(
            "No look-ahead: a month's features only use what is published by its end, with the \
             sources' publication lags (debts: {} months, contributions: {} months, headcounts: at \
             least {} months, short-time work used: {} months, annual accounts: 8 months after \
             closing). A firm's latest data may therefore be several months old.",
            lags.debit, lags.cotisation, lags.effectif, lags.ap_consommee
        ),
    ));
    items.push(Bi::new(
        "Une source absente rend ses variables manquantes : le modèle en tient compte (classe des \
         valeurs manquantes), mais le score s'appuie alors sur moins d'informations.",
        "A missing source makes its features missing: the model allows for it (the missing-value \
         bin), but the score then rests on less information.",
    ));
    items.push(Bi::new(
        "Le score décrit le passé récent d'entreprises semblables ; il ne connaît ni les projets, \
         ni les carnets de commandes, ni les soutiens d'une entreprise, que seul l'échange avec \
         elle révèle.",
        "The score describes the recent past of similar firms; it knows nothing of a firm's \
         plans, order books or backers, which only talking with it reveals.",
    ));
    Section {
        id: "limites",
        title: Bi::new("Limites", "Limits"),
        blocks: vec![Block::List(items)],
    }
}

fn privacy() -> Section {
    Section {
        id: "confidentialite",
        title: Bi::new("Où restent les données", "Where the data stay"),
        blocks: vec![p(
            "Tout le traitement a lieu dans le navigateur de l'agent (WebAssembly) : les fichiers \
             importés ne sont envoyés nulle part, et la page s'interdit toute connexion réseau une \
             fois chargée. Le suivi des entreprises (notes, avis, ajustements) n'est conservé que \
             dans ce navigateur, avec export et effacement explicites.",
            "All processing happens in the agent's browser (WebAssembly): the imported files are \
             sent nowhere, and the page forbids itself any network connection once loaded. The \
             follow-up of firms (notes, feedback, adjustments) is kept in this browser only, with \
             explicit export and erasure.",
        )],
    }
}

/// A fingerprint of the model file: the first 16 hex digits of the SHA-256 of its JSON.
pub fn model_fingerprint(model: &Model) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(model.to_json().as_bytes())[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn version(model: &Model) -> Section {
    let current = dictionary_hash();
    let rows = vec![
        vec![
            Bi::new("Format du fichier de modèle", "Model file format"),
            Bi::same(format!(
                "{} (schéma {} ; cette version lit le schéma {SCHEMA_VERSION})",
                model.format, model.schema_version
            )),
        ],
        vec![
            Bi::new("Empreinte du modèle", "Model fingerprint"),
            Bi::same(model_fingerprint(model)),
        ],
        vec![
            Bi::new(
                "Empreinte du dictionnaire des variables",
                "Feature dictionary fingerprint",
            ),
            Bi::new(
                format!(
                    "{} ({})",
                    model.dictionary_hash,
                    if model.dictionary_hash == current {
                        "celui de cette version"
                    } else {
                        "différent de cette version"
                    }
                ),
                format!(
                    "{} ({})",
                    model.dictionary_hash,
                    if model.dictionary_hash == current {
                        "this version's"
                    } else {
                        "not this version's"
                    }
                ),
            ),
        ],
        vec![
            Bi::new(
                "Version du moteur à l'apprentissage",
                "Engine version at training",
            ),
            Bi::same(model.engine_version.clone()),
        ],
        vec![
            Bi::new("Version du moteur en service", "Engine version in use"),
            Bi::same(env!("CARGO_PKG_VERSION")),
        ],
        vec![
            Bi::new("Variables du modèle", "Model features"),
            Bi::same(format!("{} / {COUNT}", model.features.len())),
        ],
    ];
    Section {
        id: "version",
        title: Bi::new("Version du modèle", "Model version"),
        blocks: vec![table(
            "notice-version-table",
            None,
            vec![Bi::new("Élément", "Item"), Bi::new("Valeur", "Value")],
            rows,
        )],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::embedded;

    fn report() -> ImportReport {
        ImportReport::default()
    }

    fn check_contains(notice: &Notice, section: &str, expected: &[&str], english: bool) {
        let s = notice
            .section(section)
            .unwrap_or_else(|| panic!("{section}"));
        let text = s.text(english).join("\n");
        for e in expected {
            assert!(text.contains(e), "« {e} » missing from {section}:\n{text}");
        }
    }

    #[test]
    fn the_embedded_models_notice_states_its_window_features_and_aucs() {
        let model = embedded().unwrap();
        let n = notice(&model, &report());
        let t = &model.training;
        let window_fr = format!("{} – {}", t.first_month.french(), t.last_month.french());
        check_contains(&n, "apprentissage", &[&window_fr, &t.data], false);
        let window_en = format!("{} – {}", t.first_month.english(), t.last_month.english());
        check_contains(&n, "apprentissage", &[&window_en], true);
        // Every used feature is listed and marked used; the others are marked unused.
        let variables = n.section("variables").unwrap();
        let used = model.used_features();
        let mut rows = 0;
        for b in &variables.blocks {
            if let Block::Table(t) = b {
                for row in &t.rows {
                    let i = DICTIONARY
                        .iter()
                        .position(|d| d.label_fr == row[0].fr)
                        .unwrap();
                    assert_eq!(
                        row[4].fr,
                        if used[i] { "oui" } else { "non" },
                        "{}",
                        row[0].fr
                    );
                    rows += 1;
                }
            }
        }
        assert_eq!(rows, COUNT);
        // Every horizon's AUC, as formatted.
        let table = n
            .section("evaluation")
            .unwrap()
            .blocks
            .iter()
            .find_map(|b| match b {
                Block::Table(t) if t.id == "notice-validation" => Some(t),
                _ => None,
            })
            .unwrap();
        for (row, h) in table.rows.iter().zip(&model.horizons) {
            let auc = auc_text(h.validation.as_ref().unwrap());
            assert_eq!(row[3].fr, auc);
            assert!(auc.starts_with("0,"), "{auc}");
        }
        assert_eq!(table.rows.len(), Horizon::ALL.len());
        // Synthetic data are said to be synthetic.
        check_contains(&n, "limites", &["données synthétiques"], false);
        check_contains(&n, "seuils", &["validés à l'apprentissage"], false);
        let crisis = window(model.params.crisis.start, model.params.crisis.end);
        check_contains(&n, "covid", &[&crisis.fr], false);
        check_contains(&n, "version", &[&model.dictionary_hash], false);
    }

    #[test]
    fn no_section_is_empty_in_either_language() {
        let model = embedded().unwrap();
        for model in [model.clone(), model.with_thresholds(0.1, 0.4).unwrap()] {
            let n = notice(&model, &report());
            assert!(n.sections.len() >= 10);
            for s in &n.sections {
                assert!(!s.is_empty(), "{}", s.id);
                assert!(!s.title.is_empty(), "{}", s.id);
                for b in &s.blocks {
                    if let Block::Table(t) = b {
                        for row in &t.rows {
                            assert_eq!(row.len(), t.headers.len(), "{}", t.id);
                        }
                    }
                }
            }
            let ids: std::collections::BTreeSet<_> = n.sections.iter().map(|s| s.id).collect();
            assert_eq!(ids.len(), n.sections.len());
        }
    }

    #[test]
    fn edited_thresholds_are_said_edited_with_the_validated_ones() {
        let model = embedded().unwrap();
        let v = model.alert_thresholds();
        let edited = model.with_thresholds(0.125, 0.5).unwrap();
        let n = notice(&edited, &report());
        check_contains(
            &n,
            "seuils",
            &[
                "Seuils modifiés par l'agent",
                "rouge à partir de 50,0\u{a0}%",
                "orange à partir de 12,5\u{a0}%",
                &format!("orange {}, rouge {}", percent(v.orange), percent(v.rouge)),
            ],
            false,
        );
        check_contains(&n, "seuils", &["Thresholds edited by the agent"], true);
        let unedited = notice(&model, &report()).text(false);
        assert!(!unedited.contains("modifiés par l'agent"));
        // The notice changes with the model: its fingerprint too.
        assert_ne!(model_fingerprint(&model), model_fingerprint(&edited));
    }

    #[test]
    fn a_model_without_backtests_says_so() {
        let mut model = embedded().unwrap();
        assert!(!model.backtests.is_empty());
        let with = notice(&model, &report());
        assert!(with.section("evaluation").unwrap().blocks.iter().any(
            |b| matches!(b, Block::Table(t) if t.id == "notice-backtests" && !t.rows.is_empty())
        ));
        model.backtests.clear();
        check_contains(
            &notice(&model, &report()),
            "evaluation",
            &["Aucun backtest"],
            false,
        );
    }

    #[test]
    fn the_import_report_gives_the_sources_and_their_months() {
        use crate::demo::{DemoConfig, generate};
        use crate::pipeline::import;
        let files = generate(&DemoConfig {
            firms: 60,
            ..DemoConfig::default()
        });
        let imported = import(&files);
        let r = &imported.report;
        let n = notice(&embedded().unwrap(), r);
        let (a, b) = (r.first_month.unwrap(), r.last_month.unwrap());
        check_contains(&n, "donnees", &[&a.french(), &b.french()], false);
        let sources = n
            .section("donnees")
            .unwrap()
            .blocks
            .iter()
            .find_map(|b| match b {
                Block::Table(t) if t.id == "notice-sources" => Some(t),
                _ => None,
            })
            .unwrap();
        assert_eq!(sources.rows.len(), r.sources.len());
        for (row, s) in sources.rows.iter().zip(&r.sources) {
            assert_eq!(row[0].fr, s.kind.label_fr());
            assert_eq!(row[3].fr, count(s.firms));
        }
        // Without an import, the section still says what it knows.
        check_contains(
            &notice(&embedded().unwrap(), &report()),
            "donnees",
            &["Aucune source"],
            false,
        );
    }
}
