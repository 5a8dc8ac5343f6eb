//! Helpers shared by the readers' golden tests: drive a whole small file through `read_file`,
//! and compare a report's outcome counters and complete counts per code in one assertion.

use std::collections::BTreeMap;

use crate::ingest::kind::FileKind;
use crate::ingest::records::Records;
use crate::ingest::report::{FileReport, IssueCode};
use crate::ingest::{RawFile, read_file};

/// Reads a whole file from bytes; the report must balance (§8).
pub fn read_bytes(name: &str, bytes: Vec<u8>) -> (Records, FileReport) {
    let mut records = Records::default();
    let report = read_file(
        &RawFile {
            name: name.to_string(),
            bytes,
        },
        &mut records,
    );
    assert!(report.is_balanced(), "unbalanced report: {report:#?}");
    (records, report)
}

pub fn read(name: &str, text: &str) -> (Records, FileReport) {
    read_bytes(name, text.as_bytes().to_vec())
}

/// Reads a file into existing records (several files, one import); it must not be set aside.
pub fn read_into(records: &mut Records, name: &str, text: &str) -> FileReport {
    let file = RawFile {
        name: name.to_string(),
        bytes: text.as_bytes().to_vec(),
    };
    let report = read_file(&file, records);
    assert!(report.is_balanced(), "unbalanced report: {report:?}");
    assert_eq!(report.fatal, None, "{report:?}");
    report
}

/// Reads a file that must not be set aside.
pub fn read_ok(name: &str, text: &str) -> (Records, FileReport) {
    let (records, report) = read(name, text);
    assert_eq!(report.fatal, None, "{report:?}");
    (records, report)
}

pub fn count(report: &FileReport, code: IssueCode) -> u64 {
    report.counts.get(&code).copied().unwrap_or(0)
}

/// The outcome counters of a file and its complete counts per code.
#[derive(Debug, PartialEq)]
pub struct Outcome {
    accepted: u64,
    warned: u64,
    rejected: u64,
    skipped: u64,
    codes: BTreeMap<IssueCode, u64>,
}

pub fn outcome(
    accepted: u64,
    warned: u64,
    rejected: u64,
    skipped: u64,
    codes: &[(IssueCode, u64)],
) -> Outcome {
    Outcome {
        accepted,
        warned,
        rejected,
        skipped,
        codes: codes.iter().copied().collect(),
    }
}

pub fn check_report(report: &FileReport, kind: FileKind, expected: Outcome) {
    assert_eq!(report.kind, Some(kind), "kind of {}", report.name);
    assert_eq!(report.fatal, None, "fatal: {report:#?}");
    let got = Outcome {
        accepted: report.accepted,
        warned: report.accepted_with_warnings,
        rejected: report.rejected,
        skipped: report.skipped,
        codes: report.counts.clone(),
    };
    assert_eq!(got, expected, "entries: {:#?}", report.entries);
}

/// A line of `header` from `base` (both split on `sep`), with some columns (case-insensitive
/// names) replaced.
pub fn line(sep: char, header: &str, base: &str, overrides: &[(&str, &str)]) -> String {
    header
        .split(sep)
        .zip(base.split(sep))
        .map(|(name, value)| {
            overrides
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map_or(value, |(_, v)| *v)
        })
        .collect::<Vec<_>>()
        .join(&sep.to_string())
}
