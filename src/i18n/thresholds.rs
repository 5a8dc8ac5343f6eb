//! Strings of the model page's threshold editor.

texts! {
    /// Strings of the model page's threshold editor.
    ThresholdText {
        Placeholder => ("…", "…"),
    }
}
