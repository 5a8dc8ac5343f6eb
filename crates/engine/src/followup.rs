//! The agent's follow-up of firms (semi-automatic detection: the agent stays in the loop):
//! followed firms with a reason, notes, "détection utile / pas utile" feedback, and the expert
//! adjustment of an alert by one level with a mandatory justification. Stored only in the
//! agent's browser, as the JSON of [`Book`].
//!
//! The file is versioned (`{"format": "vigie-suivi", "version": 1, "entries": {…}}`, keyed by
//! SIREN) because the agent exports it, keeps it for months and imports it into another
//! browser: a file from another tool or a later version must be refused with a clear French
//! message, never half-read. Every rule a mutator enforces (non-blank justification, an
//! adjustment that changes the alert, a non-blank note…) is checked again on load, so a
//! hand-edited file cannot bring in what the interface refuses.
//!
//! **Merging an imported book** ([`Book::merge`]): firm by firm, the entry changed most recently
//! (its `updated` day) gives the follow, the feedback, the adjustment and the name; on the same
//! day the current book's values stay (an import never silently overwrites what the agent did
//! today); notes are always united, without duplicates (same day, same text), in date order. So
//! a merge never loses a note, but a note deleted here comes back if the imported file still
//! has it; to start again from a file, [`Book::replace`] it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::calendar::Date;
use crate::ids::Siren;
use crate::model::Alert;

/// The `format` field of a follow-up file.
pub const FORMAT: &str = "vigie-suivi";
/// The one version this code reads and writes.
pub const VERSION: u64 = 1;

/// An expert adjustment of a firm's alert by one level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Shift {
    #[serde(rename = "hausse")]
    Up,
    #[serde(rename = "baisse")]
    Down,
}

impl Shift {
    pub fn label_fr(self) -> &'static str {
        match self {
            Shift::Up => "relevée d'un niveau",
            Shift::Down => "abaissée d'un niveau",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Shift::Up => "raised one level",
            Shift::Down => "lowered one level",
        }
    }
}

/// The agent's adjustment of the model's alert, never applied silently: it is shown with its
/// justification wherever the alert is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adjustment {
    pub shift: Shift,
    /// Mandatory, never blank.
    pub justification: String,
    /// The day it was made.
    #[serde(with = "iso_date")]
    pub date: Date,
    /// The model's alert when it was made: if the model (or the month scored) changes, the agent
    /// sees that the adjustment was made against another alert.
    pub model_alert: Alert,
}

impl Adjustment {
    /// The alert after the adjustment (one level, within vert..=rouge).
    pub fn apply(&self, alert: Alert) -> Alert {
        match (self.shift, alert) {
            (Shift::Up, Alert::Vert) => Alert::Orange,
            (Shift::Up, _) => Alert::Rouge,
            (Shift::Down, Alert::Rouge) => Alert::Orange,
            (Shift::Down, _) => Alert::Vert,
        }
    }

    /// Whether the adjustment changes `alert` (a raise of a red alert does not: it can happen
    /// when another model now scores the firm, and must then be shown as without effect).
    pub fn changes(&self, alert: Alert) -> bool {
        self.apply(alert) != alert
    }
}

/// Why the agent follows a firm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum FollowReason {
    #[serde(rename = "signal_modele")]
    ModelSignal,
    #[serde(rename = "signalement_partenaire")]
    PartnerReport,
    #[serde(rename = "demande_entreprise")]
    FirmRequest,
    #[serde(rename = "autre")]
    Other,
}

impl FollowReason {
    pub const ALL: [FollowReason; 4] = [
        FollowReason::ModelSignal,
        FollowReason::PartnerReport,
        FollowReason::FirmRequest,
        FollowReason::Other,
    ];

    /// The code written in the file (and used as the value of a `<select>` option).
    pub fn code(self) -> &'static str {
        match self {
            FollowReason::ModelSignal => "signal_modele",
            FollowReason::PartnerReport => "signalement_partenaire",
            FollowReason::FirmRequest => "demande_entreprise",
            FollowReason::Other => "autre",
        }
    }

    pub fn from_code(code: &str) -> Option<FollowReason> {
        FollowReason::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            FollowReason::ModelSignal => "signal du modèle",
            FollowReason::PartnerReport => "signalement d'un partenaire",
            FollowReason::FirmRequest => "demande de l'entreprise",
            FollowReason::Other => "autre",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            FollowReason::ModelSignal => "model signal",
            FollowReason::PartnerReport => "report from a partner",
            FollowReason::FirmRequest => "request from the firm",
            FollowReason::Other => "other",
        }
    }
}

/// Why and since when the agent follows a firm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Follow {
    pub reason: FollowReason,
    /// Free text; required when the reason is "autre".
    #[serde(default)]
    pub detail: String,
    #[serde(with = "iso_date")]
    pub since: Date,
}

/// A dated note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    #[serde(with = "iso_date")]
    pub date: Date,
    pub text: String,
}

/// Whether a detection helped the agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    #[serde(rename = "utile")]
    Useful,
    #[serde(rename = "pas_utile")]
    NotUseful,
}

/// Why a detection helped or not (several may apply).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum FeedbackReason {
    #[serde(rename = "difficultes_confirmees")]
    ConfirmedDifficulties,
    #[serde(rename = "deja_connue")]
    AlreadyKnown,
    #[serde(rename = "entreprise_saine")]
    HealthyFirm,
    #[serde(rename = "donnees_erronees")]
    WrongData,
    #[serde(rename = "autre")]
    Other,
}

impl FeedbackReason {
    pub const ALL: [FeedbackReason; 5] = [
        FeedbackReason::ConfirmedDifficulties,
        FeedbackReason::AlreadyKnown,
        FeedbackReason::HealthyFirm,
        FeedbackReason::WrongData,
        FeedbackReason::Other,
    ];

