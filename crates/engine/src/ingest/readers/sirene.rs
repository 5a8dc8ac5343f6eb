//! SIRENE readers (§4.9–§4.11): legal units, establishments, establishment history.
//! SIRENE files are never perimeter-filtered (§6): the front end needs every firm.

use std::collections::HashMap;

use crate::calendar::{Date, Month, days_in_month};
use crate::ids::{IdError, Siren, Siret};
use crate::ingest::fields;
use crate::ingest::readers::Reader;
use crate::ingest::records::Text;
use crate::ingest::records::{Establishment, EstablishmentState, LegalUnit, Records};
use crate::ingest::report::IssueCode;
use crate::ingest::table::Row;

/// NAF rév. 2 APE code when the nomenclature says so (§4.9); other codes are kept out.
fn nafrev2(row: &mut Row, code_column: &str, nomenclature_column: &str) -> Option<String> {
    let code = row.get(code_column).to_string();
    let nomenclature = row.get(nomenclature_column).to_string();
    if code.is_empty() {
        return None;
    }
    let b = code.as_bytes();
    let well_formed = b.len() == 6
        && b[..2].iter().all(u8::is_ascii_digit)
        && b[2] == b'.'
        && b[3..5].iter().all(u8::is_ascii_digit)
        && b[5].is_ascii_uppercase();
    if !nomenclature.eq_ignore_ascii_case("NAFRev2") {
        row.warn(
            code_column,
            IssueCode::NonNafrev2,
            format!("nomenclature « {nomenclature} » : activité ignorée"),
        );
        return None;
    }
    if !well_formed {
        row.warn(
            code_column,
            IssueCode::UnknownCode,
            format!("« {code} » : code NAF NN.NNX attendu"),
        );
        return None;
    }
    Some(code)
}

/// Remembers, per key, where its record is and on which line it was read, so that a later
/// record with the same key replaces it (§8 `conflicting_duplicate`: the later one wins).
struct LastWins<K> {
    seen: HashMap<K, (usize, u64)>,
}

impl<K> Default for LastWins<K> {
    fn default() -> LastWins<K> {
        LastWins {
            seen: HashMap::new(),
        }
    }
}

