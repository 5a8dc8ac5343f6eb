//! Push-based record splitting (§2.3) with `csv-core`: RFC 4180 quotes (newlines inside quoted
//! fields, `""`), LF or CRLF, physical line numbers, blank lines, runaway quotes with
//! resynchronisation, and the record the end of the file cut short. Input is fed one physical
//! line at a time so that every record knows the line it started on, and only the current
//! record's bytes are kept: memory does not grow with the file.

use csv_core::{ReadRecordResult, ReaderBuilder};

/// A quoted field still open after this many physical lines is a runaway quote.
pub const RUNAWAY_LINES: u32 = 10;
/// … or after this many bytes.
pub const RUNAWAY_BYTES: usize = 64 * 1024;

/// What the splitter found, in file order.
pub(crate) enum Event<'a> {
    /// A record: field bytes and their ends (csv-core's output), the raw physical text, and
    /// whether the file ended before the record's terminator.
    Record {
        line: u64,
        fields: &'a [u8],
        ends: &'a [usize],
        raw: &'a [u8],
        unterminated: bool,
    },
    Blank,
    /// A quote opened on `line` never closed; `raw` is that first line.
    Runaway {
        line: u64,
        raw: &'a [u8],
    },
}

pub(crate) trait Sink {
    fn event(&mut self, event: Event<'_>);
}

pub(crate) struct Splitter {
    csv: csv_core::Reader,
    separator: u8,
    /// The unprocessed end of the last push: an incomplete physical line.
    pending: Vec<u8>,
    /// Physical line of the next byte (header = 1).
    line: u64,
    in_record: bool,
    record_line: u64,
    /// Complete physical lines consumed by the current record.
    record_lines: u32,
    /// Length of the current record's first physical line inside `raw`.
    first_line_len: usize,
    raw: Vec<u8>,
    out: Vec<u8>,
    nout: usize,
    ends: Vec<usize>,
    nend: usize,
}

fn is_blank(piece: &[u8]) -> bool {
    piece
        .iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

impl Splitter {
    pub(crate) fn new(separator: u8) -> Splitter {
        Splitter {
            csv: ReaderBuilder::new().delimiter(separator).build(),
            separator,
            pending: Vec::new(),
            line: 1,
            in_record: false,
            record_line: 1,
            record_lines: 0,
            first_line_len: 0,
            raw: Vec::new(),
            out: vec![0; 4096],
            nout: 0,
            ends: vec![0; 64],
            nend: 0,
        }
    }

    /// Feeds the next bytes; complete records are handed to `sink` at once.
    pub(crate) fn push(&mut self, mut data: &[u8], sink: &mut dyn Sink) {
        if !self.pending.is_empty() {
            match memchr::memchr(b'\n', data) {
                Some(i) => {
                    self.pending.extend_from_slice(&data[..=i]);
                    data = &data[i + 1..];
                    let pending = std::mem::take(&mut self.pending);
                    self.process(&pending, false, sink);
                    self.pending = pending;
                    self.pending.clear();
                }
                None => {
                    self.pending.extend_from_slice(data);
                    if self.pending.len() >= RUNAWAY_BYTES {
                        let pending = std::mem::take(&mut self.pending);
                        self.process(&pending, false, sink);
                        self.pending = pending;
                        self.pending.clear();
                    }
                    return;
                }
            }
        }
        let used = self.process(data, false, sink);
        self.pending.extend_from_slice(&data[used..]);
    }

    /// Ends the input: the last line, and the record it may leave open.
    pub(crate) fn finish(&mut self, sink: &mut dyn Sink) {
        let pending = std::mem::take(&mut self.pending);
        self.process(&pending, true, sink);
        if self.in_record {
            loop {
                let (result, _, nout, nend) = self.csv.read_record(
                    &[],
                    &mut self.out[self.nout..],
                    &mut self.ends[self.nend..],
                );
                self.nout += nout;
                self.nend += nend;
                match result {
                    ReadRecordResult::OutputFull => self.grow_out(),
                    ReadRecordResult::OutputEndsFull => self.grow_ends(),
                    _ => break,
                }
            }
            let len = self.raw.len();
            self.emit(len, true, sink);
        }
    }

    /// Processes whole physical lines of `input` (all of it at the end of the file) and returns
    /// how many bytes were used; the rest is an incomplete line.
    fn process(&mut self, input: &[u8], eof: bool, sink: &mut dyn Sink) -> usize {
        let mut pos = 0;
        while pos < input.len() {
            let rest = &input[pos..];
            let (len, complete) = match memchr::memchr(b'\n', rest) {
                Some(i) => (i + 1, true),
                None if eof || rest.len() >= RUNAWAY_BYTES => (rest.len(), false),
                None => break,
            };
            let piece = &rest[..len];
            pos += len;
            if !self.in_record && is_blank(piece) {
                sink.event(Event::Blank);
                if complete {
                    self.line += 1;
                }
                continue;
            }
            if !self.in_record && complete && self.split_plain_line(piece, sink) {
                self.line += 1;
                continue;
            }
            self.feed(piece, sink);
            if complete {
                self.line += 1;
                if self.in_record {
                    self.record_lines += 1;
                    if self.record_lines == 1 {
                        self.first_line_len = self.raw.len();
                    }
                    if self.record_lines >= RUNAWAY_LINES || self.raw.len() > RUNAWAY_BYTES {
                        self.runaway(sink);
                    }
                }
            }
        }
        pos
    }

    /// The fast path for the common record: one complete physical line without any quote or
    /// stray CR. csv-core would return exactly its separator-split fields (no quoting, one
    /// terminator), so the line is split with `memchr` instead, several times faster on the
    /// national files. Returns false, having done nothing, for any other line.
    fn split_plain_line(&mut self, piece: &[u8], sink: &mut dyn Sink) -> bool {
        let body = piece.strip_suffix(b"\n").unwrap_or(piece);
        let body = body.strip_suffix(b"\r").unwrap_or(body);
        if memchr::memchr2(b'"', b'\r', body).is_some() {
            return false;
        }
        if self.out.len() < body.len() {
            self.out.resize(body.len().next_power_of_two(), 0);
        }
        let (mut start, mut nout, mut nend) = (0, 0, 0);
        let separators = memchr::memchr_iter(self.separator, body);
        for end in separators.chain(std::iter::once(body.len())) {
            let field = &body[start..end];
            self.out[nout..nout + field.len()].copy_from_slice(field);
            nout += field.len();
            if nend == self.ends.len() {
                self.grow_ends();
            }
            self.ends[nend] = nout;
            nend += 1;
            start = end + 1;
        }
        sink.event(Event::Record {
            line: self.line,
            fields: &self.out[..nout],
            ends: &self.ends[..nend],
            raw: piece,
            unterminated: false,
        });
        true
    }

    fn start_record(&mut self) {
        self.in_record = true;
        self.record_line = self.line;
        self.record_lines = 0;
        self.first_line_len = 0;
        self.raw.clear();
    }

    fn grow_out(&mut self) {
        let n = self.out.len();
        self.out.resize(n * 2, 0);
    }

    fn grow_ends(&mut self) {
        let n = self.ends.len();
        self.ends.resize(n * 2, 0);
    }

    /// Feeds a piece of one physical line to csv-core.
    fn feed(&mut self, piece: &[u8], sink: &mut dyn Sink) {
        if !self.in_record {
            self.start_record();
        }
        self.raw.extend_from_slice(piece);
        let mut input = piece;
        loop {
            let (result, nin, nout, nend) = self.csv.read_record(
                input,
                &mut self.out[self.nout..],
                &mut self.ends[self.nend..],
            );
            input = &input[nin..];
            self.nout += nout;
            self.nend += nend;
            match result {
                ReadRecordResult::InputEmpty | ReadRecordResult::End => return,
                ReadRecordResult::OutputFull => self.grow_out(),
                ReadRecordResult::OutputEndsFull => self.grow_ends(),
                ReadRecordResult::Record => {
                    let len = self.raw.len() - input.len();
                    self.emit(len, false, sink);
                    if input.iter().all(|b| matches!(b, b'\r' | b'\n')) {
                        return;
                    }
                    // A lone CR ended the record: the next one starts on the same line.
                    self.start_record();
                    self.raw.extend_from_slice(input);
                }
            }
        }
    }

    fn emit(&mut self, raw_len: usize, unterminated: bool, sink: &mut dyn Sink) {
        sink.event(Event::Record {
            line: self.record_line,
            fields: &self.out[..self.nout],
            ends: &self.ends[..self.nend],
            raw: &self.raw[..raw_len],
            unterminated,
        });
        self.nout = 0;
        self.nend = 0;
        self.in_record = false;
    }

    /// Rejects the open record and reads again from the line after the one its quote opened on.
    fn runaway(&mut self, sink: &mut dyn Sink) {
        let first = self.first_line_len.min(self.raw.len());
        sink.event(Event::Runaway {
            line: self.record_line,
            raw: &self.raw[..first],
        });
        self.csv.reset();
        self.nout = 0;
        self.nend = 0;
        self.in_record = false;
        let replay = self.raw.split_off(first);
        self.line = self.record_line + 1;
        // The replayed lines are complete (the check runs at a line end); a new runaway inside
        // them consumes at least one more line, so this recursion is bounded by RUNAWAY_LINES.
        self.process(&replay, false, sink);
    }
}

/// Whether a raw record has a bare quote inside an unquoted field, and whether it ends inside an
/// open quoted field. Hand-written because csv-core does not say whether a field was quoted;
/// it only runs on the rare records that contain a quote.
pub(crate) fn quote_scan(raw: &[u8], separator: u8) -> (bool, bool) {
    let (mut bare, mut in_quotes, mut field_start) = (false, false, true);
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        i += 1;
        if in_quotes {
            if b == b'"' {
                if raw.get(i) == Some(&b'"') {
                    i += 1;
                } else {
                    in_quotes = false;
                }
            }
            continue;
        }
        if b == separator || b == b'\n' || b == b'\r' {
            field_start = true;
            continue;
        }
        if b == b'"' {
            if field_start {
                in_quotes = true;
            } else {
                bare = true;
            }
        }
        field_start = false;
    }
    (bare, in_quotes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The records (fields as bytes) the splitter hands on for `text`, pushed in `chunk`-byte
    /// pieces.
    fn split(text: &[u8], chunk: usize) -> Vec<Vec<Vec<u8>>> {
        struct Collect(Vec<Vec<Vec<u8>>>);
        impl Sink for Collect {
            fn event(&mut self, event: Event<'_>) {
                if let Event::Record { fields, ends, .. } = event {
                    let mut start = 0;
                    let record = ends
                        .iter()
                        .map(|&end| {
                            let field = fields[start..end].to_vec();
                            start = end;
                            field
                        })
                        .collect();
                    self.0.push(record);
                }
            }
        }
        let mut sink = Collect(Vec::new());
        let mut splitter = Splitter::new(b';');
        for piece in text.chunks(chunk.max(1)) {
            splitter.push(piece, &mut sink);
        }
        splitter.finish(&mut sink);
        sink.0
    }

    /// What the `csv` crate reads from the same bytes: the reference for unquoted text.
    fn reference(text: &[u8]) -> Vec<Vec<Vec<u8>>> {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .has_headers(false)
            .flexible(true)
            .from_reader(text);
        reader
            .byte_records()
            .map(|r| r.map(|r| r.iter().map(<[u8]>::to_vec).collect()))
            .collect::<Result<_, _>>()
            .unwrap_or_default()
    }

    proptest! {
        // The plain-line fast path and csv-core agree on every unquoted line, including lines
        // with a stray CR (which take csv-core's path) and a last line without terminator.
        #[test]
        fn unquoted_lines_split_as_csv_does(
            lines in proptest::collection::vec("[ab;é\r]{0,10}", 1..12),
            crlf in any::<bool>(),
            last_terminated in any::<bool>(),
            chunk in 1usize..40,
        ) {
            let end = if crlf { "\r\n" } else { "\n" };
            let mut text = lines.join(end);
            if last_terminated {
                text.push_str(end);
            }
            prop_assert_eq!(split(text.as_bytes(), chunk), reference(text.as_bytes()));
        }
    }

    #[test]
    fn a_plain_line_keeps_empty_fields() {
        assert_eq!(
            split(b"a;;b;\n", 4096),
            vec![vec![b"a".to_vec(), vec![], b"b".to_vec(), vec![]]]
        );
    }
}
