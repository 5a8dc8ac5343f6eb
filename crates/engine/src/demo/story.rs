//! The generative story: one firm simulated month by month from its latent health. Everything a
//! writer puts in a file, and everything the truth reports, comes from the [`Firm`] built here.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::DemoConfig;
use super::catalogue::{DEPARTEMENTS, LEGAL_FORMS, NAME_TAILS, SECTORS, Sector, index, pick};
use crate::calendar::{Date, Month, days_in_month};
use crate::ids::{Siren, Siret};
use crate::panel::ProcolStatus;

/// Legal full-time month, hours (the AP conversion of §4.7).
pub(super) const FULL_TIME_HOURS: f64 = 151.67;

/// Standard normal draw (Box–Muller with `libm`, for cross-platform determinism).
pub(super) fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = rng.random_range(f64::EPSILON..1.0);
    let u2: f64 = rng.random();
    libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(std::f64::consts::TAU * u2)
}

/// A random day of a month, between `from` and `to` (clamped to the month's length).
pub(super) fn day_in(rng: &mut ChaCha8Rng, m: Month, from: u32, to: u32) -> Date {
    let last = days_in_month(m.year(), m.month()).min(to);
    let day = rng.random_range(from.min(last)..=last);
    Date::new(m.year(), m.month(), day).unwrap_or_else(|| m.first_day())
}

pub(super) fn last_day(m: Month) -> Date {
    Date::new(m.year(), m.month(), days_in_month(m.year(), m.month()))
        .unwrap_or_else(|| m.first_day())
}

/// The day before `d`.
pub(super) fn previous_day(d: Date) -> Date {
    if d.day() > 1 {
        Date::new(d.year(), d.month().month(), d.day() - 1).unwrap_or(d)
    } else {
        last_day(d.month().offset(-1))
    }
}

fn ym(year: i32, month: u32) -> Month {
    Month::from_index(year * 12 + month as i32 - 1)
}

/// The COVID-19 window of the story: March 2020 to June 2021.
pub(super) fn covid(m: Month) -> bool {
    (ym(2020, 3)..=ym(2021, 6)).contains(&m)
}

/// The moratorium on failures (state support, suspended creditor actions): through 2021.
fn moratorium(m: Month) -> bool {
    (ym(2020, 3)..=ym(2021, 12)).contains(&m)
}

/// Failures held back by the moratorium are caught up in 2022–2023.
fn catch_up(m: Month) -> bool {
    (ym(2022, 1)..=ym(2023, 12)).contains(&m)
}

/// Persistent degradations (and, for firms in trouble, recoveries) of a firm's mean health.
fn shift_mean(rng: &mut ChaCha8Rng, mean_health: &mut f64) {
    if rng.random_bool(0.004) {
        *mean_health -= 1.0 + 1.5 * rng.random::<f64>();
    } else if *mean_health < 0.0 && rng.random_bool(0.01) {
        *mean_health += 1.0;
    }
}

pub(super) struct Establishment {
    pub siret: Siret,
    pub commune: String,
    pub postcode: String,
    pub created: Date,
    /// Share of the firm's headcount.
    pub share: f64,
}

/// A firm's situation in one month of the window.
#[derive(Clone, Copy)]
pub(super) struct MonthState {
    pub headcount: u32,
    pub due_cents: i64,
    pub health: f64,
}

/// One row of a debt's history (§4.1): amounts are what remains after the operation.
pub(super) struct DebitOp {
    pub period: Month,
    pub ecn: u32,
    pub hist: u32,
    pub date: Date,
    pub po: i64,
    pub pp: i64,
    pub op: u8,
    pub motif: u8,
    pub procol_code: u8,
}

pub(super) struct Delai {
    pub created: Date,
    pub due: Date,
    pub amount_cents: i64,
    pub stage: &'static str,
    pub case_id: String,
}

impl Delai {
    pub fn duration_days(&self) -> i64 {
        self.due.days_since_epoch() - self.created.days_since_epoch()
    }
}

