//! Exports of a detection list: one row per scored firm, in the list's order, with the agent's
//! follow-up and the explanation columns, as CSV for French Excel and as XLSX.
//!
//! The file says what the agent saw: the alerts, ranks, « première alerte » and explanations
//! are those of the list's [`View`] (its horizon, and the model's thresholds or the capacity
//! mode), computed by the same `detection` code as the list, and a column names that rule.
//!
//! [`table`] builds typed cells once ([`Cell`]: text, number with its kind, or empty); [`csv`]
//! and [`xlsx`] only write them, so that both files always hold the same values in the same
//! columns. The explanation columns ([`explanation`]) are the ones `vigie score` writes: the
//! score at a horizon split exactly against the median firm of the firm's sector, so that
//! `reference log-odds + Σ group contributions + term-structure term = the firm's log-odds`.
//!
//! **Formula injection.** A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and
//! some read a leading tab or carriage return the same way) as a formula: a firm name written
//! by anyone into a source file could then fetch a URL or run a command on the agent's
//! computer. Every *text* cell that starts with one of those characters is neutralised: the CSV
//! prefixes it with `'` (which Excel shows as text), the XLSX writes it as a shared string with
//! Excel's own "quote prefix" style (the text stays verbatim, Excel never evaluates it, even
//! once the cell is edited). Numbers are never neutralised: they are cells we compute and write
//! ourselves as numbers (`-0,25` is a negative number, not a formula), never text from a file.

use rust_xlsxwriter::{DocProperties, Format, FormatAlign, Workbook, XlsxError};

use crate::calendar::Month;
use crate::detection;
use crate::explain::{self, ReferenceKind, reasons};
use crate::features::{COUNT, FeatureGroup};
use crate::followup::Book;
use crate::model::{Alert, Horizon};
use crate::pipeline::{AlertMode, Analysis, FirmScore};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ExportError {
    #[error("écriture du classeur XLSX impossible : {0}")]
    Xlsx(String),
}

impl From<XlsxError> for ExportError {
    fn from(e: XlsxError) -> ExportError {
        ExportError::Xlsx(e.to_string())
    }
}

/// The two file formats of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Csv,
    Xlsx,
}

/// What a number is: how many decimals the CSV gives it, and the XLSX number format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Ranks and headcounts: an integer when the value is one, else two decimals.
    Count,
    /// Euros and cents.
    Euros,
    /// A probability between 0 and 1 (the XLSX shows it as a percentage).
    Probability,
    /// A change of probability in percentage points (signed), as the list shows its trend.
    PercentagePoints,
    /// Degradation index points.
    Points,
    /// Log-odds (natural logarithm of the odds), the unit of exact explanations.
    LogOdds,
}

impl Kind {
    /// Decimals written in the CSV (`None`: as few as the value needs, see [`Kind::Count`]).
    fn decimals(self) -> Option<usize> {
        match self {
            Kind::Count => None,
            Kind::Euros => Some(2),
            Kind::Probability | Kind::LogOdds => Some(6),
            Kind::Points | Kind::PercentagePoints => Some(2),
        }
    }

    /// Excel's number format (`.` and `,` are localised by Excel: a French Excel shows
    /// `1 234,56 €`).
    fn excel_format(self) -> &'static str {
        match self {
            Kind::Count => "General",
            Kind::Euros => "#,##0.00\\ \"€\"",
            Kind::Probability => "0.00%",
            Kind::PercentagePoints => "+0.00;-0.00;0.00",
            Kind::Points => "+0.0;-0.0;0.0",
            Kind::LogOdds => "0.000000",
        }
    }
}

/// One cell of an export.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    /// Text, written verbatim apart from formula neutralisation (see the module doc).
    Text(String),
    /// A number we computed; never neutralised, never quoted.
    Number(f64, Kind),
}

impl Cell {
    /// A text cell; an empty text is an empty cell (a spreadsheet cannot tell them apart).
    fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }

    /// A number, or an empty cell for a missing (or non-finite) one.
    fn number(value: Option<f64>, kind: Kind) -> Cell {
        match value {
            Some(v) if v.is_finite() => Cell::Number(v, kind),
            _ => Cell::Empty,
        }
    }

    fn yes_no(b: bool) -> Cell {
        Cell::text(if b { "oui" } else { "non" })
    }

    /// The number in the cell, if it holds one.
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Cell::Number(v, _) => Some(*v),
            _ => None,
        }
    }
}

