//! One sentence per dictionary feature, stating the firm's value in plain words (French and
//! English). The reasons of [`super::reasons`] fill them in and append the reference.

use crate::features::Feature;

/// A sentence with placeholders: `{v}` is the value as the dictionary formats it, `{abs}` its
/// absolute value (for sentences whose wording already carries the sign: "ont baissé de {abs}").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub fr: &'static str,
    pub en: &'static str,
}

const fn s(fr: &'static str, en: &'static str) -> Sentence {
    Sentence { fr, en }
}

/// `up` when `value` is zero or positive, `down` when it is negative.
fn signed(value: f64, up: Sentence, down: Sentence) -> Sentence {
    if value < 0.0 { down } else { up }
}

/// `yes` when the flag is set.
fn flag(value: f64, yes: Sentence, no: Sentence) -> Sentence {
    if value > 0.5 { yes } else { no }
}

/// `now` when a duration in months is 0 (displayed "0 mois"), `ago` otherwise.
fn months_since(value: f64, now: Sentence, ago: Sentence) -> Sentence {
    if value < 0.5 { now } else { ago }
}

/// A count of employees, in the grammatical number of the displayed (rounded) value: French
/// takes the singular for 0 and 1, English for 1 only.
fn employees(
    count: f64,
    one_fr: &'static str,
    many_fr: &'static str,
    one_en: &'static str,
    many_en: &'static str,
) -> Sentence {
    let shown = crate::format::decimal(count, 0);
    Sentence {
        fr: if matches!(shown.as_str(), "0" | "1") {
            one_fr
        } else {
            many_fr
        },
        en: if shown == "1" { one_en } else { many_en },
    }
}

