//! Ingestion: raw files, recognised by content, decoded and read into typed [`Records`] with a
//! [`FileReport`] each. A bad line never aborts a file; a bad file never aborts the import.
//!
//! Reading is push-based and streaming ([`FileIngest`]): gzip is inflated, UTF-16 transcoded and
//! records split while the chunks arrive, so neither the browser nor the CLI ever holds a whole
//! file (zip and xlsx archives excepted: their directory is at the end).

pub mod archive;
pub(crate) mod decode;
pub use decode::small_text;
pub mod fields;
pub mod kind;
pub mod readers;
pub mod records;
pub mod report;
pub(crate) mod split;
pub mod table;

use std::io::Write;

use crate::ingest::decode::{Sniffed, TextEncoding};
use crate::ingest::kind::{FileKind, name_hint};
use crate::ingest::records::Records;
use crate::ingest::report::{FileReport, IssueCode, LineIssue};
use crate::ingest::split::{Event, Sink, Splitter};
use crate::ingest::table::{Table, normalise_header};

pub use crate::ingest::archive::read_archive;

/// A file as the agent dropped it: its name (a hint only) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// How one file of an import is read, decided before reading from what the other files are
/// ([`plan`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// The import's only débit file: resolved into stock changes as soon as it is read
    /// ([`records::DebtChange`]), which §4.1 allows when no other file holds operations of the
    /// same debts. A national débit file then costs its changes, not its 15 million operations.
    pub sole_debit_file: bool,
}

/// What a file's first bytes say it is, before it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Probe {
    Kind(FileKind),
    /// A zip archive or a spreadsheet: what it holds is only known once it is opened.
    Archive,
    /// No known header: whatever it is, it holds no records.
    Unknown,
}

/// Bytes a probe reads: the header search limit, so that every readable file is recognised.
pub const PROBE_BYTES: usize = MAX_HEADER_BYTES;

/// Recognises a file from its first bytes (up to [`PROBE_BYTES`]; fewer if the file is shorter).
pub fn probe(name: &str, head: &[u8]) -> Probe {
    if head.starts_with(b"PK\x03\x04") {
        return Probe::Archive;
    }
    let mut scratch = Records::default();
    let mut ingest = FileIngest::new(name);
    ingest.push(head, &mut scratch);
    let kind = match &ingest.text.state {
        Text::Head(_) => None,
        _ => ingest.text.report.kind,
    };
    let kind = kind.or_else(|| ingest.finish(&mut scratch).kind);
    kind.map_or(Probe::Unknown, Probe::Kind)
}

/// The reading options of each file of an import, from their probes: a débit file is read as
/// the sole one when no other file is, or may be, a débit file.
pub fn plan(probes: &[Probe]) -> Vec<ReadOptions> {
    let debit_files = probes
        .iter()
        .filter(|p| **p == Probe::Kind(FileKind::Debit))
        .count();
    let archives = probes.contains(&Probe::Archive);
    let sole = debit_files == 1 && !archives;
    probes
        .iter()
        .map(|p| ReadOptions {
            sole_debit_file: sole && *p == Probe::Kind(FileKind::Debit),
        })
        .collect()
}

/// File-level problems: the file is marked fatal in its report and the import goes on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IngestError {
    #[error("fichier vide")]
    Empty,
    #[error("archive gzip illisible : {0}")]
    Gzip(String),
    #[error("archive illisible : {0}")]
    Archive(String),
    #[error("lecture du fichier impossible : {0}")]
    Io(String),
    #[error(
        "type de fichier non reconnu d'après son en-tête ({header}). Types connus et colonnes attendues : {known}"
    )]
    UnknownKind { header: String, known: String },
    #[error(
        "le nom du fichier annonce « {kind} », mais l'en-tête n'a pas les colonnes obligatoires : {missing}"
    )]
    MissingColumn { kind: &'static str, missing: String },
    #[error(
        "fichier reconnu comme « {0} », dont la lecture n'est pas encore prise en charge : aucune ligne lue"
    )]
    Unsupported(&'static str),
}

