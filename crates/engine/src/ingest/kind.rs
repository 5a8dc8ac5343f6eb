//! File kinds and their header signatures (§2.1): the header decides, the name is only a hint.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    SireneHisto,
    Sirene,
    SireneUl,
    Debit,
    Cotisation,
    Delai,
    Ccsf,
    Procol,
    ApDemande,
    ApConso,
    Effectif,
    EffectifEnt,
    InpiRatios,
    BdfRatios,
    Diane,
    AdminUrssaf,
}

/// Signatures in the spec's testing order.
pub const ALL_KINDS: [FileKind; 16] = [
    FileKind::SireneHisto,
    FileKind::Sirene,
    FileKind::SireneUl,
    FileKind::Debit,
    FileKind::Cotisation,
    FileKind::Delai,
    FileKind::Ccsf,
    FileKind::Procol,
    FileKind::ApDemande,
    FileKind::ApConso,
    FileKind::Effectif,
    FileKind::EffectifEnt,
    FileKind::InpiRatios,
    FileKind::BdfRatios,
    FileKind::Diane,
    FileKind::AdminUrssaf,
];

impl FileKind {
    /// The spec's kind id.
    pub fn id(self) -> &'static str {
        use FileKind::*;
        match self {
            SireneHisto => "sirene_histo",
            Sirene => "sirene",
            SireneUl => "sirene_ul",
            Debit => "debit",
            Cotisation => "cotisation",
            Delai => "delai",
            Ccsf => "ccsf",
            Procol => "procol",
            ApDemande => "ap_demande",
            ApConso => "ap_conso",
            Effectif => "effectif",
            EffectifEnt => "effectif_ent",
            InpiRatios => "inpi_ratios",
            BdfRatios => "bdf_ratios",
            Diane => "diane",
            AdminUrssaf => "admin_urssaf",
        }
    }

    /// French name shown to agents.
    pub fn label_fr(self) -> &'static str {
        use FileKind::*;
        match self {
            SireneHisto => "SIRENE — historique des établissements",
            Sirene => "SIRENE — établissements",
            SireneUl => "SIRENE — unités légales",
            Debit => "URSSAF — débits (dette sociale)",
            Cotisation => "URSSAF — cotisations dues",
            Delai => "URSSAF — délais de paiement",
            Ccsf => "URSSAF — CCSF",
            Procol => "Procédures collectives",
            ApDemande => "Activité partielle — demandes",
            ApConso => "Activité partielle — consommations",
            Effectif => "URSSAF — effectifs par établissement",
            EffectifEnt => "URSSAF — effectifs par entreprise",
            InpiRatios => "INPI — ratios financiers",
            BdfRatios => "Banque de France — ratios (ancien)",
            Diane => "Diane — export (ancien)",
            AdminUrssaf => "URSSAF — table comptes/SIRET (ancien)",
        }
    }

    /// Required header names (lower-case), as listed in the spec's signature table.
    pub fn required_columns(self) -> &'static [&'static str] {
        use FileKind::*;
        match self {
            SireneHisto => &[
                "siret",
                "datedebut",
                "datefin",
                "etatadministratifetablissement",
                "changementetatadministratifetablissement",
            ],
            Sirene => &[
                "siren",
                "nic",
                "etablissementsiege",
                "codecommuneetablissement",
                "etatadministratifetablissement",
            ],
            SireneUl => &[
                "siren",
                "categoriejuridiqueunitelegale",
                "etatadministratifunitelegale",
            ],
            Debit => &[
                "siret",
                "num_cpte",
                "periode",
                "num_ecn",
                "num_hist_ecn",
                "dt_trt_ecn",
                "mt_po",
                "mt_pp",
            ],
            Cotisation => &["siret", "compte", "periode", "cotis_due"],
            Delai => &[
                "numero_compte_externe",
                "numero_structure",
                "date_creation",
                "date_echeance",
            ],
            Ccsf => &[
                "compte",
                "date_de_traitement",
                "code_externe_stade",
                "code_externe_action",
            ],
            Procol => &["siret", "dt_effet", "lib_actx_stdx"],
            ApDemande => &["id_da", "etab_siret", "date_deb", "date_fin", "hta"],
            ApConso => &["id_da", "etab_siret", "mois", "heures"],
            Effectif => &["siret", "compte", "eff<période>"],
            EffectifEnt => &["siren", "eff<période>"],
            InpiRatios => &["siren", "date_cloture_exercice", "type_bilan"],
            BdfRatios => &["d1", "annee", "arrete_bilan"],
            Diane => &["numéro siren", "nom de l'entreprise", "<mesure> <année>"],
            AdminUrssaf => &["compte", "siret", "date_disp_siret"],
        }
    }

    /// Whether a (normalised) header matches this kind's signature.
    pub fn matches(self, header: &[String]) -> bool {
        let has = |name: &str| header.iter().any(|h| h == name);
        let has_headcount = header.iter().any(|h| is_headcount_column(h));
        match self {
            FileKind::Effectif => has("siret") && has("compte") && has_headcount,
            FileKind::EffectifEnt => has("siren") && has_headcount && !has("siret"),
            FileKind::Diane => {
                has("numéro siren")
                    && has("nom de l'entreprise")
                    && header.iter().any(|h| ends_with_year(h))
            }
            kind => kind.required_columns().iter().all(|c| has(c)),
        }
    }

    /// What the absence of this source disables, for the import report.
    pub fn absence_effect_fr(self) -> &'static str {
        use FileKind::*;
        match self {
            SireneUl => {
                "pas de raison sociale, de NAF ni de catégorie juridique : périmètre incomplet"
            }
            Sirene => "pas de siège : département et région inconnus",
            EffectifEnt => "pas d'effectifs : variables d'emploi indisponibles",
            Cotisation => {
                "pas de cotisations : la dette ne peut pas être rapportée aux cotisations"
            }
            Debit => "pas de dette sociale : variables de dette indisponibles",
            Procol => "pas de procédures collectives : ni cibles d'entraînement ni signaux forts",
            Delai => "pas de délais de paiement URSSAF : plans d'apurement inconnus",
            Ccsf => "pas de CCSF : plans négociés avec les créanciers publics inconnus",
            ApDemande => {
                "pas de demandes d'activité partielle : recours au chômage partiel inconnu"
            }
            ApConso => "pas de consommations d'activité partielle : heures chômées inconnues",
            Effectif => {
                "pas d'effectifs par établissement : pas de repli si l'effectif entreprise manque"
            }
            InpiRatios => "pas de comptes annuels (INPI) : variables financières indisponibles",
            SireneHisto => {
                "pas d'historique SIRENE : dates de fermeture des établissements inconnues"
            }
            BdfRatios | Diane | AdminUrssaf => "source ancienne, facultative",
        }
    }
}