pub(super) struct ProcolEvent {
    pub date: Date,
    pub label: &'static str,
    /// The firm's status once this event applies (the §4.5 rule, tracked by the story).
    pub status: ProcolStatus,
}

pub(super) struct ApRequest {
    pub id: String,
    pub siret: Siret,
    pub firm_headcount: u32,
    pub estab_headcount: u32,
    pub start: Date,
    pub end: Date,
    pub hours: f64,
    pub employees: u32,
    pub reason: u8,
    pub scope: u8,
    /// Hours consumed per month, written in the consumption file.
    pub consumed: Vec<(Month, f64)>,
}

impl ApRequest {
    pub fn days(&self) -> i64 {
        self.end.days_since_epoch() - self.start.days_since_epoch() + 1
    }
}

/// Names of the INPI ratio columns, in file order (after siren and closing date).
pub(super) const INPI_FIELDS: [&str; 19] = [
    "chiffre_d_affaires",
    "marge_brute",
    "ebe",
    "ebit",
    "resultat_net",
    "taux_d_endettement",
    "ratio_de_liquidite",
    "ratio_de_vetuste",
    "autonomie_financiere",
    "poids_bfr_exploitation_sur_ca",
    "couverture_des_interets",
    "caf_sur_ca",
    "capacite_de_remboursement",
    "marge_ebe",
    "resultat_courant_avant_impots_sur_ca",
    "poids_bfr_exploitation_sur_ca_jours",
    "rotation_des_stocks_jours",
    "credit_clients_jours",
    "credit_fournisseurs_jours",
];

pub(super) struct Statement {
    pub closing: Date,
    pub kind: &'static str,
    pub confidentiality: &'static str,
    pub values: [Option<f64>; 19],
}

/// Everything the story knows about one firm.
pub(super) struct Firm {
    pub siren: Siren,
    pub name: String,
    pub sector: &'static Sector,
    pub dep: &'static str,
    pub legal_category: &'static str,
    pub created: Date,
    pub establishments: Vec<Establishment>,
    pub gestion: String,
    pub account: String,
    /// Small firms declare quarterly (`YYYYQ0` periods).
    pub quarterly: bool,
    /// Per month of the window; `None` before creation and after liquidation.
    pub months: Vec<Option<MonthState>>,
    pub debits: Vec<DebitOp>,
    pub delais: Vec<Delai>,
    pub ccsf: Vec<(Date, &'static str)>,
    pub procol: Vec<ProcolEvent>,
    pub ap: Vec<ApRequest>,
    pub statements: Vec<Statement>,
    /// Liquidation date: establishments closed from then on.
    pub closed: Option<Date>,
    /// Deferred its contributions during COVID-19.
    pub deferred: bool,
    pub in_effectif: bool,
    pub in_sirene: bool,
}

/// One open URSSAF debt of the story.
struct OpenDebt {
    period: Month,
    ecn: u32,
    hist: u32,
    po: i64,
    pp: i64,
    motif: u8,
    deferral: bool,
    /// Month of the last operation: at most one operation per month, so processing dates increase.
    last_op: Month,
}

impl OpenDebt {
    fn cents(&self) -> i64 {
        self.po + self.pp
    }
}

struct Pending {
    at: Month,
    labels: &'static [&'static str],
    status: ProcolStatus,
}

