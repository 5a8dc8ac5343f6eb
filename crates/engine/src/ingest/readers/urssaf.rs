//! URSSAF readers (§4.1–§4.6, §4.12): débits, cotisations, délais, CCSF, procédures collectives,
//! headcounts, and the legacy account map.
//!
//! Rows are checked field by field through [`Row`]; a reader pushes a record only when the row was
//! not rejected. Key duplicates (§8 `conflicting_duplicate`) are resolved with [`Row::supersede`]
//! as rows come (headcounts), or with [`Ledger::supersede`] once the file is read (débits), so
//! that the losing line leaves the file's counters as `skipped`.

use std::collections::HashMap;
use std::hash::Hash;

use crate::calendar::{Date, Month};
use crate::ids::{Siren, Siret};
use crate::ingest::fields::{self, Period};
use crate::ingest::kind::is_headcount_column;
use crate::ingest::readers::Reader;
use crate::ingest::records::Text;
use crate::ingest::records::{
    AccountSiret, Ccsf, CcsfStage, Cotisation, Debit, DebitCodes, DebtChange, Delai, Ecn,
    EstablishmentAccount, HEADCOUNT_MISSING, HeadcountRow, HeadcountTable, ProcolAction,
    ProcolEvent, Records, debt_stock_changes,
};
use crate::ingest::report::{FileReport, IssueCode, LineIssue};
use crate::ingest::table::{Columns, Ledger, Row};

// ---------------------------------------------------------------------------------------------
// Shared field helpers (private: the typed accessors of `Row` cover the essential fields).

/// An essential free-text field (account numbers, case ids): empty rejects the line.
fn required_text(row: &mut Row, column: &str, what: &str) -> Option<Text> {
    let value = Text::from(row.get(column));
    if value.is_empty() {
        row.error(column, IssueCode::BadNumber, format!("{what} absent"));
        return None;
    }
    Some(value)
}

/// An optional free-text field: empty is missing.
fn optional_text(row: &Row, column: &str) -> Option<Text> {
    Some(Text::from(row.get(column))).filter(|v| !v.is_empty())
}

/// An optional number (§2.4, comma or point): empty is missing; unreadable is missing + warning.
fn optional_number(row: &mut Row, column: &str) -> Option<f64> {
    let value = row.get(column);
    match fields::number(value) {
        Ok((v, note)) => {
            if let Some(code) = note {
                row.warn(column, code, code.label_fr());
            }
            v
        }
        Err(code) => {
            let message = format!("« {value} » : nombre attendu, valeur ignorée");
            row.warn(column, code, message);
            None
        }
    }
}

/// An optional integer code: empty is missing; unreadable is missing + `bad_number`; a value
/// outside `known` is kept with `unknown_code` (§8).
fn optional_code(row: &mut Row, column: &str, known: fn(u8) -> bool, list: &str) -> Option<u8> {
    let value = row.get(column);
    if value.is_empty() {
        return None;
    }
    match value.parse::<u8>() {
        Ok(code) => {
            if !known(code) {
                let message = format!("« {value} » : code hors de la liste ({list}), conservé");
                row.warn(column, IssueCode::UnknownCode, message);
            }
            Some(code)
        }
        Err(_) => {
            let message = format!("« {value} » : code entier attendu, valeur ignorée");
            row.warn(column, IssueCode::BadNumber, message);
            None
        }
    }
}

/// An optional URSSAF date: empty is missing; unreadable is missing + warning, never a rejection.
fn lenient_urssaf_date(row: &mut Row, column: &str) -> Option<Date> {
    let value = row.get(column);
    if value.is_empty() {
        return None;
    }
    match fields::urssaf_date(value) {
        Ok((d, note)) => {
            if let Some(code) = note {
                row.warn(column, code, code.label_fr());
            }
            Some(d)
        }
        Err(code) => {
            let message = format!("« {value} » : date (A)AAMMJJ attendue, valeur ignorée");
            row.warn(column, code, message);
            None
        }
    }
}