    /// A stable code (the file's, and the checkboxes' ids).
    pub fn code(self) -> &'static str {
        match self {
            FeedbackReason::ConfirmedDifficulties => "difficultes_confirmees",
            FeedbackReason::AlreadyKnown => "deja_connue",
            FeedbackReason::HealthyFirm => "entreprise_saine",
            FeedbackReason::WrongData => "donnees_erronees",
            FeedbackReason::Other => "autre",
        }
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            FeedbackReason::ConfirmedDifficulties => "difficultés confirmées",
            FeedbackReason::AlreadyKnown => "déjà connue",
            FeedbackReason::HealthyFirm => "entreprise saine",
            FeedbackReason::WrongData => "données erronées",
            FeedbackReason::Other => "autre",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            FeedbackReason::ConfirmedDifficulties => "difficulties confirmed",
            FeedbackReason::AlreadyKnown => "already known",
            FeedbackReason::HealthyFirm => "healthy firm",
            FeedbackReason::WrongData => "wrong data",
            FeedbackReason::Other => "other",
        }
    }
}

/// The agent's verdict on a detection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feedback {
    pub verdict: Verdict,
    /// Sorted, without duplicates.
    #[serde(default)]
    pub reasons: Vec<FeedbackReason>,
    #[serde(default)]
    pub comment: String,
    #[serde(with = "iso_date")]
    pub date: Date,
    /// The model's alert when the verdict was given (none for a firm the model did not score).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert: Option<Alert>,
}

/// What the agent recorded about one firm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The firm's name when last recorded, so that the book still names a firm absent from the
    /// current import.
    #[serde(default)]
    pub name: String,
    /// The last day anything of this entry changed (the merge rule's "newer").
    #[serde(with = "iso_date")]
    pub updated: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub followed: Option<Follow>,
    /// In date order (then in the order written).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<Feedback>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adjustment: Option<Adjustment>,
}

impl Entry {
    fn new(name: &str, today: Date) -> Entry {
        Entry {
            name: name.to_string(),
            updated: today,
            followed: None,
            notes: Vec::new(),
            feedback: None,
            adjustment: None,
        }
    }

    /// Nothing left worth keeping (the entry is dropped).
    fn is_empty(&self) -> bool {
        self.followed.is_none()
            && self.notes.is_empty()
            && self.feedback.is_none()
            && self.adjustment.is_none()
    }

    /// The last note, if any.
    pub fn last_note(&self) -> Option<&Note> {
        self.notes.last()
    }
}

/// Why a change or a file was refused (French, shown as is to the agent).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FollowError {
    #[error(
        "JSON mal formé ligne {line}, colonne {column} : {detail}. Le suivi actuel est inchangé."
    )]
    Syntax {
        line: usize,
        column: usize,
        detail: String,
    },
    #[error(
        "fichier tronqué (fin inattendue ligne {line}, colonne {column}). Le suivi actuel est inchangé."
    )]
    Truncated { line: usize, column: usize },
    #[error("ce fichier n'est pas un suivi Vigie : {found} (attendu : « format » : « {FORMAT} »)")]
    NotABook { found: String },
    #[error(
        "version {0} du fichier de suivi inconnue : cette version de Vigie lit la version {VERSION}"
    )]
    UnknownVersion(String),
    #[error("contenu invalide ligne {line}, colonne {column} : {detail}")]
    Content {
        line: usize,
        column: usize,
        detail: String,
    },
    #[error("SIREN invalide « {0} » : 9 chiffres attendus")]
    BadSiren(String),
    #[error("la justification de l'ajustement est obligatoire{}", at(.0))]
    BlankJustification(Option<Siren>),
    #[error("l'alerte est déjà {alert} : {} ne changerait rien{}", shift_words(*.shift), at(.siren))]
    NoEffect {
        alert: &'static str,
        shift: Shift,
        siren: Option<Siren>,
    },
    #[error("la note est vide{}", at(.0))]
    BlankNote(Option<Siren>),
    #[error("précisez le motif de suivi « autre »{}", at(.0))]
    MissingDetail(Option<Siren>),
}

/// " (SIREN 552 100 554)" when the error comes from a file, where the agent needs the firm.
fn at(siren: &Option<Siren>) -> String {
    siren.map_or_else(String::new, |s| format!(" (SIREN {})", s.insee()))
}

fn shift_words(shift: Shift) -> &'static str {
    match shift {
        Shift::Up => "la relever d'un niveau",
        Shift::Down => "l'abaisser d'un niveau",
    }
}

/// How many firms, follows, verdicts, adjustments and notes the book holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub firms: usize,
    pub followed: usize,
    pub useful: usize,
    pub not_useful: usize,
    pub adjusted: usize,
    pub notes: usize,
}

/// What a merge did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Firms that were only in the imported book.
    pub added: usize,
    /// Firms whose imported entry was newer and differed.
    pub updated: usize,
    /// Firms whose current entry was as new or newer and differed: kept (notes still united).
    pub kept: usize,
    /// Notes brought in.
    pub notes_added: usize,
}

/// Everything the agent recorded, by firm.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Book {
    pub entries: BTreeMap<Siren, Entry>,
}

/// The file as written: the header first, so that the format and version are checked before the
/// entries are read.
#[derive(Serialize)]
struct FileOut<'a> {
    format: &'static str,
    version: u64,
    entries: &'a BTreeMap<Siren, Entry>,
}

#[derive(Deserialize)]
struct FileIn {
    #[serde(default)]
    entries: BTreeMap<String, Entry>,
}

fn blank(text: &str) -> bool {
    text.trim().is_empty()
}

/// A serde_json error with its position, in French.
fn json_error(e: &serde_json::Error, content: bool) -> FollowError {
    let (line, column) = (e.line(), e.column());
    // serde_json's message ends with " at line L column C", given apart here.
    let text = e.to_string();
    let detail = french(
        text.rfind(" at line ")
            .map_or(text.as_str(), |i| &text[..i]),
    );
    match e.classify() {
        serde_json::error::Category::Eof => FollowError::Truncated { line, column },
        serde_json::error::Category::Data if content => FollowError::Content {
            line,
            column,
            detail,
        },
        _ => FollowError::Syntax {
            line,
            column,
            detail,
        },
    }
}

