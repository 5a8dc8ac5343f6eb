//! The feature dictionary, as data: for every feature its identifier, group, French and English
//! labels and definitions, unit and expected direction. The model, the explanations, the CLI's
//! CSV header and the UI all read it; [`Feature`] indexes it (and a [`FeatureVector`]).
//!
//! [`FeatureVector`]: super::FeatureVector

use serde::{Deserialize, Serialize};

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
    pub const ALL: [FeatureGroup; 7] = [
        FeatureGroup::DetteSociale,
        FeatureGroup::DelaisPaiement,
        FeatureGroup::ActivitePartielle,
        FeatureGroup::Emploi,
        FeatureGroup::SanteFinanciere,
        FeatureGroup::SecteurConjoncture,
        FeatureGroup::Identite,
    ];

    /// The identifier in file columns (`contrib_dette_sociale_18m`), as serialised.
    pub fn id(self) -> &'static str {
        match self {
            FeatureGroup::DetteSociale => "dette_sociale",
            FeatureGroup::ActivitePartielle => "activite_partielle",
            FeatureGroup::Emploi => "emploi",
            FeatureGroup::SanteFinanciere => "sante_financiere",
            FeatureGroup::SecteurConjoncture => "secteur_conjoncture",
            FeatureGroup::DelaisPaiement => "delais_paiement",
            FeatureGroup::Identite => "identite",
        }
    }

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

/// The unit a feature's value is expressed in, which decides how it is displayed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Euros,
    EurosPerEmployee,
    /// A debt or an amount divided by the mean monthly contributions.
    MonthsOfContributions,
    /// The slope of a quantity in months of contributions, per month.
    MonthsOfContributionsPerMonth,
    /// A duration.
    Months,
    Years,
    Days,
    Hours,
    Count,
    /// 0 or 1.
    Flag,
    /// A fraction (0.25 is shown "25,0 %").
    Share,
    /// A ratio already published in percent (INPI: 35.2 is shown "35,2 %").
    PercentPoints,
    /// A difference of percent points.
    PercentPointChange,
    /// A rank within the sector, 0 (lowest) to 1 (highest).
    Percentile,
    /// A 0–1 index.
    Index,
    /// `ln(1 + headcount)`, shown as the headcount.
    LogHeadcount,
    /// Sector-event severity, 0 (none) to 3 (strong).
    Severity,
}

impl Unit {
    pub fn label_fr(self) -> &'static str {
        match self {
            Unit::Euros => "€",
            Unit::EurosPerEmployee => "€ par salarié",
            Unit::MonthsOfContributions => "mois de cotisations",
            Unit::MonthsOfContributionsPerMonth => "mois de cotisations par mois",
            Unit::Months => "mois",
            Unit::Years => "ans",
            Unit::Days => "jours",
            Unit::Hours => "heures",
            Unit::Count => "nombre",
            Unit::Flag => "oui / non",
            Unit::Share => "%",
            Unit::PercentPoints => "%",
            Unit::PercentPointChange => "points",
            Unit::Percentile => "rang dans le secteur",
            Unit::Index => "indice 0–1",
            Unit::LogHeadcount => "salariés (échelle log)",
            Unit::Severity => "0 à 3",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Unit::Euros => "€",
            Unit::EurosPerEmployee => "€ per employee",
            Unit::MonthsOfContributions => "months of contributions",
            Unit::MonthsOfContributionsPerMonth => "months of contributions per month",
            Unit::Months => "months",
            Unit::Years => "years",
            Unit::Days => "days",
            Unit::Hours => "hours",
            Unit::Count => "count",
            Unit::Flag => "yes / no",
            Unit::Share | Unit::PercentPoints => "%",
            Unit::PercentPointChange => "points",
            Unit::Percentile => "rank within the sector",
            Unit::Index => "0–1 index",
            Unit::LogHeadcount => "employees (log scale)",
            Unit::Severity => "0 to 3",
        }
    }
}

/// One entry of the feature dictionary.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FeatureDef {
    pub id: &'static str,
    pub group: FeatureGroup,
    pub label_fr: &'static str,
    pub label_en: &'static str,
    pub definition_fr: &'static str,
    pub definition_en: &'static str,
    pub unit: Unit,
    pub direction: Direction,
}

impl FeatureDef {
    /// The value in the feature's business unit, French style ("3,2 mois", "-20,0 %", "16").
    pub fn format_value(&self, value: f64) -> String {
        self.format(value, false)
    }

    /// The value for the English interface: English units, with the French number style the
    /// whole interface keeps in both languages ("3,2 months", "-20,0 %", "16").
    pub fn format_value_en(&self, value: f64) -> String {
        self.format(value, true)
    }

