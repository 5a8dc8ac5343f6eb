//! Typed records, one type per source of the spec (§4–§5), as the readers produce them and the
//! panel builder consumes them. Amounts stay in the unit of the file where exactness matters
//! (débits in integer cents); everything else is converted at read time (euros, hours, dates).
//! Optional fields are `Option`: an empty cell is missing, never zero.

use serde::{Deserialize, Serialize};

use crate::calendar::{Date, Month};
use crate::ids::{Siren, Siret};

/// Text fields of records: inline up to 24 bytes (accounts, codes, postcodes, most names), so
/// that the millions of records of a national import allocate nothing per field.
pub type Text = compact_str::CompactString;

/// SIRENE legal unit (§4.10).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LegalUnit {
    pub siren: Siren,
    pub name: Text,
    pub legal_category: Option<Text>,
    /// NAF rév. 2 code `NN.NNX`, when the nomenclature is NAFRev2.
    pub ape: Option<Text>,
    pub created: Option<Date>,
    pub active: bool,
    pub siret_siege: Option<Siret>,
    /// `activitePrincipaleNAF25UniteLegale`: the 2025 nomenclature, as written (optional column).
    pub ape_naf25: Option<Text>,
}

/// SIRENE establishment (§4.9).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Establishment {
    pub siret: Siret,
    pub is_siege: bool,
    pub active: bool,
    pub departement: Option<Text>,
    pub commune: Option<Text>,
    pub postcode: Option<Text>,
    pub created: Option<Date>,
    pub ape: Option<Text>,
}

/// One kept row of the SIRENE establishment history (§4.11): from `start` (None = since ever)
/// the establishment is `active` or not, until the next kept row of the same SIRET.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EstablishmentState {
    pub siret: Siret,
    pub start: Option<Date>,
    pub end: Option<Date>,
    pub active: bool,
    /// `changementEtatAdministratifEtablissement`: only rows where it is true (and the first row
    /// of a SIRET) start a new interval.
    pub state_changed: bool,
}

/// Marks a missing cell in [`HeadcountTable`] rows.
pub const HEADCOUNT_MISSING: u32 = u32::MAX;

/// One wide headcount file (§4.6): a table per file, so that each keeps its own month columns
/// and its own unpublished trailing months.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeadcountTable<K> {
    /// The month of each value column, in header order (columns with a bad period are left out).
    pub months: Vec<Month>,
    /// Last month non-empty in at least one row; columns after it are unpublished (unknown).
    pub published_until: Option<Month>,
    pub rows: Vec<HeadcountRow<K>>,
}

impl<K> Default for HeadcountTable<K> {
    fn default() -> HeadcountTable<K> {
        HeadcountTable {
            months: Vec::new(),
            published_until: None,
            rows: Vec::new(),
        }
    }
}

/// One row of a headcount file: a value per column of [`HeadcountTable::months`],
/// [`HEADCOUNT_MISSING`] for an empty or unreadable cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeadcountRow<K> {
    pub unit: K,
    pub values: Box<[u32]>,
}

/// The unit of an establishment headcount row: SIRET and URSSAF account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EstablishmentAccount {
    pub siret: Siret,
    pub account: Text,
}

/// A contribution due over a period (§4.2), in 32 bytes: a national file has 17 million. The two
/// informative amounts are `f32` with NaN for "unreadable or empty" (read them through the
/// accessors, which return `Option`).
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Cotisation {
    pub siret: Siret,
    /// `[start, end)`.
    pub period: (Month, Month),
    pub due_eur: f64,
    put_in_recovery: f32,
    cashed: f32,
}

impl Cotisation {
    pub fn new(
        siret: Siret,
        period: (Month, Month),
        due_eur: f64,
        put_in_recovery_eur: Option<f64>,
        cashed_eur: Option<f64>,
    ) -> Cotisation {
        let compact = |v: Option<f64>| v.map_or(f32::NAN, |v| v as f32);
        Cotisation {
            siret,
            period,
            due_eur,
            put_in_recovery: compact(put_in_recovery_eur),
            cashed: compact(cashed_eur),
        }
    }

    /// `mer`: amount put into recovery, when readable.
    pub fn put_in_recovery_eur(&self) -> Option<f64> {
        (!self.put_in_recovery.is_nan()).then_some(f64::from(self.put_in_recovery))
    }

    /// `enc_direct`: amount cashed directly, when readable.
    pub fn cashed_eur(&self) -> Option<f64> {
        (!self.cashed.is_nan()).then_some(f64::from(self.cashed))
    }
}

