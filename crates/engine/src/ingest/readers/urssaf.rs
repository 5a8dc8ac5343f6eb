//! URSSAF readers (§4.1–§4.6, §4.12): débits, cotisations, délais, CCSF, procédures collectives,
//! headcounts, and the legacy account map.

use crate::calendar::Month;
use crate::ids::Siren;
use crate::ingest::fields::{self, Period};
use crate::ingest::kind::is_headcount_column;
use crate::ingest::readers::Reader;
use crate::ingest::records::{
    Cotisation, Debit, HEADCOUNT_MISSING, HeadcountRow, HeadcountTable, ProcolAction, ProcolEvent,
    Records,
};
use crate::ingest::report::{FileReport, IssueCode, LineIssue};
use crate::ingest::table::{Columns, Row};

/// `effectif_ent` (§4.6): one table per file; the month columns are read from the header and the
/// unpublished trailing months found once the whole file is read.
#[derive(Default)]
pub struct FirmHeadcountReader {
    /// `(field position, month)` of every valid month column.
    columns: Vec<(usize, Month)>,
    /// Per month column: whether any row had a value.
    seen: Vec<bool>,
    table: HeadcountTable<Siren>,
}

impl Reader for FirmHeadcountReader {
    fn begin(&mut self, columns: &Columns, _out: &mut Records, report: &mut FileReport) {
        self.columns = headcount_columns(columns, report);
        self.seen = vec![false; self.columns.len()];
        self.table.months = self.columns.iter().map(|(_, m)| *m).collect();
    }

    fn row(&mut self, row: &mut Row, _out: &mut Records) {
        let Some(siren) = row.siren("siren") else {
            return;
        };
        let values = headcount_cells(row, &self.columns, &mut self.seen);
        self.table.rows.push(HeadcountRow {
            unit: siren,
            values,
        });
    }

    fn finish(&mut self, out: &mut Records, _report: &mut FileReport) {
        let mut table = std::mem::take(&mut self.table);
        table.published_until = self
            .seen
            .iter()
            .zip(&table.months)
            .filter(|(seen, _)| **seen)
            .map(|(_, m)| *m)
            .max();
        out.firm_headcounts.push(table);
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

/// Reads the month cells of a row (§4.6 cell rules); a bad cell is missing with a warning.
fn headcount_cells(row: &mut Row, columns: &[(usize, Month)], seen: &mut [bool]) -> Box<[u32]> {
    let mut values = vec![HEADCOUNT_MISSING; columns.len()];
    for (c, (position, _)) in columns.iter().enumerate() {
        let value = row.at(*position).to_string();
        match fields::count(&value) {
            Ok((Some(headcount), note)) => {
                let column = row.column_name(*position).to_string();
                if let Some(code) = note {
                    row.warn(&column, code, code.label_fr());
                }
                values[c] = headcount;
                seen[c] = true;
            }
            Ok((None, _)) => {}
            Err(_) => {
                let column = row.column_name(*position).to_string();
                row.warn(
                    &column,
                    IssueCode::BadHeadcount,
                    format!("« {value} » : effectif entier positif attendu, cellule ignorée"),
                );
            }
        }
    }
    values.into_boxed_slice()
}

pub fn read_cotisation(row: &mut Row, out: &mut Records) {
    let siret = row.siret("siret");
    let period = row.period("periode");
    let due = row.required_number("cotis_due");
    if let (Some(siret), Some(p), Some(due_eur)) = (siret, period, due) {
        out.cotisations.push(Cotisation {
            siret,
            period: period_pair(p),
            due_eur,
        });
    }
}

fn period_pair(p: Period) -> (Month, Month) {
    (p.start, p.end)
}

pub fn read_debit(row: &mut Row, out: &mut Records) {
    let siret = row.siret("siret");
    let period = row.period("periode");
    let ecn = row.get("num_ecn").to_string();
    if ecn.is_empty() {
        row.error(
            "num_ecn",
            IssueCode::BadNumber,
            "numéro d'écart négatif absent",
        );
    }
    let hist_no = row.required_count("num_hist_ecn");
    let processing_date = row.urssaf_date("dt_trt_ecn");
    let po = row.required_cents("mt_po");
    let pp = row.required_cents("mt_pp");
    let op_code = row.get("cd_op_ecn").parse().ok();
    let reason_code = row.get("motif_ecn").parse().ok();
    if let (Some(siret), Some(p), Some(hist_no), Some(processing_date), Some(po), Some(pp), false) = (
        siret,
        period,
        hist_no,
        processing_date,
        po,
        pp,
        row.is_rejected(),
    ) {
        out.debits.push(Debit {
            siret,
            period: period_pair(p),
            ecn,
            hist_no,
            processing_date,
            line: row.line,
            part_ouvriere_cents: po,
            part_patronale_cents: pp,
            op_code,
            reason_code,
        });
    }
}

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

pub fn read_procol(row: &mut Row, out: &mut Records) {
    let siret = row.siret("siret");
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
    if parsed.is_none() {
        row.error(
            "lib_actx_stdx",
            IssueCode::UnknownProcolAction,
            format!("« {label} » : liquidation, redressement ou sauvegarde attendu"),
        );
    }
    if let (Some(siret), Some(date), Some((action, stage)), false) =
        (siret, date, parsed, row.is_rejected())
    {
        out.procols.push(ProcolEvent {
            siren: siret.siren(),
            date,
            action,
            stage,
            line: row.line,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn procol_labels() {
        let check = |label: &str, expected: Option<(ProcolAction, &str)>| {
            assert_eq!(
                parse_procol_label(label),
                expected.map(|(a, s)| (a, s.to_string())),
                "label {label:?}"
            );
        };
        check(
            "Ouverture_redressement",
            Some((ProcolAction::Redressement, "ouverture")),
        );
        check(
            "Solde_procedure_redressement",
            Some((ProcolAction::Redressement, "solde_procedure")),
        );
        check(
            "Plan_continuation_sauvegarde",
            Some((ProcolAction::Sauvegarde, "plan_continuation")),
        );
        check(
            "Ouverture_liquidation",
            Some((ProcolAction::Liquidation, "ouverture")),
        );
        check("Ouverture_faillite", None);
    }
}
