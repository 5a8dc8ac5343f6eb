//! Ranking, calibration and stability metrics, computed on out-of-time predictions.
//!
//! Failures are rare (around 1 % of firms a year), so the metrics favour what an agent reading a
//! short list needs: precision at the top of the ranking, average precision rather than AUC alone,
//! equal-count calibration bins, and a drift index between periods.

use serde::{Deserialize, Serialize};

/// Area under the ROC curve by the rank-sum (Mann–Whitney) formula, ties given half credit.
/// `None` when one class is absent.
pub fn roc_auc(scores: &[f64], labels: &[bool]) -> Option<f64> {
    let positives = labels.iter().filter(|l| **l).count();
    let negatives = labels.len() - positives;
    if positives == 0 || negatives == 0 {
        return None;
    }
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|a, b| scores[*a].total_cmp(&scores[*b]));
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && scores[order[j + 1]] == scores[order[i]] {
            j += 1;
        }
        let average_rank = (i + j) as f64 / 2.0 + 1.0;
        rank_sum += (i..=j).filter(|k| labels[order[*k]]).count() as f64 * average_rank;
        i = j + 1;
    }
    let p = positives as f64;
    Some((rank_sum - p * (p + 1.0) / 2.0) / (p * negatives as f64))
}

/// The score threshold maximising the F-beta measure (beta > 1 favours recall, < 1 precision),
/// as Signaux Faibles chose its orange (F2) and red (F0.5) levels.
pub fn best_threshold(scores: &[f64], labels: &[bool], beta: f64) -> Option<f64> {
    let positives = labels.iter().filter(|l| **l).count() as f64;
    if positives == 0.0 {
        return None;
    }
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|a, b| scores[*b].total_cmp(&scores[*a]));
    let b2 = beta * beta;
    let (mut tp, mut best, mut threshold) = (0.0, -1.0, None);
    for (k, &i) in order.iter().enumerate() {
        if labels[i] {
            tp += 1.0;
        }
        let last_of_tie = order.get(k + 1).is_none_or(|n| scores[*n] != scores[i]);
        if !last_of_tie {
            continue;
        }
        let predicted = (k + 1) as f64;
        let (precision, recall) = (tp / predicted, tp / positives);
        let f = if tp == 0.0 {
            0.0
        } else {
            (1.0 + b2) * precision * recall / (b2 * precision + recall)
        };
        if f > best {
            best = f;
            threshold = Some(scores[i]);
        }
    }
    threshold
}

/// Precision, recall and lift of the k highest scores: what a list of k firms handed to an agent
/// would catch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AtK {
    /// List size (the requested k, capped at the number of rows).
    pub k: usize,
    /// `k / rows`.
    pub share: f64,
    /// Share of the list that is positive.
    pub precision: f64,
    /// Share of all positives that the list catches.
    pub recall: f64,
    /// `precision / prevalence`: how many times better than a random list (0 without positives).
    pub lift: f64,
}

/// One calibration bin: predictions in `[low, high]` against the observed rate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReliabilityBin {
    /// Smallest prediction in the bin.
    pub low: f64,
    /// Largest prediction in the bin.
    pub high: f64,
    pub count: usize,
    pub mean_predicted: f64,
    /// Share of positives in the bin.
    pub observed: f64,
}

/// A point of a ROC (false positive rate, true positive rate) or PR (recall, precision) curve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurvePoint {
    pub x: f64,
    pub y: f64,
}

