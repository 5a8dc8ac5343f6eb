//! Financial statement readers (§5): INPI/BCE ratios, Banque de France ratios, Diane exports,
//! and the rules that attach a statement to the panel (availability lag, choice of statement type).

use std::collections::{BTreeMap, HashMap};

use crate::calendar::{Date, Month};
use crate::ids::Siren;
use crate::ingest::fields;
use crate::ingest::readers::Reader;
use crate::ingest::readers::ap::{
    Decimal, Latest, ap_date, number, optional_count, optional_number,
};
use crate::ingest::records::Text;
use crate::ingest::records::{BalanceSheetType, BdfRatios, DianeYear, InpiRatios, Records};
use crate::ingest::report::{FileReport, IssueCode};
use crate::ingest::table::{Columns, Ledger, Row};

#[cfg(test)]
#[path = "finance_tests.rs"]
mod finance_tests;

/// Lag between a closing date and the month a statement becomes usable (§5.1, normative): filing
/// and publication take months, and using a statement earlier would leak the future.
pub const STATEMENT_LAG_MONTHS: i32 = 8;

/// First month a statement closed on `closing` may be used: month(closing) + 8
/// (closing 31 Dec Y ⇒ from 1 Aug Y+1).
pub fn usable_from(closing: Date) -> Month {
    closing.month().offset(STATEMENT_LAG_MONTHS)
}

/// The front end's preference between statement types: consolidated, complete, simplified.
fn preference(kind: BalanceSheetType) -> u8 {
    match kind {
        BalanceSheetType::Consolidated => 0,
        BalanceSheetType::Complete => 1,
        BalanceSheetType::Simplified => 2,
    }
}

/// The one statement type used for all the years of a SIREN, given the types it has
/// (§5.1): `K` if any consolidated statement exists, else `C`, else `S`.
pub fn preferred_type(
    kinds: impl IntoIterator<Item = BalanceSheetType>,
) -> Option<BalanceSheetType> {
    kinds.into_iter().min_by_key(|k| preference(*k))
}

/// [`preferred_type`] for every SIREN of `rows`.
pub fn preferred_types(rows: &[InpiRatios]) -> HashMap<Siren, BalanceSheetType> {
    let mut out: HashMap<Siren, BalanceSheetType> = HashMap::new();
    for r in rows {
        out.entry(r.siren)
            .and_modify(|k| *k = preferred_type([*k, r.kind]).unwrap_or(*k))
            .or_insert(r.kind);
    }
    out
}

/// Oldest closing year that is not taken for a typo (§5.1).
const FIRST_PLAUSIBLE_YEAR: i32 = 1990;

/// Closing years outside 1990..=current + 1 are typos (1919, 2029): kept, with a warning.
fn plausible_closing_year(year: i32, current_year: i32) -> bool {
    (FIRST_PLAUSIBLE_YEAR..=current_year + 1).contains(&year)
}

/// The current civil year, for the `suspicious_date` bound; the only clock read of the readers.
#[cfg(not(target_arch = "wasm32"))]
fn clock_year() -> i32 {
    use std::time::{SystemTime, UNIX_EPOCH};
    let days = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    let mut year = 1970 + (days / 366) as i32;
    while Date::new(year + 1, 1, 1).is_some_and(|d| d.days_since_epoch() <= days) {
        year += 1;
    }
    year
}

#[cfg(target_arch = "wasm32")]
fn clock_year() -> i32 {
    js_sys::Date::new_0().get_full_year() as i32
}

/// `date_cloture_exercice`: `YYYY-MM-DD` (optional time part) or `YYYYMMDD`.
fn closing_date(raw: &str) -> Option<Date> {
    if raw.len() == 8 && raw.bytes().all(|b| b.is_ascii_digit()) {
        let v: u32 = raw.parse().ok()?;
        return Date::new((v / 10_000) as i32, v / 100 % 100, v % 100);
    }
    Date::parse_iso(raw).ok()
}

fn balance_sheet_type(raw: &str) -> Option<BalanceSheetType> {
    match raw {
        "C" | "c" => Some(BalanceSheetType::Complete),
        "K" | "k" => Some(BalanceSheetType::Consolidated),
        "S" | "s" => Some(BalanceSheetType::Simplified),
        _ => None,
    }
}

fn type_letter(kind: BalanceSheetType) -> char {
    match kind {
        BalanceSheetType::Complete => 'C',
        BalanceSheetType::Consolidated => 'K',
        BalanceSheetType::Simplified => 'S',
    }
}

