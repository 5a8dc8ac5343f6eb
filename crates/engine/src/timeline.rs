//! The monthly series of one firm that the firm page draws: employment and activité partielle,
//! contributions and debt with payment plans and CCSF events, financial ratios against the
//! sector median, collective proceedings, the periods to shade (the crisis window and the
//! declared sector events that concern the firm) and the history of the term structure of risk.
//!
//! Everything is data: the app only turns it into plotly traces, so what is drawn is what the
//! panel holds. Missing stays missing (`None`) everywhere (ARCHITECTURE invariant 3): a zero is
//! only shown where the source was read and says nothing happened.

use serde::{Deserialize, Serialize};

use crate::calendar::{Date, Month};
use crate::features::{CrisisWindow, Feature, FeatureDef, Features, SectorEvents, in_population};
use crate::ingest::records::{CcsfStage, InpiRatios};
use crate::model::{Horizon, Model};
use crate::panel::{FULL_TIME_MONTH_HOURS, Panel, ProcolStatus, statement_as_of};
use crate::pipeline::{Analysis, PipelineError};

/// Hours of activité partielle as full-time equivalents of the month.
///
/// The legal full-time month is 35 h × 52 weeks / 12 = 151,67 hours (the divisor every FTE
/// figure of §4.7 uses): 1 516,7 hours authorised in a month are ten employees entirely
/// without work that month. Dividing by it puts the hours on the headcount's scale, so that the
/// share of the workforce on short-time work can be read off one chart.
pub fn full_time_equivalents(hours: Option<f64>) -> Option<f64> {
    hours.map(|h| h / FULL_TIME_MONTH_HOURS)
}

/// A run of consecutive months (both ends inclusive) with the same value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period<T> {
    pub start: Month,
    /// Last month of the period, inclusive.
    pub end: Month,
    pub value: T,
}

/// The periods of a monthly sequence starting at `start`: adjacent months with the same
/// `Some` value merge into one period, a `None` (no data, or nothing to show) ends it.
pub fn periods<T: PartialEq + Copy>(
    start: Month,
    values: impl IntoIterator<Item = Option<T>>,
) -> Vec<Period<T>> {
    let mut out: Vec<Period<T>> = Vec::new();
    let mut open = false;
    for (i, v) in values.into_iter().enumerate() {
        let month = start.offset(i as i32);
        match (v, out.last_mut()) {
            (Some(v), Some(last)) if open && last.value == v => last.end = month,
            (Some(v), _) => {
                out.push(Period {
                    start: month,
                    end: month,
                    value: v,
                });
                open = true;
            }
            (None, _) => open = false,
        }
    }
    out
}

/// The part of `[start, end]` inside `[first, last]`, if any.
fn clip(start: Month, end: Month, first: Month, last: Month) -> Option<(Month, Month)> {
    let (s, e) = (start.max(first), end.min(last));
    (s <= e).then_some((s, e))
}

/// A financial ratio of the statements (INPI), the ones the feature layer reads (amounts such
/// as the turnover are left out: a sector median of amounts says little about one firm).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ratio {
    MargeEbe,
    ResultatCourantSurCa,
    CafSurCa,
    TauxEndettement,
    AutonomieFinanciere,
    RatioLiquidite,
    CapaciteRemboursement,
    CouvertureInterets,
    BfrJours,
    CreditClientsJours,
    CreditFournisseursJours,
    RotationStocksJours,
    RatioVetuste,
}

impl Ratio {
    /// Every ratio, profitability first, then structure, then cycle durations.
    pub const ALL: [Ratio; 13] = [
        Ratio::MargeEbe,
        Ratio::ResultatCourantSurCa,
        Ratio::CafSurCa,
        Ratio::TauxEndettement,
        Ratio::AutonomieFinanciere,
        Ratio::RatioLiquidite,
        Ratio::CapaciteRemboursement,
        Ratio::CouvertureInterets,
        Ratio::BfrJours,
        Ratio::CreditClientsJours,
        Ratio::CreditFournisseursJours,
        Ratio::RotationStocksJours,
        Ratio::RatioVetuste,
    ];