/// Every evaluation metric of one set of predictions, ready to serialise for a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    pub rows: usize,
    pub positives: usize,
    /// Observed rate `positives / rows` (0 without rows).
    pub prevalence: f64,
    pub auc: Option<f64>,
    pub average_precision: Option<f64>,
    /// Mean squared error of the probabilities (0 without rows).
    pub brier: f64,
    pub mean_predicted: f64,
    /// Mean predicted probability minus observed rate: > 0 when the model over-predicts.
    pub calibration_in_the_large: f64,
    /// The top 1 %, 2 % and 5 % of the ranking (k = ceil(share × rows), at least 1).
    pub top_shares: Vec<AtK>,
    /// Fixed list sizes 50, 100, 500 and 1000, those not larger than `rows`.
    pub top_sizes: Vec<AtK>,
    /// Ten equal-count bins on the predictions.
    pub reliability: Vec<ReliabilityBin>,
    /// (false positive rate, true positive rate), at most 101 points from (0, 0) to (1, 1).
    pub roc: Vec<CurvePoint>,
    /// (recall, precision), at most 101 points.
    pub pr: Vec<CurvePoint>,
}

/// Shares of the ranking reported in [`Metrics::top_shares`], in percent.
const TOP_PERCENTS: [usize; 3] = [1, 2, 5];
/// List sizes reported in [`Metrics::top_sizes`].
const TOP_SIZES: [usize; 4] = [50, 100, 500, 1000];
/// Bins of [`Metrics::reliability`].
const RELIABILITY_BINS: usize = 10;
/// Points of [`Metrics::roc`] and [`Metrics::pr`]: enough to draw, small enough to serialise.
const CURVE_POINTS: usize = 101;
/// Floor of a bin's share in [`psi`], so that an empty bin costs a lot but not infinity.
const PSI_FLOOR: f64 = 1e-4;

/// Both slices at their common length (they should be equal; a mismatch must not panic in release).
fn paired<'a>(scores: &'a [f64], labels: &'a [bool]) -> (&'a [f64], &'a [bool]) {
    debug_assert_eq!(scores.len(), labels.len(), "one label per score");
    let n = scores.len().min(labels.len());
    (&scores[..n], &labels[..n])
}

/// Equal scores, including -0.0 against 0.0 and NaN against the same NaN.
fn same(a: f64, b: f64) -> bool {
    a == b || a.total_cmp(&b).is_eq()
}

/// Indices by score descending, then index ascending: a deterministic ranking.
fn ranking(scores: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    order
}

/// Cumulative (true positives, false positives) at each distinct threshold, highest first:
/// all rows scoring at least the threshold are flagged, so tied rows enter together.
fn operating_points(scores: &[f64], labels: &[bool]) -> Vec<(usize, usize)> {
    let order = ranking(scores);
    let mut points = Vec::new();
    let (mut tp, mut fp) = (0, 0);
    for (k, &i) in order.iter().enumerate() {
        if labels[i] {
            tp += 1;
        } else {
            fp += 1;
        }
        if order
            .get(k + 1)
            .is_none_or(|&n| !same(scores[n], scores[i]))
        {
            points.push((tp, fp));
        }
    }
    points
}

/// Average precision as scikit-learn defines it: Σ (Rₙ − Rₙ₋₁) Pₙ over the thresholds, ties
/// grouped, with no interpolation (which would be optimistic). `None` without positives.
pub fn average_precision(scores: &[f64], labels: &[bool]) -> Option<f64> {
    let (scores, labels) = paired(scores, labels);
    let positives = labels.iter().filter(|l| **l).count();
    if positives == 0 {
        return None;
    }
    let mut previous_tp = 0;
    let mut sum = 0.0;
    for (tp, fp) in operating_points(scores, labels) {
        if tp > previous_tp {
            let precision = tp as f64 / (tp + fp) as f64;
            sum += (tp - previous_tp) as f64 / positives as f64 * precision;
            previous_tp = tp;
        }
    }
    Some(sum)
}

/// Brier score, the mean of (p − y)²: rewards calibrated probabilities, not only a good
/// ranking. `None` without rows.
pub fn brier(probabilities: &[f64], labels: &[bool]) -> Option<f64> {
    let (probabilities, labels) = paired(probabilities, labels);
    if probabilities.is_empty() {
        return None;
    }
    let sum: f64 = probabilities
        .iter()
        .zip(labels)
        .map(|(p, &y)| (p - f64::from(u8::from(y))).powi(2))
        .sum();
    Some(sum / probabilities.len() as f64)
}