/// serde_json's messages in French (the common ones; any other is kept as it is, after the
/// French position).
fn french(message: &str) -> String {
    const SYNTAX: [(&str, &str); 14] = [
        ("expected `:`", "« : » attendu"),
        ("expected `,` or `]`", "« , » ou « ] » attendu"),
        ("expected `,` or `}`", "« , » ou « } » attendu"),
        (
            "expected ident",
            "mot inconnu (true, false ou null attendu)",
        ),
        ("expected value", "valeur attendue"),
        ("expected `\"`", "« \" » attendu"),
        ("invalid escape", "séquence d'échappement invalide"),
        ("invalid number", "nombre invalide"),
        ("number out of range", "nombre hors limites"),
        ("invalid unicode code point", "caractère Unicode invalide"),
        (
            "key must be a string",
            "une clé doit être une chaîne entre guillemets",
        ),
        ("trailing comma", "virgule en trop"),
        ("trailing characters", "caractères après la fin du JSON"),
        ("recursion limit exceeded", "imbrication trop profonde"),
    ];
    if let Some((_, fr)) = SYNTAX.iter().find(|(en, _)| *en == message) {
        return (*fr).to_string();
    }
    if message.starts_with("control character") {
        return "caractère de contrôle dans une chaîne".to_string();
    }
    if let Some(rest) = message.strip_prefix("invalid type: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        return format!("{} au lieu {}", kind(found), of(&kind(expected)));
    }
    if let Some(rest) = message.strip_prefix("unknown variant ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        let expected = expected.strip_prefix("one of ").unwrap_or(expected);
        return format!(
            "valeur « {} » inconnue (valeurs possibles : {})",
            found.trim_matches('`'),
            expected.replace('`', "")
        );
    }
    if let Some(field) = message.strip_prefix("missing field ") {
        return format!("champ « {} » manquant", field.trim_matches('`'));
    }
    if let Some(field) = message.strip_prefix("duplicate field ") {
        return format!("champ « {} » en double", field.trim_matches('`'));
    }
    message.to_string()
}

/// A serde type description in French ("sequence" → "une liste").
fn kind(text: &str) -> String {
    let t = text.trim();
    match t {
        "sequence" | "a sequence" => return "une liste".into(),
        "map" | "a map" => return "un objet".into(),
        "a string" | "a borrowed string" => return "une chaîne".into(),
        "null" | "unit" => return "null".into(),
        "u64" | "u32" | "usize" | "i64" | "i32" => return "un nombre entier".into(),
        _ => {}
    }
    if t.starts_with("struct ") {
        return "un objet".into();
    }
    if let Some(s) = t.strip_prefix("string ") {
        return format!("la chaîne {s}");
    }
    for (en, fr) in [
        ("integer ", "le nombre "),
        ("floating point ", "le nombre "),
        ("boolean ", "la valeur "),
    ] {
        if let Some(v) = t.strip_prefix(en) {
            return format!("{fr}{}", v.trim_matches('`'));
        }
    }
    t.to_string()
}

/// "de une liste" → "d'une liste", "de la chaîne…" stays.
fn of(noun: &str) -> String {
    if noun.starts_with(['u', 'a', 'e', 'i', 'o']) {
        format!("d'{noun}")
    } else {
        format!("de {noun}")
    }
}

/// A SIREN key of the file: exactly 9 digits as [`Book::to_json`] writes them (a SIREN that lost
/// its leading zeros in a spreadsheet is refused rather than guessed).
fn parse_key(key: &str) -> Result<Siren, FollowError> {
    if key.len() != 9 || !key.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FollowError::BadSiren(key.to_string()));
    }
    Siren::parse(key)
        .map(|(s, _)| s)
        .map_err(|_| FollowError::BadSiren(key.to_string()))
}

impl Book {
    pub fn entry(&self, siren: Siren) -> Option<&Entry> {
        self.entries.get(&siren)
    }

    /// Whether the agent follows the firm.
    pub fn is_followed(&self, siren: Siren) -> bool {
        self.entry(siren).is_some_and(|e| e.followed.is_some())
    }

