//! Firm-level features: one firm's monthly series are copied once into local arrays (NaN =
//! missing), a few as-of series are derived from them in O(months), and every feature of a
//! month is then read off those arrays. Each read goes through the source's lag, so a value
//! of month M is only used from month M + lag on (no look-ahead).

use super::dictionary::{COUNT, Feature};
use super::{FeatureParams, MAX_HEADCOUNT_AGE};
use crate::ingest::records::{CcsfStage, InpiRatios};
use crate::panel::{FULL_TIME_MONTH_HOURS, Panel, statement_as_of};

const NAN: f64 = f64::NAN;

/// `a[i]`, NaN outside the array (before the panel's first month, say).
fn get(a: &[f64], i: isize) -> f64 {
    if i >= 0 && (i as usize) < a.len() {
        a[i as usize]
    } else {
        NAN
    }
}

/// Mean of the known values among `a[end - len + 1 ..= end]`, when at least `min` are known.
fn mean(a: &[f64], end: isize, len: isize, min: usize) -> f64 {
    let (mut sum, mut n) = (0.0, 0);
    for i in end - len + 1..=end {
        let v = get(a, i);
        if !v.is_nan() {
            sum += v;
            n += 1;
        }
    }
    if n >= min.max(1) { sum / n as f64 } else { NAN }
}

/// Population standard deviation of the known values of the window, with at least `min` known.
fn std_dev(a: &[f64], end: isize, len: isize, min: usize) -> f64 {
    let m = mean(a, end, len, min);
    if m.is_nan() {
        return NAN;
    }
    let (mut sum, mut n) = (0.0, 0);
    for i in end - len + 1..=end {
        let v = get(a, i);
        if !v.is_nan() {
            sum += (v - m) * (v - m);
            n += 1;
        }
    }
    (sum / n as f64).sqrt()
}

/// Least-squares slope per month of the known values of the window (at least `min`, and 3).
/// Written out because it is five sums; a regression crate would need the window copied.
fn slope(a: &[f64], end: isize, len: isize, min: usize) -> f64 {
    let (mut n, mut sx, mut sy, mut sxx, mut sxy) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for i in end - len + 1..=end {
        let y = get(a, i);
        if !y.is_nan() {
            let x = i as f64;
            n += 1.0;
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
    }
    let denominator = n * sxx - sx * sx;
    if n < min.max(3) as f64 || denominator.abs() < 1e-12 {
        NAN
    } else {
        (n * sxy - sx * sy) / denominator
    }
}

/// `a / b` when `b` is positive.
fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { NAN }
}

/// The values sector statistics are computed from (see [`super::dictionary::SECTOR_RELATIVE`]).
#[derive(Debug, Clone, Copy)]
pub(super) struct KeyValues {
    pub values: [f64; 5],
}

/// One firm's series over panel months `0..=last`, and its derived as-of series.
pub(super) struct FirmHistory<'a> {
    panel: &'a Panel,
    params: &'a FeatureParams,
    firm: usize,
    debt: Vec<f64>,
    po: Vec<f64>,
    pp: Vec<f64>,
    eff: Vec<f64>,
    ap_consumed: Vec<f64>,
    ap_authorised: Vec<f64>,
    plans: Vec<f64>,
    plan_amount: Vec<f64>,
    plan_expected: Vec<f64>,
    /// As of month t: mean contributions of the 12 last observable months.
    mean_cot: Vec<f64>,
    /// As of month t: debt / mean contributions.
    debt_ratio: Vec<f64>,
    /// Index of the last month ≤ m with a published headcount (or -1).
    last_published: Vec<isize>,
    /// Index of the last month ≤ m with a positive debt (or -1), and of the first one.
    last_debt: Vec<isize>,
    first_debt: isize,
    /// Index of the last month ≤ m with an active payment plan (or -1).
    last_plan: Vec<isize>,
    ln_eff: Vec<f64>,
    /// Crisis window in panel indices (may lie outside the panel).
    crisis: (isize, isize),
}