/// `DD/MM/YYYY` (URSSAF délais), or ISO `YYYY-MM-DD` as older documentation said (§4.3).
/// Hand-written: two fixed layouts, validated by `Date::new`; no date crate needed.
fn french_or_iso_date(raw: &str) -> Option<Date> {
    let parts: Vec<&str> = raw.split('/').collect();
    if let [d, m, y] = parts.as_slice() {
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if !(digits(d, 2) || digits(d, 1)) || !(digits(m, 2) || digits(m, 1)) || !digits(y, 4) {
            return None;
        }
        return Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    }
    Date::parse_iso(raw).ok()
}

/// An essential `DD/MM/YYYY`-or-ISO date: missing or unreadable rejects the line.
fn required_french_date(row: &mut Row, column: &str) -> Option<Date> {
    let value = row.get(column).to_string();
    let date = french_or_iso_date(&value);
    if date.is_none() {
        row.error(
            column,
            IssueCode::BadDate,
            format!("« {value} » : date JJ/MM/AAAA attendue"),
        );
    }
    date
}

/// §2.5: a `Siren` column next to a `Siret` column must be the SIRET's first 9 digits; the SIRET
/// wins, the line is kept.
fn check_siren_of_siret(row: &mut Row, column: &str, siret: Siret) {
    let value = row.get(column);
    if value.is_empty() {
        return;
    }
    let matches = Siren::parse(value).is_ok_and(|(s, _)| s == siret.siren());
    if !matches {
        let value = value.to_string();
        row.warn(
            column,
            IssueCode::SirenSiretMismatch,
            format!(
                "« {value} » : différent du SIREN du SIRET ({}), le SIRET est retenu",
                siret.siren()
            ),
        );
    }
}

fn period_pair(p: Period) -> (Month, Month) {
    (p.start, p.end)
}

// ---------------------------------------------------------------------------------------------
// Débits (§4.1).

/// `debit`. Key duplicates and the `hist_no` order (§4.1, §8) are decided once the whole file is
/// read: the file's operations are sorted by debt key, rank, processing date and line, so that
/// each debt's history is contiguous. A sort in place instead of a map from key to history: a
/// national file has 15 million operations, and per-key maps cost several times the records.
#[derive(Default)]
pub struct DebitReader {
    /// Position in `Records::debits` of this file's first operation.
    first: Option<usize>,
    /// The import's only débit file: its operations are resolved into stock changes at the end.
    sole_file: bool,
}

impl DebitReader {
    /// A reader for the import's only débit file, which keeps stock changes per firm and month
    /// ([`DebtChange`]) instead of operations.
    pub fn sole_file() -> DebitReader {
        DebitReader {
            first: None,
            sole_file: true,
        }
    }
}

/// Stock changes per firm and month of one file's operations, sorted by debt key (so by SIRET,
/// so by SIREN): appended to `out` sorted by firm, then month.
fn resolve_stock_changes(ops: &[Debit], out: &mut Vec<DebtChange>) {
    let mut month_changes: Vec<(Month, i64, i64)> = Vec::new();
    let mut history: Vec<&Debit> = Vec::new();
    for firm in ops.chunk_by(|a, b| a.siret.siren() == b.siret.siren()) {
        month_changes.clear();
        debt_stock_changes(firm, &mut history, |m, po, pp| {
            month_changes.push((m, po, pp))
        });
        month_changes.sort_unstable_by_key(|c| c.0);
        let siren = firm[0].siret.siren();
        for same in month_changes.chunk_by(|a, b| a.0 == b.0) {
            out.push(DebtChange {
                siren,
                month: same[0].0,
                part_ouvriere_cents: same.iter().map(|c| c.1).sum(),
                part_patronale_cents: same.iter().map(|c| c.2).sum(),
            });
        }
    }
}

fn known_op_code(c: u8) -> bool {
    matches!(c, 1..=5 | 11..=15)
}

fn known_reason_code(c: u8) -> bool {
    c <= 27
}

fn known_account_state(c: u8) -> bool {
    matches!(c, 1..=3)
}

fn known_procol_code(c: u8) -> bool {
    matches!(c, 0 | 1 | 2 | 9)
}