/// The sentence stating `feature`'s `value` (the value picks the wording where its sign or a
/// flag changes it).
pub fn sentence(feature: Feature, value: f64) -> Sentence {
    use Feature as F;
    match feature {
        // ── Dette sociale ────────────────────────────────────────────────────────────────
        F::Dette => s(
            "La dette URSSAF s'élève à {v}",
            "The URSSAF debt amounts to {v}",
        ),
        F::DetteSurCotisations => s(
            "La dette URSSAF représente {v} de cotisations",
            "The URSSAF debt amounts to {v} of contributions",
        ),
        F::DetteSurCotisationsLag1 => s(
            "Il y a 1 mois, la dette URSSAF représentait {v} de cotisations",
            "One month ago, the URSSAF debt amounted to {v} of contributions",
        ),
        F::DetteSurCotisationsLag2 => s(
            "Il y a 2 mois, la dette URSSAF représentait {v} de cotisations",
            "Two months ago, the URSSAF debt amounted to {v} of contributions",
        ),
        F::DetteSurCotisationsLag3 => s(
            "Il y a 3 mois, la dette URSSAF représentait {v} de cotisations",
            "Three months ago, the URSSAF debt amounted to {v} of contributions",
        ),
        F::DetteSurCotisationsLag6 => s(
            "Il y a 6 mois, la dette URSSAF représentait {v} de cotisations",
            "Six months ago, the URSSAF debt amounted to {v} of contributions",
        ),
        F::DetteSurCotisationsLag12 => s(
            "Il y a 12 mois, la dette URSSAF représentait {v} de cotisations",
            "Twelve months ago, the URSSAF debt amounted to {v} of contributions",
        ),
        F::DetteSurCotisationsMoy3 => s(
            "Sur les 3 derniers mois, la dette URSSAF a représenté en moyenne {v} de cotisations",
            "Over the last 3 months, the URSSAF debt averaged {v} of contributions",
        ),
        F::DetteSurCotisationsMoy6 => s(
            "Sur les 6 derniers mois, la dette URSSAF a représenté en moyenne {v} de cotisations",
            "Over the last 6 months, the URSSAF debt averaged {v} of contributions",
        ),
        F::DetteSurCotisationsMoy12 => s(
            "Sur les 12 derniers mois, la dette URSSAF a représenté en moyenne {v} de cotisations",
            "Over the last 12 months, the URSSAF debt averaged {v} of contributions",
        ),
        F::TendanceDette6 => signed(
            value,
            s(
                "Sur les 6 derniers mois, la dette en mois de cotisations a augmenté au rythme de {abs}",
                "Over the last 6 months, the debt in months of contributions has risen at a rate of {abs}",
            ),
            s(
                "Sur les 6 derniers mois, la dette en mois de cotisations a baissé au rythme de {abs}",
                "Over the last 6 months, the debt in months of contributions has fallen at a rate of {abs}",
            ),
        ),
        F::TendanceDette12 => signed(
            value,
            s(
                "Sur les 12 derniers mois, la dette en mois de cotisations a augmenté au rythme de {abs}",
                "Over the last 12 months, the debt in months of contributions has risen at a rate of {abs}",
            ),
            s(
                "Sur les 12 derniers mois, la dette en mois de cotisations a baissé au rythme de {abs}",
                "Over the last 12 months, the debt in months of contributions has fallen at a rate of {abs}",
            ),
        ),
        F::VolatiliteDette12 => s(
            "Sur les 12 derniers mois, l'écart type de la dette URSSAF est de {v} de cotisations",
            "Over the last 12 months, the standard deviation of the URSSAF debt is {v} of contributions",
        ),
        F::VariationDette3 => signed(
            value,
            s(
                "En 3 mois, la dette URSSAF a augmenté de {abs} de cotisations",
                "Over 3 months, the URSSAF debt has risen by {abs} of contributions",
            ),
            s(
                "En 3 mois, la dette URSSAF a diminué de {abs} de cotisations",
                "Over 3 months, the URSSAF debt has fallen by {abs} of contributions",
            ),
        ),
        F::PartOuvriere => s(
            "La part ouvrière (cotisations salariales précomptées) représente {v} de la dette URSSAF",
            "The employee share (withheld employee contributions) makes up {v} of the URSSAF debt",
        ),
        F::MoisDepuisPremiereDette => s(
            "La première dette URSSAF connue remonte à {v}",
            "The first known URSSAF debt goes back {v}",
        ),
        F::MoisDepuisDerniereDette => months_since(
            value,
            s(
                "La dette URSSAF est en cours ({v} depuis le dernier mois avec une dette)",
                "The URSSAF debt is ongoing ({v} since the last month with a debt)",
            ),
            s(
                "Le dernier mois avec une dette URSSAF remonte à {v}",
                "The last month with URSSAF debt goes back {v}",
            ),
        ),
        F::DetteParSalarie => s(
            "Rapportée au dernier effectif publié, la dette URSSAF s'élève à {v}",
            "Relative to the last published headcount, the URSSAF debt amounts to {v}",
        ),
        F::VariationDetteParSalarie3 => signed(
            value,
            s(
                "En 3 mois, la dette URSSAF rapportée à l'effectif a augmenté de {abs}",
                "Over 3 months, the URSSAF debt relative to headcount has risen by {abs}",
            ),
            s(
                "En 3 mois, la dette URSSAF rapportée à l'effectif a diminué de {abs}",
                "Over 3 months, the URSSAF debt relative to headcount has fallen by {abs}",
            ),
        ),
        F::CotisationsMoy12 => s(
            "Sur les 12 derniers mois connus, les cotisations dues s'élèvent en moyenne à {v} par mois",
            "Over the last 12 known months, the contributions due averaged {v} a month",
        ),
        F::VariationCotisations12 => signed(
            value,
            s(
                "Les cotisations des 12 derniers mois ont augmenté de {abs} sur un an",
                "Contributions over the last 12 months have risen by {abs} year on year",
            ),
            s(
                "Les cotisations des 12 derniers mois ont baissé de {abs} sur un an",
                "Contributions over the last 12 months have fallen by {abs} year on year",
            ),
        ),
        F::DetteCrise => s(
            "La dette URSSAF accumulée pendant la période de crise, reports compris, représente {v} de cotisations d'avant crise",
            "The URSSAF debt built up during the crisis window, deferrals included, amounts to {v} of pre-crisis contributions",
        ),
        F::RemboursementDetteCrise => signed(
            value,
            s(
                "La dette accumulée pendant la période de crise a été remboursée à hauteur de {v}",
                "The debt built up during the crisis window has been {v} repaid",
            ),
            s(
                "Depuis la fin de la période de crise, la dette URSSAF a encore augmenté, de l'équivalent de {abs} de la dette accumulée pendant la crise",
                "Since the end of the crisis window, the URSSAF debt has grown further, by the equivalent of {abs} of the debt built up during it",
            ),
        ),
        // ── Délais de paiement ───────────────────────────────────────────────────────────
        F::DelaisActifs => {
            let shown = crate::format::decimal(value, 0);
            Sentence {
                fr: if matches!(shown.as_str(), "0" | "1") {
                    "L'entreprise a {v} échéancier URSSAF actif dans le mois"
                } else {
                    "L'entreprise a {v} échéanciers URSSAF actifs dans le mois"
                },
                en: if shown == "1" {
                    "The firm has {v} active URSSAF payment plan this month"
                } else {
                    "The firm has {v} active URSSAF payment plans this month"
                },
            }
        }
        F::DelaiMontantSurCotisations => s(
            "Le montant des échéanciers actifs représente {v} de cotisations",
            "The active payment plans amount to {v} of contributions",
        ),
        F::EcartDelai => signed(
            value,
            s(
                "L'entreprise est en retard sur son échéancier de {abs} du montant du plan",
                "The firm is behind its payment plan by {abs} of the plan amount",
            ),
            s(
                "L'entreprise est en avance sur son échéancier de {abs} du montant du plan",
                "The firm is ahead of its payment plan by {abs} of the plan amount",
            ),
        ),
        F::MoisDepuisDernierDelai => months_since(
            value,
            s(
                "Un échéancier est actif ce mois-ci ({v} depuis le dernier mois sous échéancier)",
                "A payment plan is active this month ({v} since the last month under a plan)",
            ),
            s(
                "Le dernier mois avec un échéancier actif remonte à {v}",
                "The last month with an active payment plan goes back {v}",
            ),
        ),
        F::CcsfEnCours => flag(
            value,
            s(
                "Une procédure CCSF est en cours",
                "A CCSF procedure is under way",
            ),
            s(
                "Aucune procédure CCSF n'est en cours",
                "No CCSF procedure is under way",
            ),
        ),
        F::MoisDepuisCcsf => months_since(
            value,
            s(
                "Le dernier événement CCSF date de ce mois-ci ({v})",
                "The last CCSF event took place this month ({v})",
            ),
            s(
                "Le dernier événement CCSF remonte à {v}",
                "The last CCSF event goes back {v}",
            ),
        ),
        // ── Activité partielle ───────────────────────────────────────────────────────────
        F::PartApAutorisee => s(
            "L'activité partielle autorisée pour le mois couvre l'équivalent de {v} des salariés",
            "The short-time work authorised for the month covers the equivalent of {v} of staff",
        ),
        F::PartApConsommee => s(
            "Le dernier mois connu, l'activité partielle a concerné l'équivalent de {v} des salariés",
            "In the last known month, short-time work involved the equivalent of {v} of staff",
        ),
        F::PartApConsommeeMoy3 => s(
            "Sur les 3 derniers mois connus, l'activité partielle a concerné en moyenne l'équivalent de {v} des salariés",
            "Over the last 3 known months, short-time work involved on average the equivalent of {v} of staff",
        ),
        F::PartApConsommeeMoy12 => s(
            "Sur les 12 derniers mois connus, l'activité partielle a concerné en moyenne l'équivalent de {v} des salariés",
            "Over the last 12 known months, short-time work involved on average the equivalent of {v} of staff",
        ),
        F::HeuresApCumulees12 => s(
            "Sur les 12 derniers mois connus, l'entreprise a consommé {v} d'activité partielle",
            "Over the last 12 known months, the firm used {v} of short-time work",
        ),
        F::MoisAp12 => s(
            "Sur les 12 derniers mois connus, l'entreprise a eu recours à l'activité partielle pendant {v}",
            "Over the last 12 known months, the firm used short-time work in {v}",
        ),
        F::ApPendantCrise => s(
            "Pendant la période de crise, l'activité partielle a concerné en moyenne l'équivalent de {v} des salariés",
            "During the crisis window, short-time work involved on average the equivalent of {v} of staff",
        ),
        F::ApHorsCrise => s(
            "Le dernier mois connu, hors période de crise, l'activité partielle a concerné l'équivalent de {v} des salariés",
            "In the last known month, outside the crisis window, short-time work involved the equivalent of {v} of staff",
        ),
        // ── Emploi ───────────────────────────────────────────────────────────────────────
        F::Effectif => employees(
            value,
            "Le dernier effectif publié est de {v} salarié",
            "Le dernier effectif publié est de {v} salariés",
            "The last published headcount is {v} employee",
            "The last published headcount is {v} employees",
        ),
        F::EvolutionEffectif6 => signed(
            value,
            s(
                "L'effectif publié a augmenté de {abs} en 6 mois",
                "The published headcount has risen by {abs} over 6 months",
            ),
            s(
                "L'effectif publié a baissé de {abs} en 6 mois",
                "The published headcount has fallen by {abs} over 6 months",
            ),
        ),
        F::EvolutionEffectif12 => signed(
            value,
            s(
                "L'effectif publié a augmenté de {abs} en 12 mois",
                "The published headcount has risen by {abs} over 12 months",
            ),
            s(
                "L'effectif publié a baissé de {abs} en 12 mois",
                "The published headcount has fallen by {abs} over 12 months",
            ),
        ),
        F::EvolutionEffectif24 => signed(
            value,
            s(
                "L'effectif publié a augmenté de {abs} en 24 mois",
                "The published headcount has risen by {abs} over 24 months",
            ),
            s(
                "L'effectif publié a baissé de {abs} en 24 mois",
                "The published headcount has fallen by {abs} over 24 months",
            ),
        ),
        F::TendanceEffectif12 => signed(
            value,
            s(
                "Sur les 12 derniers mois d'effectif publiés, l'effectif a augmenté en tendance de {abs} par mois",
                "Over the last 12 published months, the headcount has trended up by {abs} a month",
            ),
            s(
                "Sur les 12 derniers mois d'effectif publiés, l'effectif a baissé en tendance de {abs} par mois",
                "Over the last 12 published months, the headcount has trended down by {abs} a month",
            ),
        ),
        F::AncienneteEffectif => s(
            "Le dernier effectif publié a {v} de retard",
            "The last published headcount is {v} old",
        ),
        // ── Santé financière ─────────────────────────────────────────────────────────────
        F::AncienneteBilan => s(
            "Le dernier bilan utilisable a été clôturé il y a {v}",
            "The last usable statement closed {v} ago",
        ),
        F::ChiffreAffaires => s(
            "Le chiffre d'affaires net du dernier bilan s'élève à {v}",
            "The net turnover of the last statement amounts to {v}",
        ),
        F::VariationChiffreAffaires => signed(
            value,
            s(
                "Au dernier bilan, le chiffre d'affaires a augmenté de {abs} sur un an",
                "In the last statement, turnover has risen by {abs} year on year",
            ),
            s(
                "Au dernier bilan, le chiffre d'affaires a baissé de {abs} sur un an",
                "In the last statement, turnover has fallen by {abs} year on year",
            ),
        ),
        F::MargeEbe => s(
            "La marge d'EBE du dernier bilan est de {v}",
            "The EBITDA margin of the last statement is {v}",
        ),
        F::VariationMargeEbe => signed(
            value,
            s(
                "Au dernier bilan, la marge d'EBE a progressé de {abs} sur un an",
                "In the last statement, the EBITDA margin has gained {abs} year on year",
            ),
            s(
                "Au dernier bilan, la marge d'EBE a reculé de {abs} sur un an",
                "In the last statement, the EBITDA margin has lost {abs} year on year",
            ),
        ),
        F::ResultatCourantSurCa => s(
            "Au dernier bilan, le résultat courant avant impôts représente {v} du chiffre d'affaires et des subventions",
            "In the last statement, the current pre-tax result amounts to {v} of turnover plus subsidies",
        ),
        F::CafSurCa => s(
            "Au dernier bilan, la capacité d'autofinancement représente {v} du chiffre d'affaires et des subventions",
            "In the last statement, the self-financing capacity amounts to {v} of turnover plus subsidies",
        ),
        F::TauxEndettement => signed(
            value,
            s(
                "Au dernier bilan, les dettes financières représentent {v} des capitaux propres",
                "In the last statement, financial debts amount to {v} of equity",
            ),
            s(
                "Au dernier bilan, les capitaux propres sont négatifs (taux d'endettement de {v})",
                "In the last statement, equity is negative (gearing of {v})",
            ),
        ),
        F::RatioLiquidite => s(
            "Au dernier bilan, l'actif circulant couvre {v} des dettes à court terme",
            "In the last statement, current assets cover {v} of short-term debts",
        ),
        F::AutonomieFinanciere => s(
            "Au dernier bilan, les capitaux propres représentent {v} du total du bilan",
            "In the last statement, equity makes up {v} of the balance-sheet total",
        ),
        F::VariationAutonomieFinanciere => signed(
            value,
            s(
                "Au dernier bilan, l'autonomie financière a progressé de {abs} sur un an",
                "In the last statement, the equity ratio has gained {abs} year on year",
            ),
            s(
                "Au dernier bilan, l'autonomie financière a reculé de {abs} sur un an",
                "In the last statement, the equity ratio has lost {abs} year on year",
            ),
        ),
        F::CouvertureInterets => s(
            "Au dernier bilan, les charges financières représentent {v} de l'excédent brut d'exploitation",
            "In the last statement, financial charges amount to {v} of the gross operating surplus",
        ),
        F::CapaciteRemboursement => s(
            "Au dernier bilan, rembourser les dettes financières demanderait {v} de capacité d'autofinancement",
            "In the last statement, repaying the financial debts would take {v} of self-financing capacity",
        ),
        F::BfrJours => s(
            "Au dernier bilan, le besoin en fonds de roulement d'exploitation représente {v} de chiffre d'affaires",
            "In the last statement, the operating working-capital requirement amounts to {v} of turnover",
        ),
        F::CreditClientsJours => s(
            "Au dernier bilan, les créances clients représentent {v} de chiffre d'affaires TTC",
            "In the last statement, trade receivables amount to {v} of turnover including VAT",
        ),
        F::CreditFournisseursJours => s(
            "Au dernier bilan, les dettes fournisseurs représentent {v} d'achats TTC",
            "In the last statement, trade payables amount to {v} of purchases including VAT",
        ),
        F::RotationStocksJours => s(
            "Au dernier bilan, les stocks représentent {v} de chiffre d'affaires",
            "In the last statement, stocks amount to {v} of turnover",
        ),
        F::RatioVetuste => s(
            "Au dernier bilan, les immobilisations nettes représentent {v} des immobilisations brutes",
            "In the last statement, net fixed assets amount to {v} of gross fixed assets",
        ),
        F::BilanPendantCrise => flag(
            value,
            s(
                "L'exercice du dernier bilan recoupe la période de crise",
                "The fiscal year of the last statement overlaps the crisis window",
            ),
            s(
                "L'exercice du dernier bilan ne recoupe pas la période de crise",
                "The fiscal year of the last statement does not overlap the crisis window",
            ),
        ),
        // ── Secteur et conjoncture ───────────────────────────────────────────────────────
        F::DetteCentileSecteur => s(
            "Parmi les entreprises de la même division NAF ce mois-ci, la dette en mois de cotisations se situe au {v}",
            "Among firms of the same NAF division this month, the debt in months of contributions is at {v}",
        ),
        F::DetteEcartSecteur => signed(
            value,
            s(
                "La dette URSSAF dépasse de {abs} de cotisations la dette type de la division NAF ce mois-ci",
                "The URSSAF debt exceeds the typical debt of the NAF division this month by {abs} of contributions",
            ),
            s(
                "La dette URSSAF est inférieure de {abs} de cotisations à la dette type de la division NAF ce mois-ci",
                "The URSSAF debt is below the typical debt of the NAF division this month by {abs} of contributions",
            ),
        ),
        F::VariationDetteCentileSecteur => s(
            "Parmi les entreprises de la même division NAF ce mois-ci, la variation de la dette sur 3 mois se situe au {v}",
            "Among firms of the same NAF division this month, the 3-month change in debt is at {v}",
        ),
        F::VariationDetteEcartSecteur => signed(
            value,
            s(
                "La variation de la dette sur 3 mois dépasse de {abs} de cotisations la variation type de la division NAF ce mois-ci",
                "The 3-month change in debt exceeds the typical change of the NAF division this month by {abs} of contributions",
            ),
            s(
                "La variation de la dette sur 3 mois est inférieure de {abs} de cotisations à la variation type de la division NAF ce mois-ci",
                "The 3-month change in debt is below the typical change of the NAF division this month by {abs} of contributions",
            ),
        ),
        F::ApCentileSecteur => s(
            "Parmi les entreprises de la même division NAF ce mois-ci, la part des salariés en activité partielle se situe au {v}",
            "Among firms of the same NAF division this month, the share of staff on short-time work is at {v}",
        ),
        F::ApEcartSecteur => signed(
            value,
            s(
                "La part des salariés en activité partielle dépasse de {abs} la part type de la division NAF ce mois-ci",
                "The share of staff on short-time work exceeds the typical share of the NAF division this month by {abs}",
            ),
            s(
                "La part des salariés en activité partielle est inférieure de {abs} à la part type de la division NAF ce mois-ci",
                "The share of staff on short-time work is below the typical share of the NAF division this month by {abs}",
            ),
        ),
        F::EffectifCentileSecteur => s(
            "Parmi les entreprises de la même division NAF ce mois-ci, l'évolution de l'effectif sur 12 mois se situe au {v}",
            "Among firms of the same NAF division this month, the 12-month headcount change is at {v}",
        ),
        F::EffectifEcartSecteur => signed(
            value,
            s(
                "L'évolution de l'effectif sur 12 mois dépasse de {abs} l'évolution type de la division NAF ce mois-ci",
                "The 12-month headcount change exceeds the typical change of the NAF division this month by {abs}",
            ),
            s(
                "L'évolution de l'effectif sur 12 mois est inférieure de {abs} à l'évolution type de la division NAF ce mois-ci",
                "The 12-month headcount change is below the typical change of the NAF division this month by {abs}",
            ),
        ),
        F::MargeCentileSecteur => s(
            "Parmi les entreprises de la même division NAF ce mois-ci, la marge d'EBE du dernier bilan se situe au {v}",
            "Among firms of the same NAF division this month, the EBITDA margin of the last statement is at {v}",
        ),
        F::MargeEcartSecteur => signed(
            value,
            s(
                "La marge d'EBE dépasse de {abs} la marge type de la division NAF ce mois-ci",
                "The EBITDA margin exceeds the typical margin of the NAF division this month by {abs}",
            ),
            s(
                "La marge d'EBE est inférieure de {abs} à la marge type de la division NAF ce mois-ci",
                "The EBITDA margin is below the typical margin of the NAF division this month by {abs}",
            ),
        ),
        F::StressSectoriel => s(
            "L'indice de tension de la division NAF (dette en hausse, activité partielle, effectif en baisse) s'établit ce mois-ci à {v}",
            "The stress index of the NAF division (rising debt, short-time work, falling headcount) stands this month at {v}",
        ),
        F::SecteurPartDetteEnHausse => s(
            "La dette a augmenté sur 3 mois dans {v} des entreprises de la division NAF",
            "Debt has risen over 3 months in {v} of the NAF division's firms",
        ),
        F::SecteurPartAp => s(
            "Le dernier mois connu, l'activité partielle a été utilisée par {v} des entreprises de la division NAF",
            "In the last known month, short-time work was used by {v} of the NAF division's firms",
        ),
        F::SecteurPartBaisseEffectif => s(
            "L'effectif a baissé sur 12 mois dans {v} des entreprises de la division NAF",
            "Headcount has fallen over 12 months in {v} of the NAF division's firms",
        ),
        F::EnPeriodeDeCrise => flag(
            value,
            s(
                "Le mois de calcul est dans la période de crise",
                "The scoring month lies inside the crisis window",
            ),
            s(
                "Le mois de calcul est hors de la période de crise",
                "The scoring month lies outside the crisis window",
            ),
        ),
        // The severity is displayed rounded ("aucun" for 0, which "de sévérité" cannot take).
        F::EvenementSectorielSeverite => flag(
            value.round().abs(),
            s(
                "Le plus grave événement sectoriel en cours pour le code NAF de l'entreprise est de sévérité {v}",
                "The gravest sector event under way for the firm's NAF code is of {v} severity",
            ),
            s(
                "Événement sectoriel en cours pour le code NAF de l'entreprise : {v}",
                "Sector event under way for the firm's NAF code: {v}",
            ),
        ),
        F::EvenementSectorielMois => months_since(
            value,
            s(
                "Le plus grave événement sectoriel en cours a commencé ce mois-ci ({v})",
                "The gravest sector event under way started this month ({v})",
            ),
            s(
                "Le plus grave événement sectoriel en cours a commencé il y a {v}",
                "The gravest sector event under way started {v} ago",
            ),
        ),
        // ── Identité ─────────────────────────────────────────────────────────────────────
        F::Taille => employees(
            value.exp() - 1.0,
            "L'entreprise compte {v} salarié au dernier effectif publié",
            "L'entreprise compte {v} salariés au dernier effectif publié",
            "The firm has {v} employee at the last published headcount",
            "The firm has {v} employees at the last published headcount",
        ),
        F::AgeEntreprise => s(
            "L'entreprise a été créée il y a {v}",
            "The firm was created {v} ago",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::{DICTIONARY, Unit};

    const VALUES: [f64; 3] = [-1.0, 0.0, 1.0];

    fn texts(sentence: Sentence) -> [&'static str; 2] {
        [sentence.fr, sentence.en]
    }

    #[test]
    fn every_feature_has_well_formed_sentences() {
        assert_eq!(Feature::ALL.len(), DICTIONARY.len());
        for feature in Feature::ALL {
            let unit = feature.def().unit;
            for value in VALUES {
                for text in texts(sentence(feature, value)) {
                    let id = feature.def().id;
                    assert!(!text.is_empty(), "{id} ({value}): empty sentence");
                    assert!(
                        text.chars().next().is_some_and(char::is_uppercase),
                        "{id} ({value}): {text:?} does not start with an uppercase letter"
                    );
                    assert!(
                        !text.ends_with('.'),
                        "{id} ({value}): {text:?} ends with '.'"
                    );
                    assert_eq!(text, text.trim(), "{id} ({value}): stray spaces");
                    assert!(!text.contains("  "), "{id} ({value}): double space");
                    let placeholder = text.contains("{v}") || text.contains("{abs}");
                    if unit == Unit::Flag {
                        assert!(!placeholder, "{id} ({value}): {text:?} has a placeholder");
                    } else {
                        assert!(placeholder, "{id} ({value}): {text:?} has no placeholder");
                    }
                    let rest = text.replace("{v}", "").replace("{abs}", "");
                    assert!(
                        !rest.contains('{') && !rest.contains('}'),
                        "{id} ({value}): {text:?} has an unknown placeholder"
                    );
                }
            }
        }
    }

    #[test]
    fn flag_sentences_depend_on_the_flag() {
        for feature in Feature::ALL {
            if feature.def().unit == Unit::Flag {
                let (off, on) = (sentence(feature, 0.0), sentence(feature, 1.0));
                assert_ne!(off.fr, on.fr, "{}", feature.def().id);
                assert_ne!(off.en, on.en, "{}", feature.def().id);
            }
        }
    }

    #[test]
    fn no_sentence_makes_the_comparison() {
        for feature in Feature::ALL {
            for value in VALUES {
                for text in texts(sentence(feature, value)) {
                    let lower = text.to_lowercase();
                    for word in ["contre", "against", "médiane", "median"] {
                        assert!(
                            !lower.contains(word),
                            "{}: {text:?} contains {word:?}",
                            feature.def().id
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn signed_wordings_use_the_absolute_value() {
        // `{abs}` drops the sign, so only a wording that changes with the sign may use it, and
        // then both wordings do (except the repaid share of the crisis debt, whose positive side
        // reads "remboursée à hauteur de {v}").
        let mut signed = 0;
        for feature in Feature::ALL {
            let (down, up) = (sentence(feature, -1.0), sentence(feature, 1.0));
            let id = feature.def().id;
            let uses_abs = [down, up]
                .iter()
                .any(|s| s.fr.contains("{abs}") || s.en.contains("{abs}"));
            if !uses_abs {
                continue;
            }
            signed += 1;
            assert!(
                down.fr != up.fr && down.en != up.en,
                "{id}: {{abs}} in a sign-blind sentence"
            );
            assert!(
                down.fr.contains("{abs}") && down.en.contains("{abs}"),
                "{id}"
            );
            if feature != Feature::RemboursementDetteCrise {
                assert!(up.fr.contains("{abs}") && up.en.contains("{abs}"), "{id}");
            }
        }
        assert!(signed >= 15, "only {signed} sign-dependent features");
    }

    #[test]
    fn examples() {
        assert_eq!(
            sentence(Feature::DetteSurCotisations, 3.2),
            Sentence {
                fr: "La dette URSSAF représente {v} de cotisations",
                en: "The URSSAF debt amounts to {v} of contributions",
            }
        );
        assert_eq!(
            sentence(Feature::VariationCotisations12, -0.2).fr,
            "Les cotisations des 12 derniers mois ont baissé de {abs} sur un an"
        );
        assert_eq!(
            sentence(Feature::VariationCotisations12, 0.2).fr,
            "Les cotisations des 12 derniers mois ont augmenté de {abs} sur un an"
        );
        assert_eq!(
            sentence(Feature::CcsfEnCours, 1.0).fr,
            "Une procédure CCSF est en cours"
        );
        assert_eq!(
            sentence(Feature::CcsfEnCours, 0.0).fr,
            "Aucune procédure CCSF n'est en cours"
        );
        assert!(sentence(Feature::Effectif, 1.0).fr.ends_with("salarié"));
        assert!(sentence(Feature::Effectif, 12.0).en.ends_with("employees"));
        assert!(
            sentence(Feature::Taille, 13f64.ln())
                .fr
                .contains("salariés")
        );
    }
}