/// Marks `report` fatal with `error`, counting the spec's file-level code.
fn fail(report: &mut FileReport, error: IngestError) {
    let code = match &error {
        IngestError::Empty => Some(IssueCode::EmptyFile),
        IngestError::UnknownKind { .. } => Some(IssueCode::UnknownFileKind),
        IngestError::MissingColumn { .. } => Some(IssueCode::MissingColumn),
        _ => None,
    };
    if let Some(code) = code {
        report.record_issue(LineIssue {
            rejected: false,
            line: 1,
            column: None,
            code,
            message: error.to_string(),
            raw: String::new(),
        });
    }
    report.fatal = Some(error.to_string());
}

/// The header's separator, kind and normalised names: each candidate separator in the spec's
/// order, quotes honoured (§2.1). Run once per file, so the `csv` crate's convenience is fine.
fn sniff_header(text: &str) -> Option<(u8, FileKind, Vec<String>)> {
    [b';', b',', b'\t', b'|'].into_iter().find_map(|sep| {
        let header = header_names(text, sep)?;
        kind::detect(&header).map(|kind| (sep, kind, header))
    })
}

fn header_names(text: &str, sep: u8) -> Option<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sep)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let first = reader.records().next()?.ok()?;
    Some(normalise_header(first.iter()))
}

fn known_kinds() -> String {
    kind::ALL_KINDS
        .iter()
        .map(|k| format!("{} ({})", k.id(), k.required_columns().join(", ")))
        .collect::<Vec<_>>()
        .join(" ; ")
}

/// Record counts before a file is read, so the file's own period can be found afterwards.
#[derive(Debug, Clone, Copy)]
struct Marks([usize; 9]);

fn month_marks(r: &Records) -> Marks {
    Marks([
        r.firm_headcounts.len(),
        r.cotisations.len(),
        r.debits.len(),
        r.establishment_headcounts.len(),
        r.delais.len(),
        r.ccsf.len(),
        r.procols.len(),
        r.ap_demandes.len(),
        r.ap_consos.len(),
    ])
}

fn note_period(r: &Records, before: Marks, report: &mut FileReport) {
    let [fh, co, de, eh, dl, cc, pc, ad, ac] = before.0;
    let tail = |v: usize, from: usize| from.min(v);
    for t in &r.firm_headcounts[tail(r.firm_headcounts.len(), fh)..] {
        t.months.iter().for_each(|m| report.see_month(*m));
    }
    for t in &r.establishment_headcounts[tail(r.establishment_headcounts.len(), eh)..] {
        t.months.iter().for_each(|m| report.see_month(*m));
    }
    for c in &r.cotisations[tail(r.cotisations.len(), co)..] {
        report.see_month(c.period.0);
    }
    for d in &r.debits[tail(r.debits.len(), de)..] {
        report.see_month(d.accounting_month());
    }
    for d in &r.delais[tail(r.delais.len(), dl)..] {
        report.see_month(d.created.month());
    }
    for c in &r.ccsf[tail(r.ccsf.len(), cc)..] {
        report.see_month(c.date.month());
    }
    for p in &r.procols[tail(r.procols.len(), pc)..] {
        report.see_month(p.date.month());
    }
    for a in &r.ap_demandes[tail(r.ap_demandes.len(), ad)..] {
        report.see_month(a.start.month());
        report.see_month(a.end.month());
    }
    for a in &r.ap_consos[tail(r.ap_consos.len(), ac)..] {
        report.see_month(a.month);
    }
}

/// Feeds split records to the table with the report and the records they update.
struct Feed<'a> {
    table: &'a mut Table,
    report: &'a mut FileReport,
    out: &'a mut Records,
}

impl Sink for Feed<'_> {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Record {
                line,
                fields,
                ends,
                raw,
                unterminated,
            } => self
                .table
                .record(line, fields, ends, raw, unterminated, self.report, self.out),
            Event::Blank => {
                if self.table.has_header() {
                    self.table.blank(self.report);
                }
            }
            Event::Runaway { line, raw } => self.table.runaway(line, raw, self.report),
        }
    }
}

/// The text stage: waits for the header line, recognises the file, then splits records.
struct TextStage {
    name: String,
    options: ReadOptions,
    report: FileReport,
    /// UTF-8 fixed by a BOM or by transcoding; otherwise decided on the header.
    fixed_utf8: bool,
    state: Text,
    marks: Option<Marks>,
}

enum Text {
    Head(Vec<u8>),
    Body(Box<Body>),
    Done,
}

struct Body {
    splitter: Splitter,
    table: Table,
}