/// `Recours_en_cours`: empty is missing (§4.1 deviation), unreadable is missing with a warning.
fn appeal(row: &mut Row) -> Option<bool> {
    let value = row.get("recours_en_cours");
    if value.is_empty() {
        return None;
    }
    match fields::boolean(value) {
        Ok(b) => Some(b),
        Err(_) => {
            let value = value.to_string();
            row.warn(
                "recours_en_cours",
                IssueCode::BadBoolean,
                format!("« {value} » : 0, 1, true ou false attendu, valeur ignorée"),
            );
            None
        }
    }
}

/// `Num_Ecn`: essential text, kept inline (see [`Ecn`]).
fn ecn(row: &mut Row) -> Option<Ecn> {
    let value = row.get("num_ecn");
    if let Some(ecn) = Ecn::new(value) {
        return Some(ecn);
    }
    let message = if value.is_empty() {
        "numéro d'écart négatif absent".to_string()
    } else {
        format!(
            "« {value} » : numéro d'écart négatif de {} caractères au plus attendu",
            Ecn::MAX_LEN
        )
    };
    row.error("num_ecn", IssueCode::BadNumber, message);
    None
}

impl Reader for DebitReader {
    fn row(&mut self, row: &mut Row, out: &mut Records) {
        let siret = row.siret("siret");
        if let Some(siret) = siret {
            check_siren_of_siret(row, "siren", siret);
        }
        let period = row.period("periode");
        let ecn = ecn(row);
        let hist_no = row.required_count("num_hist_ecn");
        let processing_date = row.urssaf_date("dt_trt_ecn");
        let po = row.required_cents("mt_po");
        let pp = row.required_cents("mt_pp");
        // Checked, not kept (see `Debit`).
        lenient_urssaf_date(row, "dt_immat");
        let codes = DebitCodes {
            account_state: optional_code(row, "etat_cpte", known_account_state, "1, 2, 3"),
            procol_code: optional_code(row, "cd_pro_col", known_procol_code, "0, 1, 2, 9"),
            op_code: optional_code(row, "cd_op_ecn", known_op_code, "1 à 5, 11 à 15"),
            reason_code: optional_code(row, "motif_ecn", known_reason_code, "0 à 27"),
            appeal_pending: appeal(row),
        };
        let (
            Some(siret),
            Some(period),
            Some(ecn),
            Some(hist_no),
            Some(processing_date),
            Some(po),
            Some(pp),
            false,
        ) = (
            siret,
            period,
            ecn,
            hist_no,
            processing_date,
            po,
            pp,
            row.is_rejected(),
        )
        else {
            return;
        };
        self.first.get_or_insert(out.debits.len());
        out.debits.push(Debit::new(
            siret,
            period_pair(period),
            ecn,
            hist_no,
            processing_date,
            u32::try_from(row.line).unwrap_or(u32::MAX),
            (po, pp),
            codes,
        ));
    }

    fn finish(&mut self, out: &mut Records, ledger: &mut Ledger) {
        let Some(first) = self.first else {
            return;
        };
        let ops = &mut out.debits[first..];
        ops.sort_unstable_by_key(Debit::file_order);
        let describe = |d: &Debit| {
            format!(
                "débit {} période {} écart {} opération {}",
                d.siret, d.period.0, d.ecn, d.hist_no
            )
        };
        // Same key and rank: the later processing date wins, then the later line (§8); the
        // winner is the last of its run. A loser is marked by a zero line (lines start at 2).
        let mut i = 0;
        while i < ops.len() {
            let mut j = i + 1;
            while j < ops.len() && (ops[j].key(), ops[j].hist_no) == (ops[i].key(), ops[i].hist_no)
            {
                j += 1;
            }
            let winner = u64::from(ops[j - 1].line);
            for lost in &mut ops[i..j - 1] {
                ledger.supersede(u64::from(lost.line), winner, &describe(lost));
                lost.line = 0;
            }
            i = j;
        }
        // §4.1: within a debt key, the ranks must follow the processing dates. Of two
        // consecutive ranks that contradict each other, the line read second is warned.
        let mut previous: Option<&Debit> = None;
        for d in ops.iter().filter(|d| d.line != 0) {
            if let Some(p) = previous.filter(|p| p.key() == d.key())
                && p.processing_date > d.processing_date
            {
                let (late, other) = if d.line > p.line { (d, p) } else { (p, d) };
                ledger.warn(
                    u64::from(late.line),
                    "num_hist_ecn",
                    IssueCode::HistOrder,
                    format!(
                        "opération {} traitée le {} : ordre contraire à celui de la ligne {} (traitée le {})",
                        late.hist_no, late.processing_date, other.line, other.processing_date
                    ),
                );
            }
            previous = Some(d);
        }
        let mut position = 0;
        out.debits.retain(|d| {
            position += 1;
            position <= first || d.line != 0
        });
        for d in &out.debits[first..] {
            ledger.report.see_month(d.accounting_month());
        }
        if self.sole_file {
            // Moved out whole when this file is the only source of operations (the usual case).
            let ops = if first == 0 {
                std::mem::take(&mut out.debits)
            } else {
                out.debits.split_off(first)
            };
            resolve_stock_changes(&ops, &mut out.debt_changes);
            out.debt_changes.shrink_to_fit();
        }
        out.debits.shrink_to_fit();
    }
}

