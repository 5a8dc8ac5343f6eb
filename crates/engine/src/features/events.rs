//! Sector events: what an agent knows about a branch ("fermeture administrative des
//! restaurants", "hausse du prix de l'énergie") written as a small `;`-separated file
//! (`naf_prefix;debut;fin;libelle;severite`, see `spec/sector-events.md`), turned into features
//! for the firms of those sectors.
//!
//! Reading follows the import rules: a bad line is reported with its line, column and what was
//! expected, and every other line is kept.

use serde::{Deserialize, Serialize};

use crate::calendar::{Date, Month};

/// The header, in order.
pub const HEADER: [&str; 5] = ["naf_prefix", "debut", "fin", "libelle", "severite"];

/// One event affecting the firms whose APE code starts with `naf_prefix`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectorEvent {
    /// Normalised: upper case, without dots (`56.10` → `5610`); a single letter is a NAF section.
    pub naf_prefix: String,
    pub start: Month,
    /// Last month of the event, inclusive; `None` while it lasts.
    pub end: Option<Month>,
    pub label: String,
    /// 1 (faible), 2 (moyenne) or 3 (forte).
    pub severity: u8,
}

impl SectorEvent {
    /// Whether the event concerns a firm with this APE code.
    pub fn concerns(&self, ape: &str) -> bool {
        let code: String = ape
            .chars()
            .filter(|c| *c != '.')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        match self.naf_prefix.as_bytes() {
            [letter] if letter.is_ascii_alphabetic() => {
                crate::panel::geo::naf_section(ape) == Some(char::from(*letter))
            }
            _ => code.starts_with(&self.naf_prefix),
        }
    }

    /// Whether the event is under way in `month`.
    pub fn active_in(&self, month: Month) -> bool {
        self.start <= month && self.end.is_none_or(|e| month <= e)
    }
}

/// A problem on one line of a sector-event file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("ligne {line}, colonne {column} : {message}")]
pub struct EventIssue {
    /// Physical line (the header is line 1).
    pub line: u64,
    /// Column name (or `—` for the whole line).
    pub column: String,
    pub message: String,
    /// The same message for the English interface.
    #[serde(default)]
    pub message_en: String,
}

impl EventIssue {
    fn new(line: u64, column: &str, message: String, message_en: String) -> EventIssue {
        EventIssue {
            line,
            column: column.to_string(),
            message,
            message_en,
        }
    }
}

/// The events read from a file, and the lines set aside.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectorEvents {
    pub events: Vec<SectorEvent>,
    pub issues: Vec<EventIssue>,
}

impl SectorEvents {
    /// The most severe event under way in `month` for a firm with this APE code (the earliest
    /// start on a tie, so the duration shown is the longest).
    pub fn gravest(&self, ape: &str, month: Month) -> Option<&SectorEvent> {
        self.events
            .iter()
            .filter(|e| e.active_in(month) && e.concerns(ape))
            .max_by(|a, b| gravity(a, b))
    }

    /// Writes the events back in the file format (what the app offers to download).
    pub fn to_text(&self) -> String {
        let mut out = HEADER.join(";");
        out.push('\n');
        for e in &self.events {
            out.push_str(&line_of(e));
            out.push('\n');
        }
        out
    }
}

/// One event as a line of the file (without its newline); a `;` or a line break in the label
/// becomes a space, so that the line reads back as the same event.
pub fn line_of(e: &SectorEvent) -> String {
    let month = |m: Month| format!("{:04}-{:02}", m.year(), m.month());
    format!(
        "{};{};{};{};{}",
        e.naf_prefix,
        month(e.start),
        e.end.map(month).unwrap_or_default(),
        e.label.replace([';', '\n', '\r'], " "),
        e.severity
    )
}

/// Checks one event typed field by field (the sector page's form) with the file's own rules, so
/// that the form and the file accept exactly the same events and say the same things: the fields
/// are quoted into one line under the header and read back. Issues are on line 2.
pub fn check_fields(
    naf_prefix: &str,
    start: &str,
    end: &str,
    label: &str,
    severity: &str,
) -> Result<SectorEvent, Vec<EventIssue>> {
    let quote = |f: &str| format!("\"{}\"", f.replace(['\n', '\r'], " ").replace('"', "\"\""));
    let line = [naf_prefix, start, end, label, severity]
        .map(quote)
        .join(";");
    let mut read = parse(&format!("{}\n{line}\n", HEADER.join(";")));
    match read.events.pop() {
        Some(event) if read.issues.is_empty() => Ok(event),
        _ => Err(read.issues),
    }
}

/// The text with `event` added as a last line (after the header when the text has none yet).
pub fn append_event(text: &str, event: &SectorEvent) -> String {
    let blank = text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
    let mut out = if blank {
        format!("{}{}\n", text, HEADER.join(";"))
    } else {
        text.to_string()
    };
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&line_of(event));
    out.push('\n');
    out
}