    /// The dictionary feature that holds this ratio of the latest statement: its label, unit,
    /// definition and expected effect are the ones shown.
    pub fn feature(self) -> Feature {
        match self {
            Ratio::MargeEbe => Feature::MargeEbe,
            Ratio::ResultatCourantSurCa => Feature::ResultatCourantSurCa,
            Ratio::CafSurCa => Feature::CafSurCa,
            Ratio::TauxEndettement => Feature::TauxEndettement,
            Ratio::AutonomieFinanciere => Feature::AutonomieFinanciere,
            Ratio::RatioLiquidite => Feature::RatioLiquidite,
            Ratio::CapaciteRemboursement => Feature::CapaciteRemboursement,
            Ratio::CouvertureInterets => Feature::CouvertureInterets,
            Ratio::BfrJours => Feature::BfrJours,
            Ratio::CreditClientsJours => Feature::CreditClientsJours,
            Ratio::CreditFournisseursJours => Feature::CreditFournisseursJours,
            Ratio::RotationStocksJours => Feature::RotationStocksJours,
            Ratio::RatioVetuste => Feature::RatioVetuste,
        }
    }

    pub fn def(self) -> &'static FeatureDef {
        self.feature().def()
    }

    /// The ratio in a statement (`None` when not published, e.g. a confidential statement).
    pub fn value(self, s: &InpiRatios) -> Option<f64> {
        let v = match self {
            Ratio::MargeEbe => s.marge_ebe,
            Ratio::ResultatCourantSurCa => s.resultat_courant_avant_impots_sur_ca,
            Ratio::CafSurCa => s.caf_sur_ca,
            Ratio::TauxEndettement => s.taux_d_endettement,
            Ratio::AutonomieFinanciere => s.autonomie_financiere,
            Ratio::RatioLiquidite => s.ratio_de_liquidite,
            Ratio::CapaciteRemboursement => s.capacite_de_remboursement,
            Ratio::CouvertureInterets => s.couverture_des_interets,
            Ratio::BfrJours => s.poids_bfr_exploitation_sur_ca_jours,
            Ratio::CreditClientsJours => s.credit_clients_jours,
            Ratio::CreditFournisseursJours => s.credit_fournisseurs_jours,
            Ratio::RotationStocksJours => s.rotation_des_stocks_jours,
            Ratio::RatioVetuste => s.ratio_de_vetuste,
        };
        v.filter(|v| v.is_finite()).map(f64::from)
    }
}

/// The median of `values`, when at least `min` are given (fewer firms do not make a sector
/// reference: one firm's accounts would be shown as "the sector"). An even count gives the
/// mean of the two middle values.
pub fn median(values: &mut [f64], min: usize) -> Option<f64> {
    let n = values.len();
    if n == 0 || n < min {
        return None;
    }
    values.sort_by(f64::total_cmp);
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    })
}

/// For each of `months` months from `start`, each ratio's median (in [`Ratio::ALL`] order) over
/// `firms` (each one firm's statements, oldest first): the statement each firm uses is the one
/// usable that month (closing + 8 months, preferred type as of then — the rule the features
/// follow), so the sector is compared as it was known then. A ratio with fewer than `min`
/// known values that month is missing.
pub fn sector_medians<'a>(
    firms: impl Iterator<Item = &'a [InpiRatios]> + Clone,
    start: Month,
    months: usize,
    min: usize,
) -> Vec<[Option<f64>; 13]> {
    let mut columns: Vec<Vec<f64>> = vec![Vec::new(); Ratio::ALL.len()];
    (0..months)
        .map(|m| {
            let month = start.offset(m as i32);
            columns.iter_mut().for_each(Vec::clear);
            for statements in firms.clone() {
                let Some(i) = statement_as_of(statements, month) else {
                    continue;
                };
                for (column, ratio) in columns.iter_mut().zip(Ratio::ALL) {
                    if let Some(v) = ratio.value(&statements[i]) {
                        column.push(v);
                    }
                }
            }
            let mut out = [None; 13];
            for (o, column) in out.iter_mut().zip(&mut columns) {
                *o = median(column, min);
            }
            out
        })
        .collect()
}