/// Simulates one firm over the window.
pub(super) fn simulate(rng: &mut ChaCha8Rng, siren: Siren, config: &DemoConfig) -> Firm {
    let sector = pick(rng, &SECTORS, |s| s.weight);
    let dep = pick(rng, &DEPARTEMENTS, |d| d.1).0;
    let (form, legal_category, _) = *pick(rng, &LEGAL_FORMS, |f| f.2);
    let name = format!(
        "{} {} {form}",
        sector.names[index(rng, sector.names.len())],
        NAME_TAILS[index(rng, NAME_TAILS.len())]
    );
    let n = (config.start.months_until(config.end) + 1).max(1) as usize;
    let start = config.start;
    let end = config.end;
    // Most firms predate the window; some are created during it.
    let created_month = if rng.random_bool(0.12) {
        start.offset(rng.random_range(0..(n as i32 * 2 / 3).max(1)))
    } else {
        start.offset(-rng.random_range(6..420))
    };
    let created = day_in(rng, created_month, 1, 28);
    let count = pick(rng, &[(1u16, 58u32), (2, 25), (3, 11), (4, 6)], |e| e.1).0;
    let mut establishments = Vec::new();
    let mut remaining_share = 1.0;
    for i in 1..=count {
        let share = if i == count {
            remaining_share
        } else {
            remaining_share * rng.random_range(0.45..0.8)
        };
        remaining_share -= share;
        let commune = if dep.len() == 3 {
            format!("{dep}{:02}", rng.random_range(1..30))
        } else {
            format!("{dep}{:03}", rng.random_range(1..400))
        };
        let postcode = if dep.len() == 3 {
            format!("{dep}{:02}", rng.random_range(0..100))
        } else {
            format!(
                "{}{:03}",
                dep.replace(['A', 'B'], "0"),
                rng.random_range(0..1000)
            )
        };
        let est_created = if i == 1 {
            created
        } else {
            let m = created_month.offset(rng.random_range(0..60)).min(end);
            day_in(rng, m, 1, 28)
        };
        establishments.push(Establishment {
            siret: Siret::from_siren(siren, i),
            commune,
            postcode,
            created: est_created,
            share,
        });
    }
    let gestion = format!("{}", 100 + rng.random_range(0..30));
    let account = format!("{gestion}{siren}{:06}", rng.random_range(0..1_000_000));

    // Latent health and size.
    let mut mean_health = 0.6 + 0.6 * normal(rng);
    // Firms that predate the window have lived through earlier shocks, and those that failed
    // then are not in the window: a burn-in of the mean health where a failure renews the firm,
    // so that the failure rate is stationary from the first month.
    let lived = created_month.months_until(start).clamp(0, 120);
    for _ in 0..lived {
        shift_mean(rng, &mut mean_health);
        if rng.random_bool((0.0012 * libm::exp(-1.5 * mean_health.min(1.5))).min(0.25)) {
            mean_health = 0.6 + 0.6 * normal(rng);
        }
    }
    let mut health = mean_health + 0.4 * normal(rng);
    let base_headcount = libm::exp(3.0 + 0.75 * normal(rng)).clamp(6.0, 400.0);
    let quarterly = base_headcount < 50.0 && rng.random_bool(0.85);
    let mut size = base_headcount;
    let cents_per_employee = 105_000.0 * (1.0 + 0.15 * normal(rng)).max(0.6);
    let deferred = rng.random_bool(if sector.exposed { 0.65 } else { 0.2 });
    let pge = rng.random_bool(if sector.exposed { 0.7 } else { 0.35 });
    let files_accounts = rng.random_bool(0.78);
    let in_effectif = rng.random_bool(0.985);
    let in_sirene = rng.random_bool(0.995);
    let revenue_per_employee = 110_000.0 * libm::exp(0.35 * normal(rng));

    let mut firm = Firm {
        siren,
        name,
        sector,
        dep,
        legal_category,
        created,
        establishments,
        gestion,
        account,
        quarterly,
        months: vec![None; n],
        debits: Vec::new(),
        delais: Vec::new(),
        ccsf: Vec::new(),
        procol: Vec::new(),
        ap: Vec::new(),
        statements: Vec::new(),
        closed: None,
        deferred,
        in_effectif,
        in_sirene,
    };

    let mut debts: Vec<OpenDebt> = Vec::new();
    let mut status = ProcolStatus::InBonis;
    let mut opened = false;
    let mut liquidated: Option<Month> = None;
    let mut pending: Vec<Pending> = Vec::new();
    let mut delai_until: Option<Month> = None;
    let mut last_ap: Option<Month> = None;

    for t in 0..n {
        let m = start.offset(t as i32);
        if m < created_month {
            continue;
        }
        if liquidated.is_some_and(|l| m > l) {
            break;
        }
        // Health: mean reversion around the firm mean plus the sector cycle, noise, rare
        // persistent degradations or recoveries, and the COVID-19 shock for exposed sectors.
        shift_mean(rng, &mut mean_health);
        let phase = f64::from(m.year() * 12 + m.month() as i32 + sector.phase as i32);
        let cycle = 0.25 * libm::sin(std::f64::consts::TAU * phase / 84.0);
        let target = mean_health + cycle;
        let covid_hit = if covid(m) && sector.exposed {
            -0.035
        } else {
            0.0
        };
        health = target + 0.93 * (health - target) + 0.22 * normal(rng) + covid_hit;

        // Collective proceedings: scheduled follow-ups, then a new opening with a hazard that
        // grows as health falls, suppressed by the moratorium and caught up afterwards.
        let mut fired = Vec::new();
        pending.retain(|p| {
            if p.at == m {
                fired.push((p.labels, p.status));
                false
            } else {
                true
            }
        });
        for (labels, new_status) in fired {
            let date = day_in(rng, m, 1, 28);
            for label in labels {
                firm.procol.push(ProcolEvent {
                    date,
                    label,
                    status: new_status,
                });
            }
            status = new_status;
            match new_status {
                ProcolStatus::Liquidation => {
                    liquidated = Some(m);
                    firm.closed = Some(date);
                }
                ProcolStatus::PlanRedressement | ProcolStatus::PlanSauvegarde => {
                    mean_health += 1.5;
                    health += 1.0;
                    if rng.random_bool(0.25) {
                        pending.push(Pending {
                            at: m.offset(rng.random_range(12..48)),
                            labels: &["Ouverture_liquidation"],
                            status: ProcolStatus::Liquidation,
                        });
                    } else if new_status == ProcolStatus::PlanSauvegarde && rng.random_bool(0.4) {
                        pending.push(Pending {
                            at: m.offset(rng.random_range(24..60)),
                            labels: &["Fin_procedure_sauvegarde"],
                            status: ProcolStatus::InBonis,
                        });
                    }
                }
                _ => {}
            }
        }
        if !opened {
            let mut hazard = 0.0012 * libm::exp(-1.5 * health.min(1.5));
            if moratorium(m) {
                hazard *= 0.3;
            } else if catch_up(m) {
                hazard *= 1.6;
            }
            if rng.random_bool(hazard.min(0.25)) {
                opened = true;
                let date = day_in(rng, m, 1, 28);
                let route = rng.random::<f64>();
                let (label, new_status) = if route < 0.25 {
                    ("Ouverture_liquidation", ProcolStatus::Liquidation)
                } else if route < 0.92 {
                    if rng.random_bool(0.7) {
                        pending.push(Pending {
                            at: m.offset(rng.random_range(2..10)),
                            labels: &[
                                "Ouverture_liquidation",
                                "Inclusion_autre_procedure_redressement",
                            ],
                            status: ProcolStatus::Liquidation,
                        });
                    } else {
                        pending.push(Pending {
                            at: m.offset(rng.random_range(6..13)),
                            labels: &["Plan_continuation_redressement"],
                            status: ProcolStatus::PlanRedressement,
                        });
                    }
                    ("Ouverture_redressement", ProcolStatus::Redressement)
                } else {
                    pending.push(Pending {
                        at: m.offset(rng.random_range(6..13)),
                        labels: &["Plan_continuation_sauvegarde"],
                        status: ProcolStatus::PlanSauvegarde,
                    });
                    ("Ouverture_sauvegarde", ProcolStatus::Sauvegarde)
                };
                firm.procol.push(ProcolEvent {
                    date,
                    label,
                    status: new_status,
                });
                status = new_status;
                if new_status == ProcolStatus::Liquidation {
                    liquidated = Some(m);
                    firm.closed = Some(date);
                }
            }
        }

        // Headcount follows health; a proceeding costs jobs.
        size *= 1.0 + 0.012 * libm::tanh(health) + 0.01 * normal(rng);
        if firm.procol.last().is_some_and(|e| e.date.month() == m) {
            size *= 0.8;
        }
        size = size.max(1.0);
        let headcount = libm::round(size) as u32;
        let due_cents =
            libm::round(f64::from(headcount) * cents_per_employee * (1.0 + 0.03 * normal(rng)))
                as i64;
        firm.months[t] = Some(MonthState {
            headcount,
            due_cents,
            health,
        });

        // Unpaid share: from poor health, or a COVID deferral (spring and autumn 2020).
        let deferral = deferred
            && m.year() == 2020
            && (m.month() >= 3 && m.month() <= 6 || sector.exposed && m.month() >= 10);
        let unpaid = if deferral {
            1.0
        } else {
            ((-0.3 - health) * 0.5).clamp(0.0, 1.0)
        };
        if unpaid > 0.05 && m < end && status == ProcolStatus::InBonis {
            let cents = libm::round(due_cents as f64 * unpaid) as i64;
            let motif = if deferral || unpaid >= 1.0 { 24 } else { 25 };
            let debt = OpenDebt {
                period: m,
                ecn: 101,
                hist: 1,
                po: cents * 3 / 10,
                pp: cents - cents * 3 / 10,
                motif,
                deferral,
                last_op: m.next(),
            };
            firm.debits.push(DebitOp {
                period: m,
                ecn: debt.ecn,
                hist: 1,
                date: day_in(rng, m.next(), 5, 20),
                po: debt.po,
                pp: debt.pp,
                op: 1,
                motif,
                procol_code: 0,
            });
            debts.push(debt);
        }

        // Payment plans: for struggling firms with debt, and (2021) for COVID deferrals.
        let stock: i64 = debts.iter().map(OpenDebt::cents).sum();
        let plan_active = delai_until.is_some_and(|d| m < d);
        if !plan_active && stock > 0 && status == ProcolStatus::InBonis && m < end {
            let covid_plan = m.year() == 2021
                && m.month() <= 6
                && health > -0.5
                && debts.iter().any(|d| d.deferral)
                && rng.random_bool(0.25);
            let plain_plan = (-1.2..0.2).contains(&health) && rng.random_bool(0.06);
            if covid_plan || plain_plan {
                let created = day_in(rng, m, 1, 28);
                let months = if covid_plan {
                    rng.random_range(10..19)
                } else {
                    rng.random_range(3..25)
                };
                let due_month = m.offset(months);
                let due = Date::new(due_month.year(), due_month.month(), created.day())
                    .unwrap_or_else(|| due_month.first_day());
                let stage = if rng.random_bool(0.85) {
                    "APPROB"
                } else {
                    "PR"
                };
                firm.delais.push(Delai {
                    created,
                    due,
                    amount_cents: stock,
                    stage,
                    case_id: format!(
                        "{}{:010}",
                        &firm.account[..3],
                        rng.random_range(0..10_000_000_000u64)
                    ),
                });
                delai_until = Some(due_month);
            }
        }

        // CCSF: larger firms with a heavy debt negotiate with all public creditors.
        if firm.ccsf.is_empty()
            && headcount >= 30
            && stock > 2_000_000
            && health < -0.6
            && status == ProcolStatus::InBonis
            && rng.random_bool(0.015)
        {
            let begin = day_in(rng, m, 1, 28);
            firm.ccsf.push((begin, "DEBUT"));
            let decided = m.offset(rng.random_range(1..3));
            let outcome = *pick(rng, &[("APPROB", 6u32), ("REFUS", 3), ("REJ", 1)], |o| o.1);
            if decided <= end {
                firm.ccsf.push((day_in(rng, decided, 1, 28), outcome.0));
                let finished = decided.offset(rng.random_range(12..37));
                if outcome.0 == "APPROB" && finished <= end {
                    firm.ccsf.push((day_in(rng, finished, 1, 28), "FIN"));
                }
            }
        }

        // Repayment: one payment a month at most, allocated to the oldest debts first (so a
        // month touches few debt histories): on a plan's schedule, else with a chance that grows
        // with health; COVID deferrals from 2021 only; nothing while a collective proceeding runs.
        if status == ProcolStatus::InBonis {
            let plan_active = delai_until.is_some_and(|d| m < d);
            let payable = |d: &OpenDebt| d.last_op < m && d.cents() > 0;
            let mut budget: i64 = 0;
            if plan_active {
                // A plan covers every debt, COVID deferrals included.
                for d in &mut debts {
                    d.deferral = false;
                }
                if health >= -1.2 {
                    let left = i64::from(m.months_until(delai_until.unwrap_or(m)).max(1));
                    let due: i64 = debts
                        .iter()
                        .filter(|d| payable(d))
                        .map(OpenDebt::cents)
                        .sum();
                    budget = (due + left - 1) / left;
                }
            } else {
                let ordinary: i64 = debts
                    .iter()
                    .filter(|d| payable(d) && !d.deferral)
                    .map(OpenDebt::cents)
                    .sum();
                let chance = if health > 0.3 {
                    0.45
                } else if health > -0.3 {
                    0.15
                } else {
                    0.02
                };
                if ordinary > 0 && rng.random_bool(chance) {
                    budget = if rng.random_bool(0.7) {
                        ordinary
                    } else {
                        ordinary / 2
                    };
                }
                let deferred: i64 = debts
                    .iter()
                    .filter(|d| payable(d) && d.deferral)
                    .map(OpenDebt::cents)
                    .sum();
                if deferred > 0 && m.year() >= 2021 && health > -0.3 && rng.random_bool(0.1) {
                    for d in debts.iter_mut().filter(|d| d.deferral) {
                        d.deferral = false;
                    }
                    budget += deferred;
                }
            }
            // Booked after the 20th, a payment counts for the next month; not in the last one.
            let latest = if m == end { 20 } else { 28 };
            let date = day_in(rng, m, 1, latest);
            for debt in debts.iter_mut().filter(|d| payable(d) && !d.deferral) {
                if budget <= 0 {
                    break;
                }
                let paid = budget.min(debt.cents());
                budget -= paid;
                let keep = 1.0 - paid as f64 / debt.cents() as f64;
                let po = libm::round(debt.po as f64 * keep) as i64;
                debt.pp = if paid == debt.cents() {
                    0
                } else {
                    debt.cents() - paid - po
                };
                debt.po = if paid == debt.cents() { 0 } else { po };
                debt.hist += 1;
                debt.last_op = m;
                firm.debits.push(DebitOp {
                    period: debt.period,
                    ecn: debt.ecn,
                    hist: debt.hist,
                    date,
                    po: debt.po,
                    pp: debt.pp,
                    op: 2,
                    motif: debt.motif,
                    procol_code: 0,
                });
            }
        }
        debts.retain(|d| d.cents() > 0);

        // Activité partielle: COVID-19 requests (exposed sectors massively), else in hard times.
        let ap_chance = if m == ym(2020, 3) {
            if sector.exposed { 0.88 } else { 0.22 }
        } else if m == ym(2020, 10) {
            if sector.exposed { 0.7 } else { 0.06 }
        } else if !covid(m) && health < -0.6 && last_ap.is_none_or(|l| m.months_until(l).abs() > 12)
        {
            0.012
        } else {
            0.0
        };
        if ap_chance > 0.0 && status != ProcolStatus::Liquidation && rng.random_bool(ap_chance) {
            last_ap = Some(m);
            let (start_day, last_month) = if m == ym(2020, 3) {
                (day_in(rng, m, 9, 25), m.offset(rng.random_range(2..4)))
            } else if m == ym(2020, 10) {
                (day_in(rng, m, 15, 30), m.offset(rng.random_range(5..9)))
            } else {
                (day_in(rng, m, 1, 28), m.offset(rng.random_range(1..6)))
            };
            let end_day = last_day(last_month);
            let e = if firm.establishments.len() > 1 && rng.random_bool(0.3) {
                index(rng, firm.establishments.len())
            } else {
                0
            };
            let estab = &firm.establishments[e];
            let estab_headcount = libm::round(f64::from(headcount) * estab.share).max(1.0) as u32;
            let employees = libm::round(f64::from(estab_headcount) * rng.random_range(0.5..1.0))
                .max(1.0) as u32;
            let reduction = if covid(m) && sector.exposed {
                rng.random_range(0.7..1.0)
            } else {
                rng.random_range(0.25..0.7)
            };
            let mut request = ApRequest {
                id: format!("{:02}{siren}", firm.ap.len() + 1),
                siret: estab.siret,
                firm_headcount: headcount,
                estab_headcount,
                start: start_day,
                end: end_day,
                hours: 0.0,
                employees,
                reason: if covid(m) { 5 } else { 1 },
                scope: if reduction > 0.9 { 3 } else { 1 },
                consumed: Vec::new(),
            };
            let days = request.days() as f64;
            let hours =
                libm::round(f64::from(employees) * FULL_TIME_HOURS * reduction * days / 30.44);
            request.hours = hours;
            let mut month = start_day.month();
            while month <= last_month && month <= end {
                let share = ap_days_in(&request, month) as f64 / days;
                let used = libm::round(hours * share * rng.random_range(0.45..0.95) * 10.0) / 10.0;
                request.consumed.push((month, used));
                month = month.next();
            }
            firm.ap.push(request);
        }
    }

    // After a liquidation: debts written off, then the procedure's administrative closure.
    if let (Some(l), Some(closed)) = (liquidated, firm.closed) {
        for debt in &debts {
            let at = l.offset(rng.random_range(12..31));
            if at <= end {
                firm.debits.push(DebitOp {
                    period: debt.period,
                    ecn: debt.ecn,
                    hist: debt.hist + 1,
                    date: day_in(rng, at, 1, 20),
                    po: 0,
                    pp: 0,
                    op: 3,
                    motif: debt.motif,
                    procol_code: 1,
                });
            }
        }
        let at = closed.month().offset(rng.random_range(12..49));
        if at <= end {
            firm.procol.push(ProcolEvent {
                date: day_in(rng, at, 1, 28),
                label: "Solde_procedure_liquidation",
                status: ProcolStatus::Liquidation,
            });
        }
    }

    if files_accounts {
        firm.statements = statements(rng, &firm, config, pge, revenue_per_employee);
    }
    firm
}

