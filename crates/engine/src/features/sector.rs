//! Sector statistics per NAF division × month, computed from the data itself: the sorted
//! values of the key features over the firms observed that month (for exact percentiles and
//! medians), and the shares behind the sector stress index.
//!
//! Only values observable at month t enter the cell of month t, so sector features inherit the
//! firm features' as-of property.

use super::firm::KeyValues;

/// NAF divisions are two digits.
const DIVISIONS: usize = 100;

/// The values of one key feature in one cell, ranked: distinct values in increasing order, each
/// with how many values are strictly below it (ties collapse, so the many zero debts of a sector
/// cost one entry), in one array so that a lookup touches one allocation. One binary search then
/// gives a value's exact mid-rank.
#[derive(Debug, Clone, Default)]
struct Ranked {
    distinct: Vec<(f32, u32)>,
    /// Every [`FENCE`]-th distinct value: a small index searched first, which stays in the
    /// nearest cache while the firms of a block look up the cell (a national cell holds 15 000
    /// values; a plain binary search is then a chain of 14 dependent cache misses per lookup).
    fences: Vec<f32>,
    count: u32,
}

const FENCE: usize = 32;

impl Ranked {
    fn from_sorted(values: &[f32]) -> Ranked {
        let mut distinct: Vec<(f32, u32)> = Vec::new();
        for (i, v) in values.iter().enumerate() {
            if distinct.last().map(|d| d.0) != Some(*v) {
                distinct.push((*v, i as u32));
            }
        }
        distinct.shrink_to_fit();
        let fences = distinct.iter().step_by(FENCE).map(|d| d.0).collect();
        Ranked {
            distinct,
            fences,
            count: values.len() as u32,
        }
    }

    fn len(&self) -> usize {
        self.count as usize
    }

    /// Values strictly below `v`, and values ≤ `v`.
    fn rank(&self, v: f32) -> (usize, usize) {
        // Every distinct value before fence j − 1 is < v, every one from fence j on is ≥ v.
        let j = self.fences.partition_point(|x| *x < v);
        let lo = j.saturating_sub(1) * FENCE;
        let hi = (j * FENCE).min(self.distinct.len());
        let i = lo + self.distinct[lo..hi].partition_point(|x| x.0 < v);
        let below = self.distinct.get(i).map_or(self.count, |d| d.1) as usize;
        match self.distinct.get(i) {
            Some(d) if d.0 == v => {
                let next = self.distinct.get(i + 1).map_or(self.count, |d| d.1);
                (below, next as usize)
            }
            _ => (below, below),
        }
    }
}

#[derive(Debug, Clone, Default)]
struct Cell {
    /// Filled while firms are added, emptied by [`SectorTable::finish`].
    values: [Vec<f32>; 5],
    ranked: [Ranked; 5],
    medians: [f64; 5],
    /// Computed by [`SectorTable::finish`].
    stress: Option<Stress>,
    /// Firms of the population filed in the cell (whatever values they have).
    firms: u32,
    /// (firms meeting the condition, firms with the value known).
    rising_debt: (u32, u32),
    on_short_time: (u32, u32),
    losing_staff: (u32, u32),
}

/// Sector cells for months `first..first + months`.
#[derive(Debug, Clone)]
pub(super) struct SectorTable {
    first: usize,
    months: usize,
    cells: Vec<Cell>,
    min_firms: usize,
}

/// The sector stress shares of one cell and their mean (NaN when too few firms): the share of
/// the cell's firms whose debt rose over 3 months, that used activité partielle, whose headcount
/// fell over 12 months.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stress {
    pub rising_debt: f64,
    pub on_short_time: f64,
    pub losing_staff: f64,
    pub index: f64,
}

impl SectorTable {
    pub fn empty(first: usize, months: usize, min_firms: usize) -> SectorTable {
        SectorTable {
            first,
            months,
            cells: vec![Cell::default(); months * DIVISIONS],
            min_firms,
        }
    }

    fn cell(&self, t: usize, division: usize) -> Option<&Cell> {
        let i = t.checked_sub(self.first).filter(|i| *i < self.months)?;
        self.cells.get(i * DIVISIONS + division)
    }

    /// Adds one observed firm's values at month `t`.
    pub fn add(&mut self, t: usize, division: usize, key: &KeyValues) {
        let i = (t - self.first) * DIVISIONS + division;
        let cell = &mut self.cells[i];
        cell.firms += 1;
        for (k, v) in key.values.iter().enumerate() {
            if !v.is_nan() {
                cell.values[k].push(*v as f32);
            }
        }
        let count = |pair: &mut (u32, u32), v: f64, condition: bool| {
            if !v.is_nan() {
                pair.1 += 1;
                pair.0 += u32::from(condition);
            }
        };
        let [_, change, ap, headcount, _] = key.values;
        count(&mut cell.rising_debt, change, change > 0.0);
        count(&mut cell.on_short_time, ap, ap > 0.0);
        count(&mut cell.losing_staff, headcount, headcount < 0.0);
    }

