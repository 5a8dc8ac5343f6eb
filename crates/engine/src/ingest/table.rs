//! The generic record loop shared by every reader: field-count check, exact-duplicate skipping,
//! per-record decoding (§2.2) and the per-line outcome accounting of §8. Records arrive already
//! split by [`crate::ingest::split`]; this module never sees the file as a whole.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::calendar::Date;
use crate::ids::{IdError, IdNotes, Siren, Siret};
use crate::ingest::decode::TextEncoding;
use crate::ingest::fields::{self, Period};
use crate::ingest::readers::Reader;
use crate::ingest::records::Records;
use crate::ingest::report::{FileReport, IssueCode, LineIssue};
use crate::ingest::split::quote_scan;

/// Header names (normalised) to field positions; the first occurrence wins.
#[derive(Debug, Clone)]
pub struct Columns {
    pub names: Vec<String>,
    index: FxHashMap<String, usize>,
}

impl Columns {
    /// Normalises header names (§2.1 step 4) and notes duplicated names.
    pub fn new(raw: &[String]) -> (Columns, Vec<String>) {
        let names = normalise_header(raw.iter().map(String::as_str));
        let mut index = FxHashMap::default();
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
        // The hot path of every `Row::get`: on a usual header a length-filtered scan with an
        // inline byte comparison beats hashing plus a `memcmp` call (measured: ~10 % of a
        // cotisation file's reading time). Wide headers keep the map.
        if self.names.len() <= 32 {
            let wanted = name.as_bytes();
            self.names.iter().position(|n| {
                n.len() == wanted.len() && n.bytes().zip(wanted).all(|(a, b)| a == *b)
            })
        } else {
            self.index.get(name).copied()
        }
    }
}

/// §2.1 step 4: trim, Unicode lower-case, drop the empty name a trailing separator produces.
pub fn normalise_header<'a>(raw: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut names: Vec<String> = raw.map(|h| h.trim().to_lowercase()).collect();
    if names.last().is_some_and(String::is_empty) {
        names.pop();
    }
    names
}

struct Issue {
    rejected: bool,
    column: Option<String>,
    code: IssueCode,
    message: String,
}

/// The decoded fields of one record: `text[ends[i-1]..ends[i]]` is field `i`.
#[derive(Clone, Copy)]
struct Fields<'a> {
    text: &'a str,
    ends: &'a [usize],
}

impl<'a> Fields<'a> {
    fn len(self) -> usize {
        self.ends.len()
    }

    fn get(self, i: usize) -> Option<&'a str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..end)
    }

    fn iter(self) -> impl Iterator<Item = &'a str> {
        (0..self.len()).map(move |i| self.get(i).unwrap_or(""))
    }
}

fn trim_value(v: &str) -> &str {
    v.trim_matches(|c: char| c == ' ' || c == '\u{a0}')
}

/// One record under reading: typed accessors that log what they find wrong.
pub struct Row<'a> {
    pub line: u64,
    fields: Fields<'a>,
    columns: &'a Columns,
    issues: Vec<Issue>,
    superseded: Vec<(u64, String)>,
    skipped: bool,
}