impl FileKind {
    /// The required names absent from a header that has some of them (§8 `missing_column`);
    /// `None` when the header has none of them (then the file is of no known kind).
    pub fn missing_columns(self, header: &[String]) -> Option<Vec<&'static str>> {
        let present = |name: &str| match name {
            "eff<période>" => header.iter().any(|h| is_headcount_column(h)),
            "<mesure> <année>" => header.iter().any(|h| ends_with_year(h)),
            n => header.iter().any(|h| h == n),
        };
        let (found, missing): (Vec<&'static str>, Vec<&'static str>) =
            self.required_columns().iter().partition(|c| present(c));
        (!found.is_empty() && !missing.is_empty()).then_some(missing)
    }
}

/// The kind a file name suggests, from the spec's "typical file name" column (§2.1): a hint
/// to report a mismatch with the header (`wrong_file_kind`) or a missing column, never to decide.
pub fn name_hint(name: &str) -> Option<FileKind> {
    use FileKind::*;
    let base = name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(name)
        .to_lowercase();
    let has = |s: &str| base.contains(s);
    let kind = if has("stocketablissementhistorique") {
        SireneHisto
    } else if has("stocketablissement") {
        Sirene
    } else if has("sireneul") || has("stockunitelegale") {
        SireneUl
    } else if has("debit") {
        Debit
    } else if has("cotis") {
        Cotisation
    } else if has("delai") {
        Delai
    } else if has("ccsf") {
        Ccsf
    } else if has("pcoll") || has("procol") {
        Procol
    } else if has("demande_ap") || has("ap_demande") {
        ApDemande
    } else if has("consommation_ap") || has("ap_conso") {
        ApConso
    } else if has("effectif_siren") || has("effectif_ent") {
        EffectifEnt
    } else if has("effectif_") {
        Effectif
    } else if has("ratios_inpi") || has("inpi") {
        InpiRatios
    } else if has("diane") {
        Diane
    } else {
        return None;
    };
    Some(kind)
}

/// `eff` + a 4- or 6-digit URSSAF period.
pub fn is_headcount_column(name: &str) -> bool {
    name.strip_prefix("eff")
        .is_some_and(|d| matches!(d.len(), 4 | 6) && d.bytes().all(|b| b.is_ascii_digit()))
}

fn ends_with_year(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() > 5 && b[b.len() - 5] == b' ' && b[b.len() - 4..].iter().all(u8::is_ascii_digit)
}

/// The first kind whose signature matches, in the spec's order.
pub fn detect(header: &[String]) -> Option<FileKind> {
    ALL_KINDS.into_iter().find(|k| k.matches(header))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(header: &str, sep: char, expected: Option<FileKind>) {
        let names: Vec<String> = header.split(sep).map(|h| h.trim().to_lowercase()).collect();
        assert_eq!(detect(&names), expected, "header {header:?}");
    }

    #[test]
    fn signatures() {
        check(
            "Urssaf_gestion;Dep;num_cpte;Siren;Siret;Dt_immat;Etat_cpte;Cd_pro_col;Periode;Num_Ecn;Num_Hist_Ecn;Dt_trt_ecn;Mt_PO;Mt_PP;Cd_op_ecn;Motif_ecn;Recours_en_cours",
            ';',
            Some(FileKind::Debit),
        );
        check(
            "Urssaf_gestion;Dep;Siret;Compte;periode;mer;enc_direct;cotis_due",
            ';',
            Some(FileKind::Cotisation),
        );
        check(
            "Siret;Siren;Dt_effet;Cat_v2;Lib_actx_stdx",
            ';',
            Some(FileKind::Procol),
        );
        check(
            "siren;eff202211;eff202212;rais_soc",
            ';',
            Some(FileKind::EffectifEnt),
        );
        check(
            "compte;siret;rais_soc;eff201011",
            ';',
            Some(FileKind::Effectif),
        );
        check(
            "siren,nic,siret,etablissementSiege,codeCommuneEtablissement,etatAdministratifEtablissement",
            ',',
            Some(FileKind::Sirene),
        );
        check(
            "siren,denominationUniteLegale,categorieJuridiqueUniteLegale,etatAdministratifUniteLegale",
            ',',
            Some(FileKind::SireneUl),
        );
        check(
            "siren;date_cloture_exercice;type_bilan",
            ';',
            Some(FileKind::InpiRatios),
        );
        check(
            "Numéro Siren;Nom de l'entreprise;Chiffre d'affaires 2017",
            ';',
            Some(FileKind::Diane),
        );
        check("a;b;c", ';', None);
        check("siren;rais_soc", ';', None);
    }
}
