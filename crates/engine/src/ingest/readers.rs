//! Per-kind readers: one function per file kind turns a [`Row`] into typed records.
//! Rules are the spec's (§4); each reader only pushes a record when the row was not rejected.

use serde::{Deserialize, Serialize};

use crate::calendar::{Date, Month};
use crate::ids::{Siren, Siret};
use crate::ingest::fields::{self, Period};
use crate::ingest::kind::is_headcount_column;
use crate::ingest::report::IssueCode;
use crate::ingest::table::Row;

/// SIRENE legal unit (§4.10).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LegalUnit {
    pub siren: Siren,
    pub name: String,
    pub legal_category: Option<String>,
    /// NAF rév. 2 code `NN.NNX`, when the nomenclature is NAFRev2.
    pub ape: Option<String>,
    pub created: Option<Date>,
    pub active: bool,
    pub siret_siege: Option<Siret>,
}

/// SIRENE establishment (§4.9).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Establishment {
    pub siret: Siret,
    pub is_siege: bool,
    pub active: bool,
    pub departement: Option<String>,
}

/// Monthly firm headcount from the `effectif_ent` file (§4.6).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Headcount {
    pub siren: Siren,
    pub month: Month,
    pub headcount: u32,
}

/// A contribution due over a period (§4.2).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Cotisation {
    pub siret: Siret,
    pub period: (Month, Month),
    pub due_eur: f64,
}

/// One operation of an event-sourced URSSAF debt history (§4.1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Debit {
    pub siret: Siret,
    pub period: (Month, Month),
    pub ecn: String,
    pub hist_no: u32,
    pub processing_date: Date,
    /// Physical line, the last tie-breaker between operations.
    pub line: u64,
    /// Amounts are integer cents in the file and stay exact here.
    pub part_ouvriere_cents: i64,
    pub part_patronale_cents: i64,
}

impl Debit {
    pub fn part_ouvriere_eur(&self) -> f64 {
        self.part_ouvriere_cents as f64 / 100.0
    }

    pub fn part_patronale_eur(&self) -> f64 {
        self.part_patronale_cents as f64 / 100.0
    }

    /// The 20th-day cut-off: an operation booked after the 20th counts for the next month.
    pub fn accounting_month(&self) -> Month {
        let m = self.processing_date.month();
        if self.processing_date.day() <= 20 {
            m
        } else {
            m.next()
        }
    }
}

/// The three collective-proceeding actions, by increasing severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProcolAction {
    Sauvegarde,
    Redressement,
    Liquidation,
}

/// One judgment or event of the procol file (§4.5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcolEvent {
    pub siren: Siren,
    pub date: Date,
    pub action: ProcolAction,
    pub stage: String,
    pub line: u64,
}

/// Everything read from all files, before the panel is built.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Records {
    pub legal_units: Vec<LegalUnit>,
    pub establishments: Vec<Establishment>,
    pub headcounts: Vec<Headcount>,
    pub cotisations: Vec<Cotisation>,
    pub debits: Vec<Debit>,
    pub procols: Vec<ProcolEvent>,
}

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

pub fn read_sirene_ul(row: &mut Row, out: &mut Records) {
    let siren = row.siren("siren");
    let name = match row.get("denominationunitelegale") {
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
    };
    let legal_category =
        Some(row.get("categoriejuridiqueunitelegale").to_string()).filter(|c| !c.is_empty());
    let ape = nafrev2(
        row,
        "activiteprincipaleunitelegale",
        "nomenclatureactiviteprincipaleunitelegale",
    );
    let created = row.optional_iso_date("datecreationunitelegale");
    let active = match row.get("etatadministratifunitelegale") {
        "A" => true,
        "C" => false,
        other => {
            let other = other.to_string();
            row.warn(
                "etatadministratifunitelegale",
                IssueCode::UnknownCode,
                format!("« {other} » : A ou C attendu"),
            );
            false
        }
    };
    let nic = row.get("nicsiegeunitelegale").to_string();
    let (Some(siren), false) = (siren, row.is_rejected()) else {
        return;
    };
    let siret_siege = (!nic.is_empty())
        .then(|| {
            Siret::parse(&format!("{siren}{nic:0>5}"))
                .ok()
                .map(|(s, _)| s)
        })
        .flatten();
    out.legal_units.push(LegalUnit {
        siren,
        name,
        legal_category,
        ape,
        created,
        active,
        siret_siege,
    });
}