/// [`at_k`] on a ranking already computed, with `cumulative[k]` the positives among its first k.
fn at_k_ranked(cumulative: &[usize], k: usize) -> AtK {
    let rows = cumulative.len() - 1;
    let k = k.min(rows);
    let positives = cumulative[rows];
    let caught = cumulative[k];
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let precision = ratio(caught, k);
    let prevalence = ratio(positives, rows);
    AtK {
        k,
        share: ratio(k, rows),
        precision,
        recall: ratio(caught, positives),
        lift: if prevalence == 0.0 {
            0.0
        } else {
            precision / prevalence
        },
    }
}

/// Positives among the first k ranked rows, for every k from 0 to rows.
fn cumulative_positives(order: &[usize], labels: &[bool]) -> Vec<usize> {
    let mut cumulative = Vec::with_capacity(order.len() + 1);
    cumulative.push(0);
    let mut caught = 0;
    for &i in order {
        caught += usize::from(labels[i]);
        cumulative.push(caught);
    }
    cumulative
}

/// Precision, recall and lift of the k highest scores: an agent's list has a fixed length,
/// whatever the threshold. Ties at the cut are broken by index (score descending, then index
/// ascending) so that the list is deterministic; k is capped at the number of rows and a list of
/// 0 has precision 0. `None` without rows.
pub fn at_k(scores: &[f64], labels: &[bool], k: usize) -> Option<AtK> {
    let (scores, labels) = paired(scores, labels);
    if scores.is_empty() {
        return None;
    }
    let order = ranking(scores);
    Some(at_k_ranked(&cumulative_positives(&order, labels), k))
}

/// Calibration by equal-count bins on the predictions, lowest first: with rare events,
/// equal-width bins would leave nearly every row in the first bin and the others empty.
/// Tied predictions stay in one bin (so bins may be fewer or unequal when predictions repeat);
/// empty without rows or with `bins == 0`.
pub fn reliability(probabilities: &[f64], labels: &[bool], bins: usize) -> Vec<ReliabilityBin> {
    let (probabilities, labels) = paired(probabilities, labels);
    let n = probabilities.len();
    if n == 0 || bins == 0 {
        return Vec::new();
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        probabilities[a]
            .total_cmp(&probabilities[b])
            .then(a.cmp(&b))
    });
    let mut result = Vec::with_capacity(bins.min(n));
    let mut start = 0;
    for b in 1..=bins {
        // The b-th equal-count boundary, pushed past the predictions tied with the one before it.
        let mut end = (b * n / bins).max(start);
        while end > start
            && end < n
            && same(probabilities[order[end]], probabilities[order[end - 1]])
        {
            end += 1;
        }
        if end == start {
            continue;
        }
        let members = &order[start..end];
        let count = members.len();
        let sum: f64 = members.iter().map(|&i| probabilities[i]).sum();
        let hits = members.iter().filter(|&&i| labels[i]).count();
        result.push(ReliabilityBin {
            low: probabilities[order[start]],
            high: probabilities[order[end - 1]],
            count,
            mean_predicted: sum / count as f64,
            observed: hits as f64 / count as f64,
        });
        start = end;
    }
    result
}

/// Population stability index of a score between a reference period and the current one:
/// Σ (c − r) ln(c / r) over bins, a drift alarm (by convention < 0.1 stable, > 0.25 shifted).
/// Bin edges are the quantiles of `reference` (deduplicated, so heavy ties make fewer bins) and
/// each bin's share is floored at 1e-4 to avoid log(0). `None` if either sample is empty or
/// `bins == 0`.
pub fn psi(reference: &[f64], current: &[f64], bins: usize) -> Option<f64> {
    if reference.is_empty() || current.is_empty() || bins == 0 {
        return None;
    }
    let mut sorted = reference.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    // Edge i is the largest of the first ceil(i n / bins) reference values; a bin holds x <= edge.
    let mut edges: Vec<f64> = (1..bins)
        .map(|i| sorted[(i * n).div_ceil(bins).max(1) - 1])
        .collect();
    edges.dedup_by(|a, b| same(*a, *b));
    let shares = |values: &[f64]| {
        let mut counts = vec![0usize; edges.len() + 1];
        for x in values {
            counts[edges.partition_point(|e| e.total_cmp(x).is_lt())] += 1;
        }
        counts
            .into_iter()
            .map(|c| (c as f64 / values.len() as f64).max(PSI_FLOOR))
            .collect::<Vec<f64>>()
    };
    let (r, c) = (shares(reference), shares(current));
    Some(
        r.iter()
            .zip(&c)
            .map(|(r, c)| (c - r) * libm::log(c / r))
            .sum(),
    )
}