/// The text with its physical line `line` (1 is the first) replaced by `event`, or removed when
/// `event` is `None`; every other line (comments, lines with problems) is kept as written.
pub fn edit_line(text: &str, line: u64, event: Option<&SectorEvent>) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, raw) in text.lines().enumerate() {
        if i as u64 + 1 == line {
            if let Some(e) = event {
                out.push_str(&line_of(e));
                out.push('\n');
            }
        } else {
            out.push_str(raw);
            out.push('\n');
        }
    }
    out
}

/// Orders events by gravity: severity, then the earliest start (so the duration shown is the
/// longest).
pub fn gravity(a: &SectorEvent, b: &SectorEvent) -> std::cmp::Ordering {
    a.severity.cmp(&b.severity).then(b.start.cmp(&a.start))
}

/// An example the app pre-fills the editor with.
pub const EXAMPLE: &str = "naf_prefix;debut;fin;libelle;severite\n\
56;2020-03;2021-06;Fermeture administrative des restaurants;3\n\
55;2020-03;2021-06;Fermeture des hôtels et fermeture des frontières;3\n\
C;2022-09;2023-06;Hausse du prix de l'énergie pour l'industrie;2\n";

fn month(text: &str) -> Option<Month> {
    let t = text.trim();
    if let Some((m, y)) = t.split_once('/') {
        // MM/YYYY, or DD/MM/YYYY.
        let parts: Vec<&str> = t.split('/').collect();
        return match parts.as_slice() {
            [_, _] => Month::new(y.parse().ok()?, m.parse().ok()?),
            [d, m, y] => {
                Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).map(Date::month)
            }
            _ => None,
        };
    }
    Month::parse(t).ok()
}

fn severity(text: &str) -> Option<u8> {
    match text.trim().to_lowercase().as_str() {
        "1" | "faible" | "low" => Some(1),
        "2" | "moyenne" | "moyen" | "medium" => Some(2),
        "3" | "forte" | "fort" | "high" => Some(3),
        _ => None,
    }
}

fn prefix(text: &str) -> Option<String> {
    let p: String = text
        .trim()
        .chars()
        .filter(|c| *c != '.')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let section = p.len() == 1 && p.as_bytes()[0].is_ascii_uppercase() && p.as_bytes()[0] <= b'U';
    let code = (1..=5).contains(&p.len())
        && p.bytes().take(4).all(|b| b.is_ascii_digit())
        && p.bytes().skip(4).all(|b| b.is_ascii_uppercase());
    (section || code).then_some(p)
}

/// Reads a sector-event file. A header line is required; blank lines and lines starting with
/// `#` are comments.
pub fn parse(text: &str) -> SectorEvents {
    parse_located(text).0
}