// ---------------------------------------------------------------------------------------------
// Cotisations (§4.2).

pub fn read_cotisation(row: &mut Row, out: &mut Records) {
    let siret = row.siret("siret");
    let period = row.period("periode");
    let due = row.required_number("cotis_due");
    let put_in_recovery_eur = optional_number(row, "mer");
    let cashed_eur = optional_number(row, "enc_direct");
    if let (Some(siret), Some(p), Some(due_eur), false) = (siret, period, due, row.is_rejected()) {
        out.cotisations.push(Cotisation::new(
            siret,
            period_pair(p),
            due_eur,
            put_in_recovery_eur,
            cashed_eur,
        ));
    }
}

// ---------------------------------------------------------------------------------------------
// Délais (§4.3).

/// `delai`. Rows without a SIRET are rejected `missing_siret`: resolving them through an
/// `admin_urssaf` map (§4.12) needs both files at once, which a per-file reader does not have.
pub fn read_delai(row: &mut Row, out: &mut Records) {
    let siret = row.siret("siret");
    let account = required_text(row, "numero_compte_externe", "numéro de compte");
    let case_id = required_text(row, "numero_structure", "numéro de structure");
    let created = required_french_date(row, "date_creation");
    let due = required_french_date(row, "date_echeance");
    if let (Some(created), Some(due)) = (created, due)
        && due < created
    {
        row.warn(
            "date_echeance",
            IssueCode::BadInterval,
            format!("échéance {due} antérieure à la création {created}"),
        );
    }
    let duration_days = match fields::count(row.get("duree_delai")) {
        Ok((days, note)) => {
            if let Some(code) = note {
                row.warn("duree_delai", code, code.label_fr());
            }
            days
        }
        Err(_) => {
            let value = row.get("duree_delai").to_string();
            row.warn(
                "duree_delai",
                IssueCode::BadNumber,
                format!("« {value} » : nombre de jours attendu, valeur ignorée"),
            );
            None
        }
    };
    let amount_eur = optional_number(row, "montant_global_echeancier");
    let stage = optional_text(row, "code_externe_stade");
    let action = optional_text(row, "code_externe_action");
    if let (Some(siret), Some(account), Some(case_id), Some(created), Some(due), false) =
        (siret, account, case_id, created, due, row.is_rejected())
    {
        out.delais.push(Delai {
            siret,
            account,
            case_id,
            created,
            due,
            duration_days,
            amount_eur,
            stage,
            action,
        });
    }
}

// ---------------------------------------------------------------------------------------------
// CCSF (§4.4).

fn ccsf_stage(code: &str) -> CcsfStage {
    match code.to_uppercase().as_str() {
        "DEBUT" => CcsfStage::Debut,
        "REFUS" => CcsfStage::Refus,
        "APPROB" => CcsfStage::Approb,
        "FIN" => CcsfStage::Fin,
        "REJ" => CcsfStage::Rej,
        _ => CcsfStage::Other,
    }
}