/// The header line is looked for in at most this many bytes.
const MAX_HEADER_BYTES: usize = 1 << 20;

/// Bytes looked at (header and first records) to tell a UTF-8 file from a Windows-1252 one.
const ENCODING_SAMPLE_BYTES: usize = 64 << 10;

/// Whether a file without BOM is Windows-1252 throughout: its header is not UTF-8, or its first
/// records have lines that are not UTF-8 and none that is UTF-8 beyond ASCII. Deciding on the
/// header alone (§2.2) would read an old Latin-1 URSSAF delivery with a plain ASCII header as
/// UTF-8 and flag every accented line `encoding_fallback`; a UTF-8 file with an odd bad line
/// still has UTF-8 accents nearby and keeps the per-line fallback.
fn is_windows_1252(header: &[u8], sample: &[u8]) -> bool {
    if std::str::from_utf8(header).is_err() {
        return true;
    }
    // The sample may end inside a character: only whole lines count.
    let whole = memchr::memrchr(b'\n', sample).map_or(&sample[..0], |i| &sample[..i]);
    let (mut invalid, mut utf8_beyond_ascii) = (0, 0);
    for line in whole.split(|b| *b == b'\n') {
        match std::str::from_utf8(line) {
            Err(_) => invalid += 1,
            Ok(text) if !text.is_ascii() => utf8_beyond_ascii += 1,
            Ok(_) => {}
        }
    }
    invalid > 0 && utf8_beyond_ascii == 0
}

impl TextStage {
    fn push(&mut self, data: &[u8], out: &mut Records) {
        match &mut self.state {
            Text::Head(head) => {
                head.extend_from_slice(data);
                // The header plus a sample of records: the encoding is decided on both.
                if (memchr::memchr(b'\n', head).is_some() && head.len() >= ENCODING_SAMPLE_BYTES)
                    || head.len() >= MAX_HEADER_BYTES
                {
                    let head = std::mem::take(head);
                    self.start(head, out);
                }
            }
            Text::Body(body) => body.splitter.push(
                data,
                &mut Feed {
                    table: &mut body.table,
                    report: &mut self.report,
                    out,
                },
            ),
            Text::Done => {}
        }
    }

    /// Recognises the file from its header line, then reads `head` as the start of the body.
    fn start(&mut self, head: Vec<u8>, out: &mut Records) {
        self.state = Text::Done;
        let line_end = memchr::memchr(b'\n', &head).unwrap_or(head.len());
        let first = &head[..line_end];
        let first = first.strip_suffix(b"\r").unwrap_or(first);
        let encoding = if self.fixed_utf8 || !is_windows_1252(first, &head[line_end..]) {
            TextEncoding::Utf8
        } else {
            TextEncoding::Windows1252
        };
        if self.report.encoding.is_empty() {
            self.report.encoding = match encoding {
                TextEncoding::Utf8 => "UTF-8",
                TextEncoding::Windows1252 => "Windows-1252",
            }
            .to_string();
        }
        let header = match encoding {
            TextEncoding::Utf8 => String::from_utf8_lossy(first).into_owned(),
            TextEncoding::Windows1252 => encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(first)
                .0
                .into_owned(),
        };
        let hint = name_hint(&self.name);
        let Some((separator, kind, names)) = sniff_header(&header) else {
            let error = self.unrecognised(&header, hint);
            fail(&mut self.report, error);
            return;
        };
        self.report.kind = Some(kind);
        self.report.separator = Some(char::from(separator));
        self.report.header = names;
        if let Some(hinted) = hint.filter(|h| *h != kind) {
            self.report.record_issue(LineIssue {
                rejected: false,
                line: 1,
                column: None,
                code: IssueCode::WrongFileKind,
                message: format!(
                    "le nom « {} » annonce « {} », l'en-tête est celui de « {} » : fichier lu comme « {} »",
                    self.name,
                    hinted.label_fr(),
                    kind.label_fr(),
                    kind.label_fr()
                ),
                raw: String::new(),
            });
        }
        let Some(reader) = readers::reader_for(kind, self.options) else {
            fail(&mut self.report, IngestError::Unsupported(kind.id()));
            return;
        };
        self.marks = Some(month_marks(out));
        let mut body = Box::new(Body {
            splitter: Splitter::new(separator),
            table: Table::new(reader, separator, encoding),
        });
        body.splitter.push(
            &head,
            &mut Feed {
                table: &mut body.table,
                report: &mut self.report,
                out,
            },
        );
        self.state = Text::Body(body);
    }

