//! Activité partielle readers (§4.7–§4.8): requests and monthly consumption, plus the cell
//! helpers (optional numbers and codes, key de-duplication) the financial readers share.

use std::hash::Hash;

use crate::calendar::{Date, Month, days_in_month};
use crate::ids::Siret;
use crate::ingest::fields;
use crate::ingest::readers::Reader;
use crate::ingest::records::Text;
use crate::ingest::records::{ApConso, ApDemande, Records};
use crate::ingest::report::IssueCode;
use crate::ingest::table::{Ledger, Row};

#[cfg(test)]
#[path = "ap_tests.rs"]
mod ap_tests;

/// The legal full-time month (35 h × 52 / 12), the divisor of every FTE figure (§4.7).
pub const FULL_TIME_MONTH_HOURS: f64 = 151.67;

/// Authorised hours of a request spread over the months it covers, pro rata of its days
/// (§4.7, normative): `HTA × (days of [start, end] in M) / days`. Months in order.
pub fn authorised_hours_by_month(d: &ApDemande) -> Vec<(Month, f64)> {
    let day = |date: Date| date.days_since_epoch();
    let total = day(d.end) - day(d.start) + 1;
    if total <= 0 {
        return Vec::new();
    }
    d.start
        .month()
        .until(d.end.month().next())
        .filter_map(|m| {
            let first = day(m.first_day());
            let last = first + i64::from(days_in_month(m.year(), m.month())) - 1;
            let covered = last.min(day(d.end)) - first.max(day(d.start)) + 1;
            (covered > 0).then(|| (m, d.hours_authorised * covered as f64 / total as f64))
        })
        .collect()
}

/// Which decimal separators a number column accepts (§2.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Decimal {
    /// `.` only: a lone comma makes the value unreadable.
    Point,
    /// `,` or `.`.
    Comma,
}

/// §2.4 number rules for a column of the given kind; `Ok((None, _))` is an empty cell.
pub(super) fn number(raw: &str, decimal: Decimal) -> fields::Parsed<Option<f64>> {
    if decimal == Decimal::Point && raw.contains(',') && !raw.contains('.') {
        return Err(IssueCode::BadNumber);
    }
    fields::number(raw)
}

/// An optional number: empty ⇒ missing; unreadable ⇒ missing with a `bad_number` warning.
pub(super) fn optional_number(row: &mut Row, column: &str, decimal: Decimal) -> Option<f64> {
    let raw = row.get(column).to_string();
    match number(&raw, decimal) {
        Ok((value, note)) => {
            if let Some(code) = note {
                row.warn(column, code, code.label_fr());
            }
            value
        }
        Err(code) => {
            row.warn(
                column,
                code,
                format!("« {raw} » : nombre attendu, valeur ignorée"),
            );
            None
        }
    }
}

/// An essential number: empty or unreadable rejects the line.
pub(super) fn required_number(row: &mut Row, column: &str, decimal: Decimal) -> Option<f64> {
    let raw = row.get(column).to_string();
    match number(&raw, decimal) {
        Ok((Some(value), note)) => {
            if let Some(code) = note {
                row.warn(column, code, code.label_fr());
            }
            Some(value)
        }
        Ok((None, _)) => {
            row.error(column, IssueCode::BadNumber, "valeur obligatoire absente");
            None
        }
        Err(code) => {
            row.error(column, code, format!("« {raw} » : nombre attendu"));
            None
        }
    }
}

/// An optional non-negative integer written as an integer or a float (`48.0`); a non-zero
/// fraction is truncated with `fraction_truncated` (§2.4); unreadable ⇒ missing + warning.
pub(super) fn optional_count(row: &mut Row, column: &str, decimal: Decimal) -> Option<u32> {
    let raw = row.get(column).to_string();
    let parsed = match number(&raw, decimal) {
        Ok((None, _)) => return None,
        Ok(_) => fields::count(&raw),
        Err(code) => Err(code),
    };
    match parsed {
        Ok((value, note)) => {
            if let Some(code) = note {
                row.warn(column, code, format!("« {raw} » : {}", code.label_fr()));
            }
            value
        }
        Err(code) => {
            row.warn(
                column,
                code,
                format!("« {raw} » : entier positif attendu, valeur ignorée"),
            );
            None
        }
    }
}

/// An optional code in `range`. Empty ⇒ missing. Outside the list: `unknown_code` warning, and
/// the value is kept when `keep_unknown` (the general rule of §8) or dropped (the AP motif).
fn optional_code(
    row: &mut Row,
    column: &str,
    range: std::ops::RangeInclusive<u8>,
    keep_unknown: bool,
) -> Option<u8> {
    let raw = row.get(column).to_string();
    if raw.is_empty() {
        return None;
    }
    let value = match fields::count(&raw) {
        Ok((Some(v), None)) => u8::try_from(v).ok(),
        _ => None,
    };
    match value {
        Some(v) if range.contains(&v) => Some(v),
        _ => {
            let (lo, hi) = (range.start(), range.end());
            let kept = if keep_unknown {
                "conservée"
            } else {
                "ignorée"
            };
            row.warn(
                column,
                IssueCode::UnknownCode,
                format!("« {raw} » : code {lo} à {hi} attendu, valeur {kept}"),
            );
            value.filter(|_| keep_unknown)
        }
    }
}