fn optional_text(row: &Row, column: &str) -> Option<Text> {
    Some(Text::from(row.get(column))).filter(|s| !s.is_empty())
}

/// `inpi_ratios` (§5.1): header-driven, per-field errors; key (siren, closing, type).
pub struct InpiReader {
    /// Closing years after `current_year + 1` are reported as typos.
    current_year: i32,
    kept: Latest<(Siren, Date, BalanceSheetType), InpiRatios>,
}

impl InpiReader {
    pub fn new(current_year: i32) -> InpiReader {
        InpiReader {
            current_year,
            kept: Latest::default(),
        }
    }
}

impl Default for InpiReader {
    fn default() -> InpiReader {
        InpiReader::new(clock_year())
    }
}

impl Reader for InpiReader {
    fn row(&mut self, row: &mut Row, _out: &mut Records) {
        let siren = row.siren("siren");
        let raw_closing = row.get("date_cloture_exercice").to_string();
        let closing = closing_date(&raw_closing);
        match closing {
            None => row.error(
                "date_cloture_exercice",
                IssueCode::BadDate,
                format!("« {raw_closing} » : date AAAA-MM-JJ ou AAAAMMJJ attendue"),
            ),
            Some(d) if !plausible_closing_year(d.year(), self.current_year) => row.warn(
                "date_cloture_exercice",
                IssueCode::SuspiciousDate,
                format!(
                    "clôture en {} : année invraisemblable, ligne conservée",
                    d.year()
                ),
            ),
            Some(_) => {}
        }
        let raw_kind = row.get("type_bilan").to_string();
        let kind = balance_sheet_type(&raw_kind);
        if kind.is_none() {
            row.error(
                "type_bilan",
                IssueCode::UnknownCode,
                format!("« {raw_kind} » : type de bilan C, K ou S attendu"),
            );
        }
        // Euro amounts are integers in the dataset; a decimal is rounded (§5.1).
        let euros = |row: &mut Row, column: &str| {
            optional_number(row, column, Decimal::Comma).map(|v| v.round() as f32)
        };
        let chiffre_d_affaires = euros(row, "chiffre_d_affaires");
        let marge_brute = euros(row, "marge_brute");
        let ebe = euros(row, "ebe");
        let ebit = euros(row, "ebit");
        let resultat_net = euros(row, "resultat_net");
        let mut ratio =
            |column: &str| optional_number(row, column, Decimal::Comma).map(|v| v as f32);
        let taux_d_endettement = ratio("taux_d_endettement");
        let ratio_de_liquidite = ratio("ratio_de_liquidite");
        let ratio_de_vetuste = ratio("ratio_de_vetuste");
        let autonomie_financiere = ratio("autonomie_financiere");
        let poids_bfr_exploitation_sur_ca = ratio("poids_bfr_exploitation_sur_ca");
        let couverture_des_interets = ratio("couverture_des_interets");
        let caf_sur_ca = ratio("caf_sur_ca");
        let capacite_de_remboursement = ratio("capacite_de_remboursement");
        let marge_ebe = ratio("marge_ebe");
        let resultat_courant_avant_impots_sur_ca = ratio("resultat_courant_avant_impots_sur_ca");
        let poids_bfr_exploitation_sur_ca_jours = ratio("poids_bfr_exploitation_sur_ca_jours");
        let rotation_des_stocks_jours = ratio("rotation_des_stocks_jours");
        let credit_clients_jours = ratio("credit_clients_jours");
        let credit_fournisseurs_jours = ratio("credit_fournisseurs_jours");
        let confidentiality = optional_text(row, "confidentiality");
        let (Some(siren), Some(closing), Some(kind), false) =
            (siren, closing, kind, row.is_rejected())
        else {
            return;
        };
        let ratios = InpiRatios {
            siren,
            closing,
            kind,
            confidentiality,
            chiffre_d_affaires,
            marge_brute,
            ebe,
            ebit,
            resultat_net,
            taux_d_endettement,
            ratio_de_liquidite,
            ratio_de_vetuste,
            autonomie_financiere,
            poids_bfr_exploitation_sur_ca,
            couverture_des_interets,
            caf_sur_ca,
            capacite_de_remboursement,
            marge_ebe,
            resultat_courant_avant_impots_sur_ca,
            poids_bfr_exploitation_sur_ca_jours,
            rotation_des_stocks_jours,
            credit_clients_jours,
            credit_fournisseurs_jours,
        };
        self.kept.put(row, (siren, closing, kind), ratios, || {
            format!(
                "bilan {} du SIREN {siren} clos le {}",
                type_letter(kind),
                closing.french()
            )
        });
    }