/// Days of a request's authorised interval falling in month `m` (§4.7 spreading).
pub(super) fn ap_days_in(r: &ApRequest, m: Month) -> i64 {
    let from = r
        .start
        .days_since_epoch()
        .max(m.first_day().days_since_epoch());
    let to = r.end.days_since_epoch().min(last_day(m).days_since_epoch());
    (to - from + 1).max(0)
}

/// Yearly statements closing on 31 December, filed for whole years, known 7 months later.
/// Ratios follow the year's mean health; 2020–2021 carry the guaranteed loan (PGE): more debt,
/// more cash.
fn statements(
    rng: &mut ChaCha8Rng,
    firm: &Firm,
    config: &DemoConfig,
    pge: bool,
    revenue_per_employee: f64,
) -> Vec<Statement> {
    let mut out = Vec::new();
    let small = firm
        .months
        .iter()
        .flatten()
        .map(|s| s.headcount)
        .max()
        .unwrap_or(0)
        < 20;
    let consolidated = !small && firm.establishments.len() >= 3 && rng.random_bool(0.3);
    for year in config.start.year()..=config.end.year() {
        if ym(year + 1, 7) > config.end {
            break;
        }
        let states: Vec<MonthState> = (1..=12)
            .filter_map(|mo| {
                let t = config.start.months_until(ym(year, mo));
                usize::try_from(t)
                    .ok()
                    .and_then(|t| firm.months.get(t).copied().flatten())
            })
            .collect();
        if states.len() < 12 {
            continue;
        }
        let h = states.iter().map(|s| s.health).sum::<f64>() / 12.0;
        let staff = states.iter().map(|s| f64::from(s.headcount)).sum::<f64>() / 12.0;
        let closing = Date::new(year, 12, 31).unwrap_or_else(|| ym(year, 12).first_day());
        let mut covid_turnover = 1.0;
        if year == 2020 && firm.sector.exposed {
            covid_turnover = 0.6;
        }
        let ca =
            libm::round(staff * revenue_per_employee * covid_turnover * (1.0 + 0.05 * normal(rng)));
        let marge_ebe = 6.0 + 5.0 * libm::tanh(h) + 1.5 * normal(rng);
        let ebe = libm::round(ca * marge_ebe / 100.0);
        let ebit = libm::round(ebe - ca * (0.025 + 0.01 * rng.random::<f64>()));
        let mut endettement = (70.0 - 35.0 * libm::tanh(h) + 12.0 * normal(rng)).max(0.0);
        let mut liquidite = (115.0 + 35.0 * libm::tanh(h) + 10.0 * normal(rng)).max(5.0);
        if pge && (year == 2020 || year == 2021) {
            endettement += if year == 2020 { 55.0 } else { 40.0 };
            liquidite += if year == 2020 { 40.0 } else { 20.0 };
        }
        let charges = ebe.abs() * (0.05 + 0.02 * endettement / 100.0);
        let resultat = libm::round((ebit - charges) * 0.75);
        let caf = (resultat + ca * 0.02) / ca.max(1.0) * 100.0;
        let round1 = |v: f64| libm::round(v * 10.0) / 10.0;
        let bfr_pct = 10.0 + 3.0 * normal(rng) - 3.0 * libm::tanh(h);
        let values = [
            Some(ca),
            Some(libm::round(ca * (0.35 + 0.05 * normal(rng)))),
            Some(ebe),
            Some(ebit),
            Some(resultat),
            Some(round1(endettement)),
            Some(round1(liquidite)),
            Some(round1((45.0 + 10.0 * normal(rng)).clamp(1.0, 100.0))),
            Some(round1(
                (35.0 + 15.0 * libm::tanh(h) + 5.0 * normal(rng)).clamp(-80.0, 95.0),
            )),
            Some(round1(bfr_pct)),
            Some(round1(charges / ebe.abs().max(1.0) * 100.0)),
            Some(round1(caf)),
            Some(round1(
                (endettement / 100.0 * 4.0 / (caf.abs().max(0.5))).min(99.0),
            )),
            Some(round1(marge_ebe)),
            Some(round1(resultat / ca.max(1.0) * 100.0 / 0.75)),
            Some(round1(bfr_pct * 3.6)),
            Some(round1((25.0 + 8.0 * normal(rng)).max(0.0))),
            Some(round1(
                (55.0 - 10.0 * libm::tanh(h) + 8.0 * normal(rng)).max(0.0),
            )),
            Some(round1(
                (60.0 - 15.0 * libm::tanh(h) + 8.0 * normal(rng)).max(0.0),
            )),
        ];
        let roll = rng.random::<f64>();
        let (confidentiality, values) = if roll < 0.08 {
            // Only the net result is published.
            let mut v = [None; 19];
            v[4] = values[4];
            ("Partiellement confidentiel", v)
        } else if roll < 0.11 {
            let mut v = values;
            v[0] = None;
            v[1] = None;
            ("Partiellement confidentiel (RAPCAC)", v)
        } else {
            ("Public", values)
        };
        out.push(Statement {
            closing,
            kind: if small && rng.random_bool(0.6) {
                "S"
            } else {
                "C"
            },
            confidentiality,
            values,
        });
        if consolidated {
            let mut v = values;
            for x in v.iter_mut().take(5).flatten() {
                *x = libm::round(*x * 1.35);
            }
            out.push(Statement {
                closing,
                kind: "K",
                confidentiality,
                values: v,
            });
        }
    }
    out
}