    /// The firm's adjustment, if the agent made one.
    pub fn adjustment(&self, siren: Siren) -> Option<&Adjustment> {
        self.entry(siren).and_then(|e| e.adjustment.as_ref())
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry to change, created if needed, its name refreshed and its day set to `today`.
    fn touch(&mut self, siren: Siren, name: &str, today: Date) -> &mut Entry {
        let entry = self
            .entries
            .entry(siren)
            .or_insert_with(|| Entry::new(name, today));
        if !blank(name) {
            entry.name = name.to_string();
        }
        entry.updated = entry.updated.max(today);
        entry
    }

    /// Drops the firm's entry once nothing is left in it.
    fn prune(&mut self, siren: Siren) {
        if self.entries.get(&siren).is_some_and(Entry::is_empty) {
            self.entries.remove(&siren);
        }
    }

    /// Follows the firm (or changes the reason; the "since" day stays that of the first follow).
    pub fn follow(
        &mut self,
        siren: Siren,
        name: &str,
        reason: FollowReason,
        detail: &str,
        today: Date,
    ) -> Result<(), FollowError> {
        if reason == FollowReason::Other && blank(detail) {
            return Err(FollowError::MissingDetail(None));
        }
        let entry = self.touch(siren, name, today);
        let since = entry.followed.as_ref().map_or(today, |f| f.since);
        entry.followed = Some(Follow {
            reason,
            detail: detail.trim().to_string(),
            since,
        });
        Ok(())
    }

    /// Stops following the firm (its notes, feedback and adjustment stay).
    pub fn unfollow(&mut self, siren: Siren, today: Date) {
        if let Some(entry) = self.entries.get_mut(&siren)
            && entry.followed.take().is_some()
        {
            entry.updated = entry.updated.max(today);
        }
        self.prune(siren);
    }

    /// Adds a dated note at the end.
    pub fn add_note(
        &mut self,
        siren: Siren,
        name: &str,
        text: &str,
        today: Date,
    ) -> Result<(), FollowError> {
        if blank(text) {
            return Err(FollowError::BlankNote(None));
        }
        let entry = self.touch(siren, name, today);
        // After every note of the same day or before (the clock may have been set back).
        let at = entry.notes.partition_point(|n| n.date <= today);
        entry.notes.insert(
            at,
            Note {
                date: today,
                text: text.trim().to_string(),
            },
        );
        Ok(())
    }

    /// Deletes the firm's note at `index` (in the order shown), if it exists.
    pub fn remove_note(&mut self, siren: Siren, index: usize, today: Date) -> Option<Note> {
        let entry = self.entries.get_mut(&siren)?;
        if index >= entry.notes.len() {
            return None;
        }
        let note = entry.notes.remove(index);
        entry.updated = entry.updated.max(today);
        self.prune(siren);
        Some(note)
    }

    /// Records (or replaces) the agent's verdict on the detection.
    #[allow(clippy::too_many_arguments)]
    pub fn set_feedback(
        &mut self,
        siren: Siren,
        name: &str,
        verdict: Verdict,
        reasons: &[FeedbackReason],
        comment: &str,
        alert: Option<Alert>,
        today: Date,
    ) {
        let mut reasons = reasons.to_vec();
        reasons.sort();
        reasons.dedup();
        let entry = self.touch(siren, name, today);
        entry.feedback = Some(Feedback {
            verdict,
            reasons,
            comment: comment.trim().to_string(),
            date: today,
            alert,
        });
    }

    pub fn clear_feedback(&mut self, siren: Siren, today: Date) {
        if let Some(entry) = self.entries.get_mut(&siren)
            && entry.feedback.take().is_some()
        {
            entry.updated = entry.updated.max(today);
        }
        self.prune(siren);
    }

    /// Adjusts the model's alert `model_alert` by one level. Refused without a justification,
    /// and when it would change nothing (raising a red alert, lowering a green one): an
    /// adjustment is never silently ignored.
    pub fn adjust(
        &mut self,
        siren: Siren,
        name: &str,
        shift: Shift,
        justification: &str,
        model_alert: Alert,
        today: Date,
    ) -> Result<(), FollowError> {
        let adjustment = Adjustment {
            shift,
            justification: justification.trim().to_string(),
            date: today,
            model_alert,
        };
        check_adjustment(&adjustment, None)?;
        self.touch(siren, name, today).adjustment = Some(adjustment);
        Ok(())
    }

    /// Withdraws the adjustment: the model's alert is shown alone again.
    pub fn remove_adjustment(&mut self, siren: Siren, today: Date) {
        if let Some(entry) = self.entries.get_mut(&siren)
            && entry.adjustment.take().is_some()
        {
            entry.updated = entry.updated.max(today);
        }
        self.prune(siren);
    }

    /// Forgets everything about the firm.
    pub fn remove(&mut self, siren: Siren) -> Option<Entry> {
        self.entries.remove(&siren)
    }

    /// Forgets everything.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    pub fn counts(&self) -> Counts {
        let mut c = Counts {
            firms: self.entries.len(),
            ..Counts::default()
        };
        for e in self.entries.values() {
            c.followed += usize::from(e.followed.is_some());
            c.adjusted += usize::from(e.adjustment.is_some());
            c.notes += e.notes.len();
            match e.feedback.as_ref().map(|f| f.verdict) {
                Some(Verdict::Useful) => c.useful += 1,
                Some(Verdict::NotUseful) => c.not_useful += 1,
                None => {}
            }
        }
        c
    }

    /// The versioned file (pretty-printed: the agent may read it).
    pub fn to_json(&self) -> String {
        let file = FileOut {
            format: FORMAT,
            version: VERSION,
            entries: &self.entries,
        };
        // Plain strings, enums and dates: serialising cannot fail.
        serde_json::to_string_pretty(&file).unwrap_or_default()
    }

    /// Reads a file written by [`Book::to_json`]: the syntax first (line and column), then the
    /// format and version, then the entries (line and column of a wrong value), then the rules
    /// the interface enforces.
    pub fn from_json(text: &str) -> Result<Book, FollowError> {
        // The whole syntax first, for its line and column; a value of any shape parses.
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| json_error(&e, false))?;
        let Some(header) = value.as_object() else {
            return Err(FollowError::NotABook {
                found: "le fichier ne contient pas un objet JSON".to_string(),
            });
        };
        match header.get("format") {
            Some(serde_json::Value::String(f)) if f == FORMAT => {}
            Some(serde_json::Value::String(f)) => {
                return Err(FollowError::NotABook {
                    found: format!("format « {f} »"),
                });
            }
            Some(other) => {
                return Err(FollowError::NotABook {
                    found: format!("format {other}"),
                });
            }
            None => {
                return Err(FollowError::NotABook {
                    found: "pas de champ « format »".to_string(),
                });
            }
        }
        match header.get("version") {
            Some(v) if v.as_u64() == Some(VERSION) => {}
            Some(v) => return Err(FollowError::UnknownVersion(v.to_string())),
            None => return Err(FollowError::UnknownVersion("absente".to_string())),
        }
        // Read again from the text, so that a wrong value is located too.
        let file: FileIn = serde_json::from_str(text).map_err(|e| json_error(&e, true))?;
        let mut book = Book::default();
        for (key, mut entry) in file.entries {
            let siren = parse_key(&key)?;
            check_entry(&mut entry, siren)?;
            book.entries.insert(siren, entry);
        }
        Ok(book)
    }

    /// Merges an imported book into this one (the rule is in the module's documentation).
    pub fn merge(&mut self, imported: Book) -> MergeReport {
        let mut report = MergeReport::default();
        for (siren, theirs) in imported.entries {
            let Some(ours) = self.entries.get_mut(&siren) else {
                report.added += 1;
                self.entries.insert(siren, theirs);
                continue;
            };
            if *ours == theirs {
                continue;
            }
            let mut notes = std::mem::take(&mut ours.notes);
            let before = notes.len();
            for note in &theirs.notes {
                if !notes.contains(note) {
                    notes.push(note.clone());
                }
            }
            report.notes_added += notes.len() - before;
            // Stable: notes of one day keep the order they were written in.
            notes.sort_by_key(|n| n.date);
            let newer = theirs.updated > ours.updated;
            if newer {
                let name = if blank(&theirs.name) {
                    std::mem::take(&mut ours.name)
                } else {
                    theirs.name
                };
                *ours = Entry {
                    name,
                    notes,
                    ..theirs
                };
                report.updated += 1;
            } else {
                if blank(&ours.name) {
                    ours.name = theirs.name;
                }
                ours.notes = notes;
                report.kept += 1;
            }
        }
        report
    }

    /// Replaces this book by an imported one.
    pub fn replace(&mut self, imported: Book) {
        *self = imported;
    }
}