/// NaN is "missing" here, and two missing amounts are equal.
impl PartialEq for Cotisation {
    fn eq(&self, other: &Cotisation) -> bool {
        (self.siret, self.period, self.due_eur) == (other.siret, other.period, other.due_eur)
            && self.put_in_recovery_eur() == other.put_in_recovery_eur()
            && self.cashed_eur() == other.cashed_eur()
    }
}

#[cfg(test)]
const _: () = assert!(std::mem::size_of::<Cotisation>() == 32);

/// An ECN number (§4.1 `Num_Ecn`, "keep as text"), held inline: national débit files have tens of
/// millions of operations, and a `String` each cost more than the rest of the record. Up to
/// [`Ecn::MAX_LEN`] bytes (the files' ECNs are three digits); the reader rejects a longer one.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
pub struct Ecn([u8; 8]);

impl Ecn {
    pub const MAX_LEN: usize = 8;

    /// `None` when the text is empty, longer than [`Ecn::MAX_LEN`] bytes or holds a NUL.
    pub fn new(text: &str) -> Option<Ecn> {
        let bytes = text.as_bytes();
        if bytes.is_empty() || bytes.len() > Ecn::MAX_LEN || bytes.contains(&0) {
            return None;
        }
        let mut inline = [0; 8];
        inline[..bytes.len()].copy_from_slice(bytes);
        Some(Ecn(inline))
    }

    pub fn as_str(&self) -> &str {
        let len = self.0.iter().position(|b| *b == 0).unwrap_or(8);
        // Built from a `&str` cut at its own end, so always valid UTF-8.
        std::str::from_utf8(&self.0[..len]).unwrap_or_default()
    }
}

impl std::fmt::Display for Ecn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Debug for Ecn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

impl PartialEq<&str> for Ecn {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// A small code of a débit row (`Etat_cpte`, `Cd_op_ecn`, `Motif_ecn`, `Cd_pro_col`): one byte,
/// [`NO_CODE`] when the cell was empty or unreadable.
const NO_CODE: u8 = u8::MAX;

fn code(c: u8) -> Option<u8> {
    (c != NO_CODE).then_some(c)
}

/// One operation of an event-sourced URSSAF debt history (§4.1), in 64 bytes: a national file
/// has 15 million of them. Codes are one byte each (read through the accessors); the account
/// (`num_cpte`) and the registration date (`Dt_immat`) are checked by the reader but not kept,
/// because the debt key is by SIRET (§4.1) and nothing downstream reads them.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct Debit {
    pub siret: Siret,
    /// Amounts are integer cents in the file and stay exact here.
    pub part_ouvriere_cents: i64,
    pub part_patronale_cents: i64,
    pub period: (Month, Month),
    pub processing_date: Date,
    /// Physical line, the last tie-breaker between operations.
    pub line: u32,
    pub hist_no: u32,
    pub ecn: Ecn,
    op_code: u8,
    reason_code: u8,
    account_state: u8,
    procol_code: u8,
    /// 0 false, 1 true, [`NO_CODE`] missing.
    appeal_pending: u8,
}

/// One URSSAF debt (§4.1 `debit_id`): SIRET, period, ECN.
pub type DebtKey = (Siret, (Month, Month), Ecn);

/// The optional fields of a [`Debit`], as the reader found them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DebitCodes {
    /// `Cd_op_ecn` (1 recovery, 2 payment, 3 written off…).
    pub op_code: Option<u8>,
    /// `Motif_ecn`.
    pub reason_code: Option<u8>,
    /// `Etat_cpte` (1 active, 2 suspended, 3 struck off; other values kept).
    pub account_state: Option<u8>,
    /// `Cd_pro_col` (0 none, 1, 2, 9; other numbers kept).
    pub procol_code: Option<u8>,
    /// `Recours_en_cours`.
    pub appeal_pending: Option<bool>,
}

