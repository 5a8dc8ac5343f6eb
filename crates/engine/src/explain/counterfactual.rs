//! "Que faudrait-il pour sortir de l'alerte ?": the smallest change of one actionable lever,
//! and the best pair of levers, that brings the firm's alert-horizon probability below a
//! threshold.
//!
//! A lever is an action a firm or an agent can take — repay debt, obtain a payment plan,
//! reduce short-time work — never the sector, the age or the size. It moves every feature
//! that the action changes *this month*, consistently: repaying `E` euros lowers the debt,
//! its ratio to contributions (`E / mean contributions`), its change over 3 months, its gap to
//! the sector median, its 3/6/12-month means by `E / (months × contributions)`, its least-
//! squares trends by the last month's weight, the debt per employee, the deviation from the
//! payment plan, and the debt's rank in the sector (recomputed among the sector's firms).
//! History is left as it was (past months' values, volatility). Moving one feature alone
//! would be a change no firm can make: the model spreads debt over a dozen correlated
//! features.
//!
//! The search is exact on the model: scores are step functions of each feature, so the
//! probability only changes where a moved feature crosses a bin cut (or a rank crosses a
//! peer's value). Those amounts are the candidates; each is bumped just past its cut
//! (rounded up to the euro, or to 0,1 % of staff) and the changed firm is *scored*, so every
//! amount given has been checked to cross the threshold.

use serde::{Deserialize, Serialize};

use crate::features::{Feature, FeatureVector};
use crate::format::{decimal, euros};
use crate::model::{Alert, Model};

/// An actionable lever.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lever {
    /// Repay part of the URSSAF debt (amount in euros).
    RepayDebt,
    /// Obtain an URSSAF payment plan covering the debt (amount: the debt covered, in euros).
    PaymentPlan,
    /// Reduce short-time work (amount: a share of the staff).
    ShortTimeWork,
}

impl Lever {
    pub const ALL: [Lever; 3] = [Lever::RepayDebt, Lever::PaymentPlan, Lever::ShortTimeWork];

    pub fn label_fr(self) -> &'static str {
        match self {
            Lever::RepayDebt => "Rembourser la dette URSSAF",
            Lever::PaymentPlan => "Obtenir un échéancier URSSAF",
            Lever::ShortTimeWork => "Réduire l'activité partielle",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Lever::RepayDebt => "Repay the URSSAF debt",
            Lever::PaymentPlan => "Obtain an URSSAF payment plan",
            Lever::ShortTimeWork => "Reduce short-time work",
        }
    }
}

/// A feature a lever changed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FeatureChange {
    pub feature: Feature,
    pub before: Option<f64>,
    pub after: Option<f64>,
}

/// One lever pulled by an amount.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    pub lever: Lever,
    /// Euros for the debt and the plan, a share of the staff (0–1) for short-time work.
    pub amount: f64,
    /// Short-time work in employees, when the headcount is known.
    pub employees: Option<f64>,
    pub changes: Vec<FeatureChange>,
    pub fr: String,
    pub en: String,
}

/// Actions and where they take the firm.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub actions: Vec<Action>,
    /// The alert horizon's probability after the actions.
    pub probability: f64,
    pub alert: Alert,
    /// The changed features, as scored.
    #[serde(skip)]
    pub features: Option<FeatureVector>,
}

/// Leaving one alert level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// The level to leave: the probability must fall below its threshold.
    pub leave: Alert,
    pub threshold: f64,
    /// The lever needing the smallest change (relative to what it can do), if one suffices.
    pub single: Option<Outcome>,
    /// The cheapest pair of levers both used, if one suffices and costs less than the single
    /// lever (costs: each amount relative to what its lever can do, summed).
    pub pair: Option<Outcome>,
}

/// The counterfactuals of a firm at the alert horizon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Counterfactual {
    pub probability: f64,
    /// The levers that apply to this firm (a firm without debt has nothing to repay).
    pub levers: Vec<Lever>,
    /// Rouge: leave rouge, then leave orange; orange: leave orange; vert: none.
    pub targets: Vec<Target>,
}

/// The features whose sector rank a lever's change recomputes: (rank, base feature).
const RANKS: [(Feature, Feature); 3] = [
    (Feature::DetteCentileSecteur, Feature::DetteSurCotisations),
    (
        Feature::VariationDetteCentileSecteur,
        Feature::VariationDette3,
    ),
    (Feature::ApCentileSecteur, Feature::PartApConsommee),
];

