//! Strings of the public notice (Méthode page).

texts! {
    /// Strings of the public notice (Méthode page).
    MethodText {
        Placeholder => ("…", "…"),
    }
}
