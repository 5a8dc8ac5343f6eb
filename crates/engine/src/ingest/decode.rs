//! Encodings (§2.2): the BOM and UTF-16 sniffing of a file's first bytes, the streaming UTF-16
//! transcoder, and the per-record decoding of byte-oriented files (UTF-8 with a per-line
//! Windows-1252 fallback, or Windows-1252 throughout).

use encoding_rs::{Decoder, WINDOWS_1252};

/// How the records of a byte-oriented file are decoded once split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextEncoding {
    /// UTF-8; a record that is not valid UTF-8 is read as Windows-1252 with a warning.
    Utf8,
    /// Windows-1252 for every record (the header was not valid UTF-8).
    Windows1252,
}

/// What the first bytes of a (decompressed) file say about its encoding.
pub(crate) enum Sniffed {
    /// UTF-16: transcoded to UTF-8 before splitting. `bom` bytes to skip; a warning when the
    /// encoding is unexpected (big-endian, or no BOM).
    Utf16 {
        decoder: Box<Decoder>,
        bom: usize,
        label: &'static str,
        warn: bool,
    },
    /// A byte-oriented file: UTF-8 when it starts with a BOM, else decided on the header.
    Bytes { bom: usize },
}

/// How many bytes the sniffing wants to see (the UTF-16-without-BOM test reads 4 KiB).
pub(crate) const SNIFF_BYTES: usize = 4096;

pub(crate) fn sniff(head: &[u8]) -> Sniffed {
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        Sniffed::Bytes { bom: 3 }
    } else if head.starts_with(&[0xFF, 0xFE]) {
        utf16(encoding_rs::UTF_16LE, 2, "UTF-16LE", false)
    } else if head.starts_with(&[0xFE, 0xFF]) {
        utf16(encoding_rs::UTF_16BE, 2, "UTF-16BE", true)
    } else if looks_like_utf16le(head) {
        utf16(encoding_rs::UTF_16LE, 0, "UTF-16LE (sans BOM)", true)
    } else {
        Sniffed::Bytes { bom: 0 }
    }
}

fn utf16(
    encoding: &'static encoding_rs::Encoding,
    bom: usize,
    label: &'static str,
    warn: bool,
) -> Sniffed {
    Sniffed::Utf16 {
        decoder: Box::new(encoding.new_decoder_without_bom_handling()),
        bom,
        label,
        warn,
    }
}

/// No BOM, but a NUL at every odd offset of the first 4 KiB.
fn looks_like_utf16le(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    head.len() >= 4 && head.iter().skip(1).step_by(2).all(|b| *b == 0)
}

/// Transcodes the next UTF-16 bytes to UTF-8 into `out` (cleared first). Streaming: a code
/// unit split across two calls is kept by the decoder.
pub(crate) fn transcode(decoder: &mut Decoder, input: &[u8], last: bool, out: &mut Vec<u8>) {
    out.clear();
    let mut input = input;
    loop {
        let need = decoder
            .max_utf8_buffer_length(input.len())
            .unwrap_or(input.len() * 3 + 16)
            .max(16);
        let start = out.len();
        out.resize(start + need, 0);
        let (result, read, written, _) = decoder.decode_to_utf8(input, &mut out[start..], last);
        out.truncate(start + written);
        input = &input[read..];
        if result == encoding_rs::CoderResult::InputEmpty {
            return;
        }
    }
}

/// The text of one record and its field ends. Zero-copy when the bytes are valid UTF-8 (and,
/// for a Windows-1252 file, ASCII); otherwise decoded field by field as Windows-1252 into
/// `scratch`. The flag says a UTF-8 file needed the fallback (warning `encoding_fallback`).
pub(crate) fn decode_record<'a>(
    encoding: TextEncoding,
    bytes: &'a [u8],
    ends: &'a [usize],
    scratch: &'a mut String,
    scratch_ends: &'a mut Vec<usize>,
) -> (&'a str, &'a [usize], bool) {
    if let Ok(text) = std::str::from_utf8(bytes) {
        let direct = match encoding {
            TextEncoding::Utf8 => ends.iter().all(|e| text.is_char_boundary(*e)),
            TextEncoding::Windows1252 => text.is_ascii(),
        };
        if direct {
            return (text, ends, false);
        }
    }
    scratch.clear();
    scratch_ends.clear();
    let mut start = 0;
    for &end in ends {
        let field = bytes.get(start..end).unwrap_or_default();
        scratch.push_str(&WINDOWS_1252.decode_without_bom_handling(field).0);
        scratch_ends.push(scratch.len());
        start = end;
    }
    (
        scratch.as_str(),
        scratch_ends.as_slice(),
        encoding == TextEncoding::Utf8,
    )
}

/// A small hand-written text file (sector events) as a string: a BOM decides (UTF-8, UTF-16LE or
/// BE), else UTF-8 when valid, else Windows-1252 — what a spreadsheet saves as "CSV" on a French
/// Windows.
pub fn small_text(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

#[cfg(test)]
mod small_text_tests {
    #[test]
    fn boms_utf8_and_windows_1252() {
        let check = |bytes: &[u8], want: &str| assert_eq!(super::small_text(bytes), want);
        check(b"\xEF\xBB\xBFcaf\xC3\xA9", "café");
        check(b"caf\xC3\xA9", "café");
        check(b"caf\xE9 \x80", "café €");
        check(b"\xFF\xFEc\x00\xE9\x00", "cé");
        check(b"\xFE\xFF\x00c\x00\xE9", "cé");
    }
}