impl Row<'_> {
    /// Skips the line by a documented rule (§8 outcome `skipped`, e.g. SIRENE history rows with
    /// purged dates): counted under `code`, no record kept, not an error.
    pub fn skip(&mut self, column: &str, code: IssueCode, message: impl Into<String>) {
        self.warn(column, code, message);
        self.skipped = true;
    }

    /// The trimmed field of a column, `""` when the column is absent.
    pub fn get(&self, column: &str) -> &str {
        self.columns
            .position(column)
            .and_then(|i| self.fields.get(i))
            .map_or("", trim_value)
    }

    /// The trimmed field at a header position (see [`Columns::position`]).
    pub fn at(&self, position: usize) -> &str {
        self.fields.get(position).map_or("", trim_value)
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
            .zip(self.fields.iter())
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

/// Per-file state of the record loop: the reader, the header once seen, and what the §8
/// bookkeeping needs to remember across records.
pub(crate) struct Table {
    reader: Box<dyn Reader + Send>,
    separator: u8,
    encoding: TextEncoding,
    columns: Option<Columns>,
    expected: usize,
    trailing_separator: bool,
    /// Hashes of the normalised records seen: a u64 each, so that a 2 GB file stays affordable.
    seen: FxHashSet<u64>,
    /// One bit per physical line: whether the line ended with warnings, so that a superseded
    /// line leaves the right counter (a bitset, not a set: warnings can be on every line).
    warned: Vec<u64>,
    scratch: String,
    scratch_ends: Vec<usize>,
    hash_input: Vec<u8>,
}

impl Table {
    pub(crate) fn new(
        reader: Box<dyn Reader + Send>,
        separator: u8,
        encoding: TextEncoding,
    ) -> Table {
        Table {
            reader,
            separator,
            encoding,
            columns: None,
            expected: 0,
            trailing_separator: false,
            seen: FxHashSet::default(),
            warned: Vec::new(),
            scratch: String::new(),
            scratch_ends: Vec::new(),
            hash_input: Vec::new(),
        }
    }

    fn header(&mut self, bytes: &[u8], ends: &[usize], report: &mut FileReport, out: &mut Records) {
        let (text, ends, _) = decode_record(
            self.encoding,
            bytes,
            ends,
            &mut self.scratch,
            &mut self.scratch_ends,
        );
        let fields = Fields { text, ends };
        let raw: Vec<String> = fields.iter().map(str::to_string).collect();
        self.trailing_separator = raw.last().is_some_and(|h| h.trim().is_empty());
        let (columns, duplicates) = Columns::new(&raw);
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
        report.header = columns.names.clone();
        self.expected = columns.names.len();
        self.reader.begin(&columns, out, report);
        self.columns = Some(columns);
    }

    /// A blank line: skipped and counted (§2.2), never an entry of its own.
    pub(crate) fn blank(&mut self, report: &mut FileReport) {
        report.records_read += 1;
        report.skipped += 1;
        *report.counts.entry(IssueCode::BlankLine).or_default() += 1;
    }

    pub(crate) fn runaway(&mut self, line: u64, raw: &[u8], report: &mut FileReport) {
        report.records_read += 1;
        report.rejected += 1;
        report.record_issue(LineIssue {
            rejected: true,
            line,
            column: None,
            code: IssueCode::RunawayQuote,
            message: format!(
                "guillemet ouvert à cette ligne et jamais refermé (plus de {} lignes ou {} Kio) : \
                 lecture reprise à la ligne suivante",
                crate::ingest::split::RUNAWAY_LINES,
                crate::ingest::split::RUNAWAY_BYTES / 1024
            ),
            raw: raw_text(raw, self.encoding),
        });
    }

    fn reject(
        &self,
        report: &mut FileReport,
        line: u64,
        code: IssueCode,
        message: String,
        raw: &[u8],
    ) {
        report.rejected += 1;
        report.record_issue(LineIssue {
            rejected: true,
            line,
            column: None,
            code,
            message,
            raw: raw_text(raw, self.encoding),
        });
    }

    /// One record as split from the file (`bytes`/`ends` as csv-core wrote them, `raw` the
    /// physical text). `unterminated`: the file ended inside this record.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn record(
        &mut self,
        line: u64,
        bytes: &[u8],
        ends: &[usize],
        raw: &[u8],
        unterminated: bool,
        report: &mut FileReport,
        out: &mut Records,
    ) {
        if self.columns.is_none() {
            self.header(bytes, ends, report, out);
            return;
        }
        report.records_read += 1;
        let (bare_quote, open_quote) = if memchr::memchr(b'"', raw).is_some() {
            quote_scan(raw, self.separator)
        } else {
            (false, false)
        };
        let expected = self.expected;
        let (text, fends, fallback) = decode_record(
            self.encoding,
            bytes,
            ends,
            &mut self.scratch,
            &mut self.scratch_ends,
        );
        let fields = Fields { text, ends: fends };
        let count = fields.len();
        if unterminated && (open_quote || count < expected) {
            let why = if open_quote {
                "guillemet ouvert à la fin du fichier".to_string()
            } else {
                format!("{count} champs lus, {expected} attendus")
            };
            let message = format!("dernier enregistrement tronqué ({why}) : ligne rejetée");
            self.reject(report, line, IssueCode::TruncatedRecord, message, raw);
            return;
        }
        let count_ok = count == expected
            || (self.trailing_separator && count == expected + 1)
            || (count == expected + 1 && fields.get(expected).is_some_and(str::is_empty));
        if !count_ok {
            let message = format!("{count} champs lus, {expected} attendus d'après l'en-tête");
            self.reject(report, line, IssueCode::FieldCount, message, raw);
            return;
        }
        // XXH3-64, not `FxHasher`: the latter keeps only `usize` bits, 32 on wasm32, where two
        // different lines of a 44 000-line file collided and one was dropped as a "duplicate".
        // XXH3 gives the same 64 bits on every platform (collision odds ≈ n² / 2⁶⁵).
        // One-shot over the normalised fields (the same value as streaming them, much faster).
        self.hash_input.clear();
        for f in fields.iter() {
            self.hash_input.extend_from_slice(f.trim().as_bytes());
            self.hash_input.push(0xff);
        }
        if !self
            .seen
            .insert(xxhash_rust::xxh3::xxh3_64(&self.hash_input))
        {
            report.skipped += 1;
            report.record_issue(LineIssue {
                rejected: false,
                line,
                column: None,
                code: IssueCode::DuplicateLine,
                message: "ligne identique à une ligne précédente : ignorée".to_string(),
                raw: raw_text(raw, self.encoding),
            });
            return;
        }
        let mut issues = Vec::new();
        if bare_quote {
            issues.push(Issue {
                rejected: false,
                column: None,
                code: IssueCode::BareQuote,
                message: "guillemet isolé dans un champ non encadré : pris littéralement".into(),
            });
        }
        if fallback {
            issues.push(Issue {
                rejected: false,
                column: None,
                code: IssueCode::EncodingFallback,
                message: "ligne invalide en UTF-8 : relue en Windows-1252".into(),
            });
        }
        let Some(columns) = self.columns.as_ref() else {
            return;
        };
        let mut row = Row {
            line,
            fields,
            columns,
            issues,
            superseded: Vec::new(),
            skipped: false,
        };
        self.reader.row(&mut row, out);
        let skipped = row.skipped;
        let rejected = row.is_rejected();
        let warned = !row.issues.is_empty();
        let Row {
            issues, superseded, ..
        } = row;
        if !issues.is_empty() {
            let raw = raw_text(raw, self.encoding);
            for issue in issues {
                report.record_issue(LineIssue {
                    rejected: issue.rejected,
                    line,
                    column: issue.column,
                    code: issue.code,
                    message: issue.message,
                    raw: raw.clone(),
                });
            }
        }
        match (rejected, warned) {
            (true, _) => report.rejected += 1,
            (false, _) if skipped => report.skipped += 1,
            (false, true) => {
                report.accepted_with_warnings += 1;
                mark_warned(&mut self.warned, line);
            }
            (false, false) => report.accepted += 1,
        }
        let mut ledger = Ledger {
            report,
            warned: &mut self.warned,
        };
        for (earlier, key) in superseded {
            ledger.supersede(earlier, line, &key);
        }
    }

    /// Whether the header has been read.
    pub(crate) fn has_header(&self) -> bool {
        self.columns.is_some()
    }

    pub(crate) fn finish(&mut self, report: &mut FileReport, out: &mut Records) {
        // No record comes after this: the duplicate hashes (300 MB for a national file) go
        // before the reader's own end-of-file work, which may sort all its records.
        self.seen = FxHashSet::default();
        if self.columns.is_some() {
            let mut ledger = Ledger {
                report,
                warned: &mut self.warned,
            };
            self.reader.finish(out, &mut ledger);
        }
    }
}