fn check_adjustment(a: &Adjustment, siren: Option<Siren>) -> Result<(), FollowError> {
    if blank(&a.justification) {
        return Err(FollowError::BlankJustification(siren));
    }
    if !a.changes(a.model_alert) {
        return Err(FollowError::NoEffect {
            alert: a.model_alert.label_fr(),
            shift: a.shift,
            siren,
        });
    }
    Ok(())
}

/// The interface's rules, on an entry read from a file; also puts it in the order the
/// interface keeps (notes by date, feedback reasons sorted).
fn check_entry(entry: &mut Entry, siren: Siren) -> Result<(), FollowError> {
    let at = Some(siren);
    if let Some(a) = &entry.adjustment {
        check_adjustment(a, at)?;
    }
    if entry.notes.iter().any(|n| blank(&n.text)) {
        return Err(FollowError::BlankNote(at));
    }
    if let Some(f) = &entry.followed
        && f.reason == FollowReason::Other
        && blank(&f.detail)
    {
        return Err(FollowError::MissingDetail(at));
    }
    entry.notes.sort_by_key(|n| n.date);
    if let Some(f) = &mut entry.feedback {
        f.reasons.sort();
        f.reasons.dedup();
    }
    Ok(())
}

/// Dates as `AAAA-MM-JJ` strings in the file, validated on load.
mod iso_date {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::calendar::Date;

    pub fn serialize<S: Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(date)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = String::deserialize(d)?;
        if text.len() != 10 {
            return Err(serde::de::Error::custom(format!(
                "date « {text} » invalide (AAAA-MM-JJ attendu)"
            )));
        }
        Date::parse_iso(&text).map_err(|_| {
            serde::de::Error::custom(format!("date « {text} » invalide (AAAA-MM-JJ attendu)"))
        })
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn day(d: u32) -> Date {
        Date::new(2026, 3, d).expect("valid day")
    }

    fn siren(prefix: u32) -> Siren {
        Siren::from_prefix(prefix)
    }

    /// A book with one firm holding every part.
    fn full() -> Book {
        let mut b = Book::default();
        let s = siren(55210055);
        b.follow(
            s,
            "Boulangerie <Dupont>",
            FollowReason::PartnerReport,
            "appel de la Banque de France",
            day(2),
        )
        .expect("follow");
        b.add_note(s, "", "Rendez-vous fixé « jeudi »\navec le gérant", day(3))
            .expect("note");
        b.add_note(s, "", "Échéancier demandé", day(4))
            .expect("note");
        b.set_feedback(
            s,
            "",
            Verdict::Useful,
            &[
                FeedbackReason::Other,
                FeedbackReason::ConfirmedDifficulties,
                FeedbackReason::Other,
            ],
            "vu au tribunal",
            Some(Alert::Orange),
            day(5),
        );
        b.adjust(
            s,
            "",
            Shift::Up,
            "dette sociale en forte hausse",
            Alert::Orange,
            day(6),
        )
        .expect("adjust");
        b
    }

    // --- `apply` and `adjust` at the ends ---

    fn check_apply(shift: Shift, from: Alert, expected: Result<Alert, &str>) {
        let mut b = Book::default();
        let got = b
            .adjust(siren(1), "x", shift, "parce que", from, day(1))
            .map(|()| b.adjustment(siren(1)).expect("stored").apply(from))
            .map_err(|e| e.to_string());
        assert_eq!(
            got,
            expected.map_err(str::to_string),
            "{shift:?} on {from:?}"
        );
        if got.is_err() {
            assert!(b.is_empty(), "a refused adjustment leaves nothing");
        }
    }

    #[test]
    fn adjusting_moves_one_level_and_refuses_a_change_of_nothing() {
        check_apply(Shift::Up, Alert::Vert, Ok(Alert::Orange));
        check_apply(Shift::Up, Alert::Orange, Ok(Alert::Rouge));
        check_apply(Shift::Down, Alert::Rouge, Ok(Alert::Orange));
        check_apply(Shift::Down, Alert::Orange, Ok(Alert::Vert));
        check_apply(
            Shift::Up,
            Alert::Rouge,
            Err("l'alerte est déjà rouge : la relever d'un niveau ne changerait rien"),
        );
        check_apply(
            Shift::Down,
            Alert::Vert,
            Err("l'alerte est déjà vert : l'abaisser d'un niveau ne changerait rien"),
        );
    }

    #[test]
    fn an_adjustment_made_against_another_alert_says_it_changes_nothing() {
        let a = Adjustment {
            shift: Shift::Up,
            justification: "x".into(),
            date: day(1),
            model_alert: Alert::Orange,
        };
        // The model now says rouge: shown as without effect, never silently dropped.
        assert_eq!(a.apply(Alert::Rouge), Alert::Rouge);
        assert!(!a.changes(Alert::Rouge));
        assert!(a.changes(Alert::Orange));
    }

    fn check_justification(text: &str, ok: bool) {
        let mut b = Book::default();
        let got = b.adjust(siren(1), "x", Shift::Up, text, Alert::Vert, day(1));
        assert_eq!(got.is_ok(), ok, "{text:?}");
        if ok {
            assert_eq!(
                b.adjustment(siren(1)).expect("stored").justification,
                text.trim()
            );
        } else {
            assert_eq!(got, Err(FollowError::BlankJustification(None)));
        }
    }

