//! Reads picked or dropped files in 4 MiB `Blob` slices, never as one giant string, handing each
//! slice to the engine's `FileIngest` and giving the page back to the browser between slices so
//! the progress bars move and the page stays responsive.

use engine::ingest::records::Records;
use engine::ingest::report::FileReport;
use engine::ingest::{FileIngest, PROBE_BYTES, Probe, plan, probe};
use js_sys::{Promise, Uint8Array};
use leptos::prelude::*;
use sha2::{Digest, Sha256};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::File;

/// Slice size: large enough that per-slice overhead is negligible, small enough that one slice's
/// parsing never blocks the page for long.
pub const CHUNK: u64 = 4 * 1024 * 1024;

/// One file being read, as the progress view shows it.
#[derive(Clone)]
pub struct FileProgress {
    pub name: String,
    pub size: u64,
    /// Bytes handed to the engine so far. Reference-counted signals, not arena ones: the
    /// component that started the reading is unmounted while it runs, and would take its
    /// arena signals with it.
    pub read: ArcRwSignal<u64>,
    /// Set once the file's report is complete.
    pub done: ArcRwSignal<bool>,
}

/// The files of one import, in reading order.
#[derive(Clone)]
pub struct Batch {
    pub files: Vec<(File, FileProgress)>,
}

impl Batch {
    /// Files are read in name order, as the CLI reads a folder (the fingerprint, one digest per
    /// file, does not depend on the order).
    pub fn new(mut files: Vec<File>) -> Batch {
        files.sort_by_key(|f| f.name());
        Batch {
            files: files
                .into_iter()
                .map(|file| {
                    let progress = FileProgress {
                        name: file.name(),
                        size: file.size() as u64,
                        read: ArcRwSignal::new(0),
                        done: ArcRwSignal::new(false),
                    };
                    (file, progress)
                })
                .collect(),
        }
    }

    pub fn progress(&self) -> Vec<FileProgress> {
        self.files.iter().map(|(_, p)| p.clone()).collect()
    }
}

/// What reading a batch gives: the records, one report per file, the fingerprint.
pub struct Read {
    pub records: Records,
    pub reports: Vec<FileReport>,
    pub fingerprint: String,
}

/// Gives the event loop a turn (a macrotask), so the browser can paint and handle input.
pub async fn yield_to_browser() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let tick = Promise::new(&mut |resolve, _| {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
    });
    let _ = JsFuture::from(tick).await;
}

async fn slice_bytes(file: &File, start: u64, end: u64) -> Result<Vec<u8>, JsValue> {
    let blob = file.slice_with_f64_and_f64(start as f64, end as f64)?;
    let buffer = JsFuture::from(blob.array_buffer()).await?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Reads every file of the batch in slices of `chunk` bytes. A file the browser cannot read
/// (moved, permission) gets a fatal report and the import goes on, as for any bad file.
pub async fn read_batch(batch: Batch, chunk: u64) -> Read {
    let chunk = chunk.max(1);
    let mut records = Records::default();
    let mut reports = Vec::with_capacity(batch.files.len());
    let mut digests = Vec::with_capacity(batch.files.len());
    // The import is planned from each file's first bytes, as natively: a sole débit file is
    // resolved into stock changes as it is read.
    let mut probes = Vec::with_capacity(batch.files.len());
    for (file, progress) in &batch.files {
        let end = (PROBE_BYTES as u64).min(progress.size);
        probes.push(match slice_bytes(file, 0, end).await {
            Ok(head) => probe(&progress.name, &head),
            Err(_) => Probe::Unknown,
        });
    }
    for ((file, progress), options) in batch.files.into_iter().zip(plan(&probes)) {
        let name = progress.name.clone();
        let mut hasher = Sha256::new();
        let mut ingest = FileIngest::with_options(&name, options);
        let mut failed = None;
        let mut offset = 0;
        while offset < progress.size {
            let end = (offset + chunk).min(progress.size);
            match slice_bytes(&file, offset, end).await {
                Ok(bytes) => {
                    hasher.update(&bytes);
                    ingest.push(&bytes, &mut records);
                }
                Err(e) => {
                    failed = Some(e.as_string().unwrap_or_else(|| format!("{e:?}")));
                    break;
                }
            }
            offset = end;
            progress.read.set(ingest.bytes_in());
            yield_to_browser().await;
        }
        digests.push((name.clone(), progress.size, hasher.finalize().into()));
        match failed {
            // An archive gives one report per member.
            None => reports.extend(ingest.finish_all(&mut records)),
            Some(why) => reports.push(FileReport {
                fatal: Some(format!("lecture impossible par le navigateur ({why})")),
                ..FileReport::new(&name)
            }),
        };
        progress.done.set(true);
        yield_to_browser().await;
    }
    let fingerprint = engine::demo::fingerprint_of_digests(digests);
    Read {
        records,
        reports,
        fingerprint,
    }
}
