//! The generic record loop shared by every reader: CSV dialect (§2.3), field-count check,
//! exact-duplicate skipping, and the per-line outcome accounting of §8.

use std::collections::HashMap;
use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::calendar::Date;
use crate::ids::{IdError, IdNotes, Siren, Siret};
use crate::ingest::fields::{self, Period};
use crate::ingest::readers::Reader;
use crate::ingest::records::Records;
use crate::ingest::report::{FileReport, IssueCode, LineIssue};

/// Header names (normalised) to field positions; the first occurrence wins.
#[derive(Debug, Clone)]
pub struct Columns {
    pub names: Vec<String>,
    index: HashMap<String, usize>,
}

impl Columns {
    /// Normalises header names (§2.1 step 4) and notes duplicated names.
    pub fn new(raw: &[String]) -> (Columns, Vec<String>) {
        let mut names: Vec<String> = raw.iter().map(|h| h.trim().to_lowercase()).collect();
        if names.last().is_some_and(String::is_empty) {
            names.pop();
        }
        let mut index = HashMap::new();
        let mut duplicates = Vec::new();
        for (i, n) in names.iter().enumerate() {
            if index.contains_key(n) {
                duplicates.push(n.clone());
            } else {
                index.insert(n.clone(), i);
            }
        }
        (Columns { names, index }, duplicates)
    }

    pub fn position(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }
}

struct Issue {
    rejected: bool,
    column: Option<String>,
    code: IssueCode,
    message: String,
}

/// One record under reading: typed accessors that log what they find wrong.
pub struct Row<'a> {
    pub line: u64,
    record: &'a csv::StringRecord,
    columns: &'a Columns,
    issues: Vec<Issue>,
    superseded: Vec<(u64, String)>,
}

