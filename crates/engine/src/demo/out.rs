//! Output files: a sink per file that encodes lines, hashes them for the fingerprint, and keeps
//! the manifest of what was written, bad lines included.

use std::io::{self, Write};

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use sha2::{Digest, Sha256};

use super::truth::FileManifest;
use crate::ingest::report::IssueCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Encoding {
    Utf8,
    /// UTF-8 with a byte-order mark (INPI exports, some re-saved files).
    Utf8Bom,
    /// Older URSSAF deliveries.
    Windows1252,
    /// UTF-16LE with a byte-order mark (the Diane export).
    Utf16Le,
}

/// One file being written.
pub(super) struct FileOut<W: Write> {
    pub name: &'static str,
    sep: char,
    encoding: Encoding,
    sink: W,
    hasher: Sha256,
    len: u64,
    pub manifest: FileManifest,
    last: String,
}

/// What a finished file leaves: its sink, and the digest and length of its bytes.
pub(super) struct Finished<W> {
    pub name: &'static str,
    pub sink: W,
    pub digest: [u8; 32],
    pub len: u64,
    pub manifest: FileManifest,
}

impl<W: Write> FileOut<W> {
    pub fn new(name: &'static str, sep: u8, encoding: Encoding, sink: W) -> FileOut<W> {
        FileOut {
            name,
            sep: char::from(sep),
            encoding,
            sink,
            hasher: Sha256::new(),
            len: 0,
            manifest: FileManifest::default(),
            last: String::new(),
        }
    }

    fn bytes(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.hasher.update(bytes);
        self.len += bytes.len() as u64;
        self.sink.write_all(bytes)
    }

    fn line(&mut self, text: &str) -> io::Result<()> {
        match self.encoding {
            Encoding::Windows1252 => {
                let (encoded, _, _) = encoding_rs::WINDOWS_1252.encode(text);
                self.bytes(&encoded)?;
            }
            Encoding::Utf16Le => {
                let units: Vec<u8> = text
                    .encode_utf16()
                    .chain("\r\n".encode_utf16())
                    .flat_map(u16::to_le_bytes)
                    .collect();
                return self.bytes(&units);
            }
            Encoding::Utf8 | Encoding::Utf8Bom => self.bytes(text.as_bytes())?,
        }
        self.bytes(b"\n")
    }

    /// Joins fields with the separator, quoting only where RFC 4180 requires it.
    pub fn join(&self, fields: &[String]) -> String {
        let mut out = String::new();
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                out.push(self.sep);
            }
            // AP files pre-quote their text fields; anything else is quoted only when needed.
            let prequoted = f.len() >= 2 && f.starts_with('"') && f.ends_with('"');
            if !prequoted && (f.contains(self.sep) || f.contains('\n') || f.contains('"')) {
                out.push('"');
                out.push_str(&f.replace('"', "\"\""));
                out.push('"');
            } else {
                out.push_str(f);
            }
        }
        out
    }

    pub fn header(&mut self, names: &[&str]) -> io::Result<()> {
        match self.encoding {
            Encoding::Utf8Bom => self.bytes(&[0xEF, 0xBB, 0xBF])?,
            Encoding::Utf16Le => self.bytes(&[0xFF, 0xFE])?,
            Encoding::Utf8 | Encoding::Windows1252 => {}
        }
        let line = names.join(&self.sep.to_string());
        self.line(&line)
    }

    /// A good record.
    pub fn record(&mut self, fields: &[String]) -> io::Result<()> {
        let line = self.join(fields);
        self.line(&line)?;
        self.manifest.records += 1;
        self.last = line;
        Ok(())
    }

    /// A good record that a reader keeps with one warning.
    pub fn warned(&mut self, fields: &[String], code: IssueCode) -> io::Result<()> {
        self.record(fields)?;
        *self.manifest.warnings.entry(code).or_default() += 1;
        Ok(())
    }

    /// A record a later one with the same key replaces (`conflicting_duplicate`).
    pub fn superseded(&mut self, fields: &[String]) -> io::Result<()> {
        self.record(fields)?;
        *self
            .manifest
            .skipped
            .entry(IssueCode::ConflictingDuplicate)
            .or_default() += 1;
        Ok(())
    }

    /// The previous record again, byte for byte (`duplicate_line`).
    pub fn repeat_last(&mut self) -> io::Result<()> {
        let line = std::mem::take(&mut self.last);
        self.line(&line)?;
        self.last = line;
        self.manifest.records += 1;
        *self
            .manifest
            .skipped
            .entry(IssueCode::DuplicateLine)
            .or_default() += 1;
        Ok(())
    }

    /// A malformed line a reader must reject with `code`.
    pub fn bad(&mut self, fields: &[String], code: IssueCode) -> io::Result<()> {
        let line = self.join(fields);
        self.line(&line)?;
        self.manifest.records += 1;
        *self.manifest.rejected.entry(code).or_default() += 1;
        Ok(())
    }

    /// A record a reader skips by a documented rule (`no_state`, `purged_history`).
    pub fn skipped(&mut self, fields: &[String], code: IssueCode) -> io::Result<()> {
        let line = self.join(fields);
        self.line(&line)?;
        self.manifest.records += 1;
        *self.manifest.skipped.entry(code).or_default() += 1;
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<Finished<W>> {
        self.sink.flush()?;
        Ok(Finished {
            name: self.name,
            sink: self.sink,
            digest: self.hasher.finalize().into(),
            len: self.len,
            manifest: self.manifest,
        })
    }
}

/// The quirks' own random stream, separate from the story's so that the story (and the truth)
/// does not depend on which defects are injected.
pub(super) struct Quirks {
    rng: ChaCha8Rng,
}

impl Quirks {
    pub fn new(rng: ChaCha8Rng) -> Quirks {
        Quirks { rng }
    }

    pub fn hit(&mut self, rate: f64) -> bool {
        self.rng.random_bool(rate)
    }

    pub fn below(&mut self, n: u32) -> u32 {
        self.rng.random_range(0..n.max(1))
    }
}

/// Combines per-file digests into the dataset fingerprint, files in name order.
pub fn combine(mut files: Vec<(String, u64, [u8; 32])>) -> String {
    files.sort();
    let mut hasher = Sha256::new();
    for (name, len, digest) in files {
        hasher.update((name.len() as u64).to_le_bytes());
        hasher.update(name.as_bytes());
        hasher.update(len.to_le_bytes());
        hasher.update(digest);
    }
    hasher
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}
