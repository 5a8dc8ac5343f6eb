//! SIRENE readers (§4.9–§4.11): legal units, establishments, establishment history.

use crate::ids::Siret;
use crate::ingest::fields;
use crate::ingest::records::{Establishment, LegalUnit, Records};
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
            commune: Some(commune.to_string()).filter(|c| !c.is_empty()),
            postcode: Some(row.get("codepostaletablissement").to_string())
                .filter(|c| !c.is_empty()),
            created: None,
            ape: None,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn departements() {
        assert_eq!(commune_departement("69123").as_deref(), Some("69"));
        assert_eq!(commune_departement("2A004").as_deref(), Some("2A"));
        assert_eq!(commune_departement("97411").as_deref(), Some("974"));
        assert_eq!(commune_departement("").as_deref(), None);
        assert_eq!(commune_departement("9C123").as_deref(), None);
    }
}
