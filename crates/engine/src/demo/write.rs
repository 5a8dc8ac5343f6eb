//! Writers per file kind: the spec's exact headers and value formats (§4–§5, §10 sample lines),
//! with the realistic defects of [`Quirks`] at low rates, each recorded in the file's manifest.

use std::io::{self, Write};

use super::out::{Encoding, FileOut, Quirks};
use super::story::{Firm, INPI_FIELDS, previous_day};
use crate::calendar::{Date, Month};
use crate::ingest::fields::{format_day_month_abbrev_year, format_urssaf_date, urssaf_month_code};
use crate::ingest::report::IssueCode;

/// The files of a demo dataset, in this order: (name, separator, encoding).
pub const FILES: [(&str, u8, Encoding); 16] = [
    ("sireneUL.csv", b',', Encoding::Utf8),
    ("StockEtablissement_utf8.csv", b',', Encoding::Utf8),
    (
        "StockEtablissementHistorique_utf8.csv",
        b',',
        Encoding::Utf8,
    ),
    ("sigfaible_effectif_siren.csv", b';', Encoding::Utf8),
    ("sigfaible_effectif_siret.csv", b';', Encoding::Utf8),
    ("sigfaible_cotisdues.csv", b';', Encoding::Utf8),
    ("sigfaible_debits.csv", b';', Encoding::Utf8),
    ("sigfaible_delais.csv", b';', Encoding::Windows1252),
    ("sigfaible_ccsf.csv", b';', Encoding::Utf8),
    ("sigfaible_pcoll.csv", b';', Encoding::Utf8Bom),
    ("demande_ap.csv", b',', Encoding::Utf8),
    ("consommation_ap.csv", b',', Encoding::Utf8),
    ("ratios_inpi_bce.csv", b';', Encoding::Utf8Bom),
    ("admin_urssaf.csv", b';', Encoding::Utf8),
    ("bdf_ratios.csv", b';', Encoding::Utf8),
    ("Diane_Export_demo.txt", b';', Encoding::Utf16Le),
];

const SIRENE_UL: usize = 0;
const SIRENE: usize = 1;
const SIRENE_HISTO: usize = 2;
const EFFECTIF_ENT: usize = 3;
const EFFECTIF: usize = 4;
const COTISATION: usize = 5;
const DEBIT: usize = 6;
const DELAI: usize = 7;
const CCSF: usize = 8;
const PROCOL: usize = 9;
const AP_DEMANDE: usize = 10;
const AP_CONSO: usize = 11;
const INPI: usize = 12;
const ADMIN: usize = 13;
const BDF: usize = 14;
const DIANE: usize = 15;

/// Years of the legacy financial files (Banque de France 2018–2020 deliveries, Diane exports).
const BDF_YEARS: std::ops::RangeInclusive<i32> = 2017..=2019;
const DIANE_YEARS: std::ops::RangeInclusive<i32> = 2016..=2020;

/// Diane measures per year: (name without the year, unit scale, index in the INPI values or a
/// derived measure).
const DIANE_MEASURES: [&str; 10] = [
    "Date de clôture",
    "Nombre de mois",
    "Chiffre d'affaires net (H.T.) kEUR",
    "Valeur ajoutée kEUR",
    "Excédent brut d'exploitation (EBE) kEUR",
    "Résultat net kEUR",
    "Dettes fiscales et sociales kEUR",
    "Taux de marge d'EBE %",
    "Liquidité générale",
    "Délai de règlement des fournisseurs jours",
];

/// INSEE 2016 region name of a département (§4.9 table), for the BdF file.
fn region(dep: &str) -> &'static str {
    match dep {
        "75" | "77" | "78" | "91" | "92" | "93" | "94" | "95" => "ILE-DE-FRANCE",
        "21" => "BOURGOGNE-FRANCHE-COMTE",
        "76" => "NORMANDIE",
        "59" => "HAUTS-DE-FRANCE",
        "67" => "GRAND EST",
        "44" => "PAYS DE LA LOIRE",
        "35" => "BRETAGNE",
        "33" => "NOUVELLE-AQUITAINE",
        "31" => "OCCITANIE",
        "69" | "63" | "01" => "AUVERGNE-RHONE-ALPES",
        "13" | "06" => "PROVENCE-ALPES-COTE D'AZUR",
        "2A" | "2B" => "CORSE",
        "971" => "GUADELOUPE",
        "972" => "MARTINIQUE",
        "973" => "GUYANE",
        "974" => "LA REUNION",
        "976" => "MAYOTTE",
        _ => "",
    }
}