impl<'a> FirmHistory<'a> {
    pub fn new(panel: &'a Panel, params: &'a FeatureParams, firm: usize, last: usize) -> Self {
        let n = last + 1;
        let series = |s: &crate::panel::Series| {
            let mut v = vec![NAN; n];
            s.fill_row(firm, 0, &mut v);
            v
        };
        let sparse = |s: &crate::panel::SparseSeries| {
            let mut v = vec![NAN; n];
            s.fill_row(firm, 0, &mut v);
            v
        };
        let cot = series(&panel.cotisation);
        let po = series(&panel.dette_part_ouvriere);
        let pp = series(&panel.dette_part_patronale);
        let debt: Vec<f64> = (0..n)
            .map(|m| panel.debt_known(firm, m).unwrap_or(NAN))
            .collect();
        let mut eff = series(&panel.effectif);
        for (m, e) in eff.iter_mut().enumerate() {
            if panel.effectif_carried(m) {
                *e = NAN;
            }
        }
        let lags = params.lags;
        let (lc, ld) = (lags.cotisation as isize, lags.debit as isize);
        let mean_cot: Vec<f64> = (0..n as isize)
            .map(|t| {
                let m = mean(&cot, t - lc, 12, 6);
                if m > 0.0 { m } else { NAN }
            })
            .collect();
        let debt_ratio: Vec<f64> = (0..n as isize)
            .map(|t| ratio(get(&debt, t - ld), get(&mean_cot, t)))
            .collect();
        let last_index = |present: &dyn Fn(usize) -> bool| {
            let mut out = Vec::with_capacity(n);
            let mut last = -1;
            for m in 0..n {
                if present(m) {
                    last = m as isize;
                }
                out.push(last);
            }
            out
        };
        let last_published = last_index(&|m| !eff[m].is_nan());
        let last_debt = last_index(&|m| debt[m] > 0.0);
        let first_debt = debt
            .iter()
            .position(|d| *d > 0.0)
            .map_or(-1, |m| m as isize);
        let plans = sparse(&panel.delai_plans);
        let last_plan = last_index(&|m| plans[m] > 0.0);
        let ln_eff = eff.iter().map(|e| libm::log(1.0 + e)).collect();
        let index = |m: crate::calendar::Month| panel.start.months_until(m) as isize;
        FirmHistory {
            panel,
            params,
            firm,
            ap_consumed: sparse(&panel.ap_heures_consommees),
            ap_authorised: sparse(&panel.ap_heures_autorisees),
            plan_amount: sparse(&panel.delai_montant),
            plan_expected: sparse(&panel.delai_restant_prevu),
            plans,
            debt,
            po,
            pp,
            eff,
            mean_cot,
            debt_ratio,
            last_published,
            last_debt,
            first_debt,
            last_plan,
            ln_eff,
            crisis: (index(params.crisis.start), index(params.crisis.end)),
        }
    }

    fn debt_at(&self, t: isize) -> f64 {
        get(&self.debt, t - self.params.lags.debit as isize)
    }

    /// The last published headcount observable at `t` (month index, value), if recent enough.
    fn headcount(&self, t: isize) -> Option<(isize, f64)> {
        let m = t - self.params.lags.effectif as isize;
        if m < 0 || m as usize >= self.last_published.len() {
            return None;
        }
        let p = self.last_published[m as usize];
        (p >= 0 && t - p <= MAX_HEADCOUNT_AGE).then(|| (p, self.eff[p as usize]))
    }

    fn ap_share(&self, hours: f64, employees: Option<f64>) -> f64 {
        match employees {
            Some(e) if e > 0.0 => hours / FULL_TIME_MONTH_HOURS / e,
            _ => NAN,
        }
    }

    fn in_crisis(&self, m: isize) -> bool {
        self.crisis.0 <= m && m <= self.crisis.1
    }

