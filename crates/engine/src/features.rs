//! Features of a firm at a month, computed only from what was observable then (as-of semantics),
//! and the feature dictionary the model, the explanations and the UI read.
//!
//! First slice: a handful of debt and employment features. Missing stays missing (`None`); the
//! model turns it into an explicit indicator, never into a silent zero.

use serde::{Deserialize, Serialize};

use crate::panel::Panel;

/// The groups explanations are summed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeatureGroup {
    DetteSociale,
    ActivitePartielle,
    Emploi,
    SanteFinanciere,
    SecteurConjoncture,
    DelaisPaiement,
    Identite,
}

impl FeatureGroup {
    pub fn label_fr(self) -> &'static str {
        match self {
            FeatureGroup::DetteSociale => "Dette sociale",
            FeatureGroup::ActivitePartielle => "Activité partielle",
            FeatureGroup::Emploi => "Emploi",
            FeatureGroup::SanteFinanciere => "Santé financière",
            FeatureGroup::SecteurConjoncture => "Secteur et conjoncture",
            FeatureGroup::DelaisPaiement => "Délais de paiement",
            FeatureGroup::Identite => "Identité",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            FeatureGroup::DetteSociale => "Social-security debt",
            FeatureGroup::ActivitePartielle => "Short-time work",
            FeatureGroup::Emploi => "Employment",
            FeatureGroup::SanteFinanciere => "Financial health",
            FeatureGroup::SecteurConjoncture => "Sector and economy",
            FeatureGroup::DelaisPaiement => "Payment plans",
            FeatureGroup::Identite => "Identity",
        }
    }
}

/// Expected effect of a feature on risk (used for monotone constraints and sanity checks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// More of it, more risk.
    Increasing,
    /// More of it, less risk.
    Decreasing,
    Unknown,
}

/// One entry of the feature dictionary.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FeatureDef {
    pub id: &'static str,
    pub group: FeatureGroup,
    pub label_fr: &'static str,
    pub label_en: &'static str,
    pub definition_fr: &'static str,
    pub unit: &'static str,
    pub direction: Direction,
}

impl FeatureDef {
    /// The value in the feature's business unit, French style ("3,2 mois", "-20,0 %", "16").
    pub fn format_value(&self, value: f64) -> String {
        use crate::format::decimal;
        match self.unit {
            "mois" => format!("{} mois", decimal(value, 1)),
            "%" => format!("{}\u{a0}%", decimal(value * 100.0, 1)),
            "log" => decimal(value.exp() - 1.0, 0),
            _ => decimal(value, 2),
        }
    }
}

/// The feature dictionary, in the order of [`FeatureVector::values`].
pub const DICTIONARY: [FeatureDef; 4] = [
    FeatureDef {
        id: "dette_sur_cotisations",
        group: FeatureGroup::DetteSociale,
        label_fr: "Dette URSSAF en mois de cotisations",
        label_en: "URSSAF debt in months of contributions",
        definition_fr: "Dette sociale (parts ouvrière et patronale) divisée par la moyenne des cotisations dues sur les 12 derniers mois connus.",
        unit: "mois",
        direction: Direction::Increasing,
    },
    FeatureDef {
        id: "variation_dette_3m",
        group: FeatureGroup::DetteSociale,
        label_fr: "Variation de la dette sur 3 mois",
        label_en: "Change in debt over 3 months",
        definition_fr: "Dette du mois moins dette d'il y a 3 mois, en mois de cotisations.",
        unit: "mois",
        direction: Direction::Increasing,
    },
    FeatureDef {
        id: "evolution_effectif_12m",
        group: FeatureGroup::Emploi,
        label_fr: "Évolution de l'effectif sur 12 mois",
        label_en: "Headcount change over 12 months",
        definition_fr: "Variation relative du dernier effectif publié par rapport à celui de 12 mois plus tôt.",
        unit: "%",
        direction: Direction::Decreasing,
    },
    FeatureDef {
        id: "effectif",
        group: FeatureGroup::Identite,
        label_fr: "Effectif (taille de l'entreprise)",
        label_en: "Headcount (firm size)",
        definition_fr: "Logarithme de 1 + le dernier effectif publié.",
        unit: "log",
        direction: Direction::Unknown,
    },
];

