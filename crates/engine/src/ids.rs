//! Firm and establishment identifiers with the spec's normalisation (§2.5): zero-padding of
//! lost leading zeros, Luhn checksum (a warning, not a rejection), provisional and pseudo-SIRETs.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why an identifier was refused; the codes match the spec's bad-input table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("identifiant vide")]
    Missing,
    #[error("SIREN invalide (9 chiffres attendus)")]
    BadSiren,
    #[error("SIRET invalide (14 chiffres attendus)")]
    BadSiret,
    #[error("SIRET provisoire (contient des lettres)")]
    ProvisionalSiret,
}

/// What normalisation noticed about an accepted identifier.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IdNotes {
    /// Leading zeros were restored (`id_zero_padded`).
    pub zero_padded: bool,
    /// The Luhn key is wrong (`luhn_failed`); the identifier is kept.
    pub luhn_failed: bool,
    /// URSSAF pseudo-SIRET (first NIC digit 5, 6, 7 or 9): not Luhn-checked.
    pub pseudo_siret: bool,
}

/// A 9-digit legal-unit identifier, the panel's unit.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Siren(u32);

/// A 14-digit establishment identifier: SIREN (9) + NIC (5).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Siret(u64);

/// Standard mod-10 Luhn check over ASCII digits.
pub fn luhn_valid(digits: &str) -> bool {
    luhn_sum(digits).is_some_and(|s| s % 10 == 0)
}

fn luhn_sum(digits: &str) -> Option<u32> {
    let mut sum = 0;
    for (i, b) in digits.bytes().rev().enumerate() {
        let d = u32::from(b.checked_sub(b'0').filter(|d| *d <= 9)?);
        sum += if i % 2 == 1 {
            let x = d * 2;
            if x > 9 { x - 9 } else { x }
        } else {
            d
        };
    }
    Some(sum)
}

/// The digit to append to `digits` so that the whole passes the Luhn check.
pub fn luhn_check_digit(digits: &str) -> u8 {
    let with_zero = format!("{digits}0");
    let sum = luhn_sum(&with_zero).unwrap_or(0);
    ((10 - sum % 10) % 10) as u8
}

/// Trim, remove inner spaces, left-pad an all-digit value shorter than `len` with zeros.
fn normalise(raw: &str, len: usize) -> Result<(String, bool), IdError> {
    let s: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    if s.is_empty() {
        return Err(IdError::Missing);
    }
    if s.len() < len && s.bytes().all(|b| b.is_ascii_digit()) {
        return Ok((format!("{s:0>len$}"), true));
    }
    Ok((s, false))
}

impl Siren {
    /// Parses and normalises a SIREN as written in any source file.
    pub fn parse(raw: &str) -> Result<(Siren, IdNotes), IdError> {
        let (s, zero_padded) = normalise(raw, 9)?;
        if s.len() != 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IdError::BadSiren);
        }
        let value = s.parse().map_err(|_| IdError::BadSiren)?;
        let notes = IdNotes {
            zero_padded,
            luhn_failed: !luhn_valid(&s),
            pseudo_siret: false,
        };
        Ok((Siren(value), notes))
    }

    /// A SIREN from its first 8 digits, with the Luhn key computed (used by the demo generator).
    pub fn from_prefix(prefix: u32) -> Siren {
        let digits = format!("{:08}", prefix % 100_000_000);
        let key = luhn_check_digit(&digits);
        Siren((prefix % 100_000_000) * 10 + u32::from(key))
    }

    pub fn value(self) -> u32 {
        self.0
    }

    /// As INSEE writes it on a notice of situation: "552 100 554".
    pub fn insee(self) -> String {
        let s = self.to_string();
        format!("{} {} {}", &s[0..3], &s[3..6], &s[6..9])
    }
}

impl Siret {
    /// Parses and normalises a SIRET as written in any source file.
    pub fn parse(raw: &str) -> Result<(Siret, IdNotes), IdError> {
        let (s, zero_padded) = normalise(raw, 14)?;
        if s.len() == 14 && s.bytes().any(|b| b.is_ascii_alphabetic()) {
            return Err(IdError::ProvisionalSiret);
        }
        if s.len() != 14 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IdError::BadSiret);
        }
        let value = s.parse().map_err(|_| IdError::BadSiret)?;
        let pseudo_siret = matches!(s.as_bytes()[9], b'5' | b'6' | b'7' | b'9');
        let notes = IdNotes {
            zero_padded,
            luhn_failed: !pseudo_siret && !luhn_valid(&s),
            pseudo_siret,
        };
        Ok((Siret(value), notes))
    }

    /// An establishment of `siren` from the first 4 digits of its NIC, with the Luhn key of the
    /// whole SIRET computed (used by the demo generator).
    pub fn from_siren(siren: Siren, nic_prefix: u16) -> Siret {
        let digits = format!("{siren}{:04}", nic_prefix % 10_000);
        let key = luhn_check_digit(&digits);
        Siret(u64::from(siren.0) * 100_000 + u64::from(nic_prefix % 10_000) * 10 + u64::from(key))
    }

    /// The SIREN is always the first 9 characters.
    pub fn siren(self) -> Siren {
        Siren((self.0 / 100_000) as u32)
    }

    pub fn nic(self) -> u32 {
        (self.0 % 100_000) as u32
    }

    /// As INSEE writes it: "552 100 554 00021".
    pub fn insee(self) -> String {
        format!("{} {:05}", self.siren().insee(), self.nic())
    }
}