pub fn read_sirene(row: &mut Row, out: &mut Records) {
    let siren = row.get("siren").to_string();
    let nic = row.get("nic").to_string();
    let siret = match Siret::parse(&format!("{siren:0>9}{nic:0>5}")) {
        Ok((s, _)) => Some(s),
        Err(_) => {
            row.error(
                "nic",
                IssueCode::BadSiret,
                format!("« {siren} » + « {nic} » : SIREN et NIC numériques attendus"),
            );
            None
        }
    };
    let is_siege = match fields::boolean(row.get("etablissementsiege")) {
        Ok(b) => Some(b),
        Err(_) => {
            let v = row.get("etablissementsiege").to_string();
            row.error(
                "etablissementsiege",
                IssueCode::UnknownCode,
                format!("« {v} » : true ou false attendu"),
            );
            None
        }
    };
    let active = row.get("etatadministratifetablissement") == "A";
    let commune = row.get("codecommuneetablissement");
    let departement = commune_departement(commune);
    if let (Some(siret), Some(is_siege), false) = (siret, is_siege, row.is_rejected()) {
        out.establishments.push(Establishment {
            siret,
            is_siege,
            active,
            departement,
        });
    }
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

pub fn read_effectif_ent(row: &mut Row, out: &mut Records) {
    let Some(siren) = row.siren("siren") else {
        return;
    };
    let cells: Vec<(String, String)> = row
        .fields()
        .filter(|(name, _)| is_headcount_column(name))
        .map(|(n, v)| (n.to_string(), v.trim().to_string()))
        .collect();
    for (column, value) in cells {
        let Ok(period) = fields::urssaf_period(&column[3..]) else {
            continue; // reported once per file as a bad column, see `headcount_columns`
        };
        match fields::count(&value) {
            Ok((Some(headcount), note)) => {
                if let Some(code) = note {
                    row.warn(&column, code, code.label_fr());
                }
                out.headcounts.push(Headcount {
                    siren,
                    month: period.start,
                    headcount,
                });
            }
            Ok((None, _)) => {}
            Err(_) => row.warn(
                &column,
                IssueCode::BadHeadcount,
                format!("« {value} » : effectif entier positif attendu, cellule ignorée"),
            ),
        }
    }
}

pub fn read_cotisation(row: &mut Row, out: &mut Records) {
    let siret = row.siret("siret");
    let period = row.period("periode");
    let due = row.required_number("cotis_due");
    if let (Some(siret), Some(p), Some(due_eur)) = (siret, period, due) {
        out.cotisations.push(Cotisation {
            siret,
            period: period_pair(p),
            due_eur,
        });
    }
}

fn period_pair(p: Period) -> (Month, Month) {
    (p.start, p.end)
}

pub fn read_debit(row: &mut Row, out: &mut Records) {
    let siret = row.siret("siret");
    let period = row.period("periode");
    let ecn = row.get("num_ecn").to_string();
    if ecn.is_empty() {
        row.error(
            "num_ecn",
            IssueCode::BadNumber,
            "numéro d'écart négatif absent",
        );
    }
    let hist_no = row.required_count("num_hist_ecn");
    let processing_date = row.urssaf_date("dt_trt_ecn");
    let po = row.required_cents("mt_po");
    let pp = row.required_cents("mt_pp");
    if let (Some(siret), Some(p), Some(hist_no), Some(processing_date), Some(po), Some(pp), false) = (
        siret,
        period,
        hist_no,
        processing_date,
        po,
        pp,
        row.is_rejected(),
    ) {
        out.debits.push(Debit {
            siret,
            period: period_pair(p),
            ecn,
            hist_no,
            processing_date,
            line: row.line,
            part_ouvriere_cents: po,
            part_patronale_cents: pp,
        });
    }
}

/// Splits `Token_Token_…` into (action, stage) as §4.5 prescribes.
pub fn parse_procol_label(label: &str) -> Option<(ProcolAction, String)> {
    let lower = label.trim().to_lowercase();
    let tokens: Vec<&str> = lower.split('_').collect();
    let position = tokens
        .iter()
        .position(|t| matches!(*t, "liquidation" | "redressement" | "sauvegarde"))?;
    let action = match tokens[position] {
        "liquidation" => ProcolAction::Liquidation,
        "redressement" => ProcolAction::Redressement,
        _ => ProcolAction::Sauvegarde,
    };
    let stage = tokens
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != position)
        .map(|(_, t)| *t)
        .collect::<Vec<_>>()
        .join("_");
    Some((action, stage))
}

pub fn read_procol(row: &mut Row, out: &mut Records) {
    let siret = row.siret("siret");
    let date = match fields::day_month_abbrev_year(row.get("dt_effet")) {
        Ok(d) => Some(d),
        Err(code) => {
            let v = row.get("dt_effet").to_string();
            row.error(
                "dt_effet",
                code,
                format!("« {v} » : date JJMMMAAAA attendue (ex. 07MAR2019)"),
            );
            None
        }
    };
    let label = row.get("lib_actx_stdx").to_string();
    let parsed = parse_procol_label(&label);
    if parsed.is_none() {
        row.error(
            "lib_actx_stdx",
            IssueCode::UnknownProcolAction,
            format!("« {label} » : liquidation, redressement ou sauvegarde attendu"),
        );
    }
    if let (Some(siret), Some(date), Some((action, stage)), false) =
        (siret, date, parsed, row.is_rejected())
    {
        out.procols.push(ProcolEvent {
            siren: siret.siren(),
            date,
            action,
            stage,
            line: row.line,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn procol_labels() {
        let check = |label: &str, expected: Option<(ProcolAction, &str)>| {
            assert_eq!(
                parse_procol_label(label),
                expected.map(|(a, s)| (a, s.to_string())),
                "label {label:?}"
            );
        };
        check(
            "Ouverture_redressement",
            Some((ProcolAction::Redressement, "ouverture")),
        );
        check(
            "Solde_procedure_redressement",
            Some((ProcolAction::Redressement, "solde_procedure")),
        );
        check(
            "Plan_continuation_sauvegarde",
            Some((ProcolAction::Sauvegarde, "plan_continuation")),
        );
        check(
            "Ouverture_liquidation",
            Some((ProcolAction::Liquidation, "ouverture")),
        );
        check("Ouverture_faillite", None);
    }

    #[test]
    fn departements() {
        assert_eq!(commune_departement("69123").as_deref(), Some("69"));
        assert_eq!(commune_departement("2A004").as_deref(), Some("2A"));
        assert_eq!(commune_departement("97411").as_deref(), Some("974"));
        assert_eq!(commune_departement("").as_deref(), None);
        assert_eq!(commune_departement("9C123").as_deref(), None);
    }
}
