//! Strings of the firm page's time-series charts and proceedings timeline.

texts! {
    /// Strings of the firm page's time-series charts and proceedings timeline.
    TimelineText {
        Placeholder => ("…", "…"),
    }
}