fn mark_warned(warned: &mut Vec<u64>, line: u64) {
    let (word, bit) = ((line / 64) as usize, line % 64);
    if warned.len() <= word {
        warned.resize(word + 1, 0);
    }
    warned[word] |= 1 << bit;
}

/// The outcome book of a file, as a reader sees it once every row is read: some rules (débit
/// key conflicts and history order, §4.1) are only decided on the whole file, so they change
/// the outcome of lines already counted.
pub struct Ledger<'a> {
    pub report: &'a mut FileReport,
    /// One bit per physical line: whether the line was counted `accepted_with_warnings`.
    warned: &'a mut Vec<u64>,
}

impl Ledger<'_> {
    fn is_warned(&self, line: u64) -> bool {
        let (word, bit) = ((line / 64) as usize, line % 64);
        self.warned.get(word).is_some_and(|w| w & (1 << bit) != 0)
    }

    /// The accepted line `earlier` loses to line `winner`, which has the same key (§8
    /// `conflicting_duplicate`): its outcome becomes `skipped` and it is reported.
    pub fn supersede(&mut self, earlier: u64, winner: u64, key: &str) {
        if self.is_warned(earlier) {
            let (word, bit) = ((earlier / 64) as usize, earlier % 64);
            self.warned[word] &= !(1 << bit);
            self.report.accepted_with_warnings -= 1;
        } else {
            self.report.accepted -= 1;
        }
        self.report.skipped += 1;
        self.report.record_issue(LineIssue {
            rejected: false,
            line: earlier,
            column: None,
            code: IssueCode::ConflictingDuplicate,
            message: format!("{key} : remplacée par la ligne {winner}, qui a la même clé"),
            raw: String::new(),
        });
    }

    /// A warning found on an accepted line after it was counted: `accepted` becomes
    /// `accepted_with_warnings` (unless it already was).
    pub fn warn(&mut self, line: u64, column: &str, code: IssueCode, message: String) {
        if !self.is_warned(line) {
            self.report.accepted -= 1;
            self.report.accepted_with_warnings += 1;
            mark_warned(self.warned, line);
        }
        self.report.record_issue(LineIssue {
            rejected: false,
            line,
            column: Some(column.to_string()),
            code,
            message,
            raw: String::new(),
        });
    }
}

/// Up to 200 characters of a raw record, line terminator removed, for the report.
fn raw_text(raw: &[u8], encoding: TextEncoding) -> String {
    let raw = raw.strip_suffix(b"\n").unwrap_or(raw);
    let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
    let raw = &raw[..raw.len().min(800)];
    // The 800-byte cut may split a UTF-8 character: keep the valid prefix then.
    let utf8 = match std::str::from_utf8(raw) {
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&raw[..e.valid_up_to()]),
        r => r,
    };
    let text = match (encoding, utf8) {
        (TextEncoding::Utf8, Ok(s)) => std::borrow::Cow::Borrowed(s),
        _ => encoding_rs::WINDOWS_1252.decode_without_bom_handling(raw).0,
    };
    text.chars().take(200).collect()
}

use crate::ingest::decode::decode_record;
