//! Ranking and threshold metrics, computed on out-of-time predictions.

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