pub fn read_ccsf(row: &mut Row, out: &mut Records) {
    let siret = row.siret("siret");
    let account = required_text(row, "compte", "numéro de compte");
    let date = row.urssaf_date("date_de_traitement");
    let stage_code = row.get("code_externe_stade").to_string();
    let stage = ccsf_stage(&stage_code);
    if stage == CcsfStage::Other {
        row.warn(
            "code_externe_stade",
            IssueCode::UnknownCode,
            format!("« {stage_code} » : DEBUT, REFUS, APPROB, FIN ou REJ attendu, conservé"),
        );
    }
    let action = row.get("code_externe_action").to_string();
    if !action.eq_ignore_ascii_case("CCSF") {
        row.warn(
            "code_externe_action",
            IssueCode::UnknownCode,
            format!("« {action} » : CCSF attendu, conservé"),
        );
    }
    if let (Some(siret), Some(account), Some(date), false) =
        (siret, account, date, row.is_rejected())
    {
        out.ccsf.push(Ccsf {
            siret,
            date,
            stage,
            account,
            stage_code: stage_code.into(),
            action: action.into(),
        });
    }
}

// ---------------------------------------------------------------------------------------------
// Procédures collectives (§4.5).

/// Splits `Token_Token_…` into (action, stage) as §4.5 prescribes.
pub fn parse_procol_label(label: &str) -> Option<(ProcolAction, String)> {
    let lower = label.trim().to_lowercase();
    let tokens: Vec<&str> = lower.split('_').collect();
    let position = tokens
        .iter()
        .position(|t| matches!(*t, "liquidation" | "redressement" | "sauvegarde"))?;
    let action = match tokens[position] {
        "liquidation" => ProcolAction::Liquidation,
        "redressement" => ProcolAction::Redressement,
        _ => ProcolAction::Sauvegarde,
    };
    let stage = tokens
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != position)
        .map(|(_, t)| *t)
        .collect::<Vec<_>>()
        .join("_");
    Some((action, stage))
}

/// The stages §4.5 names; any other stage counts as an opening for the status rule.
const KNOWN_STAGES: [&str; 6] = [
    "ouverture",
    "plan_continuation",
    "fin_procedure",
    "inclusion_autre_procedure",
    "solde_procedure",
    "abandon_procedure",
];

/// Words seen in stage labels whose exact wording the sources leave open (openings, judgments,
/// plans): a stage made only of these is not warned about.
const KNOWN_STAGE_TOKENS: [&str; 20] = [
    "ouverture",
    "jugement",
    "plan",
    "continuation",
    "cession",
    "conversion",
    "modification",
    "resolution",
    "extension",
    "prononciation",
    "procedure",
    "fin",
    "inclusion",
    "autre",
    "solde",
    "abandon",
    "judiciaire",
    "simplifiee",
    "acceleree",
    "financiere",
];

/// Whether a stage deserves an `unknown_code` warning (§4.5: unknown stages are kept).
fn stage_is_unknown(stage: &str) -> bool {
    !KNOWN_STAGES.contains(&stage)
        && (stage.is_empty() || stage.split('_').any(|t| !KNOWN_STAGE_TOKENS.contains(&t)))
}

pub fn read_procol(row: &mut Row, out: &mut Records) {
    let siret = row.siret("siret");
    if let Some(siret) = siret {
        check_siren_of_siret(row, "siren", siret);
    }
    let date = match fields::day_month_abbrev_year(row.get("dt_effet")) {
        Ok(d) => Some(d),
        Err(code) => {
            let v = row.get("dt_effet").to_string();
            row.error(
                "dt_effet",
                code,
                format!("« {v} » : date JJMMMAAAA attendue (ex. 07MAR2019)"),
            );
            None
        }
    };
    let label = row.get("lib_actx_stdx").to_string();
    let parsed = parse_procol_label(&label);
    match &parsed {
        None => row.error(
            "lib_actx_stdx",
            IssueCode::UnknownProcolAction,
            format!("« {label} » : liquidation, redressement ou sauvegarde attendu"),
        ),
        Some((_, stage)) if stage_is_unknown(stage) => row.warn(
            "lib_actx_stdx",
            IssueCode::UnknownCode,
            format!(
                "« {label} » : étape « {stage} » inconnue, conservée (comptée comme ouverture)"
            ),
        ),
        Some(_) => {}
    }
    let category = optional_text(row, "cat_v2");
    if let (Some(siret), Some(date), Some((action, stage)), false) =
        (siret, date, parsed, row.is_rejected())
    {
        out.procols.push(ProcolEvent {
            siren: siret.siren(),
            date,
            action,
            stage: stage.into(),
            line: row.line,
            category,
        });
    }
}

