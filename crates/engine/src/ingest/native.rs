//! Native entry points: files read from disk in 1 MiB chunks, several files on two threads.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::ingest::records::Records;
use crate::ingest::report::FileReport;
use crate::ingest::{
    FileIngest, IngestError, PROBE_BYTES, Probe, ReadOptions, fail, merge_reports, plan, probe,
};

const CHUNK: usize = 1 << 20;

/// Reads one file from disk (an archive gets one merged report).
pub fn read_path(path: &Path, out: &mut Records) -> FileReport {
    merge_reports(&file_name(path), read_path_all(path, out))
}

/// The name reports carry: the file's own name, as the browser knows it too (the folder is the
/// agent's business, and the same file must give the same report in the CLI and the app).
fn file_name(path: &Path) -> String {
    path.file_name()
        .unwrap_or(path.as_os_str())
        .to_string_lossy()
        .into_owned()
}

/// Reads one file from disk, one report per file it holds.
pub fn read_path_all(path: &Path, out: &mut Records) -> Vec<FileReport> {
    read_path_with(path, ReadOptions::default(), out)
}

/// What the first bytes of a file on disk say it is (unreadable: unknown, and reading it will
/// say why).
pub fn probe_path(path: &Path) -> Probe {
    let mut head = Vec::with_capacity(PROBE_BYTES);
    match std::fs::File::open(path).map(|f| f.take(PROBE_BYTES as u64).read_to_end(&mut head)) {
        Ok(Ok(_)) => probe(&file_name(path), &head),
        _ => Probe::Unknown,
    }
}

fn read_path_with(path: &Path, options: ReadOptions, out: &mut Records) -> Vec<FileReport> {
    let name = file_name(path);
    let mut ingest = FileIngest::with_options(&name, options);
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            let mut report = FileReport::new(&name);
            fail(&mut report, IngestError::Io(e.to_string()));
            return vec![report];
        }
    };
    let mut buffer = vec![0; CHUNK];
    loop {
        match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => ingest.push(&buffer[..n], out),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                let mut reports = ingest.finish_all(out);
                if let Some(r) = reports.last_mut() {
                    r.fatal
                        .get_or_insert(IngestError::Io(e.to_string()).to_string());
                }
                return reports;
            }
        }
    }
    ingest.finish_all(out)
}

/// Reads files on two threads, as [`plan`] says from their first bytes. Files are dealt to the
/// threads by size (largest first to the less loaded one), a deterministic split; records are
/// merged and reports listed in input order.
pub fn read_paths(paths: &[PathBuf]) -> (Records, Vec<FileReport>) {
    let options = plan(&paths.iter().map(|p| probe_path(p)).collect::<Vec<_>>());
    let mut order: Vec<usize> = (0..paths.len()).collect();
    let size = |i: usize| std::fs::metadata(&paths[i]).map_or(0, |m| m.len());
    order.sort_by_key(|i| std::cmp::Reverse(size(*i)));
    let mut bins: [(u64, Vec<usize>); 2] = [(0, Vec::new()), (0, Vec::new())];
    for i in order {
        let bin = usize::from(bins[1].0 < bins[0].0);
        bins[bin].0 += size(i);
        bins[bin].1.push(i);
    }
    let read = |indices: &[usize]| -> Vec<(usize, Records, Vec<FileReport>)> {
        indices
            .iter()
            .map(|&i| {
                let mut records = Records::default();
                let reports = read_path_with(&paths[i], options[i], &mut records);
                (i, records, reports)
            })
            .collect()
    };
    let [(_, first), (_, second)] = &bins;
    let mut results = std::thread::scope(|s| {
        let other = s.spawn(|| read(second));
        let mut mine = read(first);
        match other.join() {
            Ok(theirs) => mine.extend(theirs),
            // A panic on the other thread: read its files again here rather than lose them.
            Err(_) => mine.extend(read(second)),
        }
        mine
    });
    results.sort_by_key(|(i, ..)| *i);
    let mut records = Records::default();
    let mut reports = Vec::new();
    for (_, r, rep) in results {
        records.append(r);
        reports.extend(rep);
    }
    (records, reports)
}