    /// No signature matched: a missing column if the name announces a kind whose signature is
    /// partly there, else an unknown kind.
    fn unrecognised(&self, header: &str, hint: Option<FileKind>) -> IngestError {
        if let Some(kind) = hint {
            let missing = [b';', b',', b'\t', b'|'].into_iter().find_map(|sep| {
                header_names(header, sep).and_then(|names| kind.missing_columns(&names))
            });
            if let Some(missing) = missing {
                return IngestError::MissingColumn {
                    kind: kind.id(),
                    missing: missing.join(", "),
                };
            }
        }
        let shown: String = header.chars().take(200).collect();
        IngestError::UnknownKind {
            header: format!("« {shown} »"),
            known: known_kinds(),
        }
    }

    fn finish(mut self, out: &mut Records) -> FileReport {
        if let Text::Head(head) = &mut self.state {
            let head = std::mem::take(head);
            if is_blank(&head) {
                self.state = Text::Done;
                if self.report.fatal.is_none() {
                    fail(&mut self.report, IngestError::Empty);
                }
                return self.report;
            }
            self.start(head, out);
        }
        if let Text::Body(body) = &mut self.state {
            let mut feed = Feed {
                table: &mut body.table,
                report: &mut self.report,
                out,
            };
            body.splitter.finish(&mut feed);
            body.table.finish(&mut self.report, out);
            if self.report.records_read == 0 && self.report.fatal.is_none() {
                fail(&mut self.report, IngestError::Empty);
            }
            if let Some(marks) = self.marks {
                note_period(out, marks, &mut self.report);
            }
        }
        self.report
    }
}

fn is_blank(bytes: &[u8]) -> bool {
    bytes.iter().all(u8::is_ascii_whitespace)
}

/// The encoding stage: sniffs the first bytes, then passes bytes on (transcoded if UTF-16).
enum EncodingStage {
    Sniffing(Vec<u8>),
    Utf16 {
        decoder: Box<encoding_rs::Decoder>,
        buffer: Vec<u8>,
    },
    Bytes,
}

impl EncodingStage {
    fn push(&mut self, data: &[u8], last: bool, text: &mut TextStage, out: &mut Records) {
        match self {
            EncodingStage::Sniffing(head) => {
                head.extend_from_slice(data);
                if head.len() < decode::SNIFF_BYTES && !last {
                    return;
                }
                let head = std::mem::take(head);
                match decode::sniff(&head) {
                    Sniffed::Bytes { bom } => {
                        if bom > 0 {
                            text.fixed_utf8 = true;
                            text.report.encoding = "UTF-8 (BOM)".to_string();
                        }
                        *self = EncodingStage::Bytes;
                        text.push(&head[bom..], out);
                    }
                    Sniffed::Utf16 {
                        decoder,
                        bom,
                        label,
                        warn,
                    } => {
                        text.fixed_utf8 = true;
                        text.report.encoding = label.to_string();
                        if warn {
                            text.report.record_issue(LineIssue {
                                rejected: false,
                                line: 1,
                                column: None,
                                code: IssueCode::EncodingFallback,
                                message: format!("encodage inattendu : {label}, fichier transcodé"),
                                raw: String::new(),
                            });
                        }
                        *self = EncodingStage::Utf16 {
                            decoder,
                            buffer: Vec::new(),
                        };
                        self.push(&head[bom..], last, text, out);
                    }
                }
            }
            EncodingStage::Utf16 { decoder, buffer } => {
                decode::transcode(decoder, data, last, buffer);
                text.push(buffer, out);
            }
            EncodingStage::Bytes => text.push(data, out),
        }
    }
}

/// The container stage: plain, gzip (inflated as it comes) or an archive kept whole.
enum Container {
    Undecided(Vec<u8>),
    Plain,
    Gzip(Box<flate2::write::MultiGzDecoder<Vec<u8>>>),
    /// Zip or xlsx: the central directory is at the end, so the bytes are kept.
    Archive(Vec<u8>),
    /// The gzip stream broke: the rest of the file is ignored.
    Broken,
}