    /// The values sector statistics need, at `t`.
    pub fn key(&self, t: usize) -> KeyValues {
        let t = t as isize;
        KeyValues {
            values: [
                get(&self.debt_ratio, t),
                self.variation_debt_3m(t),
                self.ap_consumed_share(t),
                self.headcount_change(t, 12),
                self.statement(t).map_or(NAN, |(s, _)| f(s.marge_ebe)),
            ],
        }
    }

    fn variation_debt_3m(&self, t: isize) -> f64 {
        ratio(
            self.debt_at(t) - self.debt_at(t - 3),
            get(&self.mean_cot, t),
        )
    }

    fn ap_consumed_share(&self, t: isize) -> f64 {
        let employees = self.headcount(t).map(|(_, e)| e);
        self.ap_share(
            get(
                &self.ap_consumed,
                t - self.params.lags.ap_consommee as isize,
            ),
            employees,
        )
    }

    fn headcount_change(&self, t: isize, k: isize) -> f64 {
        match self.headcount(t) {
            Some((m, e)) => ratio(e, get(&self.eff, m - k)) - 1.0,
            None => NAN,
        }
    }

    /// The latest statement usable at `t`, and the one of the same type a year before it
    /// (closing 10 to 14 months earlier), for year-on-year changes.
    fn statement(&self, t: isize) -> Option<(&'a InpiRatios, Option<&'a InpiRatios>)> {
        let month = self.panel.start.offset(t as i32);
        let all = self.panel.statements.of(self.firm);
        let i = statement_as_of(all, month)?;
        let s = &all[i];
        let previous = all[..i].iter().rev().find(|p| {
            let gap = p.closing.month().months_until(s.closing.month());
            p.kind == s.kind && (10..=14).contains(&gap)
        });
        Some((s, previous))
    }