    fn format(&self, value: f64, english: bool) -> String {
        let n = crate::format::decimal;
        let word = |fr: &'static str, en: &'static str| if english { en } else { fr };
        let nbsp = '\u{a0}';
        match self.unit {
            Unit::Euros => format!("{}{nbsp}€", n(value, 0)),
            Unit::EurosPerEmployee => format!(
                "{}{nbsp}€ {}",
                n(value, 0),
                word("par salarié", "per employee")
            ),
            Unit::MonthsOfContributions => {
                format!("{}{nbsp}{}", n(value, 1), word("mois", "months"))
            }
            Unit::MonthsOfContributionsPerMonth => {
                format!("{}{nbsp}{}", n(value, 2), word("mois/mois", "months/month"))
            }
            Unit::Months => {
                let v = n(value, 0);
                let one = singular(&v, english);
                format!(
                    "{v}{nbsp}{}",
                    if english && one {
                        "month"
                    } else {
                        word("mois", "months")
                    }
                )
            }
            Unit::Years => {
                let v = n(value, 1);
                let unit = match (singular(&v, english), english) {
                    (true, true) => "year",
                    (true, false) => "an",
                    (false, _) => word("ans", "years"),
                };
                format!("{v}{nbsp}{unit}")
            }
            Unit::Days => {
                let v = n(value, 0);
                let unit = match (singular(&v, english), english) {
                    (true, true) => "day",
                    (true, false) => "jour",
                    (false, _) => word("jours", "days"),
                };
                format!("{v}{nbsp}{unit}")
            }
            Unit::Hours => format!("{}{nbsp}h", n(value, 0)),
            Unit::Count => n(value, 0),
            Unit::Flag if value > 0.5 => word("oui", "yes").to_string(),
            Unit::Flag => word("non", "no").to_string(),
            Unit::Share => format!("{}{nbsp}%", n(value * 100.0, 1)),
            Unit::PercentPoints => format!("{}{nbsp}%", n(value, 1)),
            Unit::PercentPointChange => format!("{}{nbsp}pts", n(value, 1)),
            Unit::Percentile if english => format!("percentile {}", n(value * 100.0, 0)),
            Unit::Percentile => format!("{}{nbsp}e centile", n(value * 100.0, 0)),
            Unit::Index => n(value, 2),
            Unit::LogHeadcount => n(value.exp() - 1.0, 0),
            Unit::Severity => match value.round() as i64 {
                0 => word("aucun", "none"),
                1 => word("faible", "low"),
                2 => word("moyenne", "medium"),
                _ => word("forte", "strong"),
            }
            .to_string(),
        }
    }
}

/// Whether a formatted number takes a singular noun: below 2 in French ("1,5 an", "0 jour"),
/// exactly one in English ("1 month", "1,0 year").
fn singular(formatted: &str, english: bool) -> bool {
    let value: f64 = formatted
        .replace(['\u{202f}', '\u{a0}'], "")
        .replace(',', ".")
        .parse()
        .unwrap_or(2.0);
    if english {
        value.abs() == 1.0
    } else {
        value.abs() < 2.0
    }
}

/// Declares [`Feature`] and [`DICTIONARY`] together, so that the enum's discriminant is the
/// entry's index by construction.
macro_rules! dictionary {
    ($( $variant:ident : $id:literal, $group:ident, $unit:ident, $direction:ident,
        $label_fr:literal, $label_en:literal, $def_fr:literal, $def_en:literal; )*) => {
        /// A feature, by its index in [`DICTIONARY`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Feature { $($variant),* }

        impl Feature {
            /// Every feature, in dictionary order.
            pub const ALL: [Feature; COUNT] = [$(Feature::$variant),*];
        }

        /// The number of features.
        pub const COUNT: usize = [$(stringify!($variant)),*].len();

        /// The feature dictionary, in the order of [`Feature`].
        pub const DICTIONARY: [FeatureDef; COUNT] = [$(FeatureDef {
            id: $id,
            group: FeatureGroup::$group,
            label_fr: $label_fr,
            label_en: $label_en,
            definition_fr: $def_fr,
            definition_en: $def_en,
            unit: Unit::$unit,
            direction: Direction::$direction,
        }),*];
    };
}

impl Feature {
    pub fn def(self) -> &'static FeatureDef {
        &DICTIONARY[self as usize]
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// The feature with this identifier.
    pub fn from_id(id: &str) -> Option<Feature> {
        DICTIONARY
            .iter()
            .position(|d| d.id == id)
            .map(|i| Feature::ALL[i])
    }
}

/// A feature is written as its dictionary id (model files stay readable, and a file naming an
/// unknown feature is refused by name).
impl Serialize for Feature {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.def().id)
    }
}

impl<'de> Deserialize<'de> for Feature {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Feature, D::Error> {
        let id = String::deserialize(deserializer)?;
        Feature::from_id(&id).ok_or_else(|| {
            serde::de::Error::custom(format!("variable inconnue du dictionnaire : {id}"))
        })
    }
}