const FRENCH_MONTHS: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
    "déc.",
];

/// Months at the end of the window not yet published in the headcount files.
pub(super) const UNPUBLISHED_HEADCOUNT_MONTHS: usize = 2;

/// The quarterly dues (cents) covering month `t` when the firm declares that quarter as a whole
/// (`YYYYQ0`): quarterly declarants, whole quarter inside the window and active throughout.
pub(super) fn quarter_of(firm: &Firm, start: Month, t: usize) -> Option<i64> {
    if !firm.quarterly {
        return None;
    }
    let m = start.offset(t as i32);
    let first = m.offset(-(((m.month() - 1) % 3) as i32));
    let t0 = usize::try_from(start.months_until(first)).ok()?;
    (t0..t0 + 3)
        .map(|i| firm.months.get(i).copied().flatten().map(|s| s.due_cents))
        .sum()
}

fn quarter_code(m: Month) -> String {
    format!("{:04}{}0", m.year(), (m.month() - 1) / 3 + 1)
}

fn s(v: impl ToString) -> String {
    v.to_string()
}

/// Quoted text, as the AP files write it.
fn q(v: impl AsRef<str>) -> String {
    format!("\"{}\"", v.as_ref().replace('"', "\"\""))
}

fn comma_euros(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{},{:02}", cents.abs() / 100, cents.abs() % 100)
}

fn french_date(d: Date) -> String {
    format!("{:02}/{:02}/{}", d.day(), d.month().month(), d.year())
}

/// An identifier as an upstream spreadsheet leaves it: leading zeros lost.
fn without_leading_zeros(id: &str) -> Option<String> {
    id.starts_with('0')
        .then(|| id.trim_start_matches('0').to_string())
}

pub(super) struct Writers<W: Write> {
    pub files: Vec<FileOut<W>>,
    pub quirks: Quirks,
    pub start: Month,
    pub end: Month,
}