/// Headers and rows, every row as long as the header.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// The explanation columns of one firm at one horizon, against its sector's median firm (the
/// population's when the firm has no NAF code or its division is too small): what `vigie
/// score` writes and what the exports carry.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    pub horizon: Horizon,
    pub reference: ReferenceKind,
    /// The firm's log-odds at `horizon`.
    pub logit: f64,
    /// The reference firm's log-odds.
    pub reference_logit: f64,
    /// One per group of [`FeatureGroup::ALL`], in that order (0 for a group the model does
    /// not use).
    pub groups: [f64; FeatureGroup::ALL.len()],
    /// The term-structure term (see `explain::Decomposition::term_structure`).
    pub term_structure: f64,
    /// Up to [`reasons::AGGRAVATING`] aggravating reasons, in French.
    pub reasons: Vec<String>,
    /// Every dictionary feature's contribution (0 for those the model does not use).
    pub per_feature: [f64; COUNT],
}

/// The explanation columns of `score` at `horizon` (see [`Explanation`]).
pub fn explanation(analysis: &Analysis, score: &FirmScore, horizon: Horizon) -> Explanation {
    let reference = analysis
        .references
        .for_division(analysis.panel.firms[score.firm].naf_division());
    let d = explain::decompose(&analysis.model, horizon, &score.features, &reference.values);
    let by_group = d.groups();
    let groups = FeatureGroup::ALL.map(|g| {
        by_group
            .iter()
            .find(|(k, _)| *k == g)
            .map_or(0.0, |(_, c)| *c)
    });
    let reasons = reasons::reasons(&d, &reference.kind)
        .aggravating
        .into_iter()
        .take(reasons::AGGRAVATING)
        .map(|r| r.fr)
        .collect();
    Explanation {
        horizon,
        reference: reference.kind.clone(),
        logit: d.logit,
        reference_logit: d.base_logit,
        groups,
        term_structure: d.term_structure,
        reasons,
        per_feature: d.per_feature(),
    }
}

/// The firm's last published headcount as of the scoring month (the list's and `vigie
/// score`'s "effectif": read through the headcount's publication lag).
pub fn headcount(analysis: &Analysis, firm: usize) -> Option<f64> {
    let t = analysis.panel.index_of(analysis.at)?;
    let m = t.checked_sub(analysis.model.params.lags.effectif)?;
    analysis.panel.effectif.get(firm, m)
}

/// The firm's URSSAF debt at the scoring month (`None` when unknown, never a silent 0).
pub fn debt(analysis: &Analysis, firm: usize) -> Option<f64> {
    let t = analysis.panel.index_of(analysis.at)?;
    analysis.panel.debt_known(firm, t)
}

/// The change of the alert horizon's probability since the previous month, in percentage
/// points, when the firm was scored then (the list's trend).
pub fn trend(analysis: &Analysis, score: &FirmScore) -> Option<f64> {
    let now = score.score.at(analysis.model.alert_horizon).probability;
    let before = f64::from(*score.history.last()?);
    before.is_finite().then_some((now - before) * 100.0)
}

/// "médiane du secteur NAF 47", "médiane de la population".
fn reference_label(kind: &ReferenceKind) -> String {
    match kind {
        ReferenceKind::Sector(division) => format!("médiane du secteur NAF {division}"),
        ReferenceKind::Population => "médiane de la population".into(),
    }
}

/// How the list gave its alerts when it was exported: the horizon it ranks, alerts and
/// explains by, and its mode (the model's thresholds at that horizon, or the capacity mode).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct View {
    pub horizon: Horizon,
    pub mode: AlertMode,
}

impl View {
    /// The analysis as it is (the list's default): its alert horizon and its alert mode.
    pub fn of(analysis: &Analysis) -> View {
        View {
            horizon: analysis.model.alert_horizon,
            mode: analysis.alerts,
        }
    }

    /// The rule, as the "règle de l'alerte" column writes it: "seuils du modèle, p 18 mois",
    /// "capacité : 20 par département, p 6 mois".
    pub fn label_fr(self) -> String {
        let h = self.horizon.months();
        match self.mode {
            AlertMode::Thresholds => format!("seuils du modèle, p {h} mois"),
            AlertMode::Capacity(n) => format!("capacité : {n} par département, p {h} mois"),
        }
    }
}

