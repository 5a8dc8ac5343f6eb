//! The reasons an agent reads first: the features that raise the firm's risk most above its
//! sector's median firm, and those that lower it most, each as a sentence from the feature's
//! template ([`super::templates`]) with the firm's value and the reference's.

use serde::{Deserialize, Serialize};

use super::templates::sentence;
use super::{Decomposition, ReferenceKind, Term};
use crate::features::{Direction, Feature, SECTOR_RELATIVE, Unit};

/// How many reasons of each kind are given.
pub const AGGRAVATING: usize = 4;
pub const MITIGATING: usize = 2;

/// Contributions smaller than this (log-odds) are not reasons: 0.01 is about 0.3 scorecard
/// points, a change no agent should be told about.
pub const MIN_CONTRIBUTION: f64 = 0.01;

/// One reason: a feature's contribution and the sentence that states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reason {
    pub feature: Feature,
    /// Log-odds against the reference.
    pub contribution: f64,
    pub value: f64,
    pub reference: Option<f64>,
    pub fr: String,
    pub en: String,
}

/// The reasons of a decomposition, largest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Reasons {
    pub aggravating: Vec<Reason>,
    pub mitigating: Vec<Reason>,
}

/// Whether a term may be stated as a reason: the firm has a value (a missing value is never a
/// reason: there is nothing to say to the firm), and for a feature with a known direction the
/// value lies on the side of the reference that the contribution's sign says (a pairwise
/// share could otherwise make "more debt" read as a mitigating factor).
pub fn citable(term: &Term) -> bool {
    let Some(value) = term.value else {
        return false;
    };
    let Some(base) = term.base else {
        return true;
    };
    let worse = term.contribution > 0.0;
    match term.feature.def().direction {
        Direction::Increasing => value != base && (value > base) == worse,
        Direction::Decreasing => value != base && (value < base) == worse,
        Direction::Unknown => value != base,
    }
}

/// The family of a feature: one quantity seen several ways (the debt ratio now, months ago
/// and on average; a value, its sector rank and its gap to the sector median). A reason per
/// family, so that four reasons say four things.
pub fn family(feature: Feature) -> Feature {
    use Feature::*;
    match feature {
        DetteSurCotisationsLag1
        | DetteSurCotisationsLag2
        | DetteSurCotisationsLag3
        | DetteSurCotisationsLag6
        | DetteSurCotisationsLag12
        | DetteSurCotisationsMoy3
        | DetteSurCotisationsMoy6
        | DetteSurCotisationsMoy12 => DetteSurCotisations,
        f => SECTOR_RELATIVE
            .iter()
            .find(|(base, rank, gap)| f == *base || f == *rank || f == *gap)
            .map_or(f, |(base, _, _)| *base),
    }
}

/// The reasons of a decomposition against a reference of kind `kind`.
pub fn reasons(d: &Decomposition, kind: &ReferenceKind) -> Reasons {
    let mut terms: Vec<&Term> = d
        .terms
        .iter()
        .filter(|t| t.contribution.abs() >= MIN_CONTRIBUTION && citable(t))
        .collect();
    terms.sort_by(|a, b| {
        b.contribution
            .abs()
            .total_cmp(&a.contribution.abs())
            .then(a.feature.cmp(&b.feature))
    });
    // The largest term of each family and sign.
    let mut seen: Vec<(Feature, bool)> = Vec::new();
    terms.retain(|t| {
        let key = (family(t.feature), t.contribution > 0.0);
        let new = !seen.contains(&key);
        seen.push(key);
        new
    });
    let reason = |t: &&Term| {
        let value = t.value.unwrap_or_default();
        let (fr, en) = say(t.feature, value, t.base, kind);
        Reason {
            feature: t.feature,
            contribution: t.contribution,
            value,
            reference: t.base,
            fr,
            en,
        }
    };
    Reasons {
        aggravating: terms
            .iter()
            .filter(|t| t.contribution > 0.0)
            .take(AGGRAVATING)
            .map(reason)
            .collect(),
        mitigating: terms
            .iter()
            .filter(|t| t.contribution < 0.0)
            .take(MITIGATING)
            .map(reason)
            .collect(),
    }
}

/// The feature's sentence with the firm's value, then the reference's.
pub fn say(
    feature: Feature,
    value: f64,
    reference: Option<f64>,
    kind: &ReferenceKind,
) -> (String, String) {
    let def = feature.def();
    let s = sentence(feature, value);
    let fill = |template: &str, english: bool| {
        let format = |v: f64| {
            if english {
                def.format_value_en(v)
            } else {
                def.format_value(v)
            }
        };
        template
            .replace("{v}", &format(value))
            .replace("{abs}", &format(value.abs()))
    };
    let sector = matches!(kind, ReferenceKind::Sector(_));
    let (whom_fr, whom_en) = if sector {
        (
            "l'entreprise médiane du secteur",
            "the sector's median firm",
        )
    } else {
        ("l'entreprise médiane", "the median firm")
    };
    let (fr_ref, en_ref) = match reference {
        // A flag's reference only differs: "contre non" would not read.
        Some(_) if def.unit == Unit::Flag => (
            format!(", contrairement à {whom_fr}"),
            format!(", unlike {whom_en}"),
        ),
        Some(r) => (
            format!(", contre {} pour {whom_fr}", def.format_value(r)),
            format!(", against {} for {whom_en}", def.format_value_en(r)),
        ),
        // The reference is missing when most firms have no value.
        None if sector => (
            " ; la plupart des entreprises du secteur n'ont pas cette donnée".to_string(),
            "; most firms of the sector have no such value".to_string(),
        ),
        None => (
            " ; la plupart des entreprises n'ont pas cette donnée".to_string(),
            "; most firms have no such value".to_string(),
        ),
    };
    (
        format!("{}{fr_ref}.", fill(s.fr, false)),
        format!("{}{en_ref}.", fill(s.en, true)),
    )
}