impl<W: Write> Writers<W> {
    pub fn headers(&mut self) -> io::Result<()> {
        let months: Vec<String> = self
            .start
            .until(self.end.next())
            .map(|m| format!("eff{}", urssaf_month_code(m)))
            .collect();
        let months: Vec<&str> = months.iter().map(String::as_str).collect();
        let f = &mut self.files;
        f[SIRENE_UL].header(&[
            "siren",
            "denominationUniteLegale",
            "categorieJuridiqueUniteLegale",
            "activitePrincipaleUniteLegale",
            "nomenclatureActivitePrincipaleUniteLegale",
            "dateCreationUniteLegale",
            "etatAdministratifUniteLegale",
            "nicSiegeUniteLegale",
        ])?;
        f[SIRENE].header(&[
            "siren",
            "nic",
            "siret",
            "etablissementSiege",
            "codeCommuneEtablissement",
            "codePostalEtablissement",
            "etatAdministratifEtablissement",
            "dateCreationEtablissement",
            "activitePrincipaleEtablissement",
            "nomenclatureActivitePrincipaleEtablissement",
        ])?;
        f[SIRENE_HISTO].header(&[
            "siren",
            "nic",
            "siret",
            "dateFin",
            "dateDebut",
            "etatAdministratifEtablissement",
            "changementEtatAdministratifEtablissement",
            "activitePrincipaleEtablissement",
            "nomenclatureActivitePrincipaleEtablissement",
            "changementActivitePrincipaleEtablissement",
        ])?;
        let mut h = vec!["siren"];
        h.extend(&months);
        h.push("rais_soc");
        f[EFFECTIF_ENT].header(&h)?;
        let mut h = vec!["compte", "siret", "rais_soc", "ape_ins", "dep"];
        h.extend(&months);
        h.extend(["base", "UR_EMET"]);
        f[EFFECTIF].header(&h)?;
        f[COTISATION].header(&[
            "Urssaf_gestion",
            "Dep",
            "Siret",
            "Compte",
            "periode",
            "mer",
            "enc_direct",
            "cotis_due",
        ])?;
        f[DEBIT].header(&[
            "Urssaf_gestion",
            "Dep",
            "num_cpte",
            "Siren",
            "Siret",
            "Dt_immat",
            "Etat_cpte",
            "Cd_pro_col",
            "Periode",
            "Num_Ecn",
            "Num_Hist_Ecn",
            "Dt_trt_ecn",
            "Mt_PO",
            "Mt_PP",
            "Cd_op_ecn",
            "Motif_ecn",
            "Recours_en_cours",
        ])?;
        f[DELAI].header(&[
            "Urssaf_gestion",
            "Dep",
            "Siret",
            "Numero_compte_externe",
            "Numero_structure",
            "Date_creation",
            "Date_echeance",
            "Duree_delai",
            "Denomination_premiere_ligne",
            "Indic_6M",
            "Annee_creation",
            "Montant_global_echeancier",
            "Code_externe_stade",
            "Code_externe_action",
        ])?;
        f[CCSF].header(&[
            "Urssaf_gestion",
            "Dep",
            "Siret",
            "Compte",
            "Date_de_traitement",
            "Code_externe_stade",
            "Code_externe_action",
        ])?;
        f[PROCOL].header(&["Siret", "Siren", "Dt_effet", "Cat_v2", "Lib_actx_stdx"])?;
        f[AP_DEMANDE].header(&[
            "\"ID_DA\"",
            "\"ETAB_SIRET\"",
            "\"EFF_ENT\"",
            "\"EFF_ETAB\"",
            "\"DATE_STATUT\"",
            "\"DATE_DEB\"",
            "\"DATE_FIN\"",
            "\"HTA\"",
            "\"MTA\"",
            "\"EFF_AUTO\"",
            "\"MOTIF_RECOURS_SE\"",
            "\"PERIMETRE_AP\"",
            "\"S_HEURE_CONSOM_TOT\"",
            "\"S_EFF_CONSOM_TOT\"",
            "\"S_MONTANT_CONSOM_TOT\"",
            "\"RECOURS_ANTERIEUR\"",
        ])?;
        f[AP_CONSO].header(&[
            "\"ID_DA\"",
            "\"ETAB_SIRET\"",
            "\"HEURES\"",
            "\"MONTANTS\"",
            "\"EFFECTIFS\"",
            "\"MOIS\"",
        ])?;
        let mut h = vec!["siren", "date_cloture_exercice"];
        h.extend(INPI_FIELDS);
        h.extend(["type_bilan", "confidentiality"]);
        f[INPI].header(&h)?;
        f[ADMIN].header(&[
            "Urssaf_gestion",
            "Dep",
            "Compte",
            "Etat_compte",
            "Siren",
            "Siret",
            "Date_crea_siret",
            "Date_disp_siret",
        ])?;
        f[BDF].header(&[
            "D1",
            "ANNEE",
            "ARRETE_BILAN",
            "DENOM",
            "CP",
            "REGION",
            "SECTEUR",
            "POIDS_FRNG",
            "TX_MARGE",
            "DELAI_FRS",
            "POIDS_DFISC_SOC",
            "POIDS_FIN_CT",
            "POIDS_FRAIS_FIN",
        ])?;
        let mut h: Vec<String> = [
            "Marquée",
            "Nom de l'entreprise",
            "Numéro Siren",
            "Statut juridique ",
            "Procédure collective",
            "Nombre d’ES",
            "Nombre de filiales",
            "Taille de la Composition du Groupe",
            "Dernière année disponible",
        ]
        .iter()
        .map(q)
        .collect();
        for year in DIANE_YEARS {
            h.extend(DIANE_MEASURES.iter().map(|m| q(format!("{m} {year}"))));
        }
        let h: Vec<&str> = h.iter().map(String::as_str).collect();
        f[DIANE].header(&h)
    }

    /// Writes everything the files say about one firm.
    pub fn firm(&mut self, firm: &Firm) -> io::Result<()> {
        if firm.in_sirene {
            self.sirene(firm)?;
        }
        if firm.in_effectif {
            self.effectifs(firm)?;
        }
        self.cotisations(firm)?;
        self.debits(firm)?;
        self.delais_and_ccsf(firm)?;
        self.procol(firm)?;
        self.ap(firm)?;
        self.inpi(firm)?;
        self.admin(firm)?;
        self.legacy_finance(firm)
    }