/// Gzip input is inflated in slices of this size, so the inflated bytes held at once stay small.
const INFLATE_SLICE: usize = 256 * 1024;

/// One file read from chunks pushed as they arrive (the browser's `Blob` slices, a native file's
/// reads), so that no front end has to hold a giant string. Records go to `out` as they are read.
pub struct FileIngest {
    bytes_in: u64,
    container: Container,
    encoding: EncodingStage,
    text: TextStage,
}

impl FileIngest {
    pub fn new(name: &str) -> FileIngest {
        FileIngest::with_options(name, ReadOptions::default())
    }

    /// A file read as the import's plan says (see [`plan`]).
    pub fn with_options(name: &str, options: ReadOptions) -> FileIngest {
        FileIngest {
            bytes_in: 0,
            container: Container::Undecided(Vec::new()),
            encoding: EncodingStage::Sniffing(Vec::new()),
            text: TextStage {
                name: name.to_string(),
                options,
                report: FileReport::new(name),
                fixed_utf8: false,
                state: Text::Head(Vec::new()),
                marks: None,
            },
        }
    }

    /// Feeds the next bytes of the file.
    pub fn push(&mut self, chunk: &[u8], out: &mut Records) {
        self.bytes_in += chunk.len() as u64;
        self.container_push(chunk, false, out);
    }

    /// Bytes pushed so far (for progress bars).
    pub fn bytes_in(&self) -> u64 {
        self.bytes_in
    }

    fn container_push(&mut self, chunk: &[u8], last: bool, out: &mut Records) {
        match &mut self.container {
            Container::Undecided(head) => {
                head.extend_from_slice(chunk);
                if head.len() < 4 && !last {
                    return;
                }
                let head = std::mem::take(head);
                self.container = if head.starts_with(&[0x1f, 0x8b]) {
                    Container::Gzip(Box::new(flate2::write::MultiGzDecoder::new(Vec::new())))
                } else if head.starts_with(b"PK\x03\x04") {
                    Container::Archive(Vec::new())
                } else {
                    Container::Plain
                };
                self.container_push(&head, last, out);
            }
            Container::Plain => self.encoding.push(chunk, last, &mut self.text, out),
            Container::Gzip(decoder) => {
                for slice in chunk.chunks(INFLATE_SLICE) {
                    if let Err(e) = decoder.write_all(slice) {
                        self.container = Container::Broken;
                        self.gzip_failed(&e.to_string(), out);
                        return;
                    }
                    let inflated = std::mem::take(decoder.get_mut());
                    self.encoding.push(&inflated, false, &mut self.text, out);
                    *decoder.get_mut() = inflated;
                    decoder.get_mut().clear();
                }
            }
            Container::Archive(bytes) => bytes.extend_from_slice(chunk),
            Container::Broken => {}
        }
    }

    /// A broken gzip stream: fatal if nothing was read, else the lines read are kept.
    fn gzip_failed(&mut self, error: &str, _out: &mut Records) {
        let report = &mut self.text.report;
        if report.records_read == 0 {
            fail(report, IngestError::Gzip(error.to_string()));
            self.text.state = Text::Done;
        } else {
            report.record_issue(LineIssue {
                rejected: false,
                line: 0,
                column: None,
                code: IssueCode::TruncatedRecord,
                message: format!(
                    "archive gzip interrompue ({error}) : les lignes lues avant sont conservées"
                ),
                raw: String::new(),
            });
        }
    }

    /// Ends the file: reads what is left and returns its report. An archive holding several
    /// files gets one merged report; [`FileIngest::finish_all`] keeps them apart.
    pub fn finish(self, out: &mut Records) -> FileReport {
        let name = self.text.name.clone();
        merge_reports(&name, self.finish_all(out))
    }

    /// Ends the file and returns one report per file read (several for a zip archive).
    pub fn finish_all(mut self, out: &mut Records) -> Vec<FileReport> {
        if let Container::Undecided(_) = self.container {
            self.container_push(&[], true, out);
        }
        match std::mem::replace(&mut self.container, Container::Plain) {
            Container::Archive(bytes) => return read_archive(&self.text.name, bytes, out),
            Container::Gzip(mut decoder) => match decoder.try_finish() {
                Ok(()) => {
                    let inflated = std::mem::take(decoder.get_mut());
                    self.encoding.push(&inflated, true, &mut self.text, out);
                }
                Err(e) => self.gzip_failed(&e.to_string(), out),
            },
            Container::Plain => self.encoding.push(&[], true, &mut self.text, out),
            Container::Undecided(_) | Container::Broken => {}
        }
        vec![self.text.finish(out)]
    }
}