dictionary! {
    // ── Dette sociale ────────────────────────────────────────────────────────────────────
    Dette: "dette", DetteSociale, Euros, Increasing,
        "Dette URSSAF", "URSSAF debt",
        "Dette sociale (parts ouvrière et patronale) connue à la fin du mois.",
        "Social-security debt (employee and employer shares) known at the end of the month.";
    DetteSurCotisations: "dette_sur_cotisations", DetteSociale, MonthsOfContributions, Increasing,
        "Dette URSSAF en mois de cotisations", "URSSAF debt in months of contributions",
        "Dette sociale divisée par la moyenne des cotisations dues sur les 12 derniers mois connus (au moins 6 mois connus).",
        "Social debt divided by the mean contributions due over the last 12 known months (at least 6 known).";
    DetteSurCotisationsLag1: "dette_sur_cotisations_m1", DetteSociale, MonthsOfContributions, Increasing,
        "Dette en mois de cotisations, il y a 1 mois", "Debt in months of contributions, 1 month ago",
        "La dette en mois de cotisations telle qu'elle était connue le mois précédent.",
        "Debt in months of contributions as known one month earlier.";
    DetteSurCotisationsLag2: "dette_sur_cotisations_m2", DetteSociale, MonthsOfContributions, Increasing,
        "Dette en mois de cotisations, il y a 2 mois", "Debt in months of contributions, 2 months ago",
        "La dette en mois de cotisations telle qu'elle était connue 2 mois plus tôt.",
        "Debt in months of contributions as known 2 months earlier.";
    DetteSurCotisationsLag3: "dette_sur_cotisations_m3", DetteSociale, MonthsOfContributions, Increasing,
        "Dette en mois de cotisations, il y a 3 mois", "Debt in months of contributions, 3 months ago",
        "La dette en mois de cotisations telle qu'elle était connue 3 mois plus tôt.",
        "Debt in months of contributions as known 3 months earlier.";
    DetteSurCotisationsLag6: "dette_sur_cotisations_m6", DetteSociale, MonthsOfContributions, Increasing,
        "Dette en mois de cotisations, il y a 6 mois", "Debt in months of contributions, 6 months ago",
        "La dette en mois de cotisations telle qu'elle était connue 6 mois plus tôt.",
        "Debt in months of contributions as known 6 months earlier.";
    DetteSurCotisationsLag12: "dette_sur_cotisations_m12", DetteSociale, MonthsOfContributions, Increasing,
        "Dette en mois de cotisations, il y a 12 mois", "Debt in months of contributions, 12 months ago",
        "La dette en mois de cotisations telle qu'elle était connue 12 mois plus tôt.",
        "Debt in months of contributions as known 12 months earlier.";
    DetteSurCotisationsMoy3: "dette_sur_cotisations_moy3m", DetteSociale, MonthsOfContributions, Increasing,
        "Dette moyenne sur 3 mois", "Mean debt over 3 months",
        "Moyenne de la dette en mois de cotisations sur les 3 derniers mois (au moins 2 connus).",
        "Mean of the debt in months of contributions over the last 3 months (at least 2 known).";
    DetteSurCotisationsMoy6: "dette_sur_cotisations_moy6m", DetteSociale, MonthsOfContributions, Increasing,
        "Dette moyenne sur 6 mois", "Mean debt over 6 months",
        "Moyenne de la dette en mois de cotisations sur les 6 derniers mois (au moins 3 connus).",
        "Mean of the debt in months of contributions over the last 6 months (at least 3 known).";
    DetteSurCotisationsMoy12: "dette_sur_cotisations_moy12m", DetteSociale, MonthsOfContributions, Increasing,
        "Dette moyenne sur 12 mois", "Mean debt over 12 months",
        "Moyenne de la dette en mois de cotisations sur les 12 derniers mois (au moins 6 connus).",
        "Mean of the debt in months of contributions over the last 12 months (at least 6 known).";
    TendanceDette6: "tendance_dette_6m", DetteSociale, MonthsOfContributionsPerMonth, Increasing,
        "Tendance de la dette sur 6 mois", "Debt trend over 6 months",
        "Pente (moindres carrés) de la dette en mois de cotisations sur les 6 derniers mois : de combien elle augmente chaque mois.",
        "Least-squares slope of the debt in months of contributions over the last 6 months.";
    TendanceDette12: "tendance_dette_12m", DetteSociale, MonthsOfContributionsPerMonth, Increasing,
        "Tendance de la dette sur 12 mois", "Debt trend over 12 months",
        "Pente (moindres carrés) de la dette en mois de cotisations sur les 12 derniers mois.",
        "Least-squares slope of the debt in months of contributions over the last 12 months.";
    VolatiliteDette12: "volatilite_dette_12m", DetteSociale, MonthsOfContributions, Increasing,
        "Volatilité de la dette sur 12 mois", "Debt volatility over 12 months",
        "Écart type de la dette en mois de cotisations sur les 12 derniers mois (au moins 6 connus).",
        "Standard deviation of the debt in months of contributions over the last 12 months.";
    VariationDette3: "variation_dette_3m", DetteSociale, MonthsOfContributions, Increasing,
        "Variation de la dette sur 3 mois", "Change in debt over 3 months",
        "Dette du mois moins dette d'il y a 3 mois, en mois de cotisations.",
        "Debt of the month minus debt 3 months earlier, in months of contributions.";
    PartOuvriere: "part_ouvriere_dette", DetteSociale, Share, Increasing,
        "Part ouvrière de la dette", "Employee share of the debt",
        "Part de la dette qui porte sur les cotisations salariales précomptées (définie seulement quand il y a une dette).",
        "Share of the debt on withheld employee contributions (defined only when there is a debt).";
    MoisDepuisPremiereDette: "mois_depuis_premiere_dette", DetteSociale, Months, Unknown,
        "Ancienneté de l'endettement", "Months since the first debt",
        "Mois écoulés depuis le premier mois connu avec une dette (manquant si jamais de dette).",
        "Months since the first known month with a debt (missing if never in debt).";
    MoisDepuisDerniereDette: "mois_depuis_derniere_dette", DetteSociale, Months, Decreasing,
        "Mois depuis la dernière dette", "Months since the last debt",
        "Mois écoulés depuis le dernier mois avec une dette : 0 si la dette est en cours (manquant si jamais de dette).",
        "Months since the last month with a debt: 0 when in debt now (missing if never in debt).";
    DetteParSalarie: "dette_par_salarie", DetteSociale, EurosPerEmployee, Increasing,
        "Dette par salarié", "Debt per employee",
        "Dette sociale divisée par le dernier effectif publié.",
        "Social debt divided by the last published headcount.";
    VariationDetteParSalarie3: "variation_dette_par_salarie_3m", DetteSociale, EurosPerEmployee, Increasing,
        "Variation de la dette par salarié sur 3 mois", "Change in debt per employee over 3 months",
        "Dette par salarié du mois moins celle d'il y a 3 mois.",
        "Debt per employee of the month minus that of 3 months earlier.";
    CotisationsMoy12: "cotisations_moy12m", DetteSociale, Euros, Unknown,
        "Cotisations mensuelles moyennes", "Mean monthly contributions",
        "Moyenne des cotisations dues sur les 12 derniers mois connus (au moins 6 connus) : la masse salariale de l'entreprise.",
        "Mean contributions due over the last 12 known months (at least 6): the firm's payroll.";
    VariationCotisations12: "variation_cotisations_12m", DetteSociale, Share, Decreasing,
        "Évolution des cotisations sur 12 mois", "Change in contributions over 12 months",
        "Cotisations moyennes sur 12 mois rapportées à celles d'il y a 12 mois, moins 1.",
        "Mean contributions over 12 months relative to those 12 months earlier, minus 1.";
    DetteCrise: "dette_periode_crise", DetteSociale, MonthsOfContributions, Unknown,
        "Dette accumulée pendant la crise (reports)", "Debt built up during the crisis (deferrals)",
        "Hausse de la dette entre le mois précédant la période de crise et sa fin (ou le mois courant), en mois de cotisations d'avant crise ; 0 avant la crise. Les reports de cotisations accordés aux entreprises saines y figurent.",
        "Debt increase from the month before the crisis window to its end (or now), in pre-crisis months of contributions; 0 before the crisis. Deferrals granted to healthy firms show here.";
    RemboursementDetteCrise: "remboursement_dette_crise", DetteSociale, Share, Decreasing,
        "Part remboursée de la dette de crise", "Share of the crisis debt repaid",
        "Après la période de crise, part de la dette accumulée pendant la crise qui a été remboursée (manquant sans dette de crise).",
        "After the crisis window, share of the debt built up during it that has been repaid (missing without crisis debt).";
    // ── Délais de paiement ───────────────────────────────────────────────────────────────
    DelaisActifs: "delais_actifs", DelaisPaiement, Count, Increasing,
        "Échéanciers URSSAF en cours", "Active URSSAF payment plans",
        "Nombre de délais de paiement actifs dans le mois (manquant sans fichier délais).",
        "Number of payment plans active in the month (missing without a délais file).";
    DelaiMontantSurCotisations: "delai_montant_sur_cotisations", DelaisPaiement, MonthsOfContributions, Increasing,
        "Montant des échéanciers en mois de cotisations", "Payment-plan amount in months of contributions",
        "Montant total des échéanciers actifs divisé par les cotisations mensuelles moyennes.",
        "Total amount of active plans divided by the mean monthly contributions.";
    EcartDelai: "ecart_echeancier", DelaisPaiement, Share, Increasing,
        "Écart à l'échéancier", "Deviation from the payment plan",
        "(Dette actuelle − reste dû prévu par l'échéancier) / montant de l'échéancier : positif quand l'entreprise est en retard sur son plan (défini seulement pendant un plan).",
        "(Current debt − amount still due under the plan) / plan amount: positive when behind the plan.";
    MoisDepuisDernierDelai: "mois_depuis_dernier_delai", DelaisPaiement, Months, Decreasing,
        "Mois depuis le dernier échéancier", "Months since the last payment plan",
        "Mois écoulés depuis le dernier mois avec un échéancier actif (0 pendant un plan, manquant si jamais).",
        "Months since the last month with an active plan (0 during a plan, missing if never).";
    CcsfEnCours: "ccsf_en_cours", DelaisPaiement, Flag, Increasing,
        "Procédure CCSF en cours", "CCSF procedure under way",
        "1 si le dernier événement CCSF avant le mois est une ouverture ou une approbation de plan (manquant sans fichier CCSF).",
        "1 when the last CCSF event before the month opened or approved a plan (missing without a CCSF file).";
    MoisDepuisCcsf: "mois_depuis_ccsf", DelaisPaiement, Months, Decreasing,
        "Mois depuis le dernier événement CCSF", "Months since the last CCSF event",
        "Mois écoulés depuis le dernier événement CCSF (manquant si aucun).",
        "Months since the last CCSF event (missing if none).";
    // ── Activité partielle ───────────────────────────────────────────────────────────────
    PartApAutorisee: "part_ap_autorisee", ActivitePartielle, Share, Increasing,
        "Part des salariés en activité partielle autorisée", "Share of staff authorised for short-time work",
        "Heures d'activité partielle autorisées pour le mois / 151,67, rapportées au dernier effectif publié.",
        "Short-time hours authorised for the month / 151.67, relative to the last published headcount.";
    PartApConsommee: "part_ap_consommee", ActivitePartielle, Share, Increasing,
        "Part des salariés en activité partielle", "Share of staff on short-time work",
        "Heures d'activité partielle consommées le dernier mois connu (un mois de décalage) / 151,67, rapportées au dernier effectif publié.",
        "Short-time hours consumed in the last known month / 151.67, relative to the last published headcount.";
    PartApConsommeeMoy3: "part_ap_consommee_moy3m", ActivitePartielle, Share, Increasing,
        "Part en activité partielle, moyenne 3 mois", "Share on short-time work, 3-month mean",
        "Moyenne sur les 3 derniers mois connus de la part des salariés en activité partielle.",
        "Mean over the last 3 known months of the share of staff on short-time work.";
    PartApConsommeeMoy12: "part_ap_consommee_moy12m", ActivitePartielle, Share, Increasing,
        "Part en activité partielle, moyenne 12 mois", "Share on short-time work, 12-month mean",
        "Moyenne sur les 12 derniers mois connus de la part des salariés en activité partielle.",
        "Mean over the last 12 known months of the share of staff on short-time work.";
    HeuresApCumulees12: "heures_ap_cumulees_12m", ActivitePartielle, Hours, Increasing,
        "Heures d'activité partielle sur 12 mois", "Short-time hours over 12 months",
        "Cumul des heures d'activité partielle consommées sur les 12 derniers mois connus.",
        "Short-time hours consumed over the last 12 known months.";
    MoisAp12: "mois_ap_12m", ActivitePartielle, Months, Increasing,
        "Mois d'activité partielle sur 12 mois", "Months of short-time work over 12 months",
        "Nombre de mois avec des heures consommées parmi les 12 derniers mois connus.",
        "Months with hours consumed among the last 12 known months.";
    ApPendantCrise: "part_ap_pendant_crise", ActivitePartielle, Share, Unknown,
        "Activité partielle pendant la crise", "Short-time work during the crisis",
        "Part moyenne des salariés en activité partielle sur les mois connus de la période de crise ; 0 avant la crise. Une mesure de soutien, pas un signal propre à l'entreprise.",
        "Mean share of staff on short-time work over the known months of the crisis window; 0 before it. A support measure, not a firm-specific signal.";
    ApHorsCrise: "part_ap_hors_crise", ActivitePartielle, Share, Increasing,
        "Activité partielle hors période de crise", "Short-time work outside the crisis",
        "Part des salariés en activité partielle le dernier mois connu s'il est hors de la période de crise, 0 sinon : le recours propre à l'entreprise.",
        "Share of staff on short-time work in the last known month when it lies outside the crisis window, else 0.";
    // ── Emploi ───────────────────────────────────────────────────────────────────────────
    Effectif: "effectif", Emploi, Count, Unknown,
        "Effectif", "Headcount",
        "Dernier effectif publié (salariés).",
        "Last published headcount (employees).";
    EvolutionEffectif6: "evolution_effectif_6m", Emploi, Share, Decreasing,
        "Évolution de l'effectif sur 6 mois", "Headcount change over 6 months",
        "Variation relative du dernier effectif publié par rapport à celui de 6 mois plus tôt.",
        "Relative change of the last published headcount against 6 months earlier.";
    EvolutionEffectif12: "evolution_effectif_12m", Emploi, Share, Decreasing,
        "Évolution de l'effectif sur 12 mois", "Headcount change over 12 months",
        "Variation relative du dernier effectif publié par rapport à celui de 12 mois plus tôt.",
        "Relative change of the last published headcount against 12 months earlier.";
    EvolutionEffectif24: "evolution_effectif_24m", Emploi, Share, Decreasing,
        "Évolution de l'effectif sur 24 mois", "Headcount change over 24 months",
        "Variation relative du dernier effectif publié par rapport à celui de 24 mois plus tôt.",
        "Relative change of the last published headcount against 24 months earlier.";
    TendanceEffectif12: "tendance_effectif_12m", Emploi, Share, Decreasing,
        "Tendance de l'effectif sur 12 mois", "Headcount trend over 12 months",
        "Pente (moindres carrés) du logarithme de l'effectif sur les 12 derniers mois publiés : variation relative par mois.",
        "Least-squares slope of the log headcount over the last 12 published months: relative change per month.";
    AncienneteEffectif: "anciennete_effectif", Emploi, Months, Unknown,
        "Âge du dernier effectif publié", "Age of the last published headcount",
        "Mois entre le mois de calcul et le dernier mois d'effectif publié (les effectifs arrivent avec plusieurs mois de retard).",
        "Months between the scoring month and the last published headcount month.";
    // ── Santé financière ─────────────────────────────────────────────────────────────────
    AncienneteBilan: "anciennete_bilan", SanteFinanciere, Months, Unknown,
        "Âge du dernier bilan", "Age of the last statement",
        "Mois écoulés depuis la clôture du dernier bilan utilisable (publié 8 mois après la clôture).",
        "Months since the closing of the last usable statement (usable 8 months after closing).";
    ChiffreAffaires: "chiffre_affaires", SanteFinanciere, Euros, Unknown,
        "Chiffre d'affaires", "Turnover",
        "Chiffre d'affaires net du dernier bilan utilisable.",
        "Net turnover of the last usable statement.";
    VariationChiffreAffaires: "variation_chiffre_affaires_1an", SanteFinanciere, Share, Decreasing,
        "Évolution du chiffre d'affaires sur un an", "Turnover change over one year",
        "Chiffre d'affaires du dernier bilan rapporté à celui du bilan précédent (clôture 10 à 14 mois plus tôt), moins 1.",
        "Turnover of the last statement relative to the previous one (closing 10 to 14 months earlier), minus 1.";
    MargeEbe: "marge_ebe", SanteFinanciere, PercentPoints, Decreasing,
        "Marge d'EBE", "EBITDA margin",
        "Excédent brut d'exploitation / (chiffre d'affaires + subventions d'exploitation).",
        "Gross operating surplus / (turnover + operating subsidies).";
    VariationMargeEbe: "variation_marge_ebe_1an", SanteFinanciere, PercentPointChange, Decreasing,
        "Évolution de la marge d'EBE sur un an", "EBITDA margin change over one year",
        "Marge d'EBE du dernier bilan moins celle du bilan précédent, en points.",
        "EBITDA margin of the last statement minus that of the previous one, in points.";
    ResultatCourantSurCa: "resultat_courant_sur_ca", SanteFinanciere, PercentPoints, Decreasing,
        "Résultat courant avant impôts / CA", "Pre-tax current result / turnover",
        "Résultat courant avant impôts rapporté au chiffre d'affaires (plus subventions).",
        "Current pre-tax result relative to turnover (plus subsidies).";
    CafSurCa: "caf_sur_ca", SanteFinanciere, PercentPoints, Decreasing,
        "Capacité d'autofinancement / CA", "Cash flow / turnover",
        "Capacité d'autofinancement rapportée au chiffre d'affaires (plus subventions).",
        "Self-financing capacity relative to turnover (plus subsidies).";
    TauxEndettement: "taux_endettement", SanteFinanciere, PercentPoints, Increasing,
        "Taux d'endettement", "Gearing",
        "Dettes financières / capitaux propres (négatif quand les capitaux propres le sont).",
        "Financial debts / equity (negative when equity is).";
    RatioLiquidite: "ratio_liquidite", SanteFinanciere, PercentPoints, Decreasing,
        "Ratio de liquidité", "Current ratio",
        "Actif circulant / dettes à court terme (100 % = couverture exacte).",
        "Current assets / short-term debts (100 % = exact coverage).";
    AutonomieFinanciere: "autonomie_financiere", SanteFinanciere, PercentPoints, Decreasing,
        "Autonomie financière", "Equity ratio",
        "Capitaux propres / total du bilan.",
        "Equity / balance-sheet total.";
    VariationAutonomieFinanciere: "variation_autonomie_financiere_1an", SanteFinanciere, PercentPointChange, Decreasing,
        "Évolution de l'autonomie financière sur un an", "Equity ratio change over one year",
        "Autonomie financière du dernier bilan moins celle du bilan précédent, en points.",
        "Equity ratio of the last statement minus that of the previous one, in points.";
    CouvertureInterets: "couverture_interets", SanteFinanciere, PercentPoints, Increasing,
        "Poids des intérêts", "Interest burden",
        "Charges financières / excédent brut d'exploitation (plus c'est haut, plus la charge est lourde).",
        "Financial charges / gross operating surplus (higher is heavier).";
    CapaciteRemboursement: "capacite_remboursement", SanteFinanciere, Years, Increasing,
        "Capacité de remboursement", "Repayment capacity",
        "Dettes financières / capacité d'autofinancement : années nécessaires pour rembourser.",
        "Financial debts / self-financing capacity: years needed to repay.";
    BfrJours: "bfr_jours", SanteFinanciere, Days, Unknown,
        "Besoin en fonds de roulement", "Working-capital requirement",
        "Besoin en fonds de roulement d'exploitation, en jours de chiffre d'affaires.",
        "Operating working-capital requirement in days of turnover.";
    CreditClientsJours: "credit_clients_jours", SanteFinanciere, Days, Unknown,
        "Délai clients", "Customer credit",
        "Créances clients en jours de chiffre d'affaires TTC.",
        "Trade receivables in days of turnover incl. VAT.";
    CreditFournisseursJours: "credit_fournisseurs_jours", SanteFinanciere, Days, Increasing,
        "Délai fournisseurs", "Supplier credit",
        "Dettes fournisseurs en jours d'achats TTC : un délai qui s'allonge peut signaler des retards de paiement.",
        "Trade payables in days of purchases incl. VAT.";
    RotationStocksJours: "rotation_stocks_jours", SanteFinanciere, Days, Unknown,
        "Rotation des stocks", "Stock turnover",
        "Stocks en jours de chiffre d'affaires.",
        "Stocks in days of turnover.";
    RatioVetuste: "ratio_vetuste", SanteFinanciere, PercentPoints, Decreasing,
        "État des immobilisations", "Fixed-asset freshness",
        "Immobilisations nettes / brutes : 100 % = neuves, bas = usées.",
        "Net / gross fixed assets: 100 % = new, low = worn out.";
    BilanPendantCrise: "bilan_pendant_crise", SanteFinanciere, Flag, Unknown,
        "Bilan d'un exercice de crise", "Statement of a crisis year",
        "1 si l'exercice du dernier bilan recoupe la période de crise : ses comptes reflètent mal l'activité (prêts garantis, aides).",
        "1 when the last statement's fiscal year overlaps the crisis window: its accounts reflect activity poorly.";
    // ── Secteur et conjoncture ───────────────────────────────────────────────────────────
    DetteCentileSecteur: "dette_sur_cotisations_centile_secteur", SecteurConjoncture, Percentile, Increasing,
        "Rang de la dette dans le secteur", "Debt rank within the sector",
        "Rang (centile) de la dette en mois de cotisations parmi les entreprises de la même division NAF le même mois.",
        "Percentile of the debt in months of contributions among firms of the same NAF division that month.";
    DetteEcartSecteur: "dette_sur_cotisations_ecart_secteur", SecteurConjoncture, MonthsOfContributions, Increasing,
        "Dette au-delà de la médiane du secteur", "Debt above the sector median",
        "Dette en mois de cotisations moins la médiane de la division NAF le même mois.",
        "Debt in months of contributions minus the NAF division's median that month.";
    VariationDetteCentileSecteur: "variation_dette_3m_centile_secteur", SecteurConjoncture, Percentile, Increasing,
        "Rang de la hausse de dette dans le secteur", "Debt-increase rank within the sector",
        "Rang (centile) de la variation de la dette sur 3 mois dans la division NAF le même mois.",
        "Percentile of the 3-month debt change within the NAF division that month.";
    VariationDetteEcartSecteur: "variation_dette_3m_ecart_secteur", SecteurConjoncture, MonthsOfContributions, Increasing,
        "Hausse de dette au-delà du secteur", "Debt increase above the sector",
        "Variation de la dette sur 3 mois moins la médiane de la division NAF le même mois.",
        "3-month debt change minus the NAF division's median that month.";
    ApCentileSecteur: "part_ap_consommee_centile_secteur", SecteurConjoncture, Percentile, Increasing,
        "Rang du recours à l'activité partielle dans le secteur", "Short-time work rank within the sector",
        "Rang (centile) de la part des salariés en activité partielle dans la division NAF le même mois : quand tout le secteur y recourt, le rang reste moyen.",
        "Percentile of the share of staff on short-time work within the NAF division that month.";
    ApEcartSecteur: "part_ap_consommee_ecart_secteur", SecteurConjoncture, Share, Increasing,
        "Activité partielle au-delà du secteur", "Short-time work above the sector",
        "Part des salariés en activité partielle moins la médiane de la division NAF le même mois.",
        "Share of staff on short-time work minus the NAF division's median that month.";
    EffectifCentileSecteur: "evolution_effectif_12m_centile_secteur", SecteurConjoncture, Percentile, Decreasing,
        "Rang de l'évolution de l'effectif dans le secteur", "Headcount-change rank within the sector",
        "Rang (centile) de l'évolution de l'effectif sur 12 mois dans la division NAF le même mois.",
        "Percentile of the 12-month headcount change within the NAF division that month.";
    EffectifEcartSecteur: "evolution_effectif_12m_ecart_secteur", SecteurConjoncture, Share, Decreasing,
        "Évolution de l'effectif par rapport au secteur", "Headcount change against the sector",
        "Évolution de l'effectif sur 12 mois moins la médiane de la division NAF le même mois.",
        "12-month headcount change minus the NAF division's median that month.";
    MargeCentileSecteur: "marge_ebe_centile_secteur", SecteurConjoncture, Percentile, Decreasing,
        "Rang de la marge d'EBE dans le secteur", "EBITDA-margin rank within the sector",
        "Rang (centile) de la marge d'EBE du dernier bilan dans la division NAF le même mois.",
        "Percentile of the last statement's EBITDA margin within the NAF division that month.";
    MargeEcartSecteur: "marge_ebe_ecart_secteur", SecteurConjoncture, PercentPointChange, Decreasing,
        "Marge d'EBE par rapport au secteur", "EBITDA margin against the sector",
        "Marge d'EBE moins la médiane de la division NAF le même mois, en points.",
        "EBITDA margin minus the NAF division's median that month, in points.";
    StressSectoriel: "stress_sectoriel", SecteurConjoncture, Index, Unknown,
        "Indice de tension du secteur", "Sector stress index",
        "Moyenne, dans la division NAF le même mois, de trois parts d'entreprises : dette en hausse sur 3 mois, recours à l'activité partielle, effectif en baisse sur 12 mois.",
        "Mean, within the NAF division that month, of three shares of firms: debt up over 3 months, on short-time work, headcount down over 12 months.";
    SecteurPartDetteEnHausse: "secteur_part_dette_en_hausse", SecteurConjoncture, Share, Unknown,
        "Entreprises du secteur dont la dette monte", "Sector firms with rising debt",
        "Part des entreprises de la division NAF dont la dette a augmenté sur 3 mois.",
        "Share of the NAF division's firms whose debt rose over 3 months.";
    SecteurPartAp: "secteur_part_ap", SecteurConjoncture, Share, Unknown,
        "Entreprises du secteur en activité partielle", "Sector firms on short-time work",
        "Part des entreprises de la division NAF ayant consommé de l'activité partielle le dernier mois connu.",
        "Share of the NAF division's firms that used short-time work in the last known month.";
    SecteurPartBaisseEffectif: "secteur_part_baisse_effectif", SecteurConjoncture, Share, Unknown,
        "Entreprises du secteur qui perdent des salariés", "Sector firms losing staff",
        "Part des entreprises de la division NAF dont l'effectif a baissé sur 12 mois.",
        "Share of the NAF division's firms whose headcount fell over 12 months.";
    EnPeriodeDeCrise: "en_periode_de_crise", SecteurConjoncture, Flag, Unknown,
        "Mois de la période de crise", "Month inside the crisis window",
        "1 si le mois de calcul est dans la période de crise (paramètre, par défaut mars 2020 – juin 2021).",
        "1 when the scoring month is inside the crisis window (a parameter, by default March 2020 – June 2021).";
    EvenementSectorielSeverite: "evenement_sectoriel_severite", SecteurConjoncture, Severity, Increasing,
        "Événement sectoriel en cours", "Sector event under way",
        "Sévérité (1 faible à 3 forte) du plus grave événement sectoriel en cours pour le code NAF de l'entreprise, 0 s'il n'y en a pas.",
        "Severity (1 low to 3 strong) of the gravest sector event under way for the firm's NAF code, 0 if none.";
    EvenementSectorielMois: "evenement_sectoriel_mois", SecteurConjoncture, Months, Unknown,
        "Durée de l'événement sectoriel", "Duration of the sector event",
        "Mois écoulés depuis le début de cet événement (manquant s'il n'y en a pas).",
        "Months since that event started (missing if none).";
    // ── Identité ─────────────────────────────────────────────────────────────────────────
    Taille: "taille", Identite, LogHeadcount, Unknown,
        "Taille de l'entreprise", "Firm size",
        "Logarithme de 1 + le dernier effectif publié.",
        "Logarithm of 1 + the last published headcount.";
    AgeEntreprise: "age_entreprise", Identite, Years, Decreasing,
        "Âge de l'entreprise", "Firm age",
        "Années écoulées depuis la création de l'unité légale (SIRENE).",
        "Years since the legal unit was created (SIRENE).";
}

