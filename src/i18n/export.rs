//! Strings of the exports (CSV, XLSX, printable firm sheet).

texts! {
    /// Strings of the exports (CSV, XLSX, printable firm sheet).
    ExportText {
        Placeholder => ("…", "…"),
    }
}