impl Debit {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        siret: Siret,
        period: (Month, Month),
        ecn: Ecn,
        hist_no: u32,
        processing_date: Date,
        line: u32,
        cents: (i64, i64),
        codes: DebitCodes,
    ) -> Debit {
        let byte = |c: Option<u8>| c.filter(|c| *c != NO_CODE).unwrap_or(NO_CODE);
        Debit {
            siret,
            part_ouvriere_cents: cents.0,
            part_patronale_cents: cents.1,
            period,
            processing_date,
            line,
            hist_no,
            ecn,
            op_code: byte(codes.op_code),
            reason_code: byte(codes.reason_code),
            account_state: byte(codes.account_state),
            procol_code: byte(codes.procol_code),
            appeal_pending: codes.appeal_pending.map_or(NO_CODE, u8::from),
        }
    }

    pub fn op_code(&self) -> Option<u8> {
        code(self.op_code)
    }

    pub fn reason_code(&self) -> Option<u8> {
        code(self.reason_code)
    }

    pub fn account_state(&self) -> Option<u8> {
        code(self.account_state)
    }

    pub fn procol_code(&self) -> Option<u8> {
        code(self.procol_code)
    }

    pub fn appeal_pending(&self) -> Option<bool> {
        code(self.appeal_pending).map(|b| b == 1)
    }

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

    /// The debt key of §4.1 (`debit_id`): one ECN of one period of one establishment.
    pub fn key(&self) -> DebtKey {
        (self.siret, self.period, self.ecn)
    }

    /// The order débit readers leave a file's operations in: by debt key (so by SIRET, so by
    /// SIREN), then rank, processing date and line — each history contiguous and in rank order.
    pub fn file_order(&self) -> (DebtKey, u32, Date, u32) {
        (self.key(), self.hist_no, self.processing_date, self.line)
    }
}

impl std::fmt::Debug for Debit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Debit")
            .field("siret", &self.siret)
            .field("period", &self.period)
            .field("ecn", &self.ecn)
            .field("hist_no", &self.hist_no)
            .field("processing_date", &self.processing_date)
            .field("line", &self.line)
            .field("part_ouvriere_cents", &self.part_ouvriere_cents)
            .field("part_patronale_cents", &self.part_patronale_cents)
            .field("op_code", &self.op_code())
            .field("reason_code", &self.reason_code())
            .field("account_state", &self.account_state())
            .field("procol_code", &self.procol_code())
            .field("appeal_pending", &self.appeal_pending())
            .finish()
    }
}

#[cfg(test)]
const _: () = assert!(std::mem::size_of::<Debit>() == 64);

/// A change of one firm's débit stock in one accounting month, in integer cents: what the débit
/// reader keeps of a file it was told is the import's only débit file, instead of its operations
/// (§4.1's selection needs nothing from other files then; 24 bytes a change instead of 64 an
/// operation). Several débit files keep their operations, so that a debt whose history is spread
/// over several files is merged exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DebtChange {
    pub siren: Siren,
    pub month: Month,
    pub part_ouvriere_cents: i64,
    pub part_patronale_cents: i64,
}

/// Calls `change(accounting month, Δ employee share, Δ employer share)` each time the operation
/// selected for a debt of `ops` changes (§4.1, normative): as of month M, the operation of
/// highest `hist_no` among those booked for a month ≤ M (ties: later processing date, then later
/// line). `ops` holds whole debt histories, each contiguous (as [`Debit::file_order`] sorts them);
/// `history` is scratch space. A sweep over each history instead of a search per month; every
/// operation that is ever selected gives a call, even with a zero change, so that "this debt
/// exists" is never lost.
pub fn debt_stock_changes<'a>(
    ops: &'a [Debit],
    history: &mut Vec<&'a Debit>,
    mut change: impl FnMut(Month, i64, i64),
) {
    for debt in ops.chunk_by(|a, b| a.key() == b.key()) {
        history.clear();
        history.extend(debt);
        history.sort_by_key(|d| (d.accounting_month(), d.hist_no, d.processing_date, d.line));
        let mut best: Option<&Debit> = None;
        for d in history.iter().copied() {
            let better = best.is_none_or(|b| {
                (d.hist_no, d.processing_date, d.line) > (b.hist_no, b.processing_date, b.line)
            });
            if !better {
                continue;
            }
            let (old_po, old_pp) =
                best.map_or((0, 0), |b| (b.part_ouvriere_cents, b.part_patronale_cents));
            change(
                d.accounting_month(),
                d.part_ouvriere_cents - old_po,
                d.part_patronale_cents - old_pp,
            );
            best = Some(d);
        }
    }
}

/// A URSSAF payment plan (délai, §4.3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delai {
    pub siret: Siret,
    pub account: Text,
    pub case_id: Text,
    pub created: Date,
    pub due: Date,
    pub duration_days: Option<u32>,
    pub amount_eur: Option<f64>,
    /// `Code_externe_stade` as written (`APPROB`, `PR`…), exposed so both activity rules work.
    pub stage: Option<Text>,
    pub action: Option<Text>,
}

