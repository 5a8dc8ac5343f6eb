//! French number, money and percentage formatting, shared by the app and the CLI.

/// U+202F NARROW NO-BREAK SPACE, the French thousands separator.
const THOUSANDS: char = '\u{202f}';

fn group_thousands(integer: &str) -> String {
    let mut out = String::new();
    for (i, c) in integer.chars().enumerate() {
        if i > 0 && (integer.len() - i).is_multiple_of(3) {
            out.push(THOUSANDS);
        }
        out.push(c);
    }
    out
}

/// `1234567.891, 2` → "1 234 567,89".
pub fn decimal(value: f64, digits: usize) -> String {
    let text = format!("{:.*}", digits, value.abs());
    let (integer, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let sign = if value < 0.0 && text.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        "-"
    } else {
        ""
    };
    let mut out = format!("{sign}{}", group_thousands(integer));
    if !fraction.is_empty() {
        out.push(',');
        out.push_str(fraction);
    }
    out
}

/// Whole euros: "12 345 €".
pub fn euros(value: f64) -> String {
    format!("{}\u{a0}€", decimal(value, 0))
}

/// A probability as a percentage: `0.1234` → "12,3 %".
pub fn percent(probability: f64) -> String {
    format!("{}\u{a0}%", decimal(probability * 100.0, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_formats() {
        assert_eq!(decimal(1_234_567.891, 2), "1\u{202f}234\u{202f}567,89");
        assert_eq!(decimal(-0.004, 2), "0,00");
        assert_eq!(decimal(-12.5, 1), "-12,5");
        assert_eq!(decimal(999.0, 0), "999");
        assert_eq!(euros(12_345.4), "12\u{202f}345\u{a0}€");
        assert_eq!(percent(0.1234), "12,3\u{a0}%");
    }
}
