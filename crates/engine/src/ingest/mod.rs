//! Ingestion: raw files, recognised by content, decoded and read into typed [`Records`] with a
//! [`FileReport`] each. A bad line never aborts a file; a bad file never aborts the import.

pub mod fields;
pub mod kind;
pub mod readers;
pub mod records;
pub mod report;
pub mod table;

use std::io::Read;

use crate::ingest::kind::{FileKind, detect};
use crate::ingest::records::Records;
use crate::ingest::report::{FileReport, IssueCode, LineIssue};

/// A file as the agent dropped it: its name (a hint only) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// File-level problems: the file is marked fatal in its report and the import goes on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IngestError {
    #[error("fichier vide")]
    Empty,
    #[error("archive gzip illisible : {0}")]
    Gzip(String),
    #[error(
        "type de fichier non reconnu d'après son en-tête ({header}). Types connus et colonnes attendues : {known}"
    )]
    UnknownKind { header: String, known: String },
    #[error(
        "fichier reconnu comme « {0} », dont la lecture n'est pas encore prise en charge : aucune ligne lue"
    )]
    Unsupported(&'static str),
}

/// Decoded text and the encoding it was read with (§2.2).
struct Decoded {
    text: String,
    encoding: &'static str,
}

fn decompress(bytes: &[u8]) -> Result<std::borrow::Cow<'_, [u8]>, IngestError> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(bytes)
            .read_to_end(&mut out)
            .map_err(|e| IngestError::Gzip(e.to_string()))?;
        Ok(out.into())
    } else {
        Ok(bytes.into())
    }
}

fn decode(bytes: &[u8]) -> Decoded {
    let (encoding, body, name) = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        (encoding_rs::UTF_8, rest, "UTF-8 (BOM)")
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        (encoding_rs::UTF_16LE, rest, "UTF-16LE")
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        (encoding_rs::UTF_16BE, rest, "UTF-16BE")
    } else if looks_like_utf16le(bytes) {
        (encoding_rs::UTF_16LE, bytes, "UTF-16LE (sans BOM)")
    } else if std::str::from_utf8(bytes).is_ok() {
        (encoding_rs::UTF_8, bytes, "UTF-8")
    } else {
        (encoding_rs::WINDOWS_1252, bytes, "Windows-1252")
    };
    let (text, _) = encoding.decode_without_bom_handling(body);
    Decoded {
        text: text.into_owned(),
        encoding: name,
    }
}

/// No BOM, but a NUL at every odd offset of the first 4 KiB.
fn looks_like_utf16le(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    head.len() >= 4 && head.iter().skip(1).step_by(2).all(|b| *b == 0)
}

/// The header's separator and kind: each candidate separator in the spec's order (§2.1).
fn sniff(text: &str) -> Option<(u8, FileKind)> {
    [b';', b',', b'\t', b'|'].into_iter().find_map(|sep| {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(sep)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let first = reader.records().next()?.ok()?;
        let header: Vec<String> = first.iter().map(|h| h.trim().to_lowercase()).collect();
        detect(&header).map(|kind| (sep, kind))
    })
}

fn known_kinds() -> String {
    kind::ALL_KINDS
        .iter()
        .map(|k| format!("{} ({})", k.id(), k.required_columns().join(", ")))
        .collect::<Vec<_>>()
        .join(" ; ")
}

/// Reads one file into `records`; the returned report says what happened to every line.
pub fn read_file(file: &RawFile, records: &mut Records) -> FileReport {
    let mut report = FileReport::new(&file.name);
    if let Err(e) = read_into(file, records, &mut report) {
        if e == IngestError::Empty {
            report.record_issue(LineIssue {
                rejected: false,
                line: 1,
                column: None,
                code: IssueCode::EmptyFile,
                message: e.to_string(),
                raw: String::new(),
            });
        }
        if let IngestError::UnknownKind { .. } = e {
            *report.counts.entry(IssueCode::UnknownFileKind).or_default() += 1;
        }
        report.fatal = Some(e.to_string());
    }
    report
}

fn read_into(
    file: &RawFile,
    records: &mut Records,
    report: &mut FileReport,
) -> Result<(), IngestError> {
    let bytes = decompress(&file.bytes)?;
    if bytes.is_empty() {
        return Err(IngestError::Empty);
    }
    let decoded = decode(&bytes);
    report.encoding = decoded.encoding.to_string();
    let text = decoded.text;
    let Some((separator, kind)) = sniff(&text) else {
        let header: String = text
            .lines()
            .next()
            .unwrap_or_default()
            .chars()
            .take(200)
            .collect();
        return Err(IngestError::UnknownKind {
            header: format!("« {header} »"),
            known: known_kinds(),
        });
    };
    report.kind = Some(kind);
    report.separator = Some(char::from(separator));
    let Some(mut reader) = readers::reader_for(kind) else {
        return Err(IngestError::Unsupported(kind.id()));
    };
    let before = month_marks(records);
    table::for_each_row(&text, separator, report, reader.as_mut(), records);
    if report.records_read == 0 {
        return Err(IngestError::Empty);
    }
    note_period(records, before, report);
    Ok(())
}

/// Record counts before a file is read, so the file's own period can be found afterwards.
fn month_marks(r: &Records) -> [usize; 3] {
    [r.firm_headcounts.len(), r.cotisations.len(), r.debits.len()]
}

fn note_period(r: &Records, before: [usize; 3], report: &mut FileReport) {
    for t in &r.firm_headcounts[before[0]..] {
        t.months.iter().for_each(|m| report.see_month(*m));
    }
    for c in &r.cotisations[before[1]..] {
        report.see_month(c.period.0);
    }
    for d in &r.debits[before[2]..] {
        report.see_month(d.accounting_month());
    }
}

/// One file read from chunks pushed as they arrive (the browser's `Blob` slices, a native file's
/// reads), so that no front end has to hold a giant string. Records go to `out` as they are read.
pub struct FileIngest {
    name: String,
    buffer: Vec<u8>,
    bytes_in: u64,
}

impl FileIngest {
    pub fn new(name: &str) -> FileIngest {
        FileIngest {
            name: name.to_string(),
            buffer: Vec::new(),
            bytes_in: 0,
        }
    }

    /// Feeds the next bytes of the file.
    pub fn push(&mut self, chunk: &[u8], _out: &mut Records) {
        self.bytes_in += chunk.len() as u64;
        self.buffer.extend_from_slice(chunk);
    }

    /// Bytes pushed so far (for progress bars).
    pub fn bytes_in(&self) -> u64 {
        self.bytes_in
    }

    /// Ends the file: reads what is left and returns its report.
    pub fn finish(self, out: &mut Records) -> FileReport {
        read_file(
            &RawFile {
                name: self.name,
                bytes: self.buffer,
            },
            out,
        )
    }
}

/// Reads every file, in any order.
pub fn read_all(files: &[RawFile]) -> (Records, Vec<FileReport>) {
    let mut records = Records::default();
    let reports = files.iter().map(|f| read_file(f, &mut records)).collect();
    (records, reports)
}

#[cfg(test)]
mod tests;
