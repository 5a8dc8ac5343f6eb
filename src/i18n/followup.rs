//! Strings of the follow-up (Suivi) page and the firm page's follow-up panel.

texts! {
    /// Strings of the follow-up (Suivi) page and the firm page's follow-up panel.
    FollowText {
        Placeholder => ("…", "…"),
    }
}