/// One ratio of the firm and its sector's median, month by month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RatioSeries {
    pub ratio: Ratio,
    pub firm: Vec<Option<f64>>,
    pub sector: Vec<Option<f64>>,
}

/// A declared sector event that concerns the firm, clipped to the panel's months.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventPeriod {
    pub label: String,
    pub naf_prefix: String,
    /// 1 (faible) to 3 (forte).
    pub severity: u8,
    pub start: Month,
    /// Last month shown (the panel's last month for an event still under way).
    pub end: Month,
    /// The event has no end date (still under way).
    pub ongoing: bool,
}

/// The sector events that concern a firm with this APE code (none without an APE code) and
/// overlap `[first, last]`, clipped to it, in the file's order.
pub fn event_periods(
    events: &SectorEvents,
    ape: Option<&str>,
    first: Month,
    last: Month,
) -> Vec<EventPeriod> {
    let Some(ape) = ape else { return Vec::new() };
    events
        .events
        .iter()
        .filter(|e| e.concerns(ape))
        .filter_map(|e| {
            let (start, end) = clip(e.start, e.end.unwrap_or(last), first, last)?;
            Some(EventPeriod {
                label: e.label.clone(),
                naf_prefix: e.naf_prefix.clone(),
                severity: e.severity,
                start,
                end,
                ongoing: e.end.is_none(),
            })
        })
        .collect()
}

/// The term structure of one month: every horizon's probability (in the model's horizon
/// order), `None` when the firm was not in the scored population that month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TermPoint {
    pub month: Month,
    pub probabilities: Option<Vec<f64>>,
}

/// The term structure of risk over the last months, up to the scoring month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TermHistory {
    pub horizons: Vec<Horizon>,
    /// Oldest first; the last point is the scoring month.
    pub points: Vec<TermPoint>,
}

/// Scores one firm at each of the `months` months before `at` and at `at` with `model`, the way
/// [`crate::pipeline::score_with_history`] does (the sector statistics of those months, then
/// the firm's features, then every horizon's score), so that the point at `at` is the firm's
/// published term structure and the alert horizon's past points its published history.
///
/// The sector pass over the months is the cost (every firm's key values): about as much as one
/// month of the pipeline's own history, done once per firm page.
pub fn term_history(
    panel: &Panel,
    model: &Model,
    events: &SectorEvents,
    firm: usize,
    at: Month,
    months: usize,
) -> Result<TermHistory, PipelineError> {
    let t = panel.index_of(at).ok_or(PipelineError::MonthOutOfRange {
        at,
        start: panel.start,
        end: panel.end(),
    })?;
    let first = t.saturating_sub(months);
    let lags = model.params.lags;
    let features = Features::new(panel, &model.params, events, first..=t);
    let mut points: Vec<TermPoint> = (first..=t)
        .map(|m| TermPoint {
            month: panel.month(m),
            probabilities: None,
        })
        .collect();
    features.each(
        firm..firm + 1,
        first..=t,
        |f, m| in_population(panel, f, m, lags),
        |_, m, v| {
            let score = model.score(v);
            points[m - first].probabilities =
                Some(score.horizons.iter().map(|h| h.probability).collect());
        },
    );
    Ok(TermHistory {
        horizons: model.horizons.iter().map(|h| h.horizon).collect(),
        points,
    })
}

