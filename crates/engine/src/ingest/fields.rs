//! Typed field parsers for the spec's value formats (§2.4 numbers, §2.6 dates and periods).
//! Each returns the value and the warnings it noticed, or the issue code that rejects it.

use crate::calendar::{Date, Month};
use crate::ingest::report::IssueCode;

/// A half-open range of months `[start, end)`: a URSSAF contribution period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    pub start: Month,
    pub end: Month,
}

impl Period {
    pub fn months(self) -> i32 {
        self.start.months_until(self.end)
    }
}

/// A parsed value plus the non-fatal observations made while parsing it.
pub type Parsed<T> = Result<(T, Option<IssueCode>), IssueCode>;

/// Numbers (§2.4). `Ok((None, _))` is an empty cell: missing, never zero.
pub fn number(raw: &str) -> Parsed<Option<f64>> {
    if let Some(v) = simple_number(raw) {
        return Ok((Some(v), None));
    }
    let mut s: String = raw
        .trim_matches(|c: char| c == ' ' || c == '\u{a0}')
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    if s.is_empty() {
        return Ok((None, None));
    }
    let mut note = None;
    let (last_dot, last_comma) = (s.rfind('.'), s.rfind(','));
    match (last_dot, last_comma) {
        (Some(d), Some(c)) => {
            let (decimal, thousands) = if d > c { ('.', ',') } else { (',', '.') };
            s = s.replace(thousands, "").replace(decimal, ".");
            note = Some(IssueCode::ThousandsSeparator);
        }
        (None, Some(_)) => s = s.replace(',', "."),
        _ => {}
    }
    let valid = s
        .strip_prefix('-')
        .unwrap_or(&s)
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.');
    if !valid || s.matches('.').count() > 1 {
        return Err(IssueCode::BadNumber);
    }
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok((Some(v), note)),
        _ => Err(IssueCode::BadNumber),
    }
}

/// The hot path of [`number`]: `-?digits[.,]digits`, parsed without allocating. `None` sends
/// anything else (spaces, thousands separators, errors) to the general rules.
fn simple_number(raw: &str) -> Option<f64> {
    let b = raw.as_bytes();
    if b.is_empty() || b.len() > 40 {
        return None;
    }
    let digits = b.strip_prefix(b"-").unwrap_or(b);
    let mut separator = None;
    for (i, c) in digits.iter().enumerate() {
        match c {
            b'0'..=b'9' => {}
            b'.' | b',' if separator.is_none() => separator = Some(i),
            _ => return None,
        }
    }
    if digits.is_empty() || separator.is_some_and(|i| i == 0 || i + 1 == digits.len()) {
        return None;
    }
    let mut buffer = [0u8; 40];
    buffer[..b.len()].copy_from_slice(b);
    if let Some(i) = separator {
        buffer[b.len() - digits.len() + i] = b'.';
    }
    let v: f64 = std::str::from_utf8(&buffer[..b.len()]).ok()?.parse().ok()?;
    v.is_finite().then_some(v)
}

/// A number that must be present.
pub fn required_number(raw: &str) -> Parsed<f64> {
    match number(raw)? {
        (Some(v), note) => Ok((v, note)),
        (None, _) => Err(IssueCode::BadNumber),
    }
}

/// A non-negative integer; a float with a non-zero fraction is truncated toward zero (§2.4).
pub fn count(raw: &str) -> Parsed<Option<u32>> {
    match number(raw)? {
        (None, note) => Ok((None, note)),
        (Some(v), _) if v < 0.0 || v > f64::from(u32::MAX) => Err(IssueCode::BadNumber),
        (Some(v), note) if v.fract() != 0.0 => Ok((
            Some(v.trunc() as u32),
            note.or(Some(IssueCode::FractionTruncated)),
        )),
        (Some(v), note) => Ok((Some(v as u32), note)),
    }
}

/// URSSAF "(A)AAMMJJ" dates: integer + 19 000 000 read as YYYYMMDD; an 8-digit value is taken
/// as a plain ISO basic date with a warning (§2.6, a deliberate deviation).
pub fn urssaf_date(raw: &str) -> Parsed<Date> {
    let s = raw.trim();
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(IssueCode::BadDate);
    }
    let (value, note) = match s.len() {
        6 | 7 => (
            s.parse::<u32>().map_err(|_| IssueCode::BadDate)? + 19_000_000,
            None,
        ),
        8 => {
            let v: u32 = s.parse().map_err(|_| IssueCode::BadDate)?;
            if !(19_000_000..21_000_000).contains(&v) {
                return Err(IssueCode::BadDate);
            }
            (v, Some(IssueCode::Date8Digits))
        }
        _ => return Err(IssueCode::BadDate),
    };
    let date = Date::new((value / 10_000) as i32, value / 100 % 100, value % 100)
        .ok_or(IssueCode::BadDate)?;
    Ok((date, note))
}

