//! Archives (§2.1 step 1): a zip is read member by member, each as its own file; an xlsx
//! workbook (activité partielle deliveries) has its first sheet turned into rows for the same
//! record loop.

use std::io::{Cursor, Read};

use calamine::{Data, Reader as _, Xlsx};

use crate::ingest::records::Records;
use crate::ingest::report::FileReport;
use crate::ingest::{FileIngest, IngestError, fail};

/// Members are pushed to the reader in chunks of this size.
const CHUNK: usize = 1 << 20;

/// Reads a zip archive (or an xlsx workbook) whose bytes are `bytes`: one report per member.
pub fn read_archive(name: &str, bytes: Vec<u8>, out: &mut Records) -> Vec<FileReport> {
    let broken = |e: String| {
        let mut report = FileReport::new(name);
        fail(&mut report, IngestError::Archive(e));
        vec![report]
    };
    let mut zip = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(z) => z,
        Err(e) => return broken(e.to_string()),
    };
    if zip.index_for_name("xl/workbook.xml").is_some() {
        return vec![read_xlsx(name, zip.into_inner().into_inner(), out)];
    }
    let mut reports = Vec::new();
    let mut buffer = vec![0; CHUNK];
    for i in 0..zip.len() {
        let mut member = match zip.by_index(i) {
            Ok(m) => m,
            Err(e) => {
                reports.extend(broken(e.to_string()));
                continue;
            }
        };
        if member.is_dir() {
            continue;
        }
        let inner = member
            .name()
            .map_or_else(|_| format!("membre {}", i + 1), |n| n.into_owned());
        let member_name = format!("{name}/{inner}");
        let mut ingest = FileIngest::new(&member_name);
        let mut error = None;
        loop {
            match member.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => ingest.push(&buffer[..n], out),
                Err(e) => {
                    error = Some(e.to_string());
                    break;
                }
            }
        }
        let mut done = ingest.finish_all(out);
        // What was read is kept; the member's report says it was cut short.
        if let (Some(e), Some(r)) = (error, done.last_mut()) {
            r.fatal.get_or_insert(IngestError::Archive(e).to_string());
        }
        reports.extend(done);
    }
    if reports.is_empty() {
        let mut report = FileReport::new(name);
        fail(&mut report, IngestError::Empty);
        reports.push(report);
    }
    reports
}

/// The first sheet of a workbook, written as `;`-separated text (cells quoted as needed,
/// inner newlines as spaces so that a sheet row is a line) and read like any file.
fn read_xlsx(name: &str, bytes: Vec<u8>, out: &mut Records) -> FileReport {
    let mut report = FileReport::new(name);
    let mut workbook = match Xlsx::new(Cursor::new(bytes)) {
        Ok(w) => w,
        Err(e) => {
            fail(&mut report, IngestError::Archive(e.to_string()));
            return report;
        }
    };
    let range = match workbook.worksheet_range_at(0) {
        Some(Ok(r)) => r,
        Some(Err(e)) => {
            fail(&mut report, IngestError::Archive(e.to_string()));
            return report;
        }
        None => {
            fail(&mut report, IngestError::Empty);
            return report;
        }
    };
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .from_writer(Vec::new());
    for row in range.rows() {
        let cells: Vec<String> = row.iter().map(cell_text).collect();
        if let Err(e) = writer.write_record(&cells) {
            fail(&mut report, IngestError::Archive(e.to_string()));
            return report;
        }
    }
    let text = match writer.into_inner() {
        Ok(t) => t,
        Err(e) => {
            fail(&mut report, IngestError::Archive(e.to_string()));
            return report;
        }
    };
    let mut ingest = FileIngest::new(name);
    for chunk in text.chunks(CHUNK) {
        ingest.push(chunk, out);
    }
    let mut report = ingest.finish(out);
    report.encoding = "xlsx".to_string();
    report.separator = None;
    report
}

/// A cell as text: dates as ISO `YYYY-MM-DD`, numbers as plain decimals, errors as missing.
pub(crate) fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.replace(['\r', '\n'], " "),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => plain_number(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{day:02}")
        }
        Data::DateTime(d) => plain_number(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
    }
}

/// Rust's `Display` for floats never uses an exponent; integral values lose their `.0`.
fn plain_number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}