/// One report for the several files of an archive: counters and counts added, entries kept in
/// file order (each message names its member), fatal only if every member was.
pub fn merge_reports(name: &str, mut reports: Vec<FileReport>) -> FileReport {
    if reports.len() == 1
        && let Some(only) = reports.pop()
    {
        return only;
    }
    let mut merged = FileReport::new(name);
    let mut fatal = Vec::new();
    for r in &reports {
        merged.kind = merged.kind.or(r.kind);
        if merged.encoding.is_empty() {
            merged.encoding.clone_from(&r.encoding);
        }
        merged.separator = merged.separator.or(r.separator);
        if merged.header.is_empty() {
            merged.header.clone_from(&r.header);
        }
        merged.records_read += r.records_read;
        merged.accepted += r.accepted;
        merged.accepted_with_warnings += r.accepted_with_warnings;
        merged.rejected += r.rejected;
        merged.filtered += r.filtered;
        merged.skipped += r.skipped;
        merged.trailing_empty_months = merged.trailing_empty_months.max(r.trailing_empty_months);
        for (code, n) in &r.counts {
            *merged.counts.entry(*code).or_default() += n;
        }
        for e in &r.entries {
            if merged.entries.len() < report::MAX_ENTRIES {
                let mut e = e.clone();
                e.message = format!("{} : {}", r.name, e.message);
                merged.entries.push(e);
            }
        }
        for m in [r.first_month, r.last_month].into_iter().flatten() {
            merged.see_month(m);
        }
        if let Some(f) = &r.fatal {
            fatal.push(format!("{} : {f}", r.name));
        }
    }
    if reports.is_empty() {
        fail(&mut merged, IngestError::Empty);
    } else if fatal.len() == reports.len() {
        merged.fatal = Some(fatal.join(" ; "));
    }
    merged
}

/// Reads one file into `records`; the returned report says what happened to every line.
pub fn read_file(file: &RawFile, records: &mut Records) -> FileReport {
    merge_reports(&file.name, read_file_all(file, records))
}

/// Reads one file, one report per file it holds (several for a zip archive).
pub fn read_file_all(file: &RawFile, records: &mut Records) -> Vec<FileReport> {
    read_file_with(file, ReadOptions::default(), records)
}

fn read_file_with(file: &RawFile, options: ReadOptions, records: &mut Records) -> Vec<FileReport> {
    let mut ingest = FileIngest::with_options(&file.name, options);
    ingest.push(&file.bytes, records);
    ingest.finish_all(records)
}

/// Reads every file, in order, as [`plan`] says; a zip archive gives one report per member.
pub fn read_all(files: &[RawFile]) -> (Records, Vec<FileReport>) {
    let probes: Vec<Probe> = files
        .iter()
        .map(|f| probe(&f.name, &f.bytes[..f.bytes.len().min(PROBE_BYTES)]))
        .collect();
    let mut records = Records::default();
    let reports = files
        .iter()
        .zip(plan(&probes))
        .flat_map(|(file, options)| read_file_with(file, options, &mut records))
        .collect();
    (records, reports)
}

/// Reads every file without planning: débit operations are all kept (the exact merge of §4.1
/// across files, whatever the files are).
pub fn read_all_unplanned(files: &[RawFile]) -> (Records, Vec<FileReport>) {
    let mut records = Records::default();
    let reports = files
        .iter()
        .flat_map(|f| read_file_all(f, &mut records))
        .collect();
    (records, reports)
}

/// Counts the records of `bytes` with the `csv` crate alone: the practical speed limit our
/// reading is compared with in the CLI benchmark.
pub fn plain_csv_pass(bytes: &[u8], separator: u8) -> u64 {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    let mut n = 0;
    while let Ok(true) = reader.read_byte_record(&mut record) {
        n += 1;
    }
    n
}

#[cfg(not(target_arch = "wasm32"))]
mod native;
#[cfg(not(target_arch = "wasm32"))]
pub use native::{read_path, read_path_all, read_paths};

#[cfg(test)]
mod tests;