/// Everything the firm page's time-series charts and proceedings timeline show, month by month
/// over the panel (`months[i]` is the panel's month `i`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FirmTimeline {
    pub months: Vec<Month>,
    /// Headcount (published, or carried forward after the last published month).
    pub headcount: Vec<Option<f64>>,
    /// Whether each month's headcount is carried forward rather than published.
    pub headcount_carried: Vec<bool>,
    /// Activité partielle authorised and consumed, in full-time equivalents
    /// ([`full_time_equivalents`]); 0 when the source was read and the firm had none.
    pub ap_authorised_fte: Vec<Option<f64>>,
    pub ap_consumed_fte: Vec<Option<f64>>,
    /// Contributions due (€ per month).
    pub contributions: Vec<Option<f64>>,
    /// Debt stock, employee and employer shares (€); 0 only under the permitted zero-fill of
    /// [`Panel::debt_known`] (débit file read, contributions known, no débit row).
    pub debt_part_ouvriere: Vec<Option<f64>>,
    pub debt_part_patronale: Vec<Option<f64>>,
    /// Runs of months with at least one URSSAF payment plan under way.
    pub payment_plans: Vec<Period<()>>,
    /// Whether a délai file was read (without one, no period does not mean no plan).
    pub payment_plans_known: bool,
    /// CCSF events, by date, with their stage.
    pub ccsf: Vec<(Date, CcsfStage)>,
    /// Whether a CCSF file was read.
    pub ccsf_known: bool,
    /// Every ratio the firm publishes at least once, against its sector's median.
    pub ratios: Vec<RatioSeries>,
    /// Statements of the firm (every type).
    pub statements: usize,
    /// Closing date of the statement used each month.
    pub statement_closing: Vec<Option<Date>>,
    /// Firms behind the sector medians: the division's firms of the perimeter with at least
    /// one statement (`None` without a NAF division).
    pub sector_firms: Option<usize>,
    /// Runs of months in a collective proceeding, with the status on the first day of the month.
    pub procol: Vec<Period<ProcolStatus>>,
    /// Date of the first collective-proceeding event (the model's target), even before the panel.
    pub first_procol: Option<Date>,
    /// The crisis window the model treats apart, clipped to the panel.
    pub crisis: Option<Period<()>>,
    /// Declared sector events concerning the firm, clipped to the panel.
    pub events: Vec<EventPeriod>,
}

impl FirmTimeline {
    /// The timeline of `firm` (an index into the panel's firms) in an analysis: its crisis
    /// window, its events and the minimum sector size of its model.
    pub fn of(analysis: &Analysis, firm: usize) -> FirmTimeline {
        FirmTimeline::new(
            &analysis.panel,
            firm,
            analysis.model.params.crisis,
            &analysis.events,
            analysis.model.params.min_sector_firms,
        )
    }

    pub fn new(
        panel: &Panel,
        firm: usize,
        crisis: CrisisWindow,
        events: &SectorEvents,
        min_sector_firms: usize,
    ) -> FirmTimeline {
        let n = panel.months;
        let months: Vec<Month> = (0..n).map(|m| panel.month(m)).collect();
        let each = |get: &dyn Fn(usize) -> Option<f64>| (0..n).map(get).collect::<Vec<_>>();
        let info = &panel.firms[firm];
        // Both shares are zero where the permitted zero-fill applies, never elsewhere.
        let share = |series: &crate::panel::Series, m: usize| {
            series.get(firm, m).or_else(|| {
                (panel.dette(firm, m).is_none() && panel.debt_known(firm, m) == Some(0.0))
                    .then_some(0.0)
            })
        };
        let plans = (0..n).map(|m| {
            panel
                .delai_plans
                .get(firm, m)
                .and_then(|p| (p > 0.0).then_some(()))
        });
        let procol = (0..n).map(|m| {
            let s = panel.procol_status(firm, m);
            (s != ProcolStatus::InBonis).then_some(s)
        });
        let own = panel.statements.of(firm);
        let division = info.naf_division();
        let (ratios, sector_firms) = if own.is_empty() {
            (Vec::new(), division.map(|_| 0))
        } else {
            ratio_series(panel, firm, division, min_sector_firms)
        };
        let (first, last) = (panel.start, panel.end());
        FirmTimeline {
            headcount: each(&|m| panel.effectif.get(firm, m)),
            headcount_carried: (0..n)
                .map(|m| panel.effectif.get(firm, m).is_some() && panel.effectif_carried(m))
                .collect(),
            ap_authorised_fte: each(&|m| {
                full_time_equivalents(panel.ap_heures_autorisees.get(firm, m))
            }),
            ap_consumed_fte: each(&|m| {
                full_time_equivalents(panel.ap_heures_consommees.get(firm, m))
            }),
            contributions: each(&|m| panel.cotisation.get(firm, m)),
            debt_part_ouvriere: each(&|m| share(&panel.dette_part_ouvriere, m)),
            debt_part_patronale: each(&|m| share(&panel.dette_part_patronale, m)),
            payment_plans: periods(first, plans),
            payment_plans_known: panel.delai_plans.source_present(),
            ccsf: panel.ccsf.get(firm).cloned().unwrap_or_default(),
            ccsf_known: panel.ccsf_source,
            ratios,
            statements: own.len(),
            statement_closing: months
                .iter()
                .map(|m| statement_as_of(own, *m).map(|i| own[i].closing))
                .collect(),
            sector_firms,
            procol: periods(first, procol),
            first_procol: info.first_procol,
            crisis: clip(crisis.start, crisis.end, first, last).map(|(start, end)| Period {
                start,
                end,
                value: (),
            }),
            events: event_periods(events, info.ape.as_deref(), first, last),
            months,
        }
    }
}