// ---------------------------------------------------------------------------------------------
// Effectifs (§4.6).

/// One headcount cell after the §4.6 rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell {
    Missing,
    Value { headcount: u32, truncated: bool },
    Negative,
    Bad,
}

/// §4.6 cell rules, written out because they differ from the generic number rule (§2.4): a cell
/// with both `.` and `,`, or any other character, is `bad_headcount`, never reinterpreted.
fn headcount_cell(raw: &str) -> Cell {
    let s: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    if s.is_empty() {
        return Cell::Missing;
    }
    let (negative, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.as_str()),
    };
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    let (whole, truncated) = match body.split_once(['.', ',']) {
        Some((w, f)) if digits(w) && digits(f) => (w, f.bytes().any(|b| b != b'0')),
        None if digits(body) => (body, false),
        _ => return Cell::Bad,
    };
    if negative {
        return Cell::Negative;
    }
    match whole.parse::<u32>() {
        Ok(headcount) if headcount != HEADCOUNT_MISSING => Cell::Value {
            headcount,
            truncated,
        },
        _ => Cell::Bad,
    }
}

/// What identifies a row of a headcount file: SIREN (`effectif_ent`) or SIRET + account
/// (`effectif`).
pub trait HeadcountUnit: Clone + Eq + Hash + Sized {
    /// Reads the unit of a row; `None` when the row is rejected.
    fn read(row: &mut Row) -> Option<Self>;
    fn describe(&self) -> String;
    fn store(table: HeadcountTable<Self>, out: &mut Records);
}

impl HeadcountUnit for Siren {
    fn read(row: &mut Row) -> Option<Siren> {
        row.siren("siren")
    }

    fn describe(&self) -> String {
        format!("SIREN {self}")
    }

    fn store(table: HeadcountTable<Siren>, out: &mut Records) {
        out.firm_headcounts.push(table);
    }
}

impl HeadcountUnit for EstablishmentAccount {
    fn read(row: &mut Row) -> Option<EstablishmentAccount> {
        let siret = row.siret("siret");
        let account = required_text(row, "compte", "numéro de compte");
        Some(EstablishmentAccount {
            siret: siret?,
            account: account?,
        })
    }

    fn describe(&self) -> String {
        format!("SIRET {} compte {}", self.siret, self.account)
    }

    fn store(table: HeadcountTable<EstablishmentAccount>, out: &mut Records) {
        out.establishment_headcounts.push(table);
    }
}

/// `effectif` and `effectif_ent` (§4.6): one table per file; the month columns are read from the
/// header and the unpublished trailing months found once the whole file is read, from per-column
/// counters kept while streaming.
pub struct HeadcountReader<K> {
    /// `(field position, month)` of every valid month column, in header order.
    columns: Vec<(usize, Month)>,
    /// Per month column: whether any kept row had a value.
    seen: Vec<bool>,
    table: HeadcountTable<K>,
    /// Row index and line of every unit read, for the last-wins rule.
    units: HashMap<K, (usize, u64)>,
}

impl<K> Default for HeadcountReader<K> {
    fn default() -> HeadcountReader<K> {
        HeadcountReader {
            columns: Vec::new(),
            seen: Vec::new(),
            table: HeadcountTable::default(),
            units: HashMap::new(),
        }
    }
}

/// The firm headcount reader (`effectif_ent`).
pub type FirmHeadcountReader = HeadcountReader<Siren>;
/// The establishment headcount reader (`effectif`).
pub type EstablishmentHeadcountReader = HeadcountReader<EstablishmentAccount>;

impl<K: HeadcountUnit + Send> Reader for HeadcountReader<K> {
    fn begin(&mut self, columns: &Columns, _out: &mut Records, report: &mut FileReport) {
        self.columns = headcount_columns(columns, report);
        self.seen = vec![false; self.columns.len()];
        self.table.months = self.columns.iter().map(|(_, m)| *m).collect();
    }