/// The column headers (French): the explanation at the view's horizon, the trend at the
/// model's alert horizon (the only one whose history is kept).
pub fn headers(view: View, alert_horizon: Horizon) -> Vec<String> {
    let h = view.horizon.months();
    let mut out: Vec<String> = [
        "rang",
        "alerte (modèle)",
        "règle de l'alerte",
        "alerte retenue",
        "justification de l'ajustement",
        "suivie",
        "première alerte",
        "SIREN",
        "raison sociale",
        "département",
        "NAF",
        "effectif",
        "dette URSSAF (€)",
    ]
    .map(String::from)
    .to_vec();
    out.extend(Horizon::ALL.map(|k| format!("p {} mois", k.months())));
    out.push("dégradation (points sur 12 mois)".into());
    out.push(format!(
        "tendance p {} mois (points de %, depuis le mois précédent)",
        alert_horizon.months()
    ));
    out.push("référence de l'explication".into());
    out.push(format!("log-odds {h} mois"));
    out.push(format!("log-odds de la référence {h} mois"));
    out.extend(
        FeatureGroup::ALL
            .iter()
            .map(|g| format!("contribution {}", g.label_fr().to_lowercase())),
    );
    out.push("contribution structure par terme".into());
    out.extend((1..=reasons::AGGRAVATING).map(|k| format!("raison {k}")));
    out
}

/// The scores' indices by risk at `horizon`, riskiest first, ties in the analysis' order: the
/// list's order once its horizon is chosen (the analysis' own order at its alert horizon).
pub fn by_risk(analysis: &Analysis, horizon: Horizon) -> Vec<usize> {
    let p = |i: usize| analysis.scores[i].score.at(horizon).probability;
    let mut order: Vec<usize> = (0..analysis.scores.len()).collect();
    order.sort_by(|&i, &j| p(j).total_cmp(&p(i)).then(i.cmp(&j)));
    order
}

/// Each score's rank by risk at `horizon` (1 = riskiest, see [`by_risk`]), indexed like
/// `analysis.scores`.
fn ranks(analysis: &Analysis, horizon: Horizon) -> Vec<usize> {
    let mut ranks = vec![0; analysis.scores.len()];
    for (k, i) in by_risk(analysis, horizon).into_iter().enumerate() {
        ranks[i] = k + 1;
    }
    ranks
}

/// The export of `rows` (indices into `analysis.scores`, in the list's order; an index out of
/// range is skipped), with the agent's follow-up from `book`, as the list showed them in
/// `view`: its alert levels (the agent's adjustment applied to them for "alerte retenue"), its
/// « première alerte », the rank by risk at its horizon ("rang", whatever order the list is
/// sorted in) and the explanation at that horizon.
pub fn table(analysis: &Analysis, book: &Book, rows: &[usize], view: View) -> Table {
    let list = detection::Table::new(analysis);
    let levels = list.levels(view.horizon, view.mode);
    let ranks = ranks(analysis, view.horizon);
    let rule = view.label_fr();
    let rows = rows
        .iter()
        .filter_map(|&i| analysis.scores.get(i).map(|s| (i, s)))
        .map(|(i, s)| {
            let firm = &analysis.panel.firms[s.firm];
            let level: Alert = levels.get(i).copied().flatten().unwrap_or(s.alert);
            let adjustment = book.adjustment(firm.siren);
            let retained = adjustment.map_or(level, |a| a.apply(level));
            let mut row = vec![
                Cell::Number(ranks[i] as f64, Kind::Count),
                Cell::text(level.label_fr()),
                Cell::text(rule.clone()),
                Cell::text(retained.label_fr()),
                adjustment.map_or(Cell::Empty, |a| Cell::text(a.justification.clone())),
                Cell::yes_no(book.is_followed(firm.siren)),
                Cell::yes_no(list.rows[i].first_alert(Some(level))),
                Cell::text(firm.siren.insee()),
                Cell::text(firm.name.clone()),
                firm.departement.clone().map_or(Cell::Empty, Cell::text),
                firm.ape.clone().map_or(Cell::Empty, Cell::text),
                Cell::number(headcount(analysis, s.firm), Kind::Count),
                Cell::number(debt(analysis, s.firm), Kind::Euros),
            ];
            row.extend(
                Horizon::ALL
                    .map(|h| Cell::number(Some(s.score.at(h).probability), Kind::Probability)),
            );
            row.push(Cell::number(s.score.degradation, Kind::Points));
            row.push(Cell::number(trend(analysis, s), Kind::PercentagePoints));
            let e = explanation(analysis, s, view.horizon);
            row.push(Cell::text(reference_label(&e.reference)));
            row.push(Cell::number(Some(e.logit), Kind::LogOdds));
            row.push(Cell::number(Some(e.reference_logit), Kind::LogOdds));
            row.extend(e.groups.map(|c| Cell::number(Some(c), Kind::LogOdds)));
            row.push(Cell::number(Some(e.term_structure), Kind::LogOdds));
            row.extend((0..reasons::AGGRAVATING).map(|k| {
                e.reasons
                    .get(k)
                    .map_or(Cell::Empty, |r| Cell::text(r.clone()))
            }));
            row
        })
        .collect();
    Table {
        headers: headers(view, analysis.model.alert_horizon),
        rows,
    }
}

