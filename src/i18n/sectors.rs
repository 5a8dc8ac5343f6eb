//! Strings of the sectors page (stress heatmap, events editor, firms affected).

texts! {
    /// Strings of the sectors page (stress heatmap, events editor, firms affected).
    SectorText {
        Placeholder => ("…", "…"),
    }
}