/// The sector-relative pairs: the firm-level feature, its percentile and its excess over the
/// median within the NAF division × month.
pub const SECTOR_RELATIVE: [(Feature, Feature, Feature); 5] = [
    (
        Feature::DetteSurCotisations,
        Feature::DetteCentileSecteur,
        Feature::DetteEcartSecteur,
    ),
    (
        Feature::VariationDette3,
        Feature::VariationDetteCentileSecteur,
        Feature::VariationDetteEcartSecteur,
    ),
    (
        Feature::PartApConsommee,
        Feature::ApCentileSecteur,
        Feature::ApEcartSecteur,
    ),
    (
        Feature::EvolutionEffectif12,
        Feature::EffectifCentileSecteur,
        Feature::EffectifEcartSecteur,
    ),
    (
        Feature::MargeEbe,
        Feature::MargeCentileSecteur,
        Feature::MargeEcartSecteur,
    ),
];

/// A stable fingerprint of the dictionary (identifiers, units, directions, in order), so that a
/// model file can say which dictionary it was trained with: the first 16 hex digits of a SHA-256.
pub fn dictionary_hash() -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for def in &DICTIONARY {
        hasher.update(format!("{}|{:?}|{:?};", def.id, def.unit, def.direction).as_bytes());
    }
    hasher.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