impl fmt::Display for Siren {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:09}", self.0)
    }
}

impl fmt::Debug for Siren {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for Siret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:014}", self.0)
    }
}

impl fmt::Debug for Siret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl From<Siren> for String {
    fn from(s: Siren) -> String {
        s.to_string()
    }
}

impl TryFrom<String> for Siren {
    type Error = IdError;
    fn try_from(s: String) -> Result<Siren, IdError> {
        Siren::parse(&s).map(|(s, _)| s)
    }
}

impl From<Siret> for String {
    fn from(s: Siret) -> String {
        s.to_string()
    }
}

impl TryFrom<String> for Siret {
    type Error = IdError;
    fn try_from(s: String) -> Result<Siret, IdError> {
        Siret::parse(&s).map(|(s, _)| s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn check_siren(raw: &str, expected: Result<(&str, IdNotes), IdError>) {
        let got = Siren::parse(raw).map(|(s, n)| (s.to_string(), n));
        assert_eq!(
            got,
            expected.map(|(s, n)| (s.to_string(), n)),
            "parsing {raw:?}"
        );
    }

    fn check_siret(raw: &str, expected: Result<(&str, IdNotes), IdError>) {
        let got = Siret::parse(raw).map(|(s, n)| (s.to_string(), n));
        assert_eq!(
            got,
            expected.map(|(s, n)| (s.to_string(), n)),
            "parsing {raw:?}"
        );
    }

    const OK: IdNotes = IdNotes {
        zero_padded: false,
        luhn_failed: false,
        pseudo_siret: false,
    };

    #[test]
    fn siren_normalisation() {
        // 552 100 554 is a well-known valid SIREN.
        check_siren("552100554", Ok(("552100554", OK)));
        check_siren(" 552 100 554 ", Ok(("552100554", OK)));
        check_siren(
            "552100555",
            Ok((
                "552100555",
                IdNotes {
                    luhn_failed: true,
                    ..OK
                },
            )),
        );
        let padded = Siren::from_prefix(1_234_567).to_string();
        assert!(padded.starts_with('0'));
        check_siren(
            padded.trim_start_matches('0'),
            Ok((
                &padded,
                IdNotes {
                    zero_padded: true,
                    ..OK
                },
            )),
        );
        check_siren("", Err(IdError::Missing));
        check_siren("1234567890", Err(IdError::BadSiren));
        check_siren("55210055A", Err(IdError::BadSiren));
    }

    #[test]
    fn siret_normalisation() {
        check_siret("55210055400021", Ok(("55210055400021", OK)));
        check_siret("5521005540002A", Err(IdError::ProvisionalSiret));
        check_siret(
            "5521005540002",
            Ok((
                "05521005540002",
                IdNotes {
                    zero_padded: true,
                    luhn_failed: true,
                    ..OK
                },
            )),
        );
        // First NIC digit 5: URSSAF pseudo-SIRET, never Luhn-checked.
        check_siret(
            "55210055450001",
            Ok((
                "55210055450001",
                IdNotes {
                    pseudo_siret: true,
                    ..OK
                },
            )),
        );
        check_siret("552-100-554-00021", Err(IdError::BadSiret));
    }

    #[test]
    fn insee_display() {
        let siret = Siret::parse("55210055400021").unwrap().0;
        assert_eq!(siret.siren().insee(), "552 100 554");
        assert_eq!(siret.insee(), "552 100 554 00021");
    }

    proptest! {
        #[test]
        fn generated_identifiers_pass_luhn(prefix in 0u32..100_000_000, nic in 0u16..10_000) {
            let siren = Siren::from_prefix(prefix);
            prop_assert!(luhn_valid(&siren.to_string()));
            let siret = Siret::from_siren(siren, nic);
            prop_assert!(luhn_valid(&siret.to_string()));
            prop_assert_eq!(siret.siren(), siren);
        }

        #[test]
        fn parsing_never_panics(raw in "\\PC{0,20}") {
            let _ = Siren::parse(&raw);
            let _ = Siret::parse(&raw);
        }
    }
}