    #[test]
    fn the_justification_is_mandatory() {
        check_justification("", false);
        check_justification("   \n\t ", false);
        check_justification("\u{a0}", false);
        check_justification(" dette en hausse ", true);
    }

    // --- the book's changes ---

    #[test]
    fn follow_keeps_its_first_day_and_requires_a_detail_for_other() {
        let mut b = Book::default();
        let s = siren(7);
        assert_eq!(
            b.follow(s, "A", FollowReason::Other, "  ", day(1)),
            Err(FollowError::MissingDetail(None))
        );
        assert!(b.is_empty());
        b.follow(s, "A", FollowReason::ModelSignal, "", day(1))
            .expect("follow");
        b.follow(s, "A", FollowReason::Other, "vu dans la presse", day(9))
            .expect("again");
        let f = b
            .entry(s)
            .and_then(|e| e.followed.clone())
            .expect("followed");
        assert_eq!(
            (f.reason, f.detail.as_str(), f.since),
            (FollowReason::Other, "vu dans la presse", day(1))
        );
        assert_eq!(b.entry(s).map(|e| e.updated), Some(day(9)));
        b.unfollow(s, day(10));
        assert!(!b.is_followed(s));
        assert!(b.is_empty(), "an entry left empty is dropped");
    }

    #[test]
    fn notes_stay_in_order_and_are_deleted_by_position() {
        let mut b = full();
        let s = siren(55210055);
        assert_eq!(
            b.add_note(s, "", " \n", day(7)),
            Err(FollowError::BlankNote(None))
        );
        let texts = |b: &Book| -> Vec<String> {
            b.entry(s)
                .map(|e| e.notes.iter().map(|n| n.text.clone()).collect())
                .unwrap_or_default()
        };
        assert_eq!(
            texts(&b),
            [
                "Rendez-vous fixé « jeudi »\navec le gérant",
                "Échéancier demandé"
            ]
        );
        assert_eq!(b.remove_note(s, 5, day(7)), None);
        assert_eq!(b.remove_note(s, 0, day(7)).map(|n| n.date), Some(day(3)));
        assert_eq!(texts(&b), ["Échéancier demandé"]);
        assert_eq!(
            b.entry(s).and_then(Entry::last_note).map(|n| n.date),
            Some(day(4))
        );
        assert_eq!(b.entry(s).map(|e| e.updated), Some(day(7)));
    }

    #[test]
    fn removing_every_part_forgets_the_firm_and_the_name_is_kept() {
        let mut b = full();
        let s = siren(55210055);
        assert_eq!(
            b.entry(s).map(|e| e.name.as_str()),
            Some("Boulangerie <Dupont>")
        );
        assert_eq!(
            b.entry(s)
                .and_then(|e| e.feedback.clone())
                .map(|f| f.reasons),
            Some(vec![
                FeedbackReason::ConfirmedDifficulties,
                FeedbackReason::Other
            ])
        );
        b.remove_adjustment(s, day(8));
        b.clear_feedback(s, day(8));
        b.unfollow(s, day(8));
        b.remove_note(s, 0, day(8));
        assert!(!b.is_empty());
        b.remove_note(s, 0, day(8));
        assert!(b.is_empty());
        let mut b = full();
        assert!(b.remove(s).is_some());
        assert!(b.is_empty());
        let mut b = full();
        b.clear();
        assert_eq!(b, Book::default());
    }

    #[test]
    fn counts() {
        let mut b = full();
        b.set_feedback(
            siren(2),
            "B",
            Verdict::NotUseful,
            &[FeedbackReason::HealthyFirm],
            "",
            None,
            day(1),
        );
        b.follow(siren(3), "C", FollowReason::FirmRequest, "", day(1))
            .expect("follow");
        assert_eq!(
            b.counts(),
            Counts {
                firms: 3,
                followed: 2,
                useful: 1,
                not_useful: 1,
                adjusted: 1,
                notes: 2
            }
        );
    }

    // --- the file ---

    #[test]
    fn the_file_is_versioned_and_keyed_by_siren() {
        let b = full();
        let json: serde_json::Value = serde_json::from_str(&b.to_json()).expect("json");
        assert_eq!(json["format"], "vigie-suivi");
        assert_eq!(json["version"], 1);
        let key = siren(55210055).to_string();
        let e = &json["entries"][&key];
        assert_eq!(e["followed"]["reason"], "signalement_partenaire");
        assert_eq!(e["followed"]["since"], "2026-03-02");
        assert_eq!(e["notes"][1]["text"], "Échéancier demandé");
        assert_eq!(e["feedback"]["verdict"], "utile");
        assert_eq!(e["feedback"]["reasons"][0], "difficultes_confirmees");
        assert_eq!(e["adjustment"]["shift"], "hausse");
        assert_eq!(e["adjustment"]["model_alert"], "orange");
        assert_eq!(e["updated"], "2026-03-06");
        assert_eq!(Book::from_json(&b.to_json()), Ok(b));
        assert_eq!(
            Book::from_json(&Book::default().to_json()),
            Ok(Book::default())
        );
    }

    fn check_error(text: &str, expected: &str) {
        match Book::from_json(text) {
            Ok(b) => panic!("{text:?} read as {b:?}"),
            Err(e) => assert_eq!(e.to_string(), expected, "{text:?}"),
        }
    }

    /// A valid file with `entry` under `key`.
    fn file(key: &str, entry: &str) -> String {
        format!(
            "{{\"format\": \"vigie-suivi\", \"version\": 1, \"entries\": {{\"{key}\": {entry}}}}}"
        )
    }