/// At most `max_points` (at least 2) of `points`, spaced evenly along the curve's length
/// (|Δx| + |Δy|) so that the steep top of a rare-event ranking keeps its detail; the first and
/// last points are always kept.
fn thin(points: Vec<CurvePoint>, max_points: usize) -> Vec<CurvePoint> {
    let max_points = max_points.max(2);
    if points.len() <= max_points {
        return points;
    }
    let mut length = Vec::with_capacity(points.len());
    let mut total = 0.0;
    length.push(0.0);
    for pair in points.windows(2) {
        total += (pair[1].x - pair[0].x).abs() + (pair[1].y - pair[0].y).abs();
        length.push(total);
    }
    let last = points.len() - 1;
    let mut kept: Vec<usize> = (0..max_points - 1)
        .map(|j| {
            let target = total * j as f64 / (max_points - 1) as f64;
            length.partition_point(|l| *l < target).min(last)
        })
        .collect();
    kept.push(last);
    kept.dedup();
    kept.into_iter().map(|i| points[i].clone()).collect()
}

/// ROC curve, (false positive rate, true positive rate) from (0, 0) to (1, 1), one point per
/// distinct threshold, thinned to at most `max_points` (at least 2) for drawing. Empty when one class is
/// absent.
pub fn roc_curve(scores: &[f64], labels: &[bool], max_points: usize) -> Vec<CurvePoint> {
    let (scores, labels) = paired(scores, labels);
    let positives = labels.iter().filter(|l| **l).count();
    let negatives = labels.len() - positives;
    if positives == 0 || negatives == 0 {
        return Vec::new();
    }
    let points = std::iter::once((0, 0))
        .chain(operating_points(scores, labels))
        .map(|(tp, fp)| CurvePoint {
            x: fp as f64 / negatives as f64,
            y: tp as f64 / positives as f64,
        })
        .collect();
    thin(points, max_points)
}

/// Precision–recall curve, (recall, precision) with recall non-decreasing, one point per distinct
/// threshold (no invented (0, 1) start), thinned to at most `max_points` (at least 2): with rare events it
/// shows what ROC hides, the precision an agent actually faces. Empty without positives.
pub fn pr_curve(scores: &[f64], labels: &[bool], max_points: usize) -> Vec<CurvePoint> {
    let (scores, labels) = paired(scores, labels);
    let positives = labels.iter().filter(|l| **l).count();
    if positives == 0 {
        return Vec::new();
    }
    let points = operating_points(scores, labels)
        .into_iter()
        .map(|(tp, fp)| CurvePoint {
            x: tp as f64 / positives as f64,
            y: tp as f64 / (tp + fp) as f64,
        })
        .collect();
    thin(points, max_points)
}