    fn sirene(&mut self, firm: &Firm) -> io::Result<()> {
        let ceased = firm.closed.is_some();
        let siren = firm.siren.to_string();
        self.files[SIRENE_UL].record(&[
            siren.clone(),
            firm.name.clone(),
            s(firm.legal_category),
            s(firm.sector.ape),
            s("NAFRev2"),
            s(firm.created),
            s(if ceased { "C" } else { "A" }),
            format!("{:05}", firm.establishments[0].siret.nic()),
        ])?;
        for (i, e) in firm.establishments.iter().enumerate() {
            let nic = format!("{:05}", e.siret.nic());
            self.files[SIRENE].record(&[
                siren.clone(),
                nic.clone(),
                e.siret.to_string(),
                s(i == 0),
                e.commune.clone(),
                e.postcode.clone(),
                s(if ceased { "F" } else { "A" }),
                s(e.created),
                s(firm.sector.ape),
                s("NAFRev2"),
            ])?;
            let histo = &mut self.files[SIRENE_HISTO];
            let row = |fin: String, debut: String, state: &str, change: &str| {
                vec![
                    siren.clone(),
                    nic.clone(),
                    e.siret.to_string(),
                    fin,
                    debut,
                    s(state),
                    s(change),
                    s(firm.sector.ape),
                    s("NAFRev2"),
                    s("false"),
                ]
            };
            // INSEE leaves the state null on the period before the first known state.
            if e.created.year() < 2010 && self.quirks.hit(0.03) {
                histo.skipped(
                    &row(s(previous_day(e.created)), String::new(), "", "false"),
                    IssueCode::NoState,
                )?;
            }
            if self.quirks.hit(0.004) {
                histo.skipped(
                    &row(String::new(), String::new(), "F", "true"),
                    IssueCode::PurgedHistory,
                )?;
            }
            match firm.closed {
                Some(closed) if closed > e.created => {
                    histo.record(&row(s(previous_day(closed)), s(e.created), "A", "true"))?;
                    histo.record(&row(String::new(), s(closed), "F", "true"))?;
                }
                _ => histo.record(&row(String::new(), s(e.created), "A", "true"))?,
            }
        }
        Ok(())
    }

    fn effectifs(&mut self, firm: &Firm) -> io::Result<()> {
        let n = firm.months.len();
        let published = n.saturating_sub(UNPUBLISHED_HEADCOUNT_MONTHS);
        let cell = |t: usize, v: Option<u32>| {
            if t < published {
                v.map(|v| v.to_string()).unwrap_or_default()
            } else {
                String::new()
            }
        };
        let siren = firm.siren.to_string();
        let mut row = vec![siren.clone()];
        row.extend((0..n).map(|t| cell(t, firm.months[t].map(|s| s.headcount))));
        row.push(firm.name.clone());
        match without_leading_zeros(&siren) {
            Some(short) if self.quirks.hit(0.3) => {
                row[0] = short;
                self.files[EFFECTIF_ENT].warned(&row, IssueCode::IdZeroPadded)?;
            }
            _ => self.files[EFFECTIF_ENT].record(&row)?,
        }
        // Per establishment: the firm's headcount split over the establishments open that month
        // by largest remainder, so the sum matches.
        let start = self.start;
        let splits: Vec<Vec<Option<u32>>> = firm
            .months
            .iter()
            .enumerate()
            .map(|(t, s)| s.map(|s| split(s.headcount, firm, start.offset(t as i32))))
            .fold(
                vec![Vec::new(); firm.establishments.len()],
                |mut acc, month| {
                    for (i, col) in acc.iter_mut().enumerate() {
                        col.push(month.as_ref().and_then(|v| v[i]));
                    }
                    acc
                },
            );
        for (e, values) in firm.establishments.iter().zip(splits) {
            let mut row = vec![
                firm.account.clone(),
                e.siret.to_string(),
                firm.name.clone(),
                firm.sector.ape.replace('.', ""),
                s(firm.dep),
            ];
            row.extend(values.iter().enumerate().map(|(t, v)| cell(t, *v)));
            row.extend([String::new(), firm.gestion.clone()]);
            self.files[EFFECTIF].record(&row)?;
        }
        Ok(())
    }