    fn row(&mut self, row: &mut Row, _out: &mut Records) {
        let Some(unit) = K::read(row) else {
            return;
        };
        if row.is_rejected() {
            return;
        }
        let values = headcount_cells(row, &self.columns, &mut self.seen);
        let new = HeadcountRow {
            unit: unit.clone(),
            values,
        };
        match self.units.get_mut(&unit) {
            Some((index, line)) => {
                row.supersede(*line, unit.describe());
                *line = row.line;
                if let Some(slot) = self.table.rows.get_mut(*index) {
                    *slot = new;
                }
            }
            None => {
                self.units.insert(unit, (self.table.rows.len(), row.line));
                self.table.rows.push(new);
            }
        }
    }

    fn finish(&mut self, out: &mut Records, ledger: &mut Ledger) {
        let report = &mut *ledger.report;
        let mut table = std::mem::take(&mut self.table);
        let rightmost = self.seen.iter().rposition(|s| *s);
        let published = rightmost.map_or(0, |r| r + 1);
        table.published_until = table.months[..published].iter().max().copied();
        report.trailing_empty_months = (table.months.len() - published) as u32;
        table.months.iter().for_each(|m| report.see_month(*m));
        K::store(table, out);
    }
}

/// The month columns of a headcount header; a column whose period is not a single month is
/// ignored with a file warning.
fn headcount_columns(columns: &Columns, report: &mut FileReport) -> Vec<(usize, Month)> {
    let mut out = Vec::new();
    for (i, name) in columns.names.iter().enumerate() {
        if !is_headcount_column(name) {
            continue;
        }
        match fields::urssaf_period(&name[3..]) {
            Ok(p) if p.months() == 1 => out.push((i, p.start)),
            _ => report.record_issue(LineIssue {
                rejected: false,
                line: 1,
                column: Some(name.clone()),
                code: IssueCode::BadPeriod,
                message: format!(
                    "colonne « {name} » : période d'un seul mois attendue, colonne ignorée"
                ),
                raw: String::new(),
            }),
        }
    }
    out
}

/// Reads the month cells of a row (§4.6 cell rules); a bad cell is missing with a warning and the
/// other months of the row are kept.
fn headcount_cells(row: &mut Row, columns: &[(usize, Month)], seen: &mut [bool]) -> Box<[u32]> {
    let mut values = vec![HEADCOUNT_MISSING; columns.len()];
    for (c, (position, _)) in columns.iter().enumerate() {
        let value = row.at(*position).to_string();
        let column = row.column_name(*position).to_string();
        match headcount_cell(&value) {
            Cell::Missing => {}
            Cell::Value {
                headcount,
                truncated,
            } => {
                if truncated {
                    row.warn(
                        &column,
                        IssueCode::FractionTruncated,
                        format!("« {value} » : effectif non entier, tronqué à {headcount}"),
                    );
                }
                values[c] = headcount;
                seen[c] = true;
            }
            Cell::Negative => row.warn(
                &column,
                IssueCode::BadHeadcount,
                format!("« {value} » : effectif négatif, cellule ignorée"),
            ),
            Cell::Bad => row.warn(
                &column,
                IssueCode::BadHeadcount,
                format!("« {value} » : effectif entier positif attendu, cellule ignorée"),
            ),
        }
    }
    values.into_boxed_slice()
}

// ---------------------------------------------------------------------------------------------
// Legacy account → SIRET map (§4.12).

pub fn read_admin_urssaf(row: &mut Row, out: &mut Records) {
    let account = required_text(row, "compte", "numéro de compte");
    let siret = row.siret("siret");
    if let Some(siret) = siret {
        check_siren_of_siret(row, "siren", siret);
    }
    let created = lenient_urssaf_date(row, "date_crea_siret");
    // Empty = still open; an unreadable date must not pass for "open", so it rejects the line.
    let disappeared = match row.get("date_disp_siret") {
        "" => Some(None),
        _ => row.urssaf_date("date_disp_siret").map(Some),
    };
    if let (Some(account), Some(siret), Some(disappeared), false) =
        (account, siret, disappeared, row.is_rejected())
    {
        out.accounts.push(AccountSiret {
            account,
            siret,
            created,
            disappeared,
        });
    }
}

#[cfg(test)]
#[path = "urssaf_tests.rs"]
mod urssaf_tests;