    /// Every firm-level feature at `t` into `out` (NaN = missing); the sector-relative ones are
    /// left NaN for the caller.
    pub fn all(&self, t: usize, out: &mut [f64; COUNT]) {
        use Feature as F;
        out.fill(NAN);
        let t = t as isize;
        let mut set = |feature: F, v: f64| out[feature as usize] = v;
        let lags = self.params.lags;
        let mc = get(&self.mean_cot, t);
        let r = |k: isize| get(&self.debt_ratio, t - k);

        // Dette sociale.
        set(F::Dette, self.debt_at(t));
        set(F::DetteSurCotisations, r(0));
        set(F::DetteSurCotisationsLag1, r(1));
        set(F::DetteSurCotisationsLag2, r(2));
        set(F::DetteSurCotisationsLag3, r(3));
        set(F::DetteSurCotisationsLag6, r(6));
        set(F::DetteSurCotisationsLag12, r(12));
        set(F::DetteSurCotisationsMoy3, mean(&self.debt_ratio, t, 3, 2));
        set(F::DetteSurCotisationsMoy6, mean(&self.debt_ratio, t, 6, 3));
        set(
            F::DetteSurCotisationsMoy12,
            mean(&self.debt_ratio, t, 12, 6),
        );
        set(F::TendanceDette6, slope(&self.debt_ratio, t, 6, 3));
        set(F::TendanceDette12, slope(&self.debt_ratio, t, 12, 6));
        set(F::VolatiliteDette12, std_dev(&self.debt_ratio, t, 12, 6));
        set(F::VariationDette3, self.variation_debt_3m(t));
        let d = t - lags.debit as isize;
        let (po, pp) = (get(&self.po, d), get(&self.pp, d));
        set(F::PartOuvriere, ratio(po, po + pp));
        if d >= 0 && (d as usize) < self.last_debt.len() {
            if self.first_debt >= 0 && self.first_debt <= d {
                set(F::MoisDepuisPremiereDette, (t - self.first_debt) as f64);
            }
            let last = self.last_debt[d as usize];
            if last >= 0 {
                set(F::MoisDepuisDerniereDette, (t - last) as f64);
            }
        }
        let headcount = self.headcount(t);
        let employees = headcount.map(|(_, e)| e);
        let per_employee = |t: isize| match self.headcount(t) {
            Some((_, e)) => ratio(self.debt_at(t), e),
            None => NAN,
        };
        set(F::DetteParSalarie, per_employee(t));
        set(
            F::VariationDetteParSalarie3,
            per_employee(t) - per_employee(t - 3),
        );
        set(F::CotisationsMoy12, mc);
        set(
            F::VariationCotisations12,
            ratio(mc, get(&self.mean_cot, t - 12)) - 1.0,
        );
        let (cs, ce) = self.crisis;
        let before = cs - 1;
        let crisis_debt = |until: isize| self.debt_at(until) - self.debt_at(before);
        if t < cs {
            set(F::DetteCrise, 0.0);
        } else {
            let built = crisis_debt(t.min(ce)).max(0.0);
            let pre_crisis_cot = get(&self.mean_cot, before);
            set(F::DetteCrise, ratio(built, pre_crisis_cot));
            if t > ce {
                let at_end = crisis_debt(ce);
                if at_end > 0.0 && ratio(at_end, pre_crisis_cot) >= 0.1 {
                    let repaid = (self.debt_at(ce) - self.debt_at(t)) / at_end;
                    set(F::RemboursementDetteCrise, repaid);
                }
            }
        }

        // Délais de paiement and CCSF.
        let plans = get(&self.plans, t);
        set(F::DelaisActifs, plans);
        set(
            F::DelaiMontantSurCotisations,
            ratio(get(&self.plan_amount, t), mc),
        );
        let amount = get(&self.plan_amount, t);
        if plans > 0.0 && amount > 0.0 {
            set(
                F::EcartDelai,
                (self.debt_at(t) - get(&self.plan_expected, t)) / amount,
            );
        }
        if !plans.is_nan() {
            let last = self.last_plan[t as usize];
            if last >= 0 {
                set(F::MoisDepuisDernierDelai, (t - last) as f64);
            }
        }
        if self.panel.ccsf_source {
            let month = self.panel.start.offset(t as i32);
            let last = self.panel.ccsf[self.firm]
                .iter()
                .rev()
                .find(|(date, _)| date.month() <= month);
            let ongoing =
                last.is_some_and(|(_, s)| matches!(s, CcsfStage::Debut | CcsfStage::Approb));
            set(F::CcsfEnCours, f64::from(u8::from(ongoing)));
            if let Some((date, _)) = last {
                set(
                    F::MoisDepuisCcsf,
                    f64::from(date.month().months_until(month)),
                );
            }
        }

        // Activité partielle.
        let la = lags.ap_consommee as isize;
        set(
            F::PartApAutorisee,
            self.ap_share(get(&self.ap_authorised, t), employees),
        );
        let consumed_share = self.ap_consumed_share(t);
        set(F::PartApConsommee, consumed_share);
        // The last 12 observable months of consumption, latest first (no allocation: this runs
        // for every firm × month).
        let mut hours = [NAN; 12];
        for (j, h) in hours.iter_mut().enumerate() {
            *h = get(&self.ap_consumed, t - la - j as isize);
        }
        let window_mean = |k: usize, min: usize| {
            let (mut sum, mut n) = (0.0, 0);
            for h in hours[..k].iter().filter(|h| !h.is_nan()) {
                sum += self.ap_share(*h, employees);
                n += 1;
            }
            if n >= min { sum / n as f64 } else { NAN }
        };
        set(F::PartApConsommeeMoy3, window_mean(3, 2));
        set(F::PartApConsommeeMoy12, window_mean(12, 6));
        let (mut total, mut known, mut with_hours) = (0.0, 0, 0);
        for h in hours.iter().filter(|h| !h.is_nan()) {
            total += h;
            known += 1;
            with_hours += usize::from(*h > 0.0);
        }
        if known >= 6 {
            set(F::HeuresApCumulees12, total);
            set(F::MoisAp12, with_hours as f64);
        }
        let latest = t - la;
        if self.panel.ap_heures_consommees.source_present() {
            if latest < cs {
                set(F::ApPendantCrise, 0.0);
            } else {
                let (mut sum, mut n) = (0.0, 0);
                for m in cs.max(0)..=latest.min(ce) {
                    let share = self.ap_share(get(&self.ap_consumed, m), employees);
                    if !share.is_nan() {
                        sum += share;
                        n += 1;
                    }
                }
                if n > 0 {
                    set(F::ApPendantCrise, sum / n as f64);
                }
            }
            set(
                F::ApHorsCrise,
                if self.in_crisis(latest) {
                    if consumed_share.is_nan() { NAN } else { 0.0 }
                } else {
                    consumed_share
                },
            );
        }

        // Emploi.
        if let Some((m, e)) = headcount {
            set(F::Effectif, e);
            set(F::Taille, libm::log(1.0 + e));
            set(F::AncienneteEffectif, (t - m) as f64);
            set(F::TendanceEffectif12, slope(&self.ln_eff, m, 12, 6));
        }
        set(F::EvolutionEffectif6, self.headcount_change(t, 6));
        set(F::EvolutionEffectif12, self.headcount_change(t, 12));
        set(F::EvolutionEffectif24, self.headcount_change(t, 24));

        // Santé financière.
        if let Some((s, previous)) = self.statement(t) {
            let month = self.panel.start.offset(t as i32);
            set(
                F::AncienneteBilan,
                f64::from(s.closing.month().months_until(month)),
            );
            set(F::ChiffreAffaires, f(s.chiffre_d_affaires));
            set(F::MargeEbe, f(s.marge_ebe));
            set(
                F::ResultatCourantSurCa,
                f(s.resultat_courant_avant_impots_sur_ca),
            );
            set(F::CafSurCa, f(s.caf_sur_ca));
            set(F::TauxEndettement, f(s.taux_d_endettement));
            set(F::RatioLiquidite, f(s.ratio_de_liquidite));
            set(F::AutonomieFinanciere, f(s.autonomie_financiere));
            set(F::CouvertureInterets, f(s.couverture_des_interets));
            set(F::CapaciteRemboursement, f(s.capacite_de_remboursement));
            set(F::BfrJours, f(s.poids_bfr_exploitation_sur_ca_jours));
            set(F::CreditClientsJours, f(s.credit_clients_jours));
            set(F::CreditFournisseursJours, f(s.credit_fournisseurs_jours));
            set(F::RotationStocksJours, f(s.rotation_des_stocks_jours));
            set(F::RatioVetuste, f(s.ratio_de_vetuste));
            if let Some(p) = previous {
                set(
                    F::VariationChiffreAffaires,
                    ratio(f(s.chiffre_d_affaires), f(p.chiffre_d_affaires)) - 1.0,
                );
                set(F::VariationMargeEbe, f(s.marge_ebe) - f(p.marge_ebe));
                set(
                    F::VariationAutonomieFinanciere,
                    f(s.autonomie_financiere) - f(p.autonomie_financiere),
                );
            }
            let closing = self.panel.start.months_until(s.closing.month()) as isize;
            let overlaps = closing - 11 <= ce && cs <= closing;
            set(F::BilanPendantCrise, f64::from(u8::from(overlaps)));
        }

        // Conjoncture and identity.
        set(F::EnPeriodeDeCrise, f64::from(u8::from(self.in_crisis(t))));
        let info = &self.panel.firms[self.firm];
        let month = self.panel.start.offset(t as i32);
        if let Some(created) = info.created
            && created.month() <= month
        {
            set(
                F::AgeEntreprise,
                f64::from(created.month().months_until(month)) / 12.0,
            );
        }
    }
}

/// An `Option<f32>` statement field as f64 (NaN when missing).
fn f(v: Option<f32>) -> f64 {
    v.map_or(NAN, f64::from)
}