    fn cotisations(&mut self, firm: &Firm) -> io::Result<()> {
        let siret = firm.establishments[0].siret.to_string();
        for (t, state) in firm.months.iter().enumerate() {
            let Some(state) = state else { continue };
            let m = self.start.offset(t as i32);
            let (period, cents) = match quarter_of(firm, self.start, t) {
                Some(_) if !(m.month() - 1).is_multiple_of(3) => continue,
                Some(total) => (quarter_code(m), total),
                None => (urssaf_month_code(m), state.due_cents),
            };
            let amount = comma_euros(cents);
            let mut row = vec![
                firm.gestion.clone(),
                s(firm.dep),
                siret.clone(),
                firm.account.clone(),
                period,
                amount.clone(),
                amount.clone(),
                amount,
            ];
            let out = &mut self.files[COTISATION];
            match without_leading_zeros(&siret) {
                Some(short) if self.quirks.hit(0.01) => {
                    let mut padded = row.clone();
                    padded[2] = short;
                    out.warned(&padded, IssueCode::IdZeroPadded)?;
                }
                _ => out.record(&row)?,
            }
            if self.quirks.hit(0.0008) {
                out.repeat_last()?;
            }
            if self.quirks.hit(0.0004) {
                // A quarter 5 does not exist.
                row[4] = format!("{}51", m.year());
                out.bad(&row, IssueCode::BadPeriod)?;
            } else if self.quirks.hit(0.0003) {
                // A provisional SIRET: letters in the NIC.
                row[2] = format!("{}P{:04}", &siret[..9], self.quirks.below(10_000));
                out.bad(&row, IssueCode::ProvisionalSiret)?;
            } else if self.quirks.hit(0.0003) {
                row.pop();
                out.bad(&row, IssueCode::FieldCount)?;
            }
        }
        Ok(())
    }

    fn debits(&mut self, firm: &Firm) -> io::Result<()> {
        let siret = firm.establishments[0].siret.to_string();
        for op in &firm.debits {
            let mut row = vec![
                firm.gestion.clone(),
                s(firm.dep),
                firm.account.clone(),
                firm.siren.to_string(),
                siret.clone(),
                format_urssaf_date(firm.created),
                s(if op.op == 3 { 3 } else { 1 }),
                s(op.procol_code),
                urssaf_month_code(op.period),
                s(op.ecn),
                s(op.hist),
                format_urssaf_date(op.date),
                s(op.po),
                s(op.pp),
                s(op.op),
                s(op.motif),
                s(0),
            ];
            let out = &mut self.files[DEBIT];
            out.record(&row)?;
            if self.quirks.hit(0.001) {
                out.repeat_last()?;
            }
            if self.quirks.hit(0.0005) {
                // Month 13.
                row[11] = format!("{}1315", op.date.year() - 1900);
                out.bad(&row, IssueCode::BadDate)?;
            } else if self.quirks.hit(0.0004) {
                row.truncate(15);
                out.bad(&row, IssueCode::FieldCount)?;
            }
        }
        Ok(())
    }

    fn delais_and_ccsf(&mut self, firm: &Firm) -> io::Result<()> {
        let siret = firm.establishments[0].siret.to_string();
        for d in &firm.delais {
            let days = d.duration_days();
            self.files[DELAI].record(&[
                firm.gestion.clone(),
                s(firm.dep),
                siret.clone(),
                firm.account.clone(),
                d.case_id.clone(),
                french_date(d.created),
                french_date(d.due),
                s(days),
                firm.name.clone(),
                s(if days > 180 { "SUP" } else { "INF" }),
                s(d.created.year()),
                comma_euros(d.amount_cents),
                s(d.stage),
                s("SUR PO"),
            ])?;
        }
        for (date, stage) in &firm.ccsf {
            self.files[CCSF].record(&[
                firm.gestion.clone(),
                s(firm.dep),
                siret.clone(),
                firm.account.clone(),
                format_urssaf_date(*date),
                s(stage),
                s("CCSF"),
            ])?;
        }
        Ok(())
    }