    fn finish(&mut self, out: &mut Records, ledger: &mut Ledger) {
        let report = &mut *ledger.report;
        let before = out.inpi.len();
        self.kept.drain_into(&mut out.inpi);
        for r in &out.inpi[before..] {
            report.see_month(r.closing.month());
        }
    }
}

/// `bdf_ratios` (§5.2), with the file's closing months noted in its report.
#[derive(Default)]
pub struct BdfReader {
    /// Records already in `out` before this file.
    before: usize,
}

impl Reader for BdfReader {
    fn begin(&mut self, _columns: &Columns, out: &mut Records, _report: &mut FileReport) {
        self.before = out.bdf.len();
    }

    fn row(&mut self, row: &mut Row, out: &mut Records) {
        read_bdf(row, out);
    }

    fn finish(&mut self, out: &mut Records, ledger: &mut Ledger) {
        let report = &mut *ledger.report;
        for r in out.bdf.get(self.before..).unwrap_or_default() {
            report.see_month(r.closing.month());
        }
    }
}

/// `bdf_ratios` (§5.2): one row per SIREN and year; every ratio optional.
pub fn read_bdf(row: &mut Row, out: &mut Records) {
    let siren = row.siren("d1");
    let raw_year = row.get("annee").to_string();
    let annee = match fields::count(&raw_year) {
        Ok((None, _)) => None,
        Ok((Some(y), None)) => i32::try_from(y).ok(),
        _ => {
            row.warn(
                "annee",
                IssueCode::BadNumber,
                format!("« {raw_year} » : année entière attendue, valeur ignorée"),
            );
            None
        }
    };
    let raw_closing = row.get("arrete_bilan").to_string();
    let closing = crate::ingest::fields::day_month_abbrev_year(&raw_closing).ok();
    if closing.is_none() {
        row.error(
            "arrete_bilan",
            IssueCode::BadDate,
            format!("« {raw_closing} » : date JJMMMAAAA attendue (ex. 31DEC2019)"),
        );
    }
    let mut ratio = |column: &str| optional_number(row, column, Decimal::Point);
    let poids_frng = ratio("poids_frng");
    let taux_marge = ratio("tx_marge");
    let delai_fournisseurs = ratio("delai_frs");
    let poids_dettes_fiscales_sociales = ratio("poids_dfisc_soc");
    let poids_financement_court_terme = ratio("poids_fin_ct");
    let poids_frais_financiers = ratio("poids_frais_fin");
    let (Some(siren), Some(closing), false) = (siren, closing, row.is_rejected()) else {
        return;
    };
    out.bdf.push(BdfRatios {
        siren,
        annee,
        closing,
        poids_frng,
        taux_marge,
        delai_fournisseurs,
        poids_dettes_fiscales_sociales,
        poids_financement_court_terme,
        poids_frais_financiers,
        denomination: optional_text(row, "denom"),
        postcode: optional_text(row, "cp"),
        region: optional_text(row, "region"),
        sector: optional_text(row, "secteur"),
    });
}

/// What a yearly Diane column holds.
#[derive(Debug, Clone, PartialEq)]
enum YearlyField {
    Closing,
    Months,
    /// A measure, by its name without the year (spaces collapsed).
    Measure(std::sync::Arc<str>),
}

/// `<measure> YYYY`: the measure name (inner runs of spaces collapsed) and the year.
fn yearly_column(name: &str) -> Option<(String, i32)> {
    let (measure, year) = name.rsplit_once(' ')?;
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let measure = measure.split_whitespace().collect::<Vec<_>>().join(" ");
    if measure.is_empty() {
        return None;
    }
    Some((measure, year.parse().ok()?))
}

/// The identity columns of a Diane export (normalised names; both apostrophes for `Nombre d’ES`).
const SIREN_COLUMN: &str = "numéro siren";
const NAME_COLUMN: &str = "nom de l'entreprise";
const STATUS_COLUMN: &str = "statut juridique";
const PROCOL_COLUMN: &str = "procédure collective";
const ESTABLISHMENTS_COLUMNS: [&str; 2] = ["nombre d’es", "nombre d'es"];
const SUBSIDIARIES_COLUMN: &str = "nombre de filiales";

/// `diane` (§5.3): wide rows pivoted to one [`DianeYear`] per SIREN and year.
#[derive(Default)]
pub struct DianeReader {
    /// Per year of the header, from the smallest to the largest: `(position, field)` of its columns.
    years: BTreeMap<i32, Vec<(usize, YearlyField)>>,
    establishments_column: Option<&'static str>,
    /// Records already in `out` before this file.
    before: usize,
}