    #[test]
    fn a_bad_file_is_refused_in_french() {
        let s = siren(55210055).to_string();
        check_error(
            "{\n  \"format\": \"vigie-suivi\",\n  \"version\": 1\n  \"entries\": {}\n}",
            "JSON mal formé ligne 4, colonne 3 : « , » ou « } » attendu. Le suivi actuel est inchangé.",
        );
        check_error(
            "{\"format\": \"vigie-suivi\", \"version\": 1, \"entries\": {",
            "fichier tronqué (fin inattendue ligne 1, colonne 52). Le suivi actuel est inchangé.",
        );
        check_error(
            "",
            "fichier tronqué (fin inattendue ligne 1, colonne 0). Le suivi actuel est inchangé.",
        );
        check_error(
            "[1, 2]",
            "ce fichier n'est pas un suivi Vigie : le fichier ne contient pas un objet JSON (attendu : « format » : « vigie-suivi »)",
        );
        check_error(
            "{\"format\": \"vigie-suivi\", \"version\": 1, \"entries\": []}",
            "contenu invalide ligne 1, colonne 51 : une liste au lieu d'un objet",
        );
        check_error(
            "{\"format\": \"vigie-modele\", \"version\": 1}",
            "ce fichier n'est pas un suivi Vigie : format « vigie-modele » (attendu : « format » : « vigie-suivi »)",
        );
        check_error(
            "{\"version\": 1, \"entries\": {}}",
            "ce fichier n'est pas un suivi Vigie : pas de champ « format » (attendu : « format » : « vigie-suivi »)",
        );
        check_error(
            "{\"format\": \"vigie-suivi\", \"version\": 2, \"entries\": {}}",
            "version 2 du fichier de suivi inconnue : cette version de Vigie lit la version 1",
        );
        check_error(
            "{\"format\": \"vigie-suivi\", \"version\": \"1\", \"entries\": {}}",
            "version \"1\" du fichier de suivi inconnue : cette version de Vigie lit la version 1",
        );
        check_error(
            "{\"format\": \"vigie-suivi\", \"entries\": {}}",
            "version absente du fichier de suivi inconnue : cette version de Vigie lit la version 1",
        );
        check_error(
            &file("12345", "{\"updated\": \"2026-03-01\"}"),
            "SIREN invalide « 12345 » : 9 chiffres attendus",
        );
        check_error(
            &file("552 100 554", "{\"updated\": \"2026-03-01\"}"),
            "SIREN invalide « 552 100 554 » : 9 chiffres attendus",
        );
        check_error(
            &file(&s, "{\"updated\": \"2026-02-30\"}"),
            "contenu invalide ligne 1, colonne 90 : date « 2026-02-30 » invalide (AAAA-MM-JJ attendu)",
        );
        check_error(
            &file(
                &s,
                "{\"updated\": \"2026-03-01\", \"followed\": {\"reason\": \"curiosite\", \"since\": \"2026-03-01\"}}",
            ),
            "contenu invalide ligne 1, colonne 125 : valeur « curiosite » inconnue (valeurs possibles : signal_modele, signalement_partenaire, demande_entreprise, autre)",
        );
        check_error(
            &file(&s, "{\"notes\": []}"),
            "contenu invalide ligne 1, colonne 78 : champ « updated » manquant",
        );
        check_error(
            &file(
                &s,
                "{\"updated\": \"2026-03-01\", \"notes\": [{\"date\": \"2026-03-01\", \"text\": 5}]}",
            ),
            "contenu invalide ligne 1, colonne 133 : le nombre 5 au lieu d'une chaîne",
        );
        check_error(
            "{\"format\": \"vigie-suivi\", \"version\": 1, \"entries\": {},}",
            "JSON mal formé ligne 1, colonne 55 : virgule en trop. Le suivi actuel est inchangé.",
        );
        check_error(
            &file(
                &s,
                "{\"updated\": \"2026-03-01\", \"adjustment\": {\"shift\": \"hausse\", \"justification\": \" \", \"date\": \"2026-03-01\", \"model_alert\": \"vert\"}}",
            ),
            "la justification de l'ajustement est obligatoire (SIREN 552 100 554)",
        );
        check_error(
            &file(
                &s,
                "{\"updated\": \"2026-03-01\", \"adjustment\": {\"shift\": \"hausse\", \"justification\": \"x\", \"date\": \"2026-03-01\", \"model_alert\": \"rouge\"}}",
            ),
            "l'alerte est déjà rouge : la relever d'un niveau ne changerait rien (SIREN 552 100 554)",
        );
        check_error(
            &file(
                &s,
                "{\"updated\": \"2026-03-01\", \"notes\": [{\"date\": \"2026-03-01\", \"text\": \"\"}]}",
            ),
            "la note est vide (SIREN 552 100 554)",
        );
        check_error(
            &file(
                &s,
                "{\"updated\": \"2026-03-01\", \"followed\": {\"reason\": \"autre\", \"since\": \"2026-03-01\"}}",
            ),
            "précisez le motif de suivi « autre » (SIREN 552 100 554)",
        );
    }