/// The name of the saved file: `vigie-liste-2021-03.csv`.
pub fn file_name(at: Month, format: FileFormat) -> String {
    let ext = match format {
        FileFormat::Csv => "csv",
        FileFormat::Xlsx => "xlsx",
    };
    format!("vigie-liste-{:04}-{:02}.{ext}", at.year(), at.month())
}

/// Whether a spreadsheet could read `text` as a formula (see the module doc).
pub fn is_formula_like(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A text cell for the CSV: neutralised (`'` before a formula-like start), then quoted as
/// RFC 4180 says when it holds the separator, a quote or a line break (quotes doubled).
pub fn csv_text(text: &str) -> String {
    let neutral = if is_formula_like(text) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if neutral.contains([';', '"', '\r', '\n']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

/// A number for a French spreadsheet: decimal comma, no thousands separator (Excel would read
/// a narrow space as text), a minus sign only when the written value is not zero.
pub fn csv_number(value: f64, kind: Kind) -> String {
    let text = match kind.decimals() {
        Some(d) => format!("{value:.d$}"),
        None if value.fract() == 0.0 => format!("{value:.0}"),
        None => format!("{value:.2}"),
    };
    let text = match text.strip_prefix('-') {
        Some(rest) if !rest.bytes().any(|b| (b'1'..=b'9').contains(&b)) => rest.to_string(),
        _ => text,
    };
    text.replace('.', ",")
}

/// The table as CSV for French Excel: UTF-8 with a BOM (so the accents open right), `;`
/// between fields (the French list separator), CRLF after every record, decimal commas.
pub fn csv(table: &Table) -> String {
    let mut out = String::from("\u{feff}");
    let mut line = |cells: &mut dyn Iterator<Item = String>| {
        let fields: Vec<String> = cells.collect();
        out.push_str(&fields.join(";"));
        out.push_str("\r\n");
    };
    line(&mut table.headers.iter().map(|h| csv_text(h)));
    for row in &table.rows {
        line(&mut row.iter().map(|c| match c {
            Cell::Empty => String::new(),
            Cell::Text(t) => csv_text(t),
            Cell::Number(v, k) => csv_number(*v, *k),
        }));
    }
    out
}

/// Every kind, for building one XLSX format per kind.
const KINDS: [Kind; 6] = [
    Kind::Count,
    Kind::Euros,
    Kind::Probability,
    Kind::PercentagePoints,
    Kind::Points,
    Kind::LogOdds,
];

/// The table as an XLSX workbook: one sheet, a bold header row frozen at the top with an
/// autofilter, numbers as numbers (full precision, formatted by kind), text as shared
/// strings — the SIREN too, so that its leading zeros survive — never a formula, and columns
/// fitted to their contents (long reasons capped).
pub fn xlsx(table: &Table, title: &str) -> Result<Vec<u8>, ExportError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_author("Vigie")
            .set_comment("Données confidentielles, exportées de Vigie"),
    );
    let header = Format::new()
        .set_bold()
        .set_align(FormatAlign::Top)
        .set_text_wrap();
    let quoted = Format::new().set_quote_prefix();
    let numbers: Vec<(Kind, Format)> = KINDS
        .iter()
        .map(|&k| (k, Format::new().set_num_format(k.excel_format())))
        .collect();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Liste")?;
    for (c, h) in table.headers.iter().enumerate() {
        sheet.write_string_with_format(0, col(c)?, h, &header)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(|_| ExportError::Xlsx("trop de lignes".into()))?;
        for (c, cell) in row.iter().enumerate() {
            let c = col(c)?;
            match cell {
                Cell::Empty => {}
                Cell::Text(t) if is_formula_like(t) => {
                    sheet.write_string_with_format(r, c, t, &quoted)?;
                }
                Cell::Text(t) => {
                    sheet.write_string(r, c, t)?;
                }
                Cell::Number(v, k) => {
                    let format = numbers
                        .iter()
                        .find(|(kind, _)| kind == k)
                        .map(|(_, f)| f)
                        .ok_or_else(|| ExportError::Xlsx("format de nombre".into()))?;
                    sheet.write_number_with_format(r, c, *v, format)?;
                }
            }
        }
    }
    let last_col = col(table.headers.len().saturating_sub(1))?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(
        0,
        0,
        u32::try_from(table.rows.len()).unwrap_or(u32::MAX),
        last_col,
    )?;
    sheet.set_autofit_max_width(360);
    sheet.autofit();
    Ok(workbook.save_to_buffer()?)
}

fn col(c: usize) -> Result<u16, ExportError> {
    u16::try_from(c).map_err(|_| ExportError::Xlsx("trop de colonnes".into()))
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read as _};
    use std::sync::OnceLock;

    use calamine::{Data, Reader as _, Xlsx};

    use super::*;
    use crate::calendar::Date;
    use crate::demo::{DemoConfig, generate};
    use crate::followup::{FollowReason, Shift};
    use crate::pipeline::analyse;

    /// One small demo analysis shared by the tests, with two hostile firm names.
    fn demo() -> &'static Analysis {
        static DEMO: OnceLock<Analysis> = OnceLock::new();
        DEMO.get_or_init(|| {
            let files = generate(&DemoConfig {
                firms: 300,
                ..DemoConfig::default()
            });
            let mut a = analyse(&files, None).expect("demo analysis");
            let (first, second) = (a.scores[0].firm, a.scores[1].firm);
            a.panel.firms[first].name = "=HYPERLINK(\"http://x\")".into();
            a.panel.firms[second].name = "<script>alert(1)</script>".into();
            a
        })
    }

    /// A book following the firm of `scores[2]` and adjusting the alert of `scores[3]` by
    /// one level (up unless it is red).
    fn book(a: &Analysis) -> Book {
        let firm = |k: usize| &a.panel.firms[a.scores[k].firm];
        let today = Date::new(2024, 1, 15).expect("date");
        let mut book = Book::default();
        book.follow(
            firm(2).siren,
            &firm(2).name,
            FollowReason::ModelSignal,
            "",
            today,
        )
        .expect("follow");
        book.adjust(
            firm(3).siren,
            &firm(3).name,
            shift(a.scores[3].alert),
            "liquidation annoncée; \"source\" presse",
            a.scores[3].alert,
            today,
        )
        .expect("adjust");
        book
    }

    fn shift(alert: Alert) -> Shift {
        if alert == Alert::Rouge {
            Shift::Down
        } else {
            Shift::Up
        }
    }

    fn column(t: &Table, name: &str) -> usize {
        t.headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    }

    /// Splits one CSV record (`;`, RFC 4180 quotes), for reading our own output back.
    fn split(line: &str) -> Vec<String> {
        let mut fields = vec![String::new()];
        let (mut quoted, mut chars) = (false, line.chars().peekable());
        while let Some(c) = chars.next() {
            match (c, quoted) {
                ('"', true) if chars.peek() == Some(&'"') => {
                    chars.next();
                    fields.last_mut().expect("field").push('"');
                }
                ('"', _) => quoted = !quoted,
                (';', false) => fields.push(String::new()),
                (c, _) => fields.last_mut().expect("field").push(c),
            }
        }
        fields
    }

    #[test]
    fn text_cells_are_neutralised_then_quoted() {
        let check =
            |input: &str, expected: &str| assert_eq!(csv_text(input), expected, "{input:?}");
        check(
            "=HYPERLINK(\"http://x\")",
            "\"'=HYPERLINK(\"\"http://x\"\")\"",
        );
        check("=1+1", "'=1+1");
        check("+33 1 23", "'+33 1 23");
        check("-2", "'-2");
        check("@SUM(A1)", "'@SUM(A1)");
        check("\tcmd", "'\tcmd");
        check("\rcmd", "\"'\rcmd\"");
        check("<script>alert(1)</script>", "<script>alert(1)</script>");
        check("SARL DUPONT", "SARL DUPONT");
        check("A=B", "A=B");
        check("DUPONT; FILS", "\"DUPONT; FILS\"");
        check("LE \"BON\" PAIN", "\"LE \"\"BON\"\" PAIN\"");
        check("ligne\nsuivante", "\"ligne\nsuivante\"");
        check("", "");
    }

    #[test]
    fn numbers_have_a_decimal_comma_and_keep_their_sign() {
        let check = |v: f64, k: Kind, expected: &str| {
            assert_eq!(csv_number(v, k), expected, "{v} {k:?}");
        };
        check(0.123456789, Kind::Probability, "0,123457");
        check(-1.5, Kind::LogOdds, "-1,500000");
        check(-0.0000001, Kind::LogOdds, "0,000000");
        check(-12.1, Kind::PercentagePoints, "-12,10");
        check(-0.004, Kind::PercentagePoints, "0,00");
        check(1234567.891, Kind::Euros, "1234567,89");
        check(-250.0, Kind::Euros, "-250,00");
        check(12.0, Kind::Count, "12");
        check(12.5, Kind::Count, "12,50");
        check(-3.25, Kind::Points, "-3,25");
    }

    #[test]
    fn csv_has_bom_semicolons_crlf_and_one_row_per_listed_firm() {
        let a = demo();
        let rows = [4, 0, 1, 2, 3, 9999];
        let t = table(a, &book(a), &rows, View::of(a));
        let text = csv(&t);
        assert!(text.starts_with("\u{feff}rang;alerte (modèle);règle de l'alerte;alerte retenue;"));
        let body = text.trim_start_matches('\u{feff}');
        assert!(body.ends_with("\r\n"));
        assert!(!body.replace("\r\n", "").contains(['\r', '\n']));
        let lines: Vec<&str> = body.trim_end_matches("\r\n").split("\r\n").collect();
        // The index 9999 is out of range: skipped.
        assert_eq!(lines.len(), 1 + 5);
        let header = split(lines[0]);
        assert_eq!(header, t.headers);
        assert_eq!(
            header.len(),
            13 + 4 + 3 + 2 + FeatureGroup::ALL.len() + 1 + 4
        );
        let siren = column(&t, "SIREN");
        let name = column(&t, "raison sociale");
        let p18 = column(&t, "p 18 mois");
        for (line, &i) in lines[1..].iter().zip(&rows) {
            let f = split(line);
            assert_eq!(f.len(), header.len(), "{line}");
            let s = &a.scores[i];
            let firm = &a.panel.firms[s.firm];
            assert_eq!(f[0], (i + 1).to_string());
            assert_eq!(f[siren], firm.siren.insee());
            assert_eq!(
                f[p18],
                csv_number(s.score.at(Horizon::M18).probability, Kind::Probability)
            );
            assert!(f[p18].contains(',') && !f[p18].contains('.'), "{}", f[p18]);
            let expected_name = match i {
                0 => "'=HYPERLINK(\"http://x\")".to_string(),
                _ => firm.name.clone(),
            };
            assert_eq!(f[name], expected_name);
        }
        assert!(
            lines[3].contains(";<script>alert(1)</script>;"),
            "{}",
            lines[3]
        );
        assert!(
            lines[2].contains(";\"'=HYPERLINK(\"\"http://x\"\")\";"),
            "{}",
            lines[2]
        );
    }

    #[test]
    fn follow_up_columns_come_from_the_book() {
        let a = demo();
        let t = table(a, &book(a), &[2, 3, 1], View::of(a));
        let get = |r: usize, c: &str| t.rows[r][column(&t, c)].clone();
        let text = |s: &str| Cell::text(s);
        assert_eq!(get(0, "suivie"), text("oui"));
        assert_eq!(get(1, "suivie"), text("non"));
        assert_eq!(get(0, "justification de l'ajustement"), Cell::Empty);
        let model = a.scores[3].alert;
        let up = match (shift(model), model) {
            (Shift::Down, _) => Alert::Orange,
            (_, Alert::Vert) => Alert::Orange,
            _ => Alert::Rouge,
        };
        assert_eq!(get(1, "alerte (modèle)"), text(model.label_fr()));
        assert_eq!(get(1, "alerte retenue"), text(up.label_fr()));
        assert_eq!(
            get(1, "justification de l'ajustement"),
            text("liquidation annoncée; \"source\" presse")
        );
        assert_eq!(get(2, "alerte retenue"), get(2, "alerte (modèle)"));
        let csv = csv(&t);
        assert!(csv.contains(";\"liquidation annoncée; \"\"source\"\" presse\";"));
    }

    #[test]
    fn explanation_columns_add_up_to_the_firm_log_odds() {
        let a = demo();
        let rows: Vec<usize> = (0..a.scores.len()).collect();
        let t = table(a, &Book::default(), &rows, View::of(a));
        let h = a.model.alert_horizon.months();
        let logit = column(&t, &format!("log-odds {h} mois"));
        let reference = column(&t, &format!("log-odds de la référence {h} mois"));
        let structure = column(&t, "contribution structure par terme");
        assert_eq!(structure, reference + 1 + FeatureGroup::ALL.len());
        let mut reasons = 0;
        for (row, s) in t.rows.iter().zip(&a.scores) {
            let value = |c: usize| row[c].as_number().expect("number");
            let total: f64 = (reference..=structure).map(value).sum();
            assert!(
                (total - value(logit)).abs() < 1e-9,
                "{total} vs {}",
                value(logit)
            );
            let published = s.score.at(a.model.alert_horizon).logit;
            assert!((value(logit) - published).abs() < 1e-9);
            reasons += row[structure + 1..]
                .iter()
                .filter(|c| matches!(c, Cell::Text(_)))
                .count();
        }
        assert!(reasons > t.rows.len(), "reasons given: {reasons}");
    }

    #[test]
    fn xlsx_reads_back_with_the_same_typed_values() {
        let a = demo();
        let rows: Vec<usize> = (0..a.scores.len()).rev().collect();
        let t = table(a, &book(a), &rows, View::of(a));
        let bytes = xlsx(&t, "Vigie — liste de détection").expect("xlsx");
        assert!(bytes.starts_with(b"PK"));
        let mut book = Xlsx::new(Cursor::new(bytes.clone())).expect("open");
        let range = book.worksheet_range("Liste").expect("sheet");
        let read: Vec<&[Data]> = range.rows().collect();
        assert_eq!(read.len(), 1 + t.rows.len());
        for (c, h) in t.headers.iter().enumerate() {
            assert_eq!(read[0][c], Data::String(h.clone()));
        }
        for (got, want) in read[1..].iter().zip(&t.rows) {
            for (c, cell) in want.iter().enumerate() {
                let back = got.get(c).cloned().unwrap_or(Data::Empty);
                match cell {
                    Cell::Empty => assert_eq!(back, Data::Empty, "{}", t.headers[c]),
                    // Text stays verbatim (neutralised by style, not by content).
                    Cell::Text(s) => assert_eq!(back, Data::String(s.clone())),
                    Cell::Number(v, _) => assert_eq!(back, Data::Float(*v)),
                }
            }
        }
        // The SIREN is text: a SIREN with leading zeros keeps them.
        let siren = column(&t, "SIREN");
        assert!(
            read[1..]
                .iter()
                .all(|r| matches!(&r[siren], Data::String(s) if s.len() == 11))
        );
        // The sums hold on the values read back.
        let h = a.model.alert_horizon.months();
        let logit = column(&t, &format!("log-odds {h} mois"));
        let reference = column(&t, &format!("log-odds de la référence {h} mois"));
        let structure = column(&t, "contribution structure par terme");
        for r in &read[1..] {
            let f = |c: usize| match r[c] {
                Data::Float(v) => v,
                ref other => panic!("{other:?}"),
            };
            let total: f64 = (reference..=structure).map(f).sum();
            assert!((total - f(logit)).abs() < 1e-9);
        }
        // The hostile name is a string with Excel's quote prefix, never a formula; the header
        // is bold and frozen.
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
        let mut part = |name: &str| {
            let mut s = String::new();
            zip.by_name(name)
                .expect(name)
                .read_to_string(&mut s)
                .expect("utf-8");
            s
        };
        let sheet = part("xl/worksheets/sheet1.xml");
        assert!(!sheet.contains("<f>"), "no formula cell");
        assert!(sheet.contains("state=\"frozen\""));
        assert!(sheet.contains("<autoFilter"));
        let styles = part("xl/styles.xml");
        assert!(styles.contains("quotePrefix=\"1\""));
        assert!(styles.contains("<b/>"));
        let strings = part("xl/sharedStrings.xml");
        assert!(
            strings.contains("=HYPERLINK(\"http://x\")"),
            "{}",
            &strings[..strings.len().min(600)]
        );
        assert!(strings.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }

    #[test]
    fn the_export_gives_the_alerts_ranks_and_explanations_of_the_list_view() {
        let a = demo();
        let all: Vec<usize> = (0..a.scores.len()).collect();
        let list = detection::Table::new(a);
        let text = |s: &str| Cell::text(s);

        // The default view is the analysis: its alerts, its order as ranks, its first alerts.
        let t = table(a, &Book::default(), &all, View::of(a));
        let h = a.model.alert_horizon.months();
        for (k, (row, s)) in t.rows.iter().zip(&a.scores).enumerate() {
            assert_eq!(row[0], Cell::Number((k + 1) as f64, Kind::Count));
            assert_eq!(row[column(&t, "alerte (modèle)")], text(s.alert.label_fr()));
            assert_eq!(
                row[column(&t, "règle de l'alerte")],
                text(&format!("seuils du modèle, p {h} mois"))
            );
            assert_eq!(
                row[column(&t, "première alerte")],
                Cell::yes_no(s.first_alert)
            );
        }

        // Another horizon in capacity mode: the list's levels, ranks by that horizon, the
        // explanation at it; the trend stays at the alert horizon.
        let view = View {
            horizon: Horizon::ALL[1],
            mode: AlertMode::Capacity(3),
        };
        let levels = list.levels(view.horizon, view.mode);
        let t = table(a, &book(a), &all, view);
        assert!(t.headers.contains(&"log-odds 6 mois".to_string()));
        assert!(t.headers.contains(&format!(
            "tendance p {h} mois (points de %, depuis le mois précédent)"
        )));
        let p6 = |i: usize| a.scores[i].score.at(Horizon::ALL[1]).probability;
        let mut changed = 0;
        for (i, row) in t.rows.iter().enumerate() {
            let level = levels[i].expect("scored");
            changed += usize::from(level != a.scores[i].alert);
            assert_eq!(row[column(&t, "alerte (modèle)")], text(level.label_fr()));
            assert_eq!(
                row[column(&t, "règle de l'alerte")],
                text("capacité : 3 par département, p 6 mois")
            );
            assert_eq!(
                row[column(&t, "première alerte")],
                Cell::yes_no(list.rows[i].first_alert(Some(level)))
            );
            let above = (0..a.scores.len())
                .filter(|&j| p6(j) > p6(i) || (p6(j) == p6(i) && j < i))
                .count();
            assert_eq!(row[0], Cell::Number((above + 1) as f64, Kind::Count), "{i}");
            let logit = row[column(&t, "log-odds 6 mois")]
                .as_number()
                .expect("logit");
            assert!((logit - a.scores[i].score.at(Horizon::ALL[1]).logit).abs() < 1e-9);
        }
        assert!(changed > 0, "the capacity view changes some alerts");
        // The adjustment applies to the level shown.
        let adjusted = &t.rows[3];
        let shown = levels[3].expect("scored");
        let up = book(a)
            .adjustment(a.panel.firms[a.scores[3].firm].siren)
            .expect("adjusted")
            .apply(shown);
        assert_eq!(adjusted[column(&t, "alerte retenue")], text(up.label_fr()));
    }

    #[test]
    fn file_names_carry_the_scoring_month() {
        let at = Month::new(2021, 3).expect("month");
        assert_eq!(file_name(at, FileFormat::Csv), "vigie-liste-2021-03.csv");
        assert_eq!(file_name(at, FileFormat::Xlsx), "vigie-liste-2021-03.xlsx");
    }
}