/// Mid-rank percentiles of a changed value among the sector's firms, as the feature layer
/// computes them (the firm's old value replaced by its new one).
struct Ranks {
    /// Sorted known values of each base feature of [`RANKS`] among the sector's firms.
    sorted: [Vec<f64>; 3],
    min_firms: usize,
}

impl Ranks {
    fn new(peers: &[&FeatureVector], min_firms: usize) -> Ranks {
        let sorted = RANKS.map(|(_, base)| {
            let mut v: Vec<f64> = peers.iter().filter_map(|p| p.get(base)).collect();
            v.sort_by(f64::total_cmp);
            v
        });
        Ranks { sorted, min_firms }
    }

    fn percentile(&self, k: usize, old: Option<f64>, new: f64) -> Option<f64> {
        let sorted = &self.sorted[k];
        let (mut below, mut not_above, mut n) = (
            sorted.partition_point(|v| *v < new),
            sorted.partition_point(|v| *v <= new),
            sorted.len(),
        );
        if let Some(old) = old.filter(|o| sorted.binary_search_by(|v| v.total_cmp(o)).is_ok()) {
            below -= usize::from(old < new);
            not_above -= usize::from(old <= new);
            n -= 1;
        }
        let n = n + 1;
        not_above += 1;
        (n >= self.min_firms.max(1)).then(|| (below + not_above) as f64 / 2.0 / n as f64)
    }
}

/// What the levers read off the firm.
struct Firm<'a> {
    model: &'a Model,
    features: &'a FeatureVector,
    ranks: &'a Ranks,
}

/// The model's cuts of a feature (none when the model does not use it).
fn cuts(model: &Model, feature: Feature) -> &[f64] {
    model
        .features
        .iter()
        .find(|f| f.feature == feature)
        .map_or(&[], |f| f.bins.cuts.as_slice())
}

/// Months of contributions, employees, plan amount.
fn denominators(v: &FeatureVector) -> (Option<f64>, Option<f64>, Option<f64>) {
    let c = v.get(Feature::CotisationsMoy12).filter(|c| *c > 0.0);
    let n = v
        .get(Feature::Taille)
        .map(|t| t.exp() - 1.0)
        .filter(|n| *n >= 0.5);
    let plan = c
        .zip(v.get(Feature::DelaiMontantSurCotisations))
        .map(|(c, m)| c * m)
        .filter(|p| *p > 0.0);
    (c, n, plan)
}

/// Least-squares weight of the last of `n` monthly points on the slope: (x_n − x̄) / Σ(x − x̄)².
fn slope_weight(n: f64) -> f64 {
    let mean = (n - 1.0) / 2.0;
    let ss: f64 = (0..n as usize).map(|x| (x as f64 - mean).powi(2)).sum();
    (n - 1.0 - mean) / ss
}

