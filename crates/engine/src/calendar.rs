//! Civil calendar types: [`Month`] (the panel's time index) and [`Date`] (a day, for event files).
//!
//! Hand-written rather than pulling `chrono`/`jiff`: the engine only needs validated Y-M-D values,
//! ordering, month arithmetic and day-of-month, and no time zones ever (the spec's dates are civil).

use std::fmt;

use serde::{Deserialize, Serialize};

/// French month names, used for display ("mars 2021").
const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("« {0} » n'est pas un mois au format AAAA-MM")]
    BadMonth(String),
    #[error("« {0} » n'est pas une date valide")]
    BadDate(String),
}

/// A calendar month. Stored as the number of months since January of year 0, so that
/// ordering and arithmetic are plain integer operations.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Month(i32);

impl Month {
    /// `month` is 1-based; `None` when it is outside 1..=12.
    pub fn new(year: i32, month: u32) -> Option<Month> {
        (1..=12)
            .contains(&month)
            .then(|| Month(year * 12 + month as i32 - 1))
    }

    /// From months since January of year 0 (for constants).
    pub const fn from_index(index: i32) -> Month {
        Month(index)
    }

    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    /// 1-based month of the year.
    pub fn month(self) -> u32 {
        self.0.rem_euclid(12) as u32 + 1
    }

    /// The month `n` months later (earlier when negative).
    pub fn offset(self, n: i32) -> Month {
        Month(self.0 + n)
    }

    /// Number of months from `self` to `later` (negative when `later` is before).
    pub fn months_until(self, later: Month) -> i32 {
        later.0 - self.0
    }

    pub fn next(self) -> Month {
        self.offset(1)
    }

    pub fn first_day(self) -> Date {
        Date {
            year: self.year(),
            month: self.month() as u8,
            day: 1,
        }
    }

    /// Parses `YYYY-MM` (also accepts `YYYY-MM-DD`, truncating the day).
    pub fn parse(text: &str) -> Result<Month, CalendarError> {
        let bad = || CalendarError::BadMonth(text.to_string());
        let t = text.trim();
        if let Ok(date) = Date::parse_iso(t) {
            return Ok(date.month());
        }
        let (y, m) = t.split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        Month::new(year, month).ok_or_else(bad)
    }

    /// "mars 2021".
    pub fn french(self) -> String {
        format!("{} {}", MONTHS_FR[self.month() as usize - 1], self.year())
    }

    /// "March 2021".
    pub fn english(self) -> String {
        format!("{} {}", MONTHS_EN[self.month() as usize - 1], self.year())
    }

    /// Iterates over `[self, end)`.
    pub fn until(self, end: Month) -> impl Iterator<Item = Month> {
        (self.0..end.0).map(Month)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

impl fmt::Debug for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl From<Month> for String {
    fn from(m: Month) -> String {
        m.to_string()
    }
}

impl TryFrom<String> for Month {
    type Error = CalendarError;
    fn try_from(s: String) -> Result<Month, CalendarError> {
        Month::parse(&s)
    }
}

/// A valid civil date (proleptic Gregorian).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date {
            year,
            month: month as u8,
            day: day as u8,
        })
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn day(self) -> u32 {
        u32::from(self.day)
    }

    /// The month containing this date (`month(d)` in the spec).
    pub fn month(self) -> Month {
        Month(self.year * 12 + i32::from(self.month) - 1)
    }

    /// Parses `YYYY-MM-DD`, ignoring a trailing `THH:MM:SS` time part.
    pub fn parse_iso(text: &str) -> Result<Date, CalendarError> {
        let bad = || CalendarError::BadDate(text.to_string());
        let t = text.trim();
        let t = t.split_once('T').map_or(t, |(d, _)| d);
        let mut parts = t.split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let num = |s: &str| s.parse::<u32>().map_err(|_| bad());
        Date::new(num(y)? as i32, num(m)?, num(d)?).ok_or_else(bad)
    }

    /// Days since 1970-01-01 (negative before), by the classic civil-from-days inverse.
    pub fn days_since_epoch(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// "17/03/2021", as French agents write dates.
    pub fn french(self) -> String {
        format!("{:02}/{:02}/{:04}", self.day, self.month, self.year)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_month(input: &str, expected: Option<(i32, u32)>) {
        let got = Month::parse(input).ok().map(|m| (m.year(), m.month()));
        assert_eq!(got, expected, "parsing {input:?}");
    }

    #[test]
    fn months_parse() {
        check_month("2021-03", Some((2021, 3)));
        check_month("2021-03-17", Some((2021, 3)));
        check_month(" 2016-12 ", Some((2016, 12)));
        check_month("2021-13", None);
        check_month("2021-3", None);
        check_month("mars 2021", None);
    }

    #[test]
    fn month_arithmetic_and_display() {
        let m = Month::new(2020, 11).unwrap();
        assert_eq!(m.offset(3).to_string(), "2021-02");
        assert_eq!(m.offset(-11).to_string(), "2019-12");
        assert_eq!(m.months_until(Month::new(2021, 2).unwrap()), 3);
        assert_eq!(Month::new(2021, 3).unwrap().french(), "mars 2021");
        assert_eq!(Month::new(2021, 8).unwrap().french(), "août 2021");
        assert_eq!(Month::new(2021, 3).unwrap().english(), "March 2021");
    }

    #[test]
    fn dates_validate_the_calendar() {
        assert!(Date::new(2020, 2, 29).is_some());
        assert!(Date::new(2021, 2, 29).is_none());
        assert!(Date::new(1900, 2, 29).is_none());
        assert!(Date::new(2000, 2, 29).is_some());
        assert_eq!(
            Date::parse_iso("2023-06-30T12:00:00").unwrap().to_string(),
            "2023-06-30"
        );
        assert!(Date::parse_iso("2023-06-31").is_err());
    }

    #[test]
    fn days_since_epoch_matches_known_values() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().days_since_epoch(), 0);
        assert_eq!(Date::new(2000, 3, 1).unwrap().days_since_epoch(), 11_017);
        assert_eq!(Date::new(1969, 12, 31).unwrap().days_since_epoch(), -1);
    }
}