impl Delai {
    /// The 2018 rule (§4.3): active in M when month(created) ≤ M < month(due) and the plan has a
    /// positive duration (when the duration is missing, the dates decide).
    pub fn active_in(&self, m: Month) -> bool {
        self.duration_days.is_none_or(|d| d > 0)
            && self.created.month() <= m
            && m < self.due.month()
    }
}

/// Stages of a CCSF file (§4.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CcsfStage {
    Debut,
    Refus,
    Approb,
    Fin,
    Rej,
    /// A value outside the list (kept, with a warning).
    Other,
}

/// One CCSF event (§4.4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ccsf {
    pub siret: Siret,
    pub date: Date,
    pub stage: CcsfStage,
    pub account: Text,
    /// `Code_externe_stade` as written (useful when `stage` is `Other`).
    pub stage_code: Text,
    /// `Code_externe_action`, normally `CCSF`.
    pub action: Text,
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
    pub stage: Text,
    pub line: u64,
    /// `Cat_v2`, meaning unknown (§9): kept as written.
    pub category: Option<Text>,
}

/// A request for activité partielle (§4.7).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApDemande {
    pub request_id: Text,
    pub siret: Siret,
    /// First and last (inclusive) authorised day.
    pub start: Date,
    pub end: Date,
    pub hours_authorised: f64,
    pub amount_authorised_eur: Option<f64>,
    pub employees_authorised: Option<u32>,
    pub firm_headcount: Option<u32>,
    /// `MOTIF_RECOURS_SE` 1–7; outside ⇒ missing.
    pub reason: Option<u8>,
    /// `PERIMETRE_AP` 1–4 (a value outside is kept, with a warning).
    pub scope: Option<u8>,
    pub status_date: Option<Date>,
    /// `EFF_ETAB`.
    pub estab_headcount: Option<u32>,
    /// `S_HEURE_CONSOM_TOT`: hours consumed so far on this request.
    pub hours_consumed_total: Option<f64>,
    /// `S_EFF_CONSOM_TOT`.
    pub employees_consumed_total: Option<u32>,
    /// `S_MONTANT_CONSOM_TOT`.
    pub amount_consumed_total_eur: Option<f64>,
    /// `RECOURS_ANTERIEUR` 1–3 (a value outside is kept, with a warning).
    pub prior_use: Option<u8>,
}

/// One month of activité partielle consumption (§4.8).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApConso {
    pub request_id: Text,
    pub siret: Siret,
    pub month: Month,
    pub hours: f64,
    pub amount_eur: Option<f64>,
    pub employees: Option<u32>,
}

/// Statement type of an INPI ratio row (§5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum BalanceSheetType {
    /// `C`: complete (normal regime).
    Complete,
    /// `K`: consolidated.
    Consolidated,
    /// `S`: simplified.
    Simplified,
}

/// INPI/BCE ratios of one statement (§5.1): every measure optional (confidential ⇒ missing).
/// Measures are `f32` (7 significant digits, as the panel stores every value): a national file
/// has 2 million statements.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InpiRatios {
    pub siren: Siren,
    pub closing: Date,
    pub kind: BalanceSheetType,
    pub confidentiality: Option<Text>,
    pub chiffre_d_affaires: Option<f32>,
    pub marge_brute: Option<f32>,
    pub ebe: Option<f32>,
    pub ebit: Option<f32>,
    pub resultat_net: Option<f32>,
    pub taux_d_endettement: Option<f32>,
    pub ratio_de_liquidite: Option<f32>,
    pub ratio_de_vetuste: Option<f32>,
    pub autonomie_financiere: Option<f32>,
    pub poids_bfr_exploitation_sur_ca: Option<f32>,
    pub couverture_des_interets: Option<f32>,
    pub caf_sur_ca: Option<f32>,
    pub capacite_de_remboursement: Option<f32>,
    pub marge_ebe: Option<f32>,
    pub resultat_courant_avant_impots_sur_ca: Option<f32>,
    pub poids_bfr_exploitation_sur_ca_jours: Option<f32>,
    pub rotation_des_stocks_jours: Option<f32>,
    pub credit_clients_jours: Option<f32>,
    pub credit_fournisseurs_jours: Option<f32>,
}

