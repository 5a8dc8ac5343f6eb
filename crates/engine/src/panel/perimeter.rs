//! The population of firms (§6): the headcount rule and the exclusions of public bodies,
//! administrations, education, finance and organisations.

use serde::{Deserialize, Serialize};

/// Why a firm is outside the perimeter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Exclusion {
    /// No headcount ≥ threshold among the last published monthly values (or no headcount at all).
    Headcount,
    /// Public legal category (communes, public establishments…).
    LegalCategory,
    /// Excluded activity (administration, education, finance, organisations).
    Activity,
    /// No head office with a French département in SIRENE.
    NoHeadOffice,
}

impl Exclusion {
    pub fn label_fr(self) -> &'static str {
        match self {
            Exclusion::Headcount => "moins de 10 salariés sur les 36 derniers mois publiés",
            Exclusion::LegalCategory => "catégorie juridique publique",
            Exclusion::Activity => "activité exclue (administration, enseignement, finance…)",
            Exclusion::NoHeadOffice => "pas de siège en France dans SIRENE",
        }
    }
}

/// The perimeter parameters (§6: the code's constants, made configurable).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PerimeterRule {
    /// How many of the last published months are looked at (default 36; the docs say 120).
    pub months: usize,
    /// Minimum headcount reached at least once in that window.
    pub min_headcount: u32,
}

impl Default for PerimeterRule {
    fn default() -> PerimeterRule {
        PerimeterRule {
            months: 36,
            min_headcount: 10,
        }
    }
}

const EXCLUDED_LEGAL_CATEGORIES: [&str; 17] = [
    "4110", "4120", "4140", "4160", "7210", "7220", "7346", "7348", "7366", "7373", "7379", "7383",
    "7389", "7410", "7430", "7470", "7490",
];

/// Legal-category exclusion (§6.2).
pub fn excluded_legal_category(category: &str) -> bool {
    EXCLUDED_LEGAL_CATEGORIES.contains(&category)
}

/// Activity exclusion (§6.2) on a NAF rév. 2 code `NN.NNX`.
pub fn excluded_activity(ape: &str) -> bool {
    let code = ape.replace('.', "");
    let in_range = |from: &str, to: &str| code.as_str() >= from && code.as_str() <= to;
    in_range("8411Z", "8430C")
        || matches!(
            code.as_str(),
            "8510Z"
                | "8520Z"
                | "8531Z"
                | "8532Z"
                | "8541Z"
                | "8542Z"
                | "9411Z"
                | "9412Z"
                | "9420Z"
                | "9491Z"
                | "9492Z"
                | "6411Z"
                | "6419Z"
                | "6430Z"
                | "6491Z"
                | "6492Z"
                | "6499Z"
                | "6511Z"
                | "6512Z"
                | "6520Z"
                | "6530Z"
                | "9900Z"
        )
        || in_range("6611Z", "6630Z")
}

/// The headcount rule on a firm's monthly values, oldest first, ending at the last published
/// month: at least one of the last `rule.months` known values reaches the threshold.
pub fn headcount_rule(values: &[Option<f64>], rule: PerimeterRule) -> bool {
    let window = &values[values.len().saturating_sub(rule.months)..];
    window
        .iter()
        .flatten()
        .any(|v| *v >= f64::from(rule.min_headcount))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activities() {
        let check =
            |ape: &str, excluded: bool| assert_eq!(excluded_activity(ape), excluded, "{ape}");
        check("84.11Z", true);
        check("84.30C", true);
        check("85.20Z", true);
        check("85.59A", false);
        check("64.20Z", false);
        check("64.19Z", true);
        check("66.12Z", true);
        check("66.30Z", true);
        check("56.10A", false);
        check("99.00Z", true);
    }

    #[test]
    fn legal_categories() {
        assert!(excluded_legal_category("7210"));
        assert!(!excluded_legal_category("5710"));
    }

    #[test]
    fn headcount_window() {
        let rule = PerimeterRule {
            months: 3,
            min_headcount: 10,
        };
        let check = |values: &[Option<f64>], expected: bool| {
            assert_eq!(headcount_rule(values, rule), expected, "{values:?}")
        };
        check(&[Some(12.0), Some(9.0), None, Some(8.0)], false);
        check(&[Some(12.0), Some(10.0), None, Some(8.0)], true);
        check(&[None, None], false);
        check(&[], false);
    }
}
