//! The agent's follow-up of firms (semi-automatic detection: the agent stays in the loop):
//! followed firms with a reason, notes, "détection utile / pas utile" feedback, and the expert
//! adjustment of an alert by one level with a mandatory justification. Stored only in the
//! agent's browser, as the JSON of [`Book`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ids::Siren;
use crate::model::Alert;

/// An expert adjustment of a firm's alert by one level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Shift {
    Up,
    Down,
}

/// The agent's adjustment of the model's alert, never applied silently: it is shown with its
/// justification wherever the alert is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adjustment {
    pub shift: Shift,
    /// Mandatory, never blank.
    pub justification: String,
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
}

/// Why and since when the agent follows a firm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Follow {
    pub reason: String,
}

/// What the agent recorded about one firm.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub followed: Option<Follow>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adjustment: Option<Adjustment>,
}

/// Everything the agent recorded, by firm.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Book {
    pub entries: BTreeMap<Siren, Entry>,
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
}
