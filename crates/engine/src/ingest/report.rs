//! The import report (§8): every record read ends in exactly one outcome, and the counters add up.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::calendar::Month;
use crate::ingest::kind::FileKind;

/// How many line entries a file report keeps; counts stay complete.
pub const MAX_ENTRIES: usize = 200;

/// The spec's codes for problems found while reading (§8 table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueCode {
    EmptyFile,
    UnknownFileKind,
    WrongFileKind,
    MissingColumn,
    DuplicateColumn,
    FieldCount,
    BareQuote,
    BadNumber,
    BadDate,
    BadPeriod,
    BadSiret,
    BadSiren,
    ProvisionalSiret,
    MissingSiret,
    LuhnFailed,
    IdZeroPadded,
    SirenSiretMismatch,
    UnknownCode,
    UnknownProcolAction,
    DuplicateLine,
    ConflictingDuplicate,
    EncodingFallback,
    NonNafrev2,
    Date8Digits,
    ThousandsSeparator,
    FractionTruncated,
    BadHeadcount,
    RunawayQuote,
    TruncatedRecord,
    BlankLine,
    BadInterval,
    Filtered,
    PurgedHistory,
    NoState,
    HistOrder,
    SuspiciousDate,
    BadBoolean,
    AllEmptyYear,
}

impl IssueCode {
    /// The code as written in the spec and in JSON reports.
    pub fn as_str(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// Plain-French description shown to agents.
    pub fn label_fr(self) -> &'static str {
        use IssueCode::*;
        match self {
            EmptyFile => "fichier vide",
            UnknownFileKind => "type de fichier non reconnu",
            WrongFileKind => "le nom du fichier annonce un autre type que son en-tête",
            MissingColumn => "colonne obligatoire absente",
            DuplicateColumn => "colonne en double dans l'en-tête",
            FieldCount => "nombre de champs différent de l'en-tête",
            BareQuote => "guillemet isolé",
            BadNumber => "nombre illisible",
            BadDate => "date illisible",
            BadPeriod => "période URSSAF illisible",
            BadSiret => "SIRET invalide",
            BadSiren => "SIREN invalide",
            ProvisionalSiret => "SIRET provisoire",
            MissingSiret => "SIRET absent",
            LuhnFailed => "clé de contrôle (Luhn) incorrecte",
            IdZeroPadded => "zéros de tête restaurés",
            SirenSiretMismatch => "SIREN différent du début du SIRET",
            UnknownCode => "code hors nomenclature",
            UnknownProcolAction => "procédure collective sans action reconnue",
            DuplicateLine => "ligne en double",
            ConflictingDuplicate => "doublon de clé avec des valeurs différentes",
            EncodingFallback => "ligne relue en Windows-1252",
            NonNafrev2 => "activité hors NAF rév. 2",
            Date8Digits => "date URSSAF écrite sur 8 chiffres",
            ThousandsSeparator => "séparateur de milliers",
            FractionTruncated => "décimale tronquée",
            BadHeadcount => "effectif illisible",
            RunawayQuote => "guillemet jamais refermé",
            TruncatedRecord => "dernière ligne tronquée",
            BlankLine => "ligne vide",
            BadInterval => "intervalle de dates incohérent",
            Filtered => "hors du périmètre demandé",
            PurgedHistory => "historique purgé (dates absentes)",
            NoState => "état administratif absent",
            HistOrder => "ordre des opérations contraire aux dates",
            SuspiciousDate => "date invraisemblable",
            BadBoolean => "booléen illisible",
            AllEmptyYear => "année sans aucune valeur",
        }
    }
}

/// One entry of a file report: where, what, and the raw line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineIssue {
    /// True when the issue rejected the line; false for a warning (the line was kept).
    pub rejected: bool,
    /// Physical line of the record's first line; the header is line 1.
    pub line: u64,
    pub column: Option<String>,
    pub code: IssueCode,
    pub message: String,
    /// Up to 200 characters of the raw record.
    pub raw: String,
}

/// What happened to one file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    pub name: String,
    pub kind: Option<FileKind>,
    pub encoding: String,
    pub separator: Option<char>,
    pub records_read: u64,
    pub accepted: u64,
    pub accepted_with_warnings: u64,
    pub rejected: u64,
    /// Out of the requested perimeter (§6), counted, never silently dropped.
    pub filtered: u64,
    pub skipped: u64,
    pub counts: BTreeMap<IssueCode, u64>,
    pub entries: Vec<LineIssue>,
    pub first_month: Option<Month>,
    pub last_month: Option<Month>,
    /// Headcount files: month columns at the right end that are empty in every row (§4.6).
    pub trailing_empty_months: u32,
    /// The header as read (normalised names).
    pub header: Vec<String>,
    /// A file-level problem: the file contributed nothing, the import went on.
    pub fatal: Option<String>,
}

impl FileReport {
    pub fn new(name: &str) -> FileReport {
        FileReport {
            name: name.to_string(),
            ..FileReport::default()
        }
    }

    /// The invariant of §8: every record read has exactly one outcome.
    pub fn is_balanced(&self) -> bool {
        self.accepted + self.accepted_with_warnings + self.rejected + self.filtered + self.skipped
            == self.records_read
    }

    pub fn record_issue(&mut self, issue: LineIssue) {
        *self.counts.entry(issue.code).or_default() += 1;
        if self.entries.len() < MAX_ENTRIES {
            self.entries.push(issue);
        }
    }

    pub fn see_month(&mut self, month: Month) {
        self.first_month = Some(self.first_month.map_or(month, |m| m.min(month)));
        self.last_month = Some(self.last_month.map_or(month, |m| m.max(month)));
    }
}

/// What one source brought to the import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceSummary {
    pub kind: FileKind,
    /// Files of this kind read (not fatal).
    pub files: usize,
    /// Lines used (accepted, with or without warnings).
    pub records: u64,
    /// Firms of the panel this source covers.
    pub firms: usize,
}

/// The whole import, as the UI renders it and the CLI prints it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    pub files: Vec<FileReport>,
    /// One entry per kind read, in the spec's order.
    pub sources: Vec<SourceSummary>,
    /// Firms in the panel (firms with monthly data from any source).
    pub firms: usize,
    /// Firms in the perimeter (§6), and how many are out for each reason.
    pub firms_in_perimeter: usize,
    pub exclusions: Vec<(crate::panel::Exclusion, usize)>,
    pub first_month: Option<Month>,
    pub last_month: Option<Month>,
    /// Months covered by the panel.
    pub months: usize,
    /// Sources no file provided (see [`FileKind::absence_effect_fr`] for what that disables).
    pub missing_sources: Vec<FileKind>,
    /// Why no panel could be built, if so.
    pub panel_error: Option<String>,
}