    /// Merges a table built over other firms (same months).
    pub fn merge(&mut self, other: SectorTable) {
        for (a, b) in self.cells.iter_mut().zip(other.cells) {
            a.firms += b.firms;
            for (va, vb) in a.values.iter_mut().zip(b.values) {
                va.extend(vb);
            }
            for (pa, pb) in [
                (&mut a.rising_debt, b.rising_debt),
                (&mut a.on_short_time, b.on_short_time),
                (&mut a.losing_staff, b.losing_staff),
            ] {
                pa.0 += pb.0;
                pa.1 += pb.1;
            }
        }
    }

    /// Sorts every cell (the order firms were added in no longer matters) and computes medians.
    pub fn finish(&mut self) {
        for cell in &mut self.cells {
            for (k, values) in cell.values.iter_mut().enumerate() {
                let mut values = std::mem::take(values);
                values.sort_by(f32::total_cmp);
                let n = values.len();
                cell.medians[k] = match n {
                    0 => f64::NAN,
                    _ if n % 2 == 1 => f64::from(values[n / 2]),
                    _ => (f64::from(values[n / 2 - 1]) + f64::from(values[n / 2])) / 2.0,
                };
                cell.ranked[k] = Ranked::from_sorted(&values);
            }
            cell.stress = Some(Stress::of(cell, self.min_firms));
        }
    }

    /// The percentile (mid-rank, 0–1) of `value` among the sector's values of key `k` at `t`,
    /// and its excess over the sector median; NaN when the sector has too few known values.
    pub fn relative(&self, t: usize, division: usize, k: usize, value: f64) -> (f64, f64) {
        let Some(cell) = self.cell(t, division) else {
            return (f64::NAN, f64::NAN);
        };
        let ranked = &cell.ranked[k];
        if value.is_nan() || ranked.len() < self.min_firms.max(1) {
            return (f64::NAN, f64::NAN);
        }
        let (below, not_above) = ranked.rank(value as f32);
        let rank = (below + not_above) as f64 / 2.0 / ranked.len() as f64;
        (rank, value - cell.medians[k])
    }

    pub fn stress(&self, t: usize, division: usize) -> Stress {
        self.cell(t, division)
            .and_then(|c| c.stress)
            .unwrap_or(Stress::UNKNOWN)
    }

    /// Firms of the population filed in the cell (0 outside the table).
    pub fn firms(&self, t: usize, division: usize) -> usize {
        self.cell(t, division).map_or(0, |c| c.firms as usize)
    }
}

impl super::Features<'_> {
    /// The sector stress of NAF division `division` (0–99) at panel month `t`, exactly as the
    /// features read it, and the number of firms of the population behind it: the sector page
    /// draws this, so that what the agent sees is what the model was given.
    pub fn sector_stress(&self, t: usize, division: usize) -> (Stress, usize) {
        (
            self.sectors.stress(t, division),
            self.sectors.firms(t, division),
        )
    }
}

impl Stress {
    const UNKNOWN: Stress = Stress {
        rising_debt: f64::NAN,
        on_short_time: f64::NAN,
        losing_staff: f64::NAN,
        index: f64::NAN,
    };

    fn of(cell: &Cell, min_firms: usize) -> Stress {
        let share = |(yes, known): (u32, u32)| {
            if (known as usize) < min_firms.max(1) {
                f64::NAN
            } else {
                f64::from(yes) / f64::from(known)
            }
        };
        let parts = [
            share(cell.rising_debt),
            share(cell.on_short_time),
            share(cell.losing_staff),
        ];
        let (sum, n) = parts
            .iter()
            .filter(|v| !v.is_nan())
            .fold((0.0, 0), |(s, n), v| (s + v, n + 1));
        Stress {
            rising_debt: parts[0],
            on_short_time: parts[1],
            losing_staff: parts[2],
            index: if n == 0 { f64::NAN } else { sum / f64::from(n) },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The fenced search gives the same ranks as counting.
        #[test]
        fn ranks_are_exact(mut values in proptest::collection::vec(-50i32..50, 0..400), probe in -60i32..60) {
            let mut values: Vec<f32> = values.drain(..).map(|v| v as f32 / 4.0).collect();
            values.sort_by(f32::total_cmp);
            let ranked = Ranked::from_sorted(&values);
            let v = probe as f32 / 4.0;
            let below = values.iter().filter(|x| **x < v).count();
            let not_above = values.iter().filter(|x| **x <= v).count();
            prop_assert_eq!(ranked.rank(v), (below, not_above));
            prop_assert_eq!(ranked.len(), values.len());
        }
    }
}