impl Firm<'_> {
    /// The features a lever moves linearly: `(feature, decrease per unit of amount)`.
    fn linear(&self, lever: Lever) -> Vec<(Feature, f64)> {
        let v = self.features;
        let (c, n, plan) = denominators(v);
        let mut out = Vec::new();
        match lever {
            Lever::RepayDebt => {
                out.push((Feature::Dette, 1.0));
                if let Some(c) = c {
                    for f in [
                        Feature::DetteSurCotisations,
                        Feature::VariationDette3,
                        Feature::DetteEcartSecteur,
                        Feature::VariationDetteEcartSecteur,
                    ] {
                        out.push((f, 1.0 / c));
                    }
                    out.push((Feature::DetteSurCotisationsMoy3, 1.0 / (3.0 * c)));
                    out.push((Feature::DetteSurCotisationsMoy6, 1.0 / (6.0 * c)));
                    out.push((Feature::DetteSurCotisationsMoy12, 1.0 / (12.0 * c)));
                    out.push((Feature::TendanceDette6, slope_weight(6.0) / c));
                    out.push((Feature::TendanceDette12, slope_weight(12.0) / c));
                }
                if let Some(n) = n {
                    out.push((Feature::DetteParSalarie, 1.0 / n));
                    out.push((Feature::VariationDetteParSalarie3, 1.0 / n));
                }
                if let Some(p) = plan {
                    out.push((Feature::EcartDelai, 1.0 / p));
                }
            }
            Lever::ShortTimeWork => {
                out.push((Feature::PartApAutorisee, 1.0));
                out.push((Feature::PartApConsommee, 1.0));
                out.push((Feature::PartApConsommeeMoy3, 1.0 / 3.0));
                out.push((Feature::ApEcartSecteur, 1.0));
            }
            Lever::PaymentPlan => {}
        }
        out.retain(|(f, _)| v.get(*f).is_some());
        out
    }

    /// The most a lever can do (`None`: it does not apply).
    fn range(&self, lever: Lever) -> Option<f64> {
        let v = self.features;
        let debt = v.get(Feature::Dette).filter(|d| *d >= 1.0);
        match lever {
            Lever::RepayDebt => debt,
            Lever::PaymentPlan => debt.filter(|_| v.get(Feature::DelaisActifs) == Some(0.0)),
            Lever::ShortTimeWork => {
                let share = [Feature::PartApAutorisee, Feature::PartApConsommee]
                    .into_iter()
                    .filter_map(|f| v.get(f))
                    .fold(0.0, f64::max);
                (share >= 0.001).then_some(share)
            }
        }
    }

    /// Just past a cut: up to the next euro, or the next 0,1 % of staff.
    fn bump(lever: Lever, amount: f64, max: f64) -> f64 {
        let step = if lever == Lever::ShortTimeWork {
            0.001
        } else {
            1.0
        };
        (((amount / step).floor() + 1.0) * step).min(max)
    }

    /// Amounts at which the firm's score can change, ascending (the range's end included).
    fn candidates(&self, lever: Lever) -> Vec<f64> {
        let Some(max) = self.range(lever) else {
            return Vec::new();
        };
        if lever == Lever::PaymentPlan {
            return vec![max];
        }
        let v = self.features;
        let mut out = vec![max];
        let linear = self.linear(lever);
        for (f, k) in &linear {
            let Some(x) = v.get(*f) else { continue };
            for c in cuts(self.model, *f).iter().filter(|c| **c <= x) {
                out.push(Firm::bump(lever, (x - c) / k, max));
            }
        }
        // Ranks change where the base value passes a peer's (at most 512 of them, evenly
        // spread, in a large sector).
        for (k, (rank, base)) in RANKS.iter().enumerate() {
            let (Some(x), Some((_, slope))) =
                (v.get(*base), linear.iter().find(|(f, _)| f == base))
            else {
                continue;
            };
            if cuts(self.model, *rank).is_empty() {
                continue;
            }
            let below: Vec<f64> = self.ranks.sorted[k]
                .iter()
                .copied()
                .filter(|p| *p < x)
                .collect();
            let every = below.len().div_ceil(512).max(1);
            for p in below.iter().step_by(every) {
                out.push(Firm::bump(lever, (x - p) / slope, max));
            }
        }
        out.retain(|a| *a > 0.0);
        out.sort_by(f64::total_cmp);
        out.dedup();
        out
    }

    /// The firm after pulling `lever` by `amount`.
    fn apply(&self, lever: Lever, amount: f64) -> (FeatureVector, Action) {
        let v = self.features;
        // A plan covers the debt as it is when the plan is granted.
        let amount = match lever {
            Lever::PaymentPlan => v.get(Feature::Dette).unwrap_or(amount),
            _ => amount,
        };
        let mut out = v.clone();
        let (_, n, _) = denominators(v);
        let floor_at_zero = |f: Feature| {
            matches!(
                f,
                Feature::Dette
                    | Feature::DetteSurCotisations
                    | Feature::DetteSurCotisationsMoy3
                    | Feature::DetteSurCotisationsMoy6
                    | Feature::DetteSurCotisationsMoy12
                    | Feature::DetteParSalarie
                    | Feature::PartApAutorisee
                    | Feature::PartApConsommee
                    | Feature::PartApConsommeeMoy3
            )
        };
        for (f, k) in self.linear(lever) {
            if let Some(x) = v.get(f) {
                let mut y = x - k * amount;
                if floor_at_zero(f) {
                    y = y.max(0.0);
                }
                out.set(f, Some(y));
            }
        }
        match lever {
            Lever::RepayDebt if v.get(Feature::Dette).is_some_and(|d| amount >= d) => {
                // Nothing left to split, and the last month in debt becomes the previous one.
                out.set(Feature::PartOuvriere, None);
                if v.get(Feature::MoisDepuisDerniereDette) == Some(0.0) {
                    out.set(Feature::MoisDepuisDerniereDette, Some(1.0));
                }
            }
            Lever::PaymentPlan => {
                out.set(Feature::DelaisActifs, Some(1.0));
                out.set(Feature::MoisDepuisDernierDelai, Some(0.0));
                out.set(
                    Feature::DelaiMontantSurCotisations,
                    v.get(Feature::DetteSurCotisations),
                );
                out.set(Feature::EcartDelai, Some(0.0));
            }
            Lever::ShortTimeWork => {
                // The gap to the sector moves by what consumption actually lost.
                if let (Some(before), Some(after), Some(gap)) = (
                    v.get(Feature::PartApConsommee),
                    out.get(Feature::PartApConsommee),
                    v.get(Feature::ApEcartSecteur),
                ) {
                    out.set(Feature::ApEcartSecteur, Some(gap - (before - after)));
                }
            }
            Lever::RepayDebt => {}
        }
        for (k, (rank, base)) in RANKS.iter().enumerate() {
            if out.get(*base) != v.get(*base)
                && let Some(new) = out.get(*base)
                && v.get(*rank).is_some()
            {
                out.set(*rank, self.ranks.percentile(k, v.get(*base), new));
            }
        }
        let changes: Vec<FeatureChange> = Feature::ALL
            .into_iter()
            .filter(|f| out.get(*f).map(f64::to_bits) != v.get(*f).map(f64::to_bits))
            .map(|f| FeatureChange {
                feature: f,
                before: v.get(f),
                after: out.get(f),
            })
            .collect();
        let employees = (lever == Lever::ShortTimeWork)
            .then_some(n)
            .flatten()
            .map(|n| n * amount);
        let (fr, en) = describe(lever, amount, employees, v.get(Feature::Dette));
        let action = Action {
            lever,
            amount,
            employees,
            changes,
            fr,
            en,
        };
        (out, action)
    }
}