    fn procol(&mut self, firm: &Firm) -> io::Result<()> {
        let siret = firm.establishments[0].siret.to_string();
        for e in &firm.procol {
            let mut row = vec![
                siret.clone(),
                firm.siren.to_string(),
                format_day_month_abbrev_year(e.date),
                s(1),
                s(e.label),
            ];
            let out = &mut self.files[PROCOL];
            out.record(&row)?;
            if self.quirks.hit(0.02) {
                out.repeat_last()?;
            }
            if self.quirks.hit(0.01) {
                row[2] = format!("31FEV{}", e.date.year());
                out.bad(&row, IssueCode::BadDate)?;
            }
        }
        Ok(())
    }

    fn ap(&mut self, firm: &Firm) -> io::Result<()> {
        for r in &firm.ap {
            let consumed: f64 = r.consumed.iter().map(|c| c.1).sum();
            let rate_cents = 810; // € per hour, × 100
            let consumed_employees = r.employees.min(r.estab_headcount);
            self.files[AP_DEMANDE].record(&[
                q(&r.id),
                q(r.siret.to_string()),
                format!("{}.0", r.firm_headcount),
                format!("{}.0", r.estab_headcount),
                q(r.start.to_string()),
                q(r.start.to_string()),
                q(r.end.to_string()),
                format!("{:.1}", r.hours),
                q(comma_euros(
                    libm::round(r.hours * f64::from(rate_cents)) as i64
                )),
                format!("{}.0", r.employees),
                q(r.reason.to_string()),
                q(r.scope.to_string()),
                format!("{consumed:.1}"),
                format!("{consumed_employees}.0"),
                q(comma_euros(
                    libm::round(consumed * f64::from(rate_cents)) as i64
                )),
                q("1"),
            ])?;
            for (m, hours) in &r.consumed {
                let row = |h: f64| {
                    vec![
                        q(&r.id),
                        q(r.siret.to_string()),
                        format!("{h:.1}"),
                        format!("{:.1}", libm::round(h * 8.1 * 10.0) / 10.0),
                        format!("{consumed_employees}.0"),
                        q(m.first_day().to_string()),
                    ]
                };
                // A provisional figure delivered first, corrected by a later line (same key).
                if self.quirks.hit(0.01) {
                    self.files[AP_CONSO].superseded(&row(libm::round(hours * 0.6)))?;
                }
                self.files[AP_CONSO].record(&row(*hours))?;
            }
        }
        Ok(())
    }

    fn inpi(&mut self, firm: &Firm) -> io::Result<()> {
        for st in &firm.statements {
            let comma = self.quirks.hit(0.01);
            let mut row = vec![firm.siren.to_string(), st.closing.to_string()];
            row.extend(st.values.iter().enumerate().map(|(i, v)| match v {
                None => String::new(),
                Some(v) if i < 5 => format!("{v:.0}"),
                Some(v) if comma => format!("{v:.1}").replace('.', ","),
                Some(v) => format!("{v:.1}"),
            }));
            row.extend([s(st.kind), s(st.confidentiality)]);
            self.files[INPI].record(&row)?;
        }
        Ok(())
    }

    fn admin(&mut self, firm: &Firm) -> io::Result<()> {
        self.files[ADMIN].record(&[
            firm.gestion.clone(),
            s(firm.dep),
            firm.account.clone(),
            s(if firm.closed.is_some() { 3 } else { 1 }),
            firm.siren.to_string(),
            firm.establishments[0].siret.to_string(),
            format_urssaf_date(firm.created),
            firm.closed.map(format_urssaf_date).unwrap_or_default(),
        ])
    }
}