/// The Banque de France six ratios of one statement (§5.2, legacy).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BdfRatios {
    pub siren: Siren,
    pub annee: Option<i32>,
    pub closing: Date,
    pub poids_frng: Option<f64>,
    pub taux_marge: Option<f64>,
    pub delai_fournisseurs: Option<f64>,
    pub poids_dettes_fiscales_sociales: Option<f64>,
    pub poids_financement_court_terme: Option<f64>,
    pub poids_frais_financiers: Option<f64>,
    /// `DENOM`, `CP`, `REGION`, `SECTEUR` as written (empty ⇒ missing).
    pub denomination: Option<Text>,
    pub postcode: Option<Text>,
    pub region: Option<Text>,
    pub sector: Option<Text>,
}

/// One fiscal year of a Diane export row (§5.3, legacy), after the pivot. Measures keep the unit
/// of their column name (kEUR, %, jours…), keyed by the name without the year suffix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DianeYear {
    pub siren: Siren,
    pub year: i32,
    pub closing: Option<Date>,
    pub months: Option<u32>,
    /// Names are shared by every row of a file (`Arc`): a national export has millions of cells.
    pub measures: Vec<(std::sync::Arc<str>, f64)>,
    /// Identity columns of the row, repeated on each of its years.
    pub name: Option<Text>,
    pub legal_status: Option<Text>,
    /// `Procédure collective`: `Oui` = true.
    pub collective_procedure: Option<bool>,
    /// `Nombre d’ES` (establishments).
    pub establishments: Option<u32>,
    pub subsidiaries: Option<u32>,
}

/// Legacy URSSAF account → SIRET map row (§4.12).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountSiret {
    pub account: Text,
    pub siret: Siret,
    pub created: Option<Date>,
    /// Disappearance date; `None` = still open.
    pub disappeared: Option<Date>,
}

/// Everything read from all files, before the panel is built.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Records {
    pub legal_units: Vec<LegalUnit>,
    pub establishments: Vec<Establishment>,
    pub establishment_history: Vec<EstablishmentState>,
    /// `effectif_ent` files, one table each.
    pub firm_headcounts: Vec<HeadcountTable<Siren>>,
    /// `effectif` files (per SIRET and account), one table each.
    pub establishment_headcounts: Vec<HeadcountTable<EstablishmentAccount>>,
    pub cotisations: Vec<Cotisation>,
    pub debits: Vec<Debit>,
    /// Débit stock changes per firm and month, sorted, from a sole débit file (see
    /// [`DebtChange`]); its operations are then not in `debits`.
    pub debt_changes: Vec<DebtChange>,
    pub delais: Vec<Delai>,
    pub ccsf: Vec<Ccsf>,
    pub procols: Vec<ProcolEvent>,
    pub ap_demandes: Vec<ApDemande>,
    pub ap_consos: Vec<ApConso>,
    /// The last month present in the `ap_conso` files (§4.8 `is_last`): consumption is known with
    /// a one-month lag, so this month's values (and zeros) are provisional.
    pub ap_conso_last_month: Option<Month>,
    pub inpi: Vec<InpiRatios>,
    pub bdf: Vec<BdfRatios>,
    pub diane: Vec<DianeYear>,
    pub accounts: Vec<AccountSiret>,
}

impl Records {
    /// Moves every record of `other` into `self` (files read in parallel are merged so). A
    /// source `self` does not have yet is moved whole, not copied: a national débit file is a
    /// gigabyte of records, and copying it would hold it twice.
    pub fn append(&mut self, other: Records) {
        fn merge<T>(into: &mut Vec<T>, from: Vec<T>) {
            if into.is_empty() {
                *into = from;
            } else {
                into.extend(from);
            }
        }
        merge(&mut self.legal_units, other.legal_units);
        merge(&mut self.establishments, other.establishments);
        merge(&mut self.establishment_history, other.establishment_history);
        merge(&mut self.firm_headcounts, other.firm_headcounts);
        merge(
            &mut self.establishment_headcounts,
            other.establishment_headcounts,
        );
        merge(&mut self.cotisations, other.cotisations);
        merge(&mut self.debits, other.debits);
        merge(&mut self.debt_changes, other.debt_changes);
        merge(&mut self.delais, other.delais);
        merge(&mut self.ccsf, other.ccsf);
        merge(&mut self.procols, other.procols);
        merge(&mut self.ap_demandes, other.ap_demandes);
        merge(&mut self.ap_consos, other.ap_consos);
        self.ap_conso_last_month = self.ap_conso_last_month.max(other.ap_conso_last_month);
        merge(&mut self.inpi, other.inpi);
        merge(&mut self.bdf, other.bdf);
        merge(&mut self.diane, other.diane);
        merge(&mut self.accounts, other.accounts);
    }
}
