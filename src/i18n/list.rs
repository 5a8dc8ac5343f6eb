//! Strings of the detection list's filters, columns and counts.

texts! {
    /// Strings of the detection list's filters, columns and counts.
    ListText {
        Placeholder => ("…", "…"),
    }
}