    #[test]
    fn a_file_is_put_in_order_on_load() {
        let s = siren(55210055);
        let text = file(
            &s.to_string(),
            "{\"updated\": \"2026-03-09\", \"futur\": true, \"notes\": [{\"date\": \"2026-03-09\", \"text\": \"b\"}, {\"date\": \"2026-03-01\", \"text\": \"a\"}], \"feedback\": {\"verdict\": \"pas_utile\", \"reasons\": [\"autre\", \"deja_connue\", \"autre\"], \"date\": \"2026-03-02\"}}",
        );
        let b = Book::from_json(&text).expect("valid");
        let e = b.entry(s).expect("entry");
        assert_eq!(
            e.notes.iter().map(|n| n.text.as_str()).collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert_eq!(
            e.feedback.as_ref().map(|f| f.reasons.clone()),
            Some(vec![FeedbackReason::AlreadyKnown, FeedbackReason::Other])
        );
        assert_eq!(e.name, "");
    }

    // --- merge ---

    fn entry(
        updated: u32,
        follow: Option<FollowReason>,
        notes: &[(u32, &str)],
        name: &str,
    ) -> Entry {
        Entry {
            name: name.into(),
            updated: day(updated),
            followed: follow.map(|reason| Follow {
                reason,
                detail: "d".into(),
                since: day(1),
            }),
            notes: notes
                .iter()
                .map(|(d, t)| Note {
                    date: day(*d),
                    text: (*t).into(),
                })
                .collect(),
            feedback: None,
            adjustment: None,
        }
    }

    fn book(entries: Vec<(u32, Entry)>) -> Book {
        Book {
            entries: entries.into_iter().map(|(p, e)| (siren(p), e)).collect(),
        }
    }

    fn check_merge(
        ours: Vec<(u32, Entry)>,
        theirs: Vec<(u32, Entry)>,
        expected: Vec<(u32, Entry)>,
        report: MergeReport,
    ) {
        let mut b = book(ours);
        let got = b.merge(book(theirs));
        assert_eq!(b, book(expected));
        assert_eq!(got, report);
    }

    #[test]
    fn merge_keeps_the_newer_entry_and_unites_the_notes() {
        use FollowReason::{FirmRequest as Firm, ModelSignal as Model};
        let r = |added, updated, kept, notes_added| MergeReport {
            added,
            updated,
            kept,
            notes_added,
        };
        // A firm only on one side is kept.
        check_merge(
            vec![(1, entry(2, Some(Model), &[], "A"))],
            vec![(2, entry(1, None, &[(1, "n")], "B"))],
            vec![
                (1, entry(2, Some(Model), &[], "A")),
                (2, entry(1, None, &[(1, "n")], "B")),
            ],
            r(1, 0, 0, 0),
        );
        // The newer side gives the follow (here: not followed any more); notes are united in
        // date order, without duplicates.
        check_merge(
            vec![(1, entry(2, Some(Model), &[(1, "a"), (2, "b")], "A"))],
            vec![(1, entry(5, None, &[(1, "a"), (1, "c"), (5, "d")], "A2"))],
            vec![(
                1,
                entry(5, None, &[(1, "a"), (1, "c"), (2, "b"), (5, "d")], "A2"),
            )],
            r(0, 1, 0, 2),
        );
        // The current side is newer: it stays, and still receives the notes.
        check_merge(
            vec![(1, entry(5, Some(Model), &[(5, "b")], "A"))],
            vec![(1, entry(2, Some(Firm), &[(2, "a")], "A0"))],
            vec![(1, entry(5, Some(Model), &[(2, "a"), (5, "b")], "A"))],
            r(0, 0, 1, 1),
        );
        // The same day: the current side stays (an import never overwrites today's work).
        check_merge(
            vec![(1, entry(3, Some(Model), &[], "A"))],
            vec![(1, entry(3, Some(Firm), &[], "A"))],
            vec![(1, entry(3, Some(Model), &[], "A"))],
            r(0, 0, 1, 0),
        );
        // A blank name never replaces a known one.
        check_merge(
            vec![(1, entry(1, Some(Model), &[], "A"))],
            vec![(1, entry(3, Some(Firm), &[], ""))],
            vec![(1, entry(3, Some(Firm), &[], "A"))],
            r(0, 1, 0, 0),
        );
        // Identical entries: nothing to report.
        check_merge(
            vec![(1, entry(1, Some(Model), &[(1, "a")], "A"))],
            vec![(1, entry(1, Some(Model), &[(1, "a")], "A"))],
            vec![(1, entry(1, Some(Model), &[(1, "a")], "A"))],
            r(0, 0, 0, 0),
        );
    }

    #[test]
    fn replace_takes_the_imported_book() {
        let mut b = full();
        b.replace(book(vec![(9, entry(1, None, &[(1, "x")], "X"))]));
        assert_eq!(b, book(vec![(9, entry(1, None, &[(1, "x")], "X"))]));
    }

    // --- properties ---

    fn any_book() -> impl Strategy<Value = Book> {
        let action = (
            0u32..6,
            0u32..5,
            1u32..29,
            "\\PC{0,12}",
            0usize..4,
            0usize..3,
        );
        prop::collection::vec(action, 0..25).prop_map(|actions| {
            let mut b = Book::default();
            let alerts = [Alert::Vert, Alert::Orange, Alert::Rouge];
            for (kind, firm, d, text, pick, level) in actions {
                let (s, today) = (siren(firm * 1_000_003), day(d));
                // Refused changes are part of the property: they must leave a valid book.
                let _ = match kind {
                    0 => b.follow(s, &text, FollowReason::ALL[pick], &text, today),
                    1 => b.add_note(s, &text, &text, today),
                    2 => {
                        let verdict = if pick % 2 == 0 {
                            Verdict::Useful
                        } else {
                            Verdict::NotUseful
                        };
                        b.set_feedback(
                            s,
                            "",
                            verdict,
                            &FeedbackReason::ALL[pick..],
                            &text,
                            alerts.get(level).copied(),
                            today,
                        );
                        Ok(())
                    }
                    3 => {
                        let shift = if pick % 2 == 0 {
                            Shift::Up
                        } else {
                            Shift::Down
                        };
                        b.adjust(s, "", shift, &text, alerts[level], today)
                    }
                    4 => {
                        b.remove_note(s, pick, today);
                        Ok(())
                    }
                    _ => {
                        b.remove_adjustment(s, today);
                        b.unfollow(s, today);
                        Ok(())
                    }
                };
            }
            b
        })
    }

    proptest! {
        #[test]
        fn every_book_round_trips(b in any_book()) {
            prop_assert_eq!(Book::from_json(&b.to_json()), Ok(b));
        }

        #[test]
        fn merging_loses_no_note_and_is_idempotent(a in any_book(), b in any_book()) {
            let mut merged = a.clone();
            merged.merge(b.clone());
            for side in [&a, &b] {
                for (s, e) in &side.entries {
                    let got = merged.entry(*s).expect("every firm kept");
                    for n in &e.notes {
                        prop_assert!(got.notes.contains(n));
                    }
                    prop_assert!(got.updated >= e.updated);
                }
            }
            let again = merged.clone();
            let report = merged.merge(b);
            prop_assert_eq!(&merged, &again);
            prop_assert_eq!(report, MergeReport { kept: report.kept, ..MergeReport::default() });
            // A merged book is still a valid file.
            prop_assert_eq!(Book::from_json(&merged.to_json()), Ok(merged));
        }
    }
}