/// Every metric of one set of predicted probabilities at once. An empty input gives zero rows,
/// zero rates, `None` for AUC and average precision and empty lists, never NaN.
pub fn metrics(probabilities: &[f64], labels: &[bool]) -> Metrics {
    let (probabilities, labels) = paired(probabilities, labels);
    let rows = probabilities.len();
    let positives = labels.iter().filter(|l| **l).count();
    let ratio = |a: f64| if rows == 0 { 0.0 } else { a / rows as f64 };
    let prevalence = ratio(positives as f64);
    let mean_predicted = ratio(probabilities.iter().sum());
    let (top_shares, top_sizes) = if rows == 0 {
        (Vec::new(), Vec::new())
    } else {
        let cumulative = cumulative_positives(&ranking(probabilities), labels);
        let shares = TOP_PERCENTS
            .iter()
            .map(|p| at_k_ranked(&cumulative, (p * rows).div_ceil(100).max(1)))
            .collect();
        let sizes = TOP_SIZES
            .iter()
            .filter(|&&k| k <= rows)
            .map(|&k| at_k_ranked(&cumulative, k))
            .collect();
        (shares, sizes)
    };
    Metrics {
        rows,
        positives,
        prevalence,
        auc: roc_auc(probabilities, labels),
        average_precision: average_precision(probabilities, labels),
        brier: brier(probabilities, labels).unwrap_or(0.0),
        mean_predicted,
        calibration_in_the_large: mean_predicted - prevalence,
        top_shares,
        top_sizes,
        reliability: reliability(probabilities, labels, RELIABILITY_BINS),
        roc: roc_curve(probabilities, labels, CURVE_POINTS),
        pr: pr_curve(probabilities, labels, CURVE_POINTS),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const T: bool = true;
    const F: bool = false;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn auc_of_known_rankings() {
        assert_eq!(
            roc_auc(&[0.1, 0.2, 0.8, 0.9], &[false, false, true, true]),
            Some(1.0)
        );
        assert_eq!(
            roc_auc(&[0.9, 0.8, 0.2, 0.1], &[false, false, true, true]),
            Some(0.0)
        );
        assert_eq!(roc_auc(&[0.5, 0.5], &[false, true]), Some(0.5));
        assert_eq!(
            roc_auc(&[0.1, 0.4, 0.35, 0.8], &[false, false, true, true]),
            Some(0.75)
        );
        assert_eq!(roc_auc(&[0.1], &[true]), None);
    }

    #[test]
    fn thresholds_trade_precision_for_recall() {
        let scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3];
        let labels = [true, true, false, true, false, false, false];
        assert_eq!(best_threshold(&scores, &labels, 0.5), Some(0.8));
        assert_eq!(best_threshold(&scores, &labels, 2.0), Some(0.6));
    }

    #[test]
    fn average_precision_of_known_rankings() {
        fn check(scores: &[f64], labels: &[bool], expected: Option<f64>) {
            let got = average_precision(scores, labels);
            match (got, expected) {
                (Some(g), Some(e)) => assert!(close(g, e), "{scores:?} {labels:?}: {g} != {e}"),
                _ => assert_eq!(got, expected, "{scores:?} {labels:?}"),
            }
        }
        check(
            &[0.9, 0.8, 0.7, 0.6],
            &[T, F, T, F],
            Some((1.0 + 2.0 / 3.0) / 2.0),
        );
        check(&[0.9, 0.8, 0.7, 0.6], &[T, T, F, F], Some(1.0));
        check(
            &[0.9, 0.8, 0.7, 0.6],
            &[F, F, T, T],
            Some((1.0 / 3.0 + 0.5) / 2.0),
        );
        // Ties are flagged together: {0.5, 0.5} enter at once with precision 1/2.
        check(&[0.5, 0.5], &[T, F], Some(0.5));
        check(
            &[0.9, 0.5, 0.5, 0.1],
            &[T, T, F, F],
            Some((1.0 + 2.0 / 3.0) / 2.0),
        );
        check(
            &[0.9, 0.5, 0.5, 0.1],
            &[F, T, F, T],
            Some((1.0 / 3.0 + 0.5) / 2.0),
        );
        // The order of tied rows does not matter.
        check(&[0.5, 0.5, 0.9], &[F, T, F], Some(1.0 / 3.0));
        check(&[0.5, 0.5, 0.9], &[T, F, F], Some(1.0 / 3.0));
        check(&[0.3, 0.2], &[F, F], None);
        check(&[], &[], None);
    }

    #[test]
    fn brier_of_known_probabilities() {
        fn check(p: &[f64], labels: &[bool], expected: Option<f64>) {
            let got = brier(p, labels);
            match (got, expected) {
                (Some(g), Some(e)) => assert!(close(g, e), "{p:?}: {g} != {e}"),
                _ => assert_eq!(got, expected),
            }
        }
        check(&[1.0, 0.0], &[T, F], Some(0.0));
        check(&[0.0, 1.0], &[T, F], Some(1.0));
        check(&[0.8, 0.3], &[T, F], Some((0.04 + 0.09) / 2.0));
        check(&[0.5; 4], &[T, F, F, F], Some(0.25));
        check(&[], &[], None);
    }

    #[test]
    fn at_k_of_a_known_ranking() {
        // Ranking by score: rows 5 (0.9, T), 0 (0.8, T), 3 (0.7, F), 1 (0.5, T), 4 (0.5, F), 2 (0.1, F).
        let scores = [0.8, 0.5, 0.1, 0.7, 0.5, 0.9];
        let labels = [T, T, F, F, F, T];
        // Prevalence 1/2.
        let check = |k: usize, expected: (usize, f64, f64, f64, f64)| {
            let got = at_k(&scores, &labels, k).unwrap();
            let (ek, share, precision, recall, lift) = expected;
            assert_eq!(got.k, ek, "k = {k}");
            assert!(close(got.share, share), "k = {k}: {got:?}");
            assert!(close(got.precision, precision), "k = {k}: {got:?}");
            assert!(close(got.recall, recall), "k = {k}: {got:?}");
            assert!(close(got.lift, lift), "k = {k}: {got:?}");
        };
        check(0, (0, 0.0, 0.0, 0.0, 0.0));
        check(1, (1, 1.0 / 6.0, 1.0, 1.0 / 3.0, 2.0));
        check(2, (2, 2.0 / 6.0, 1.0, 2.0 / 3.0, 2.0));
        check(3, (3, 0.5, 2.0 / 3.0, 2.0 / 3.0, 4.0 / 3.0));
        // The tie at 0.5 is cut by index: row 1 (positive) before row 4.
        check(4, (4, 4.0 / 6.0, 0.75, 1.0, 1.5));
        check(5, (5, 5.0 / 6.0, 0.6, 1.0, 1.2));
        check(6, (6, 1.0, 0.5, 1.0, 1.0));
        check(60, (6, 1.0, 0.5, 1.0, 1.0));
        assert_eq!(at_k(&[], &[], 3), None);
        let none_positive = at_k(&[0.4, 0.2], &[F, F], 1).unwrap();
        assert_eq!((none_positive.recall, none_positive.lift), (0.0, 0.0));
    }

    #[test]
    fn reliability_bins_of_a_known_input() {
        let p = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
        let labels = [F, F, F, T, F, F, T, T, T, T];
        let check = |bins: usize, expected: &[(f64, f64, usize, f64)]| {
            let got = reliability(&p, &labels, bins);
            assert_eq!(got.len(), expected.len(), "{bins} bins: {got:?}");
            assert_eq!(got.iter().map(|b| b.count).sum::<usize>(), p.len());
            for (bin, &(low, high, count, observed)) in got.iter().zip(expected) {
                assert_eq!((bin.low, bin.high, bin.count), (low, high, count));
                assert!(close(bin.observed, observed), "{bin:?}");
                assert!(bin.low <= bin.mean_predicted && bin.mean_predicted <= bin.high);
            }
        };
        check(2, &[(0.05, 0.4, 5, 0.2), (0.5, 0.9, 5, 0.8)]);
        check(
            3,
            &[
                (0.05, 0.2, 3, 0.0),
                (0.3, 0.5, 3, 1.0 / 3.0),
                (0.6, 0.9, 4, 1.0),
            ],
        );
        check(1, &[(0.05, 0.9, 10, 0.5)]);
        // More bins than rows: one row per bin.
        assert_eq!(reliability(&p, &labels, 20).len(), 10);
        let mean = reliability(&[0.2, 0.4], &[T, F], 1)[0].mean_predicted;
        assert!(close(mean, 0.3));
        // Ties are not split across bins.
        let tied = reliability(&[0.1, 0.1, 0.1, 0.9], &[F, F, T, T], 2);
        assert_eq!(tied.iter().map(|b| b.count).collect::<Vec<_>>(), [3, 1]);
        assert!(reliability(&[], &[], 10).is_empty());
        assert!(reliability(&p, &labels, 0).is_empty());
    }

    #[test]
    fn psi_detects_a_shift() {
        let reference: Vec<f64> = (0..1000).map(|i| f64::from(i) / 1000.0).collect();
        let reversed: Vec<f64> = reference.iter().rev().copied().collect();
        let shifted: Vec<f64> = reference.iter().map(|x| x * x).collect();
        let check = |current: &[f64], low: f64, high: f64| {
            let got = psi(&reference, current, 10).unwrap();
            assert!(low <= got && got <= high, "psi = {got}");
        };
        check(&reference, 0.0, 0.0);
        check(&reversed, 0.0, 0.0);
        check(&shifted, 0.1, f64::INFINITY);
        // All the current mass in one of ten bins.
        check(&[0.99; 50], 2.0, f64::INFINITY);
        // A constant reference has a single bin: no drift measurable inside it.
        assert_eq!(psi(&[0.3; 10], &[0.3, 0.2], 10), Some(0.0));
        assert_eq!(psi(&[], &[0.1], 10), None);
        assert_eq!(psi(&[0.1], &[], 10), None);
        assert_eq!(psi(&[0.1], &[0.1], 0), None);
    }

    fn is_monotone(points: &[CurvePoint], y_too: bool) -> bool {
        points
            .windows(2)
            .all(|w| w[0].x <= w[1].x && (!y_too || w[0].y <= w[1].y))
    }

    #[test]
    fn roc_curve_runs_from_origin_to_corner() {
        let xy = |c: &[CurvePoint]| c.iter().map(|p| (p.x, p.y)).collect::<Vec<_>>();
        let curve = roc_curve(&[0.9, 0.8, 0.7, 0.6], &[T, F, T, F], 101);
        assert_eq!(
            xy(&curve),
            [(0.0, 0.0), (0.0, 0.5), (0.5, 0.5), (0.5, 1.0), (1.0, 1.0)]
        );
        // Ties make one diagonal step.
        let tied = roc_curve(&[0.5, 0.5], &[T, F], 101);
        assert_eq!(xy(&tied), [(0.0, 0.0), (1.0, 1.0)]);
        // Thinned on a long input: at most max_points, endpoints kept, still monotone.
        let n = 10_000;
        let scores: Vec<f64> = (0..n).map(|i| f64::from(i) / f64::from(n)).collect();
        let labels: Vec<bool> = (0..n).map(|i| i % 97 == 0 || i > 9_900).collect();
        for max_points in [2, 11, 101] {
            let curve = roc_curve(&scores, &labels, max_points);
            assert!(curve.len() <= max_points && curve.len() >= 2);
            assert_eq!(curve.first(), Some(&CurvePoint { x: 0.0, y: 0.0 }));
            assert_eq!(curve.last(), Some(&CurvePoint { x: 1.0, y: 1.0 }));
            assert!(is_monotone(&curve, true));
        }
        assert!(roc_curve(&[0.1, 0.2], &[T, T], 101).is_empty());
        assert!(roc_curve(&[], &[], 101).is_empty());
    }

    #[test]
    fn pr_curve_has_recall_non_decreasing() {
        let curve = pr_curve(&[0.9, 0.8, 0.7, 0.6], &[T, F, T, F], 101);
        let xy: Vec<(f64, f64)> = curve.iter().map(|p| (p.x, p.y)).collect();
        assert_eq!(xy, [(0.5, 1.0), (0.5, 0.5), (1.0, 2.0 / 3.0), (1.0, 0.5)]);
        let n = 10_000;
        let scores: Vec<f64> = (0..n).map(|i| f64::from(i % 1000) / 1000.0).collect();
        let labels: Vec<bool> = (0..n).map(|i| i % 7 == 0).collect();
        let curve = pr_curve(&scores, &labels, 101);
        assert!(curve.len() <= 101);
        assert!(is_monotone(&curve, false));
        assert_eq!(curve.last().map(|p| p.x), Some(1.0));
        assert!(pr_curve(&[0.1], &[F], 101).is_empty());
    }

    #[test]
    fn metrics_of_empty_input() {
        let m = metrics(&[], &[]);
        assert_eq!((m.rows, m.positives), (0, 0));
        assert_eq!((m.auc, m.average_precision), (None, None));
        let numbers = [
            m.prevalence,
            m.brier,
            m.mean_predicted,
            m.calibration_in_the_large,
        ];
        assert_eq!(numbers, [0.0; 4]);
        assert!(m.top_shares.is_empty() && m.top_sizes.is_empty());
        assert!(m.reliability.is_empty() && m.roc.is_empty() && m.pr.is_empty());
    }

    #[test]
    fn metrics_gathers_everything() {
        let n = 3000;
        let p: Vec<f64> = (0..n).map(|i| f64::from(i) / f64::from(n) / 10.0).collect();
        let labels: Vec<bool> = (0..n).map(|i| i % 50 == 0 || i >= n - 30).collect();
        let m = metrics(&p, &labels);
        assert_eq!(m.rows, 3000);
        assert_eq!(m.positives, labels.iter().filter(|l| **l).count());
        assert!(close(m.prevalence, m.positives as f64 / 3000.0));
        assert!(close(
            m.calibration_in_the_large,
            m.mean_predicted - m.prevalence
        ));
        assert_eq!(m.auc, roc_auc(&p, &labels));
        assert_eq!(m.average_precision, average_precision(&p, &labels));
        let ks = |v: &[AtK]| v.iter().map(|a| a.k).collect::<Vec<_>>();
        assert_eq!(ks(&m.top_shares), [30, 60, 150]);
        assert_eq!(ks(&m.top_sizes), [50, 100, 500, 1000]);
        // The top 1 % is exactly the 30 last rows, all positive.
        assert_eq!(m.top_shares[0].precision, 1.0);
        assert_eq!(m.reliability.len(), 10);
        assert!(m.reliability.iter().all(|b| b.count == 300));
        assert!(m.roc.len() <= 101 && m.pr.len() <= 101);
        // Small inputs: at least one row in the top shares, no list longer than the input.
        let small = metrics(&[0.2, 0.1, 0.3], &[F, T, F]);
        assert_eq!(ks(&small.top_shares), [1, 1, 1]);
        assert!(small.top_sizes.is_empty());
        let json = serde_json::to_string(&small).unwrap();
        assert_eq!(serde_json::from_str::<Metrics>(&json).unwrap(), small);
    }

    proptest! {
        #[test]
        fn ranking_metrics_stay_in_range(
            rows in prop::collection::vec((0u8..20, any::<bool>()), 0..200)
        ) {
            // Scores on a coarse grid so that ties are common.
            let scores: Vec<f64> = rows.iter().map(|(s, _)| f64::from(*s) / 20.0).collect();
            let labels: Vec<bool> = rows.iter().map(|(_, l)| *l).collect();
            if let Some(ap) = average_precision(&scores, &labels) {
                prop_assert!((0.0..=1.0).contains(&ap), "AP {}", ap);
            }
            if let Some(auc) = roc_auc(&scores, &labels) {
                prop_assert!((0.0..=1.0).contains(&auc), "AUC {}", auc);
            }
            let mut previous = 0.0;
            for k in 0..=scores.len() {
                let recall = at_k(&scores, &labels, k).map_or(0.0, |a| a.recall);
                prop_assert!(recall >= previous, "recall fell at k = {}", k);
                previous = recall;
            }
        }
    }
}