/// Dates of the AP files: `YYYY-MM-DD`, `DD/MM/YYYY` or `DD/MM/YY` (→ 20YY), with an optional
/// trailing time part (`T…` or ` …`). Hand-written: three fixed shapes, no time zones.
pub(super) fn ap_date(raw: &str) -> Option<Date> {
    let s = raw.trim();
    let s = s.split([' ', 'T']).next().unwrap_or(s);
    if s.contains('-') {
        return Date::parse_iso(s).ok();
    }
    let mut parts = s.split('/');
    let (Some(d), Some(m), Some(y), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let digits = |p: &str, lens: &[usize]| {
        (lens.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    let (day, month) = (digits(d, &[1, 2])?, digits(m, &[1, 2])?);
    let year = match y.len() {
        2 => 2000 + digits(y, &[2])? as i32,
        _ => digits(y, &[4])? as i32,
    };
    Date::new(year, month, day)
}

fn required_ap_date(row: &mut Row, column: &str) -> Option<Date> {
    let raw = row.get(column).to_string();
    let date = ap_date(&raw);
    if date.is_none() {
        row.error(
            column,
            IssueCode::BadDate,
            format!("« {raw} » : date AAAA-MM-JJ ou JJ/MM/AAAA attendue"),
        );
    }
    date
}

fn optional_ap_date(row: &mut Row, column: &str) -> Option<Date> {
    let raw = row.get(column).to_string();
    if raw.is_empty() {
        return None;
    }
    let date = ap_date(&raw);
    if date.is_none() {
        row.warn(
            column,
            IssueCode::BadDate,
            format!("« {raw} » : date AAAA-MM-JJ ou JJ/MM/AAAA attendue, valeur ignorée"),
        );
    }
    date
}

/// A text identifier that must be present.
fn required_text(row: &mut Row, column: &str, what: &str) -> Option<Text> {
    let value = Text::from(row.get(column));
    if value.is_empty() {
        row.error(column, IssueCode::BadNumber, format!("{what} absent"));
        return None;
    }
    Some(value)
}

/// Records of one file keyed for §8 `conflicting_duplicate`: a later record with the same key
/// replaces the earlier one, whose line the framework then reports as skipped. Kept in the reader
/// until `finish`, so that the replacement never depends on what else `Records` holds.
pub(super) struct Latest<K, T> {
    index: rustc_hash::FxHashMap<K, usize>,
    /// The line each kept item was read on.
    lines: Vec<u64>,
    items: Vec<T>,
}

impl<K, T> Default for Latest<K, T> {
    fn default() -> Latest<K, T> {
        Latest {
            index: rustc_hash::FxHashMap::default(),
            lines: Vec::new(),
            items: Vec::new(),
        }
    }
}

impl<K: Hash + Eq, T> Latest<K, T> {
    /// Keeps `item` read on `row`; `describe` names the key in the report.
    pub(super) fn put(
        &mut self,
        row: &mut Row,
        key: K,
        item: T,
        describe: impl FnOnce() -> String,
    ) {
        match self.index.get(&key) {
            Some(&i) => {
                row.supersede(self.lines[i], describe());
                self.lines[i] = row.line;
                self.items[i] = item;
            }
            None => {
                self.index.insert(key, self.items.len());
                self.lines.push(row.line);
                self.items.push(item);
            }
        }
    }

    /// The kept records, in the order their keys first appeared.
    pub(super) fn drain_into(&mut self, out: &mut Vec<T>) {
        self.index = rustc_hash::FxHashMap::default();
        self.lines = Vec::new();
        let items = std::mem::take(&mut self.items);
        // Moved, not copied, when `out` is empty: a national INPI file is 2 million records.
        if out.is_empty() {
            *out = items;
        } else {
            out.extend(items);
        }
    }
}

/// `ap_demande` (§4.7); key `ID_DA`.
#[derive(Default)]
pub struct ApDemandeReader {
    kept: Latest<Text, ApDemande>,
}

impl Reader for ApDemandeReader {
    fn row(&mut self, row: &mut Row, _out: &mut Records) {
        let request_id = required_text(row, "id_da", "identifiant de demande (ID_DA)");
        let siret = row.siret("etab_siret");
        let start = required_ap_date(row, "date_deb");
        let end = required_ap_date(row, "date_fin");
        if let (Some(s), Some(e)) = (start, end)
            && e < s
        {
            row.error(
                "date_fin",
                IssueCode::BadInterval,
                format!("fin {} antérieure au début {}", e.french(), s.french()),
            );
        }
        let hours_authorised = required_number(row, "hta", Decimal::Point);
        // Optional fields are read even on a rejected row, so that every problem is reported.
        let amount_authorised_eur = optional_number(row, "mta", Decimal::Comma);
        let employees_authorised = optional_count(row, "eff_auto", Decimal::Point);
        let firm_headcount = optional_count(row, "eff_ent", Decimal::Point);
        let reason = optional_code(row, "motif_recours_se", 1..=7, false);
        let scope = optional_code(row, "perimetre_ap", 1..=4, true);
        let status_date = optional_ap_date(row, "date_statut");
        let estab_headcount = optional_count(row, "eff_etab", Decimal::Point);
        let hours_consumed_total = optional_number(row, "s_heure_consom_tot", Decimal::Point);
        let employees_consumed_total = optional_count(row, "s_eff_consom_tot", Decimal::Point);
        let amount_consumed_total_eur =
            optional_number(row, "s_montant_consom_tot", Decimal::Comma);
        let prior_use = optional_code(row, "recours_anterieur", 1..=3, true);
        let (Some(request_id), Some(siret), Some(start), Some(end), Some(hours_authorised), false) = (
            request_id,
            siret,
            start,
            end,
            hours_authorised,
            row.is_rejected(),
        ) else {
            return;
        };
        let key = request_id.clone();
        let demande = ApDemande {
            request_id,
            siret,
            start,
            end,
            hours_authorised,
            amount_authorised_eur,
            employees_authorised,
            firm_headcount,
            reason,
            scope,
            status_date,
            estab_headcount,
            hours_consumed_total,
            employees_consumed_total,
            amount_consumed_total_eur,
            prior_use,
        };
        let description = format!("demande ID_DA {key}");
        self.kept.put(row, key, demande, || description);
    }

    fn finish(&mut self, out: &mut Records, ledger: &mut Ledger) {
        let report = &mut *ledger.report;
        let before = out.ap_demandes.len();
        self.kept.drain_into(&mut out.ap_demandes);
        for d in &out.ap_demandes[before..] {
            report.see_month(d.start.month());
            report.see_month(d.end.month());
        }
    }
}

/// `MOIS` of the consumption file: `YYYY-MM-DD` (any day, optional time), `YYYY-MM`, `MM/YYYY`.
fn conso_month(raw: &str) -> Option<Month> {
    let s = raw.trim();
    if let Some((m, y)) = s.split_once('/') {
        let ok = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
        if !(ok(y, 4) && (ok(m, 2) || ok(m, 1))) {
            return None;
        }
        return Month::new(y.parse().ok()?, m.parse().ok()?);
    }
    if s.len() == 7 {
        return Month::parse(s).ok();
    }
    Date::parse_iso(s).ok().map(Date::month)
}

/// `ap_conso` (§4.8); key (ID_DA, SIRET, month); the last month of the file is provisional.
#[derive(Default)]
pub struct ApConsoReader {
    kept: Latest<(Text, Siret, Month), ApConso>,
}

impl Reader for ApConsoReader {
    fn row(&mut self, row: &mut Row, _out: &mut Records) {
        let request_id = required_text(row, "id_da", "identifiant de demande (ID_DA)");
        let siret = row.siret("etab_siret");
        let raw_month = row.get("mois").to_string();
        let month = conso_month(&raw_month);
        if month.is_none() {
            row.error(
                "mois",
                IssueCode::BadDate,
                format!("« {raw_month} » : mois AAAA-MM-JJ, AAAA-MM ou MM/AAAA attendu"),
            );
        }
        let hours = required_number(row, "heures", Decimal::Point);
        let amount_eur = optional_number(row, "montants", Decimal::Comma);
        let employees = optional_count(row, "effectifs", Decimal::Point);
        let (Some(request_id), Some(siret), Some(month), Some(hours), false) =
            (request_id, siret, month, hours, row.is_rejected())
        else {
            return;
        };
        let key = (request_id.clone(), siret, month);
        let conso = ApConso {
            request_id,
            siret,
            month,
            hours,
            amount_eur,
            employees,
        };
        let description = format!("consommation ID_DA {} / {siret} / {month}", key.0);
        self.kept.put(row, key, conso, || description);
    }

    fn finish(&mut self, out: &mut Records, ledger: &mut Ledger) {
        let report = &mut *ledger.report;
        let before = out.ap_consos.len();
        self.kept.drain_into(&mut out.ap_consos);
        let mut last = None;
        for c in &out.ap_consos[before..] {
            report.see_month(c.month);
            last = last.max(Some(c.month));
        }
        out.ap_conso_last_month = out.ap_conso_last_month.max(last);
    }
}