/// Publication lags in months: what is known at the end of month T (§7 "available for month M").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lags {
    /// Debts: the state of month T is complete after the 20th of T.
    pub debit: usize,
    /// Contributions due for T−1 are known in T.
    pub cotisation: usize,
    /// Headcounts arrive 0–6 months late.
    pub effectif: usize,
}

impl Default for Lags {
    fn default() -> Lags {
        Lags {
            debit: 0,
            cotisation: 1,
            effectif: 2,
        }
    }
}

/// Raw feature values of one firm at one month; `None` is missing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureVector {
    pub values: [Option<f64>; DICTIONARY.len()],
}

/// Months of history needed before features are defined.
pub const WARM_UP: usize = 15;

/// Features of `firm` at panel month index `t`, using only values observable at the end of `t`.
pub fn features_at(panel: &Panel, firm: usize, t: usize, lags: Lags) -> FeatureVector {
    let at = |lag: usize, back: usize| t.checked_sub(lag + back);
    // Mean contribution over the 12 last known months; at least 6 of them must be known.
    let cot_known: Vec<f64> = (0..12)
        .filter_map(|k| at(lags.cotisation, k).and_then(|m| panel.cotisation.get(firm, m)))
        .collect();
    let mean_cot = (cot_known.len() >= 6)
        .then(|| cot_known.iter().sum::<f64>() / cot_known.len() as f64)
        .filter(|c| *c > 0.0);
    let debt = |back: usize| at(lags.debit, back).and_then(|m| panel.debt_known(firm, m));
    let dette_sur_cotisations = debt(0).zip(mean_cot).map(|(d, c)| d / c);
    let variation = debt(0)
        .zip(debt(3))
        .zip(mean_cot)
        .map(|((d0, d3), c)| (d0 - d3) / c);
    let eff = |back: usize| at(lags.effectif, back).and_then(|m| panel.effectif.get(firm, m));
    let evolution = eff(0)
        .zip(eff(12))
        .filter(|(_, before)| *before > 0.0)
        .map(|(now, before)| now / before - 1.0);
    let size = eff(0).map(|e| (1.0 + e).ln());
    FeatureVector {
        values: [dette_sur_cotisations, variation, evolution, size],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Month;
    use crate::demo::{DemoConfig, generate};
    use crate::ingest::read_all;

    #[test]
    fn features_never_look_ahead() {
        let (records, _) = read_all(&generate(&DemoConfig {
            firms: 300,
            ..DemoConfig::default()
        }));
        let full = Panel::build(&records).unwrap();
        let cut = Month::new(2019, 6).unwrap();
        // Only what had been delivered by the end of `cut`.
        let mut known = records.clone();
        for t in &mut known.firm_headcounts {
            let keep = t.months.iter().filter(|m| **m <= cut).count();
            t.months.truncate(keep);
            for r in &mut t.rows {
                r.values = r.values[..keep].into();
            }
        }
        known.cotisations.retain(|c| c.period.0 <= cut);
        known.debits.retain(|d| d.accounting_month() <= cut);
        // The demo's sole débit file is read as stock changes per accounting month.
        assert!(!known.debt_changes.is_empty());
        known.debt_changes.retain(|c| c.month <= cut);
        known.procols.retain(|p| p.date.month() <= cut);
        let short = Panel::build(&known).unwrap();
        let (t_full, t_short) = (full.index_of(cut).unwrap(), short.index_of(cut).unwrap());
        let mut compared = 0;
        for f in 0..full.firms.len() {
            let Some(g) = short.firm_index(full.firms[f].siren) else {
                continue;
            };
            assert_eq!(
                features_at(&full, f, t_full, Lags::default()),
                features_at(&short, g, t_short, Lags::default()),
                "firm {}",
                full.firms[f].siren
            );
            compared += 1;
        }
        assert!(compared > 100);
    }
}