/// URSSAF periods `YYQM` / `YYYYQM` (§2.6): `62` = whole year, M = 0 whole quarter, else one month.
pub fn urssaf_period(raw: &str) -> Result<Period, IssueCode> {
    let s = raw.trim();
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(IssueCode::BadPeriod);
    }
    let (year, qm) = match s.len() {
        4 => {
            let yy: i32 = s[..2].parse().map_err(|_| IssueCode::BadPeriod)?;
            (if yy < 50 { 2000 + yy } else { 1900 + yy }, &s[2..])
        }
        6 => (s[..4].parse().map_err(|_| IssueCode::BadPeriod)?, &s[4..]),
        _ => return Err(IssueCode::BadPeriod),
    };
    let bytes = qm.as_bytes();
    let (q, m) = (u32::from(bytes[0] - b'0'), u32::from(bytes[1] - b'0'));
    let month = |mo: u32| Month::new(year, mo).ok_or(IssueCode::BadPeriod);
    match (q, m) {
        (6, 2) => Ok(Period {
            start: month(1)?,
            end: month(1)?.offset(12),
        }),
        (1..=4, 0) => {
            let start = month(3 * q - 2)?;
            Ok(Period {
                start,
                end: start.offset(3),
            })
        }
        (1..=4, 1..=3) => {
            let start = month(3 * (q - 1) + m)?;
            Ok(Period {
                start,
                end: start.next(),
            })
        }
        _ => Err(IssueCode::BadPeriod),
    }
}

/// The URSSAF period code of a single month, `YYYYQM` (the inverse of [`urssaf_period`]).
pub fn urssaf_month_code(month: Month) -> String {
    let q = (month.month() - 1) / 3 + 1;
    let m = month.month() - 3 * (q - 1);
    format!("{:04}{q}{m}", month.year())
}

const MONTH_ABBREVIATIONS: [(&str, u32); 24] = [
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("may", 5),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
    ("janv", 1),
    ("févr", 2),
    ("mars", 3),
    ("avr", 4),
    ("mai", 5),
    ("juin", 6),
    ("juil", 7),
    ("août", 8),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("déc", 12),
];

/// `DDMONYYYY` dates (procol `Dt_effet`, BdF `ARRETE_BILAN`): English or French month
/// abbreviation with an optional `.` and spaces (`07MAR2019`, `3avr.2023`, `31 DÉC. 2019`). Works on
/// characters, so an accented value never splits a byte sequence (and never panics).
pub fn day_month_abbrev_year(raw: &str) -> Result<Date, IssueCode> {
    let chars: Vec<char> = raw
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let day_len = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    if !(1..=2).contains(&day_len) || chars.len() < day_len + 4 + 3 {
        return Err(IssueCode::BadDate);
    }
    let year_start = chars.len() - 4;
    let text = |r: std::ops::Range<usize>| chars[r].iter().collect::<String>();
    let (day, month, year) = (
        text(0..day_len),
        text(day_len..year_start),
        text(year_start..chars.len()),
    );
    let month = month.trim_end_matches('.');
    let month = MONTH_ABBREVIATIONS
        .iter()
        .find(|(abbr, _)| *abbr == month)
        .ok_or(IssueCode::BadDate)?
        .1;
    if !year.bytes().all(|b| b.is_ascii_digit()) {
        return Err(IssueCode::BadDate);
    }
    let (Ok(year), Ok(day)) = (year.parse(), day.parse()) else {
        return Err(IssueCode::BadDate);
    };
    Date::new(year, month, day).ok_or(IssueCode::BadDate)
}

/// `DDMONYYYY` with an English abbreviation, as the procol file writes it.
pub fn format_day_month_abbrev_year(date: Date) -> String {
    let abbr = MONTH_ABBREVIATIONS[date.month().month() as usize - 1]
        .0
        .to_uppercase();
    format!("{:02}{abbr}{}", date.day(), date.year())
}

/// The URSSAF `(A)AAMMJJ` form of a date.
pub fn format_urssaf_date(date: Date) -> String {
    let m = date.month();
    let v = date.year() * 10_000 + m.month() as i32 * 100 + date.day() as i32 - 19_000_000;
    v.to_string()
}