impl Reader for DianeReader {
    fn begin(&mut self, columns: &Columns, out: &mut Records, _report: &mut FileReport) {
        self.before = out.diane.len();
        for (position, name) in columns.names.iter().enumerate() {
            let Some((measure, year)) = yearly_column(name) else {
                continue;
            };
            let field = match measure.as_str() {
                "date de clôture" => YearlyField::Closing,
                "nombre de mois" => YearlyField::Months,
                _ => YearlyField::Measure(measure.into()),
            };
            self.years.entry(year).or_default().push((position, field));
        }
        if let (Some(first), Some(last)) = (
            self.years.keys().next().copied(),
            self.years.keys().next_back().copied(),
        ) {
            for year in first..=last {
                self.years.entry(year).or_default();
            }
        }
        self.establishments_column = ESTABLISHMENTS_COLUMNS
            .into_iter()
            .find(|c| columns.position(c).is_some());
    }

    fn row(&mut self, row: &mut Row, out: &mut Records) {
        let siren = row.siren(SIREN_COLUMN);
        let name = optional_text(row, NAME_COLUMN);
        let legal_status = optional_text(row, STATUS_COLUMN);
        let raw_procol = row.get(PROCOL_COLUMN).to_string();
        let collective_procedure = match raw_procol.to_lowercase().as_str() {
            "" => None,
            "oui" => Some(true),
            "non" => Some(false),
            _ => {
                row.warn(
                    PROCOL_COLUMN,
                    IssueCode::BadBoolean,
                    format!("« {raw_procol} » : Oui ou Non attendu, valeur ignorée"),
                );
                None
            }
        };
        let establishments = self
            .establishments_column
            .and_then(|c| optional_count(row, c, Decimal::Comma));
        let subsidiaries = optional_count(row, SUBSIDIARIES_COLUMN, Decimal::Comma);
        let mut years = Vec::new();
        for (&year, fields) in &self.years {
            if fields.iter().all(|(p, _)| row.at(*p).is_empty()) {
                row.warn(
                    &year.to_string(),
                    IssueCode::AllEmptyYear,
                    format!("exercice {year} : aucune valeur, année ignorée"),
                );
                continue;
            }
            years.push(read_year(row, year, fields));
        }
        let (Some(siren), false) = (siren, row.is_rejected()) else {
            return;
        };
        for (year, closing, months, measures) in years {
            out.diane.push(DianeYear {
                siren,
                year,
                closing,
                months,
                measures,
                name: name.clone(),
                legal_status: legal_status.clone(),
                collective_procedure,
                establishments,
                subsidiaries,
            });
        }
    }

    fn finish(&mut self, out: &mut Records, ledger: &mut Ledger) {
        let report = &mut *ledger.report;
        let closings = out.diane.get(self.before..).unwrap_or_default();
        for closing in closings.iter().filter_map(|d| d.closing) {
            report.see_month(closing.month());
        }
    }
}

type YearValues = (
    i32,
    Option<Date>,
    Option<u32>,
    Vec<(std::sync::Arc<str>, f64)>,
);

/// The cells of one year of a Diane row; a bad cell is missing with a warning.
fn read_year(row: &mut Row, year: i32, fields: &[(usize, YearlyField)]) -> YearValues {
    let (mut closing, mut months, mut measures) = (None, None, Vec::new());
    for (position, field) in fields {
        let column = row.column_name(*position).to_string();
        let raw = row.at(*position).to_string();
        if raw.is_empty() {
            continue;
        }
        match field {
            YearlyField::Closing => {
                closing = ap_date(&raw);
                if closing.is_none() {
                    row.warn(
                        &column,
                        IssueCode::BadDate,
                        format!("« {raw} » : date JJ/MM/AAAA attendue, valeur ignorée"),
                    );
                }
            }
            YearlyField::Months => months = optional_count(row, &column, Decimal::Comma),
            YearlyField::Measure(measure) => match number(&raw, Decimal::Comma) {
                Ok((value, note)) => {
                    if let Some(code) = note {
                        row.warn(&column, code, code.label_fr());
                    }
                    if let Some(v) = value {
                        measures.push((measure.clone(), v));
                    }
                }
                Err(code) => row.warn(
                    &column,
                    code,
                    format!("« {raw} » : nombre attendu, valeur ignorée"),
                ),
            },
        }
    }
    (year, closing, months, measures)
}