impl Row<'_> {
    /// The trimmed field of a column, `""` when the column is absent.
    pub fn get(&self, column: &str) -> &str {
        self.columns
            .position(column)
            .and_then(|i| self.record.get(i))
            .map_or("", |v| v.trim_matches(|c: char| c == ' ' || c == '\u{a0}'))
    }

    /// The trimmed field at a header position (see [`Columns::position`]).
    pub fn at(&self, position: usize) -> &str {
        self.record
            .get(position)
            .map_or("", |v| v.trim_matches(|c: char| c == ' ' || c == '\u{a0}'))
    }

    /// The normalised header name at a position.
    pub fn column_name(&self, position: usize) -> &str {
        self.columns.names.get(position).map_or("", String::as_str)
    }

    /// Declares that this record replaces the record read at `earlier_line` (same key, other
    /// values; §8 `conflicting_duplicate`): the earlier line's outcome becomes `skipped` and it is
    /// reported. The reader removes the earlier record itself.
    pub fn supersede(&mut self, earlier_line: u64, key: impl Into<String>) {
        self.superseded.push((earlier_line, key.into()));
    }

    pub fn fields(&self) -> impl Iterator<Item = (&str, &str)> {
        self.columns
            .names
            .iter()
            .map(String::as_str)
            .zip(self.record.iter())
    }

    pub fn error(&mut self, column: &str, code: IssueCode, message: impl Into<String>) {
        self.issues.push(Issue {
            rejected: true,
            column: Some(column.to_string()),
            code,
            message: message.into(),
        });
    }

    pub fn warn(&mut self, column: &str, code: IssueCode, message: impl Into<String>) {
        self.issues.push(Issue {
            rejected: false,
            column: Some(column.to_string()),
            code,
            message: message.into(),
        });
    }

    pub fn is_rejected(&self) -> bool {
        self.issues.iter().any(|i| i.rejected)
    }

    fn note_id(&mut self, column: &str, notes: IdNotes) {
        if notes.zero_padded {
            self.warn(column, IssueCode::IdZeroPadded, "zéros de tête restaurés");
        }
        if notes.luhn_failed {
            self.warn(
                column,
                IssueCode::LuhnFailed,
                "clé de Luhn incorrecte, ligne conservée",
            );
        }
    }

    fn id_error(&mut self, column: &str, e: IdError, expected: &str) {
        let code = match e {
            IdError::Missing => IssueCode::MissingSiret,
            IdError::BadSiren => IssueCode::BadSiren,
            IdError::BadSiret => IssueCode::BadSiret,
            IdError::ProvisionalSiret => IssueCode::ProvisionalSiret,
        };
        let value = self.get(column).to_string();
        self.error(column, code, format!("« {value} » : {expected} attendu"));
    }

    pub fn siret(&mut self, column: &str) -> Option<Siret> {
        match Siret::parse(self.get(column)) {
            Ok((s, notes)) => {
                self.note_id(column, notes);
                Some(s)
            }
            Err(e) => {
                self.id_error(column, e, "SIRET de 14 chiffres");
                None
            }
        }
    }

    pub fn siren(&mut self, column: &str) -> Option<Siren> {
        match Siren::parse(self.get(column)) {
            Ok((s, notes)) => {
                self.note_id(column, notes);
                Some(s)
            }
            Err(e) => {
                let e = if e == IdError::Missing {
                    IdError::BadSiren
                } else {
                    e
                };
                self.id_error(column, e, "SIREN de 9 chiffres");
                None
            }
        }
    }

    /// Runs a field parser on a column: a note becomes a warning, a failure rejects the line
    /// with "« value » : {expected}".
    fn parsed<T>(
        &mut self,
        column: &str,
        expected: &str,
        parse: impl FnOnce(&str) -> fields::Parsed<T>,
    ) -> Option<T> {
        match parse(self.get(column)) {
            Ok((v, note)) => {
                if let Some(code) = note {
                    self.warn(column, code, code.label_fr());
                }
                Some(v)
            }
            Err(code) => {
                let value = self.get(column).to_string();
                self.error(column, code, format!("« {value} » : {expected}"));
                None
            }
        }
    }

    /// An essential number: missing or unreadable rejects the line.
    pub fn required_number(&mut self, column: &str) -> Option<f64> {
        self.parsed(column, "nombre attendu", fields::required_number)
    }

    /// An essential signed amount in integer cents; a fraction is rounded with a warning.
    pub fn required_cents(&mut self, column: &str) -> Option<i64> {
        let v = self.required_number(column)?;
        if v.fract() != 0.0 {
            self.warn(
                column,
                IssueCode::FractionTruncated,
                "montant en centimes non entier : arrondi",
            );
        }
        Some(v.round() as i64)
    }

    /// An essential non-negative integer.
    pub fn required_count(&mut self, column: &str) -> Option<u32> {
        self.parsed(column, "entier positif attendu", |s| {
            match fields::count(s) {
                Ok((Some(v), note)) => Ok((v, note)),
                _ => Err(IssueCode::BadNumber),
            }
        })
    }

    pub fn period(&mut self, column: &str) -> Option<Period> {
        self.parsed(column, "période AAAAQM attendue", |s| {
            fields::urssaf_period(s).map(|p| (p, None))
        })
    }

    pub fn urssaf_date(&mut self, column: &str) -> Option<Date> {
        self.parsed(column, "date (A)AAMMJJ attendue", fields::urssaf_date)
    }

    /// An optional ISO date: empty is missing; malformed is missing with a warning.
    pub fn optional_iso_date(&mut self, column: &str) -> Option<Date> {
        let value = self.get(column);
        if value.is_empty() {
            return None;
        }
        match Date::parse_iso(value) {
            Ok(d) => Some(d),
            Err(_) => {
                let value = value.to_string();
                self.warn(
                    column,
                    IssueCode::BadDate,
                    format!("« {value} » : date AAAA-MM-JJ attendue"),
                );
                None
            }
        }
    }
}