impl<K: std::hash::Hash + Eq + std::fmt::Display + Copy> LastWins<K> {
    /// Pushes `record` into `records`, or replaces the earlier record of the same key.
    fn keep<T>(&mut self, row: &mut Row, key: K, record: T, records: &mut Vec<T>) {
        match self.seen.get_mut(&key) {
            Some((index, line)) => {
                row.supersede(*line, key.to_string());
                *line = row.line;
                if let Some(slot) = records.get_mut(*index) {
                    *slot = record;
                }
            }
            None => {
                self.seen.insert(key, (records.len(), row.line));
                records.push(record);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Legal units (§4.10).

/// `sirene_ul`: a legal unit per SIREN; a later row of the same SIREN replaces the earlier one.
#[derive(Default)]
pub struct LegalUnitReader {
    units: LastWins<Siren>,
}

impl Reader for LegalUnitReader {
    fn row(&mut self, row: &mut Row, out: &mut Records) {
        if let Some(unit) = legal_unit(row) {
            self.units.keep(row, unit.siren, unit, &mut out.legal_units);
        }
    }
}

/// The name of a legal unit; an individual entrepreneur (no denomination) is named from their
/// names and first names, followed by " EI" (§4.10).
fn legal_unit_name(row: &Row) -> String {
    match row.get("denominationunitelegale") {
        "" => {
            let parts = [
                "nomunitelegale",
                "nomusageunitelegale",
                "prenom1unitelegale",
                "prenom2unitelegale",
                "prenom3unitelegale",
                "prenom4unitelegale",
            ];
            let joined = parts
                .iter()
                .map(|c| row.get(c))
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            if joined.is_empty() {
                String::new()
            } else {
                format!("{joined} EI")
            }
        }
        name => name.to_string(),
    }
}

fn legal_unit(row: &mut Row) -> Option<LegalUnit> {
    let siren = row.siren("siren");
    let name = legal_unit_name(row);
    let legal_category =
        Some(row.get("categoriejuridiqueunitelegale").to_string()).filter(|c| !c.is_empty());
    let ape = nafrev2(
        row,
        "activiteprincipaleunitelegale",
        "nomenclatureactiviteprincipaleunitelegale",
    );
    let ape_naf25 =
        Some(row.get("activiteprincipalenaf25unitelegale").to_string()).filter(|c| !c.is_empty());
    let created = row.optional_iso_date("datecreationunitelegale");
    let active = match row.get("etatadministratifunitelegale") {
        "A" => true,
        "C" => false,
        other => {
            let other = other.to_string();
            row.warn(
                "etatadministratifunitelegale",
                IssueCode::UnknownCode,
                format!("« {other} » : A ou C attendu, unité considérée cessée"),
            );
            false
        }
    };
    let nic = row.get("nicsiegeunitelegale").to_string();
    let (Some(siren), false) = (siren, row.is_rejected()) else {
        return None;
    };
    let siret_siege = nic_siret(siren, &nic);
    if siret_siege.is_none() && !nic.is_empty() {
        row.warn(
            "nicsiegeunitelegale",
            IssueCode::BadSiret,
            format!("« {nic} » : NIC de 5 chiffres attendu, siège inconnu"),
        );
    }
    Some(LegalUnit {
        siren,
        name: name.into(),
        legal_category: legal_category.map(Text::from),
        ape: ape.map(Text::from),
        created,
        active,
        siret_siege,
        ape_naf25: ape_naf25.map(Text::from),
    })
}

/// SIREN + NIC (left-padded to 5 digits); `None` unless the NIC is 1–5 digits.
fn nic_siret(siren: Siren, nic: &str) -> Option<Siret> {
    let valid = (1..=5).contains(&nic.len()) && nic.bytes().all(|b| b.is_ascii_digit());
    valid
        .then(|| Siret::parse(&format!("{siren}{nic:0>5}")).ok())
        .flatten()
        .map(|(s, _)| s)
}

// ---------------------------------------------------------------------------------------------
// Establishments (§4.9).

/// `sirene`: an establishment per SIRET; a later row of the same SIRET replaces the earlier one.
#[derive(Default)]
pub struct EstablishmentReader {
    establishments: LastWins<Siret>,
}

impl Reader for EstablishmentReader {
    fn row(&mut self, row: &mut Row, out: &mut Records) {
        if let Some(e) = establishment(row) {
            self.establishments
                .keep(row, e.siret, e, &mut out.establishments);
        }
    }
}

/// SIRET = siren + nic; a `siret` column, when present, must agree (§2.5: the SIRET wins).
fn establishment_siret(row: &mut Row) -> Option<Siret> {
    let siren = row.siren("siren")?;
    let nic = row.get("nic").to_string();
    let Some(built) = nic_siret(siren, &nic) else {
        row.error(
            "nic",
            IssueCode::BadSiret,
            format!("« {nic} » : NIC de 5 chiffres attendu"),
        );
        return None;
    };
    let written = row.get("siret").to_string();
    if written.is_empty() {
        return Some(built);
    }
    match Siret::parse(&written) {
        Ok((s, _)) if s == built => Some(built),
        Ok((s, _)) => {
            row.warn(
                "siret",
                IssueCode::SirenSiretMismatch,
                format!("« {written} » : différent de SIREN + NIC ({built}), le SIRET est retenu"),
            );
            Some(s)
        }
        Err(e) => {
            let code = if e == IdError::ProvisionalSiret {
                IssueCode::ProvisionalSiret
            } else {
                IssueCode::BadSiret
            };
            row.warn(
                "siret",
                code,
                format!("« {written} » : SIRET illisible, SIREN + NIC ({built}) retenu"),
            );
            Some(built)
        }
    }
}

fn establishment(row: &mut Row) -> Option<Establishment> {
    let siret = establishment_siret(row);
    let is_siege = match fields::boolean(row.get("etablissementsiege")) {
        Ok(b) => Some(b),
        Err(_) => {
            let v = row.get("etablissementsiege").to_string();
            row.error(
                "etablissementsiege",
                IssueCode::BadBoolean,
                format!("« {v} » : true ou false attendu"),
            );
            None
        }
    };
    let active = match row.get("etatadministratifetablissement") {
        "A" => true,
        "F" => false,
        other => {
            let other = other.to_string();
            row.warn(
                "etatadministratifetablissement",
                IssueCode::UnknownCode,
                format!("« {other} » : A ou F attendu, établissement considéré fermé"),
            );
            false
        }
    };
    let created = row.optional_iso_date("datecreationetablissement");
    let ape = nafrev2(
        row,
        "activiteprincipaleetablissement",
        "nomenclatureactiviteprincipaleetablissement",
    );
    let commune = row.get("codecommuneetablissement").to_string();
    let departement = commune_departement(&commune);
    let commune = departement.as_ref().map(|_| commune);
    let postcode = Some(row.get("codepostaletablissement").to_string())
        .filter(|p| p.len() == 5 && p.bytes().all(|b| b.is_ascii_digit()));
    let (Some(siret), Some(is_siege), false) = (siret, is_siege, row.is_rejected()) else {
        return None;
    };
    Some(Establishment {
        siret,
        is_siege,
        active,
        departement: departement.map(Text::from),
        commune: commune.map(Text::from),
        postcode: postcode.map(Text::from),
        created,
        ape: ape.map(Text::from),
    })
}

/// Département of an INSEE commune code: 3 characters overseas (97x, 98x), else 2 (2A/2B).
pub fn commune_departement(code: &str) -> Option<String> {
    let b = code.as_bytes();
    let valid = b.len() == 5
        && b[0].is_ascii_digit()
        && (b[1].is_ascii_digit() || b[1] == b'A' || b[1] == b'B')
        && b[2..].iter().all(u8::is_ascii_digit);
    if !valid {
        return None;
    }
    let len = if code.starts_with("97") || code.starts_with("98") {
        3
    } else {
        2
    };
    Some(code[..len].to_string())
}

// ---------------------------------------------------------------------------------------------
// Establishment history (§4.11).

/// `sirene_histo`. Rows the spec skips (both dates empty: `purged_history`; state neither A nor
/// F: `no_state`) produce no record and are reported with their code as a warning: the `Row`
/// API has no way yet for a reader to give a line the outcome `skipped`.
pub fn read_sirene_histo(row: &mut Row, out: &mut Records) {
    let siret = row.siret("siret");
    let start = history_date(row, "datedebut");
    let end = history_date(row, "datefin");
    let state_changed = match fields::boolean(row.get("changementetatadministratifetablissement")) {
        Ok(b) => Some(b),
        Err(_) => {
            let v = row
                .get("changementetatadministratifetablissement")
                .to_string();
            row.error(
                "changementetatadministratifetablissement",
                IssueCode::BadBoolean,
                format!("« {v} » : true ou false attendu"),
            );
            None
        }
    };
    let (Some(siret), Some(start), Some(end), Some(state_changed), false) =
        (siret, start, end, state_changed, row.is_rejected())
    else {
        return;
    };
    if start.is_none() && end.is_none() {
        row.skip(
            "datedebut",
            IssueCode::PurgedHistory,
            "dates de début et de fin absentes (historique purgé) : ligne ignorée",
        );
        return;
    }
    let active = match row.get("etatadministratifetablissement") {
        "A" => true,
        "F" => false,
        other => {
            let other = other.to_string();
            row.skip(
                "etatadministratifetablissement",
                IssueCode::NoState,
                format!("« {other} » : état A ou F absent, ligne ignorée"),
            );
            return;
        }
    };
    out.establishment_history.push(EstablishmentState {
        siret,
        start,
        end,
        active,
        state_changed,
    });
}

/// An ISO date that may be empty (`Some(None)`); a malformed one rejects the line (`None`).
fn history_date(row: &mut Row, column: &str) -> Option<Option<Date>> {
    let value = row.get(column).to_string();
    if value.is_empty() {
        return Some(None);
    }
    match Date::parse_iso(&value) {
        Ok(d) => Some(Some(d)),
        Err(_) => {
            row.error(
                column,
                IssueCode::BadDate,
                format!("« {value} » : date AAAA-MM-JJ attendue"),
            );
            None
        }
    }
}

/// The day before `d`.
fn previous_day(d: Date) -> Option<Date> {
    if d.day() > 1 {
        return Date::new(d.year(), d.month().month(), d.day() - 1);
    }
    let m = d.month().offset(-1);
    Date::new(m.year(), m.month(), days_in_month(m.year(), m.month()))
}

/// The active intervals of one establishment (§4.11), inclusive of both ends; `None` is
/// "since ever" at the start and "still running" at the end. `states` are the history rows of a
/// single SIRET, in any order: sorted by start (empty first), the first row and every row whose
/// state-change flag is set open an interval that ends the day before the next such row starts.
/// Adjacent active intervals are merged.
pub fn active_intervals(states: &[EstablishmentState]) -> Vec<(Option<Date>, Option<Date>)> {
    let mut sorted: Vec<&EstablishmentState> = states.iter().collect();
    // `Option`'s order puts `None` (no start date) first, as the rule requires.
    sorted.sort_by_key(|s| s.start);
    let kept: Vec<&EstablishmentState> = sorted
        .iter()
        .enumerate()
        .filter(|(i, s)| *i == 0 || s.state_changed)
        .map(|(_, s)| *s)
        .collect();
    let mut intervals: Vec<(Option<Date>, Option<Date>)> = Vec::new();
    let mut previous_active = false;
    for (i, state) in kept.iter().enumerate() {
        let end = kept
            .get(i + 1)
            .and_then(|next| next.start)
            .and_then(previous_day);
        if state.active {
            match intervals.last_mut() {
                Some(last) if previous_active => last.1 = end,
                _ => intervals.push((state.start, end)),
            }
        }
        previous_active = state.active;
    }
    intervals
}

/// Whether an establishment with these active intervals is active on some day of `month`.
pub fn active_in_month(intervals: &[(Option<Date>, Option<Date>)], month: Month) -> bool {
    let first = month.first_day();
    let last = month.next().first_day();
    intervals
        .iter()
        .any(|(start, end)| start.is_none_or(|s| s < last) && end.is_none_or(|e| e >= first))
}

#[cfg(test)]
#[path = "sirene_tests.rs"]
mod sirene_tests;