/// Booleans: `0/1/true/false/t/f` in any case.
pub fn boolean(raw: &str) -> Result<bool, IssueCode> {
    match raw.trim().to_lowercase().as_str() {
        "1" | "true" | "t" => Ok(true),
        "0" | "false" | "f" => Ok(false),
        _ => Err(IssueCode::UnknownCode),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_number(raw: &str, expected: Parsed<Option<f64>>) {
        assert_eq!(number(raw), expected, "parsing {raw:?}");
    }

    fn check_date(raw: &str, expected: Result<&str, IssueCode>) {
        let got = urssaf_date(raw).map(|(d, _)| d.to_string());
        assert_eq!(got, expected.map(str::to_string), "parsing {raw:?}");
    }

    fn check_period(raw: &str, expected: Result<(&str, i32), IssueCode>) {
        let got = urssaf_period(raw).map(|p| (p.start.to_string(), p.months()));
        assert_eq!(
            got,
            expected.map(|(s, n)| (s.to_string(), n)),
            "parsing {raw:?}"
        );
    }

    #[test]
    fn numbers_follow_the_spec() {
        check_number("", Ok((None, None)));
        check_number("  ", Ok((None, None)));
        check_number("12850,00", Ok((Some(12850.0), None)));
        check_number("-12.5", Ok((Some(-12.5), None)));
        check_number("12 850,50", Ok((Some(12850.5), None)));
        check_number("1\u{202f}234", Ok((Some(1234.0), None)));
        check_number(
            "1.234,5",
            Ok((Some(1234.5), Some(IssueCode::ThousandsSeparator))),
        );
        check_number(
            "1,234.5",
            Ok((Some(1234.5), Some(IssueCode::ThousandsSeparator))),
        );
        check_number("12a", Err(IssueCode::BadNumber));
        check_number("1.2.3", Err(IssueCode::BadNumber));
        check_number("-", Err(IssueCode::BadNumber));
        check_number("-0,5", Ok((Some(-0.5), None)));
        check_number("12.", Ok((Some(12.0), None)));
        check_number(",5", Ok((Some(0.5), None)));
        check_number("1,2,3", Err(IssueCode::BadNumber));
        assert_eq!(count("12.0"), Ok((Some(12), None)));
        assert_eq!(
            count("12.7"),
            Ok((Some(12), Some(IssueCode::FractionTruncated)))
        );
        assert_eq!(count("-3"), Err(IssueCode::BadNumber));
    }

    #[test]
    fn urssaf_dates_are_year_minus_1900() {
        check_date("1210317", Ok("2021-03-17"));
        check_date("981130", Ok("1998-11-30"));
        check_date("1221345", Err(IssueCode::BadDate));
        check_date("20150708", Ok("2015-07-08"));
        check_date("12103", Err(IssueCode::BadDate));
        assert_eq!(
            urssaf_date("20150708").map(|(_, n)| n),
            Ok(Some(IssueCode::Date8Digits))
        );
        let d = Date::new(2021, 3, 17).unwrap();
        assert_eq!(format_urssaf_date(d), "1210317");
    }

    #[test]
    fn urssaf_periods() {
        check_period("2131", Ok(("2021-07", 1)));
        check_period("202030", Ok(("2020-07", 3)));
        check_period("201962", Ok(("2019-01", 12)));
        check_period("202212", Ok(("2022-02", 1)));
        check_period("2151", Err(IssueCode::BadPeriod));
        check_period("20224", Err(IssueCode::BadPeriod));
        check_period("21A1", Err(IssueCode::BadPeriod));
        for m in 1..=12 {
            let month = Month::new(2021, m).unwrap();
            assert_eq!(
                urssaf_period(&urssaf_month_code(month)).unwrap().start,
                month
            );
        }
    }

    #[test]
    fn abbreviated_month_dates() {
        assert_eq!(
            day_month_abbrev_year("07MAR2019").unwrap().to_string(),
            "2019-03-07"
        );
        assert_eq!(
            day_month_abbrev_year("3avr.2023").unwrap().to_string(),
            "2023-04-03"
        );
        assert_eq!(day_month_abbrev_year("31FEB2019"), Err(IssueCode::BadDate));
        // Multi-byte characters where the year should start: an error, not a panic.
        assert_eq!(day_month_abbrev_year("1aé1é"), Err(IssueCode::BadDate));
        assert_eq!(day_month_abbrev_year("07MARé019"), Err(IssueCode::BadDate));
        let d = Date::new(2022, 9, 12).unwrap();
        assert_eq!(format_day_month_abbrev_year(d), "12SEP2022");
    }
}