/// Reads every record of `text` (header already sniffed) and hands it to `read`.
/// Guarantees the §8 invariant: each record read is counted in exactly one outcome.
pub fn for_each_row(
    text: &str,
    separator: u8,
    report: &mut FileReport,
    reader: &mut dyn Reader,
    out: &mut Records,
) -> Columns {
    let mut csv_reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let raw_header: Vec<String> = csv_reader
        .headers()
        .map(|h| h.iter().map(str::to_string).collect())
        .unwrap_or_default();
    let trailing_separator = raw_header.last().is_some_and(|h| h.trim().is_empty());
    let (columns, duplicates) = Columns::new(&raw_header);
    for name in duplicates {
        report.record_issue(LineIssue {
            rejected: false,
            line: 1,
            column: Some(name.clone()),
            code: IssueCode::DuplicateColumn,
            message: format!("colonne « {name} » en double : la première est utilisée"),
            raw: String::new(),
        });
    }
    reader.begin(&columns, out, report);
    let expected = columns.names.len();
    // Lines that ended with warnings, so that a superseded line leaves the right counter.
    let mut warned_lines: HashSet<u64> = HashSet::new();
    let mut seen = HashSet::new();
    let mut record = csv::StringRecord::new();
    loop {
        let line = csv_reader.position().line() + 1;
        match csv_reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                report.records_read += 1;
                report.rejected += 1;
                report.record_issue(LineIssue {
                    rejected: true,
                    line,
                    column: None,
                    code: IssueCode::FieldCount,
                    message: format!("enregistrement illisible : {e}"),
                    raw: String::new(),
                });
                continue;
            }
        }
        let line = record.position().map_or(line, |p| p.line());
        report.records_read += 1;
        let raw = raw_line(&record, separator);
        let count = record.len();
        let count_ok = count == expected
            || (trailing_separator && count == expected + 1)
            || (count == expected + 1 && record.get(expected).is_some_and(str::is_empty));
        if !count_ok {
            report.rejected += 1;
            report.record_issue(LineIssue {
                rejected: true,
                line,
                column: None,
                code: IssueCode::FieldCount,
                message: format!("{count} champs lus, {expected} attendus d'après l'en-tête"),
                raw,
            });
            continue;
        }
        let mut hasher = DefaultHasher::new();
        record.iter().for_each(|f| f.trim().hash(&mut hasher));
        if !seen.insert(hasher.finish()) {
            report.skipped += 1;
            report.record_issue(LineIssue {
                rejected: false,
                line,
                column: None,
                code: IssueCode::DuplicateLine,
                message: "ligne identique à une ligne précédente : ignorée".to_string(),
                raw,
            });
            continue;
        }
        let mut row = Row {
            line,
            record: &record,
            columns: &columns,
            issues: Vec::new(),
            superseded: Vec::new(),
        };
        reader.row(&mut row, out);
        let rejected = row.is_rejected();
        let warned = !row.issues.is_empty();
        for issue in row.issues {
            report.record_issue(LineIssue {
                rejected: issue.rejected,
                line,
                column: issue.column,
                code: issue.code,
                message: issue.message,
                raw: raw.clone(),
            });
        }
        match (rejected, warned) {
            (true, _) => report.rejected += 1,
            (false, true) => {
                report.accepted_with_warnings += 1;
                warned_lines.insert(line);
            }
            (false, false) => report.accepted += 1,
        }
        for (earlier, key) in row.superseded {
            if warned_lines.remove(&earlier) {
                report.accepted_with_warnings -= 1;
            } else {
                report.accepted -= 1;
            }
            report.skipped += 1;
            report.record_issue(LineIssue {
                rejected: false,
                line: earlier,
                column: None,
                code: IssueCode::ConflictingDuplicate,
                message: format!("{key} : remplacée par la ligne {line}, qui a la même clé"),
                raw: String::new(),
            });
        }
    }
    reader.finish(out, report);
    columns
}

fn raw_line(record: &csv::StringRecord, separator: u8) -> String {
    let sep = char::from(separator).to_string();
    let joined = record.iter().collect::<Vec<_>>().join(&sep);
    joined.chars().take(200).collect()
}