/// The ratios the firm publishes at least once, with the medians of its NAF division's firms
/// in the perimeter, and how many firms with statements the division has.
fn ratio_series(
    panel: &Panel,
    firm: usize,
    division: Option<&str>,
    min: usize,
) -> (Vec<RatioSeries>, Option<usize>) {
    let own = panel.statements.of(firm);
    let peers: Vec<&[InpiRatios]> = match division {
        Some(d) => panel
            .firms
            .iter()
            .enumerate()
            .filter(|(f, info)| {
                (*f == firm || info.in_perimeter()) && info.naf_division() == Some(d)
            })
            .map(|(f, _)| panel.statements.of(f))
            .filter(|s| !s.is_empty())
            .collect(),
        None => Vec::new(),
    };
    let medians = if division.is_some() {
        sector_medians(peers.iter().copied(), panel.start, panel.months, min)
    } else {
        vec![[None; 13]; panel.months]
    };
    let series = Ratio::ALL
        .iter()
        .enumerate()
        .filter(|(_, r)| own.iter().any(|s| r.value(s).is_some()))
        .map(|(k, ratio)| RatioSeries {
            ratio: *ratio,
            firm: (0..panel.months)
                .map(|m| panel.statement_at(firm, m).and_then(|s| ratio.value(s)))
                .collect(),
            sector: medians.iter().map(|row| row[k]).collect(),
        })
        .collect();
    (series, division.map(|_| peers.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::SectorEvent;
    use crate::ids::Siren;
    use crate::ingest::records::BalanceSheetType;

    fn month(s: &str) -> Month {
        Month::parse(s).unwrap()
    }

    fn check_fte(hours: Option<f64>, expected: Option<f64>) {
        let got = full_time_equivalents(hours);
        match (got, expected) {
            (Some(g), Some(e)) => assert!((g - e).abs() < 1e-9, "{hours:?}: {g} ≠ {e}"),
            _ => assert_eq!(got, expected, "{hours:?}"),
        }
    }

    #[test]
    fn hours_become_full_time_equivalents_and_missing_stays_missing() {
        check_fte(Some(151.67), Some(1.0));
        check_fte(Some(1516.7), Some(10.0));
        check_fte(Some(75.835), Some(0.5));
        check_fte(Some(0.0), Some(0.0));
        check_fte(None, None);
    }

    fn check_periods(values: &[Option<u8>], expected: &[(&str, &str, u8)]) {
        let got = periods(month("2020-01"), values.iter().copied());
        let want: Vec<Period<u8>> = expected
            .iter()
            .map(|(s, e, v)| Period {
                start: month(s),
                end: month(e),
                value: *v,
            })
            .collect();
        assert_eq!(got, want, "{values:?}");
    }

    #[test]
    fn adjacent_months_with_the_same_value_merge_into_periods() {
        check_periods(&[], &[]);
        check_periods(&[None, None], &[]);
        check_periods(&[Some(1)], &[("2020-01", "2020-01", 1)]);
        check_periods(
            &[None, Some(1), Some(1), Some(1), None],
            &[("2020-02", "2020-04", 1)],
        );
        // A gap splits a period; a change of value starts a new one.
        check_periods(
            &[Some(1), None, Some(1), Some(2), Some(2)],
            &[
                ("2020-01", "2020-01", 1),
                ("2020-03", "2020-03", 1),
                ("2020-04", "2020-05", 2),
            ],
        );
        // Across a year end.
        let mut long = vec![None; 11];
        long.extend([Some(3), Some(3), Some(3)]);
        check_periods(&long, &[("2020-12", "2021-02", 3)]);
    }

    fn check_median(values: &[f64], min: usize, expected: Option<f64>) {
        let mut v = values.to_vec();
        assert_eq!(median(&mut v, min), expected, "{values:?} min {min}");
    }

    #[test]
    fn medians_need_enough_values() {
        check_median(&[3.0, 1.0, 2.0], 3, Some(2.0));
        check_median(&[4.0, 1.0, 3.0, 2.0], 2, Some(2.5));
        check_median(&[3.0, 1.0, 2.0], 4, None);
        check_median(&[], 0, None);
        check_median(&[-5.0], 1, Some(-5.0));
    }

    fn statement(closing: &str, kind: BalanceSheetType, marge: Option<f32>) -> InpiRatios {
        InpiRatios {
            siren: Siren::parse("552100554").unwrap().0,
            closing: Date::parse_iso(closing).unwrap(),
            kind,
            confidentiality: None,
            chiffre_d_affaires: Some(1000.0),
            marge_brute: None,
            ebe: None,
            ebit: None,
            resultat_net: None,
            taux_d_endettement: Some(50.0),
            ratio_de_liquidite: None,
            ratio_de_vetuste: None,
            autonomie_financiere: None,
            poids_bfr_exploitation_sur_ca: None,
            couverture_des_interets: None,
            caf_sur_ca: None,
            capacite_de_remboursement: None,
            marge_ebe: marge,
            resultat_courant_avant_impots_sur_ca: None,
            poids_bfr_exploitation_sur_ca_jours: None,
            rotation_des_stocks_jours: None,
            credit_clients_jours: None,
            credit_fournisseurs_jours: None,
        }
    }

    /// The sector's median EBITDA margin (first ratio) at each listed month.
    fn check_sector(firms: &[Vec<InpiRatios>], min: usize, expected: &[(&str, Option<f64>)]) {
        let start = month("2020-01");
        let medians = sector_medians(firms.iter().map(Vec::as_slice), start, 36, min);
        for (m, want) in expected {
            let i = start.months_until(month(m)) as usize;
            let k = Ratio::ALL
                .iter()
                .position(|r| *r == Ratio::MargeEbe)
                .unwrap();
            assert_eq!(medians[i][k], *want, "{m}");
        }
    }

    #[test]
    fn the_sector_median_uses_the_statements_usable_that_month() {
        use BalanceSheetType::{Complete as C, Consolidated as K};
        let firms = vec![
            vec![
                statement("2019-12-31", C, Some(2.0)),
                statement("2020-12-31", C, Some(8.0)),
            ],
            vec![statement("2019-12-31", C, Some(4.0))],
            // Usable from September 2020 only.
            vec![statement("2020-01-31", C, Some(10.0))],
            // Confidential: no margin published, not counted.
            vec![statement("2019-12-31", C, None)],
        ];
        check_sector(
            &firms,
            2,
            &[
                // Before closing + 8 months nothing is usable.
                ("2020-07", None),
                ("2020-08", Some(3.0)),
                ("2020-09", Some(4.0)),
                // The 2020 accounts replace the 2019 ones from August 2021.
                ("2021-08", Some(8.0)),
            ],
        );
        check_sector(&firms, 3, &[("2020-08", None), ("2020-09", Some(4.0))]);
        // A consolidated statement is preferred once usable.
        let firms = vec![
            vec![
                statement("2019-12-31", C, Some(1.0)),
                statement("2019-12-31", K, Some(5.0)),
            ],
            vec![statement("2019-12-31", C, Some(3.0))],
        ];
        check_sector(&firms, 2, &[("2020-08", Some(4.0))]);
    }

    fn event(prefix: &str, start: &str, end: Option<&str>) -> SectorEvent {
        SectorEvent {
            naf_prefix: prefix.to_string(),
            start: month(start),
            end: end.map(month),
            label: format!("événement {prefix}"),
            severity: 2,
        }
    }

    fn check_events(ape: Option<&str>, expected: &[(&str, &str, &str, bool)]) {
        let events = SectorEvents {
            events: vec![
                event("56", "2020-03", Some("2021-06")),
                event("5610", "2019-01", None),
                event("47", "2020-01", Some("2020-12")),
                event("I", "2022-01", Some("2022-02")),
                // Entirely before the panel.
                event("56", "2010-01", Some("2010-12")),
            ],
            issues: Vec::new(),
        };
        let got = event_periods(&events, ape, month("2020-01"), month("2022-12"));
        let want: Vec<(String, Month, Month, bool)> = expected
            .iter()
            .map(|(l, s, e, o)| (format!("événement {l}"), month(s), month(e), *o))
            .collect();
        let got: Vec<(String, Month, Month, bool)> = got
            .into_iter()
            .map(|e| (e.label, e.start, e.end, e.ongoing))
            .collect();
        assert_eq!(got, want, "{ape:?}");
    }

    #[test]
    fn only_the_events_concerning_the_firm_are_shaded() {
        check_events(
            Some("56.10A"),
            &[
                ("56", "2020-03", "2021-06", false),
                ("5610", "2020-01", "2022-12", true),
                ("I", "2022-01", "2022-02", false),
            ],
        );
        check_events(
            Some("5630Z"),
            &[
                ("56", "2020-03", "2021-06", false),
                ("I", "2022-01", "2022-02", false),
            ],
        );
        check_events(Some("4711A"), &[("47", "2020-01", "2020-12", false)]);
        check_events(Some("2511Z"), &[]);
        check_events(None, &[]);
    }

    fn demo(firms: usize, keep: impl Fn(&str) -> bool) -> Panel {
        let files: Vec<crate::ingest::RawFile> = crate::demo::generate(&crate::demo::DemoConfig {
            firms,
            ..crate::demo::DemoConfig::default()
        })
        .into_iter()
        .filter(|f| keep(&f.name))
        .collect();
        crate::pipeline::import(&files).panel.unwrap()
    }

    fn timeline(panel: &Panel, firm: usize) -> FirmTimeline {
        FirmTimeline::new(
            panel,
            firm,
            CrisisWindow::default(),
            &SectorEvents::default(),
            3,
        )
    }

    #[test]
    fn the_series_are_the_panels_and_missing_stays_missing() {
        let panel = demo(150, |_| true);
        let mut zero_ap = 0;
        for f in 0..panel.firms.len() {
            let t = timeline(&panel, f);
            for m in 0..panel.months {
                assert_eq!(t.headcount[m], panel.effectif.get(f, m));
                assert_eq!(t.contributions[m], panel.cotisation.get(f, m));
                // Back to hours, the full-time equivalents are the panel's hours.
                for (fte, hours) in [
                    (t.ap_authorised_fte[m], panel.ap_heures_autorisees.get(f, m)),
                    (t.ap_consumed_fte[m], panel.ap_heures_consommees.get(f, m)),
                ] {
                    match (fte, hours) {
                        (Some(v), Some(h)) => {
                            assert!((v * FULL_TIME_MONTH_HOURS - h).abs() <= 1e-9 * h.max(1.0))
                        }
                        (None, None) => {}
                        other => panic!("firm {f} month {m}: {other:?}"),
                    }
                }
                // The shares add up to the debt as known, and exist exactly when it does.
                let debt = match (t.debt_part_ouvriere[m], t.debt_part_patronale[m]) {
                    (Some(a), Some(b)) => Some(a + b),
                    (None, None) => None,
                    other => panic!("one share only: {other:?}"),
                };
                assert_eq!(debt, panel.debt_known(f, m), "firm {f} month {m}");
                zero_ap += usize::from(t.ap_authorised_fte[m] == Some(0.0));
                if t.headcount[m].is_none() {
                    assert!(!t.headcount_carried[m]);
                }
            }
            for p in &t.payment_plans {
                for m in p.start.until(p.end.next()) {
                    let i = panel.index_of(m).unwrap();
                    assert!(panel.delai_plans.get(f, i).unwrap() > 0.0);
                }
            }
        }
        // The AP files were read: a firm without AP shows 0, not a gap.
        assert!(zero_ap > 0);

        // Without activité partielle, délai and débit files, those series are missing, not 0.
        let panel = demo(150, |n| {
            !n.contains("_ap.csv") && !n.contains("delai") && !n.contains("debit")
        });
        assert!(!panel.ap_heures_autorisees.source_present());
        for f in 0..panel.firms.len() {
            let t = timeline(&panel, f);
            assert!(t.ap_authorised_fte.iter().all(Option::is_none));
            assert!(t.ap_consumed_fte.iter().all(Option::is_none));
            assert!(t.debt_part_ouvriere.iter().all(Option::is_none));
            assert!(t.debt_part_patronale.iter().all(Option::is_none));
            assert!(t.payment_plans.is_empty() && !t.payment_plans_known);
        }
    }

    #[test]
    fn ratios_and_proceedings_come_from_the_panel() {
        let panel = demo(300, |_| true);
        let mut with_median = 0;
        let mut in_procol = 0;
        for f in 0..panel.firms.len() {
            let t = timeline(&panel, f);
            assert_eq!(t.statements, panel.statements.of(f).len());
            if t.statements == 0 {
                assert!(t.ratios.is_empty());
                assert!(t.statement_closing.iter().all(Option::is_none));
            }
            for r in &t.ratios {
                for m in 0..panel.months {
                    let own = panel.statement_at(f, m).and_then(|s| r.ratio.value(s));
                    assert_eq!(r.firm[m], own);
                    with_median += usize::from(r.sector[m].is_some());
                }
            }
            let statuses: Vec<Option<ProcolStatus>> = (0..panel.months)
                .map(|m| {
                    let s = panel.procol_status(f, m);
                    (s != ProcolStatus::InBonis).then_some(s)
                })
                .collect();
            let mut covered = vec![None; panel.months];
            for p in &t.procol {
                for m in p.start.until(p.end.next()) {
                    covered[panel.index_of(m).unwrap()] = Some(p.value);
                }
            }
            assert_eq!(covered, statuses);
            in_procol += usize::from(!t.procol.is_empty());
            let crisis = t.crisis.unwrap();
            assert_eq!(crisis.start, CrisisWindow::default().start);
        }
        assert!(
            with_median > 0 && in_procol > 0,
            "{with_median} {in_procol}"
        );
    }

    #[test]
    fn the_term_history_ends_with_the_published_scores() {
        let files = crate::demo::generate(&crate::demo::DemoConfig {
            firms: 300,
            ..crate::demo::DemoConfig::default()
        });
        let a = crate::pipeline::analyse(&files, None).unwrap();
        for s in a.scores.iter().take(20) {
            let started = std::time::Instant::now();
            let h = term_history(&a.panel, &a.model, &a.events, s.firm, a.at, 12).unwrap();
            let elapsed = started.elapsed();
            assert!(elapsed.as_millis() < 2000, "{elapsed:?}");
            assert_eq!(h.points.len(), 13);
            assert_eq!(h.points[12].month, a.at);
            let now: Vec<f64> = s.score.horizons.iter().map(|h| h.probability).collect();
            assert_eq!(h.points[12].probabilities.as_ref(), Some(&now));
            let k = a.model.alert_horizon.index();
            for (p, past) in h.points.iter().zip(&s.history) {
                match &p.probabilities {
                    Some(ps) => assert_eq!(ps[k] as f32, *past, "{}", p.month),
                    None => assert!(past.is_nan()),
                }
                if let Some(ps) = &p.probabilities {
                    assert!(ps.windows(2).all(|w| w[0] <= w[1]));
                }
            }
        }
    }
}