impl<W: Write> Writers<W> {
    /// The legacy financial files: Banque de France ratios for larger firms, Diane for filers.
    fn legacy_finance(&mut self, firm: &Firm) -> io::Result<()> {
        let complete = |year: i32| {
            firm.statements
                .iter()
                .find(|st| st.closing.year() == year && st.kind != "K" && st.values[0].is_some())
        };
        let big = firm.months.iter().flatten().any(|s| s.headcount >= 20);
        let d1 = firm.siren.insee();
        for year in BDF_YEARS {
            let Some(st) = complete(year).filter(|_| big) else {
                continue;
            };
            let v = |i: usize| st.values[i].unwrap_or(0.0);
            let closing = if self.quirks.hit(0.3) {
                let month = FRENCH_MONTHS[st.closing.month().month() as usize - 1];
                format!("{:02}{month}{}", st.closing.day(), st.closing.year())
            } else {
                format_day_month_abbrev_year(st.closing)
            };
            let value_added = v(1) * 0.8;
            let ratio = |x: f64| format!("{:.2}", x);
            self.files[BDF].record(&[
                d1.clone(),
                s(year + 1),
                closing,
                firm.name.clone(),
                firm.establishments[0].postcode.clone(),
                s(region(firm.dep)),
                s(firm.sector.names[0]),
                ratio(v(9) * 0.6),
                ratio(100.0 * v(2) / value_added.max(1.0)),
                ratio(v(18)),
                ratio(100.0 * v(0) * 0.09 / value_added.max(1.0)),
                ratio((v(5) / 25.0).max(0.0)),
                ratio(v(10)),
            ])?;
        }
        if firm.statements.is_empty() {
            return Ok(());
        }
        let last_year = firm
            .statements
            .iter()
            .map(|st| st.closing.year())
            .max()
            .unwrap_or(0);
        let in_procol = firm
            .procol
            .iter()
            .any(|e| e.date.year() <= *DIANE_YEARS.end());
        let mut row = vec![
            q(""),
            q(&firm.name),
            q(firm.siren.to_string()),
            q(match firm.legal_category {
                "5499" | "5498" => "SARL",
                "5599" => "SA",
                _ => "SAS",
            }),
            q(if in_procol { "Oui" } else { "Non" }),
            q(firm.establishments.len().to_string()),
            q("0"),
            q("1"),
            q(last_year.to_string()),
        ];
        let kilo = |x: f64| format!("{:.1}", x / 1000.0).replace('.', ",");
        let plain = |x: f64| format!("{x:.1}").replace('.', ",");
        for year in DIANE_YEARS {
            match complete(year) {
                Some(st) => {
                    let v = |i: usize| st.values[i];
                    let value_added = v(1).map(|x| x * 0.8);
                    row.extend([
                        q(french_date(st.closing)),
                        q("12"),
                        q(v(0).map(kilo).unwrap_or_default()),
                        q(value_added.map(kilo).unwrap_or_default()),
                        q(v(2).map(kilo).unwrap_or_default()),
                        q(v(4).map(kilo).unwrap_or_default()),
                        q(v(0).map(|x| kilo(x * 0.09)).unwrap_or_default()),
                        q(v(13).map(plain).unwrap_or_default()),
                        q(v(6).map(|x| plain(x / 100.0)).unwrap_or_default()),
                        q(v(18).map(plain).unwrap_or_default()),
                    ]);
                }
                None => {
                    row.extend(std::iter::repeat_n(q(""), DIANE_MEASURES.len()));
                    self.files[DIANE].manifest.empty_year_blocks += 1;
                }
            }
        }
        self.files[DIANE].record(&row)
    }
}

/// Splits a firm headcount over its establishments open in month `m` by largest remainder
/// (exact sum); `None` for an establishment not yet created. The siège is always open.
fn split(total: u32, firm: &Firm, m: Month) -> Vec<Option<u32>> {
    let open: Vec<bool> = firm
        .establishments
        .iter()
        .enumerate()
        .map(|(i, e)| i == 0 || e.created.month() <= m)
        .collect();
    let weight: f64 = firm
        .establishments
        .iter()
        .zip(&open)
        .filter(|(_, o)| **o)
        .map(|(e, _)| e.share)
        .sum();
    let exact: Vec<f64> = firm
        .establishments
        .iter()
        .zip(&open)
        .map(|(e, o)| {
            if *o {
                f64::from(total) * e.share / weight
            } else {
                0.0
            }
        })
        .collect();
    let mut parts: Vec<u32> = exact.iter().map(|x| libm::floor(*x) as u32).collect();
    let mut left = total.saturating_sub(parts.iter().sum());
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|a, b| {
        let fa = exact[*a] - libm::floor(exact[*a]);
        let fb = exact[*b] - libm::floor(exact[*b]);
        fb.total_cmp(&fa).then(a.cmp(b))
    });
    for i in order {
        if left == 0 {
            break;
        }
        if open[i] {
            parts[i] += 1;
            left -= 1;
        }
    }
    parts
        .into_iter()
        .zip(open)
        .map(|(p, o)| o.then_some(p))
        .collect()
}