/// The action in words.
fn describe(
    lever: Lever,
    amount: f64,
    employees: Option<f64>,
    debt: Option<f64>,
) -> (String, String) {
    match lever {
        Lever::RepayDebt => {
            let left = debt.map(|d| (d - amount).max(0.0));
            match left {
                Some(left) if left < 0.5 => (
                    format!("Rembourser toute la dette URSSAF ({})", euros(amount)),
                    format!("Repay the whole URSSAF debt ({})", euros(amount)),
                ),
                Some(left) => (
                    format!(
                        "Rembourser {} de dette URSSAF (il resterait {})",
                        euros(amount),
                        euros(left)
                    ),
                    format!(
                        "Repay {} of URSSAF debt ({} left)",
                        euros(amount),
                        euros(left)
                    ),
                ),
                None => (
                    format!("Rembourser {} de dette URSSAF", euros(amount)),
                    format!("Repay {} of URSSAF debt", euros(amount)),
                ),
            }
        }
        Lever::PaymentPlan => (
            format!(
                "Obtenir un échéancier URSSAF couvrant la dette de {}",
                euros(amount)
            ),
            format!(
                "Obtain an URSSAF payment plan covering the {} debt",
                euros(amount)
            ),
        ),
        Lever::ShortTimeWork => {
            let share = format!("{}\u{a0}%", decimal(amount * 100.0, 1));
            match employees {
                Some(e) => (
                    format!(
                        "Réduire l'activité partielle de {share} des salariés (environ {} équivalents temps plein)",
                        decimal(e, 1)
                    ),
                    format!(
                        "Reduce short-time work by {share} of the staff (about {} full-time equivalents)",
                        decimal(e, 1)
                    ),
                ),
                None => (
                    format!("Réduire l'activité partielle de {share} des salariés"),
                    format!("Reduce short-time work by {share} of the staff"),
                ),
            }
        }
    }
}

fn outcome(model: &Model, features: FeatureVector, actions: Vec<Action>) -> Outcome {
    let probability = model.probability(model.alert_horizon, &features);
    Outcome {
        actions,
        probability,
        alert: model.alert(probability),
        features: Some(features),
    }
}