/// [`parse`], with the physical line of each event read (so that an editor can change or remove
/// the line of one event and keep the rest of the text as written).
pub fn parse_located(text: &str) -> (SectorEvents, Vec<u64>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = SectorEvents::default();
    let mut lines = Vec::new();
    let mut header_seen = false;
    // Line by line (one event per line), each through `csv` for the quoting rules, so that
    // the line numbers reported are physical lines, comments and blank lines included.
    for (i, raw) in text.lines().enumerate() {
        let line = i as u64 + 1;
        if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
            continue;
        }
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .has_headers(false)
            .flexible(true)
            .from_reader(raw.as_bytes());
        let record = match reader.records().next() {
            Some(Ok(r)) => r,
            Some(Err(e)) => {
                out.issues.push(EventIssue::new(
                    line,
                    "—",
                    format!("ligne illisible ({e})"),
                    format!("unreadable line ({e})"),
                ));
                continue;
            }
            None => continue,
        };
        if !header_seen {
            header_seen = true;
            let names: Vec<String> = record.iter().map(|f| f.trim().to_lowercase()).collect();
            if names != HEADER {
                let (expected, found) = (HEADER.join(";"), names.join(";"));
                out.issues.push(EventIssue::new(
                    line,
                    "—",
                    format!("en-tête attendu « {expected} », trouvé « {found} »"),
                    format!("expected the header “{expected}”, found “{found}”"),
                ));
            }
            continue;
        }
        if record.len() != HEADER.len() {
            let (expected, found) = (HEADER.len(), record.len());
            out.issues.push(EventIssue::new(
                line,
                "—",
                format!("{expected} champs attendus séparés par « ; », {found} trouvés"),
                format!("expected {expected} fields separated by “;”, found {found}"),
            ));
            continue;
        }
        let issue = |column: &str, fr: String, en: String| EventIssue::new(line, column, fr, en);
        let mut problems = Vec::new();
        let naf_prefix = prefix(&record[0]);
        if naf_prefix.is_none() {
            problems.push(issue(
                "naf_prefix",
                format!(
                    "début de code NAF attendu (« 56 », « 56.10 », « 5610A ») ou lettre de section (« I »), trouvé « {} »",
                    record[0].trim()
                ),
                format!(
                    "expected the start of a NAF code (“56”, “56.10”, “5610A”) or a section letter (“I”), found “{}”",
                    record[0].trim()
                ),
            ));
        }
        let start = month(&record[1]);
        if start.is_none() {
            problems.push(issue(
                "debut",
                format!(
                    "mois attendu (AAAA-MM ou MM/AAAA), trouvé « {} »",
                    record[1].trim()
                ),
                format!(
                    "expected a month (YYYY-MM or MM/YYYY), found “{}”",
                    record[1].trim()
                ),
            ));
        }
        let end = if record[2].trim().is_empty() {
            Some(None)
        } else {
            month(&record[2]).map(Some)
        };
        if end.is_none() {
            problems.push(issue(
                "fin",
                format!(
                    "mois attendu (AAAA-MM ou MM/AAAA) ou vide pour un événement en cours, trouvé « {} »",
                    record[2].trim()
                ),
                format!(
                    "expected a month (YYYY-MM or MM/YYYY), or nothing for an ongoing event, found “{}”",
                    record[2].trim()
                ),
            ));
        }
        let label = record[3].trim().to_string();
        if label.is_empty() {
            problems.push(issue(
                "libelle",
                "libellé attendu, trouvé un champ vide".into(),
                "expected a label, found an empty field".into(),
            ));
        }
        let severity = severity(&record[4]);
        if severity.is_none() {
            problems.push(issue(
                "severite",
                format!(
                    "sévérité attendue : 1 (faible), 2 (moyenne) ou 3 (forte), trouvé « {} »",
                    record[4].trim()
                ),
                format!(
                    "expected a severity: 1 (low), 2 (medium) or 3 (strong), found “{}”",
                    record[4].trim()
                ),
            ));
        }
        if let (Some(s), Some(Some(e))) = (start, end)
            && e < s
        {
            problems.push(issue(
                "fin",
                format!("la fin ({}) précède le début ({})", e.french(), s.french()),
                format!(
                    "the end ({}) is before the start ({})",
                    e.english(),
                    s.english()
                ),
            ));
        }
        if !problems.is_empty() {
            out.issues.extend(problems);
            continue;
        }
        if let (Some(naf_prefix), Some(start), Some(end), Some(severity)) =
            (naf_prefix, start, end, severity)
        {
            out.events.push(SectorEvent {
                naf_prefix,
                start,
                end,
                label,
                severity,
            });
            lines.push(line);
        }
    }
    (out, lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, events: usize, issues: &[(u64, &str)]) {
        let read = parse(input);
        assert_eq!(read.events.len(), events, "{read:?}");
        let got: Vec<(u64, &str)> = read
            .issues
            .iter()
            .map(|i| (i.line, i.column.as_str()))
            .collect();
        assert_eq!(got, issues, "{read:?}");
    }

    #[test]
    fn reads_the_example_and_round_trips() {
        let read = parse(EXAMPLE);
        assert!(read.issues.is_empty(), "{:?}", read.issues);
        assert_eq!(read.events.len(), 3);
        assert_eq!(read.events[0].naf_prefix, "56");
        assert_eq!(read.events[0].start, Month::new(2020, 3).unwrap());
        assert_eq!(read.events[0].end, Month::new(2021, 6));
        assert_eq!(parse(&read.to_text()), read);
    }

    #[test]
    fn bad_lines_are_located_and_the_others_kept() {
        check(
            "naf_prefix;debut;fin;libelle;severite\n\
             56;2020-03;;Fermeture;3\n\
             \n\
             # a comment\n\
             5X;2020-03;2021-01;Mauvais code;2\n\
             47;mars 2020;2021-01;Mauvais mois;2\n\
             47;2020-03;2019-01;Fin avant début;2\n\
             47;03/2020;06/2020;Sévérité;9\n\
             47;03/2020;06/2020;Trop;2;de champs\n\
             47.1;01/03/2020;30/06/2020;Bon;moyenne\n",
            2,
            &[
                (5, "naf_prefix"),
                (6, "debut"),
                (7, "fin"),
                (8, "severite"),
                (9, "—"),
            ],
        );
    }

    #[test]
    fn every_issue_has_an_english_message() {
        let read = parse(
            "naf_prefix;debut;fin;libelle;severite\n5X;x;y;;9\n47;2020-03;2019-01;L;2\n1;2\n",
        );
        assert_eq!(read.issues.len(), 7, "{:?}", read.issues);
        for i in &read.issues {
            assert!(
                !i.message_en.is_empty() && i.message_en != i.message,
                "{i:?}"
            );
        }
    }

    #[test]
    fn a_wrong_header_is_reported() {
        check(
            "secteur;de;a;quoi;combien\n56;2020-03;;X;1\n",
            1,
            &[(1, "—")],
        );
    }

    #[test]
    fn matching_by_prefix_and_section() {
        let read = parse(EXAMPLE);
        let march_2020 = Month::new(2020, 3).unwrap();
        assert_eq!(read.gravest("56.10A", march_2020).unwrap().naf_prefix, "56");
        assert!(read.gravest("47.11F", march_2020).is_none());
        let energy = Month::new(2022, 10).unwrap();
        assert_eq!(read.gravest("25.62A", energy).unwrap().naf_prefix, "C");
        assert!(
            read.gravest("25.62A", Month::new(2023, 7).unwrap())
                .is_none()
        );
        assert!(
            read.gravest("56.10A", Month::new(2021, 7).unwrap())
                .is_none()
        );
    }

    /// The form's fields go through the file's rules: same events, same messages.
    fn check_form(fields: [&str; 5], expected: Result<&str, &[&str]>) {
        let [naf, start, end, label, severity] = fields;
        let got = check_fields(naf, start, end, label, severity);
        match (got, expected) {
            (Ok(event), Ok(line)) => assert_eq!(line_of(&event), line),
            (Err(issues), Err(columns)) => {
                let got: Vec<&str> = issues.iter().map(|i| i.column.as_str()).collect();
                assert_eq!(got, columns, "{issues:?}");
                assert!(issues.iter().all(|i| i.line == 2), "{issues:?}");
            }
            (got, expected) => panic!("{fields:?}: got {got:?}, expected {expected:?}"),
        }
    }

    #[test]
    fn form_fields_are_checked_like_file_lines() {
        check_form(
            ["56", "2023-01", "", "Restaurants; bars", "3"],
            Ok("56;2023-01;;Restaurants  bars;3"),
        );
        check_form(
            [
                "56.10",
                "03/2020",
                "06/2021",
                "Fermeture \"COVID\"",
                "forte",
            ],
            Ok("5610;2020-03;2021-06;Fermeture \"COVID\";3"),
        );
        check_form(["56", "2020-13", "", "X", "2"], Err(&["debut"]));
        check_form(
            ["5X", "2020-03", "2019-01", "", "9"],
            Err(&["naf_prefix", "libelle", "severite", "fin"]),
        );
        check_form(["56", "2020-03", "2019-01", "X", "1"], Err(&["fin"]));
    }

    /// Editing one event's line keeps every other line as written (comments, bad lines).
    fn check_edit(text: &str, event: usize, replacement: Option<&str>, expected: &str) {
        let (read, lines) = parse_located(text);
        let replacement =
            replacement.map(|l| parse(&format!("{}\n{l}\n", HEADER.join(";"))).events[0].clone());
        let edited = edit_line(text, lines[event], replacement.as_ref());
        assert_eq!(edited, expected);
        let after = parse(&edited);
        let mut kept = read.events.clone();
        match replacement {
            Some(e) => kept[event] = e,
            None => {
                kept.remove(event);
            }
        }
        assert_eq!(after.events, kept);
    }

    #[test]
    fn one_event_is_edited_or_removed_in_place() {
        let text = "naf_prefix;debut;fin;libelle;severite\n# note\n56;2020-03;;A;3\n47;mars;;Mauvais;2\n55;2021-01;2021-06;B;1\n";
        let (read, lines) = parse_located(text);
        assert_eq!(lines, [3, 5]);
        assert_eq!(read.events.len(), 2);
        check_edit(
            text,
            1,
            Some("C;2022-09;;Énergie;2"),
            "naf_prefix;debut;fin;libelle;severite\n# note\n56;2020-03;;A;3\n47;mars;;Mauvais;2\nC;2022-09;;Énergie;2\n",
        );
        check_edit(
            text,
            0,
            None,
            "naf_prefix;debut;fin;libelle;severite\n# note\n47;mars;;Mauvais;2\n55;2021-01;2021-06;B;1\n",
        );
    }

    #[test]
    fn appending_adds_the_header_when_needed() {
        let event = parse(EXAMPLE).events[0].clone();
        let check = |text: &str, expected: &str| {
            let out = append_event(text, &event);
            assert_eq!(out, expected);
            assert_eq!(parse(&out).events.last(), Some(&event));
        };
        let line = "56;2020-03;2021-06;Fermeture administrative des restaurants;3\n";
        check(
            "",
            &format!("naf_prefix;debut;fin;libelle;severite\n{line}"),
        );
        check(
            "naf_prefix;debut;fin;libelle;severite\n55;2020-03;;H;1",
            &format!("naf_prefix;debut;fin;libelle;severite\n55;2020-03;;H;1\n{line}"),
        );
    }
}
