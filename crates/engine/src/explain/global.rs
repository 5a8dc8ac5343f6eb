//! The model page's global explanation of one horizon: how much each term moves the scores
//! of the current population (importance), and where that population sits on each shape
//! function (density per bin).

use serde::{Deserialize, Serialize};

use crate::features::{Feature, FeatureVector};
use crate::model::{Horizon, Model};

/// One feature's shape function seen over the population.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShapeSummary {
    pub feature: Feature,
    /// Position in `Model::features`.
    pub position: usize,
    /// Mean absolute deviation of the term from its population mean (log-odds): the EBM
    /// convention, so that a shape's constant part, which no firm differs by, counts for 0.
    pub importance: f64,
    /// Firms per bin (the missing bin last), like the shape.
    pub density: Vec<usize>,
}

/// One pairwise term seen over the population.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairSummary {
    pub a: Feature,
    pub b: Feature,
    /// Index in the horizon's `Gam::pairs`.
    pub index: usize,
    pub importance: f64,
}

/// Every term of one horizon over a population, most important first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Global {
    pub horizon: Horizon,
    pub firms: usize,
    pub shapes: Vec<ShapeSummary>,
    pub pairs: Vec<PairSummary>,
}

/// The global explanation of `horizon`'s own terms over `population` (the scored firms' features).
pub fn global<'a>(
    model: &Model,
    horizon: Horizon,
    population: impl IntoIterator<Item = &'a FeatureVector>,
) -> Global {
    let m = model.horizon(horizon);
    let bins: Vec<_> = population.into_iter().map(|v| model.bins(v)).collect();
    let firms = bins.len();
    let mean_abs_deviation = |values: &[f64]| {
        if values.is_empty() {
            return 0.0;
        }
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        values.iter().map(|v| (v - mean).abs()).sum::<f64>() / values.len() as f64
    };
    let mut shapes: Vec<ShapeSummary> = model
        .features
        .iter()
        .zip(&m.gam.shapes)
        .enumerate()
        .map(|(j, (f, shape))| {
            let mut density = vec![0; shape.len()];
            let values: Vec<f64> = bins
                .iter()
                .map(|b| {
                    density[b[j]] += 1;
                    shape[b[j]]
                })
                .collect();
            ShapeSummary {
                feature: f.feature,
                position: j,
                importance: mean_abs_deviation(&values),
                density,
            }
        })
        .collect();
    shapes.sort_by(|a, b| {
        b.importance
            .total_cmp(&a.importance)
            .then(a.position.cmp(&b.position))
    });
    let mut pairs: Vec<PairSummary> = m
        .gam
        .pairs
        .iter()
        .enumerate()
        .map(|(index, p)| {
            let values: Vec<f64> = bins
                .iter()
                .map(|b| p.term(|j| &model.features[j].bins, |j| b[j]))
                .collect();
            PairSummary {
                a: model.features[p.a].feature,
                b: model.features[p.b].feature,
                index,
                importance: mean_abs_deviation(&values),
            }
        })
        .collect();
    pairs.sort_by(|a, b| {
        b.importance
            .total_cmp(&a.importance)
            .then(a.index.cmp(&b.index))
    });
    Global {
        horizon,
        firms,
        shapes,
        pairs,
    }
}