/// The counterfactuals of a firm with `features`; `peers` are its sector's firms at the same
/// month (for the ranks), `min_firms` the sector statistics' minimum.
pub fn counterfactual(
    model: &Model,
    features: &FeatureVector,
    peers: &[&FeatureVector],
    min_firms: usize,
) -> Counterfactual {
    let ranks = Ranks::new(peers, min_firms);
    let firm = Firm {
        model,
        features,
        ranks: &ranks,
    };
    let probability = model.probability(model.alert_horizon, features);
    let t = model.horizon(model.alert_horizon).thresholds;
    let leave: Vec<(Alert, f64)> = match model.alert(probability) {
        Alert::Rouge => vec![(Alert::Rouge, t.rouge), (Alert::Orange, t.orange)],
        Alert::Orange => vec![(Alert::Orange, t.orange)],
        Alert::Vert => Vec::new(),
    };
    let levers: Vec<Lever> = Lever::ALL
        .into_iter()
        .filter(|l| firm.range(*l).is_some())
        .collect();
    let candidates: Vec<(Lever, f64, Vec<f64>)> = levers
        .iter()
        .filter_map(|l| Some((*l, firm.range(*l)?, firm.candidates(*l))))
        .collect();
    let below = |o: &Outcome, threshold: f64| o.probability < threshold;
    let targets = leave
        .into_iter()
        .map(|(level, threshold)| {
            // Single levers: the first candidate that crosses, the cheapest relative to what
            // the lever can do.
            let mut single: Option<(f64, Outcome)> = None;
            for (lever, max, amounts) in &candidates {
                for a in amounts {
                    let (v, action) = firm.apply(*lever, *a);
                    let o = outcome(model, v, vec![action]);
                    if below(&o, threshold) {
                        let cost = a / max;
                        if single.as_ref().is_none_or(|(c, _)| cost < *c) {
                            single = Some((cost, o));
                        }
                        break;
                    }
                }
            }
            // A pair only when it does better than one lever (or none suffices).
            let pair = best_pair(model, &firm, &candidates, threshold)
                .filter(|(cost, _)| single.as_ref().is_none_or(|(c, _)| cost < c))
                .map(|(_, o)| o);
            Target {
                leave: level,
                threshold,
                single: single.map(|(_, o)| o),
                pair,
            }
        })
        .collect();
    Counterfactual {
        probability,
        levers,
        targets,
    }
}

/// The cheapest pair of levers, both pulled, that crosses `threshold`: for each of at most 64
/// amounts of the first lever, the smallest amount of the second found by bisection (the
/// levers move features in the direction of less risk, so the probability falls as they grow;
/// each result is scored, so a non-monotone stretch can only make the pair less cheap).
fn best_pair(
    model: &Model,
    firm: &Firm<'_>,
    candidates: &[(Lever, f64, Vec<f64>)],
    threshold: f64,
) -> Option<(f64, Outcome)> {
    let mut best: Option<(f64, Outcome)> = None;
    for (i, (la, max_a, amounts_a)) in candidates.iter().enumerate() {
        for (lb, max_b, amounts_b) in &candidates[i + 1..] {
            let every = amounts_a.len().div_ceil(64).max(1);
            // Evenly spread amounts, the lever's whole range always among them.
            let last = amounts_a.len().saturating_sub(1);
            let sampled = amounts_a
                .iter()
                .enumerate()
                .filter(|(k, _)| k % every == 0 || *k == last)
                .map(|(_, a)| a);
            for a in sampled {
                let (after_a, action_a) = firm.apply(*la, *a);
                let second = Firm {
                    model,
                    features: &after_a,
                    ranks: firm.ranks,
                };
                if second.range(*lb).is_none() {
                    continue;
                }
                let try_b = |b: f64| {
                    let (v, action_b) = second.apply(*lb, b);
                    outcome(model, v, vec![action_a.clone(), action_b])
                };
                let (mut lo, mut hi) = (0, amounts_b.len());
                while lo < hi {
                    let mid = (lo + hi) / 2;
                    if try_b(amounts_b[mid]).probability < threshold {
                        hi = mid;
                    } else {
                        lo = mid + 1;
                    }
                }
                let Some(b) = amounts_b.get(lo) else { continue };
                let o = try_b(*b);
                let cost = a / max_a + b / max_b;
                if o.probability < threshold && best.as_ref().is_none_or(|(c, _)| cost < *c) {
                    best = Some((cost, o));
                }
            }
        }
    }
    best
}

/// The firm after one lever (tests check amounts against the search).
#[cfg(test)]
pub(crate) fn apply_for_tests(
    model: &Model,
    features: &FeatureVector,
    peers: &[&FeatureVector],
    min_firms: usize,
    lever: Lever,
    amount: f64,
) -> FeatureVector {
    let ranks = Ranks::new(peers, min_firms);
    let firm = Firm {
        model,
        features,
        ranks: &ranks,
    };
    firm.apply(lever, amount).0
}
