//! Strings of the public notice (Méthode page).

texts! {
    /// Strings of the public notice (Méthode page).
    MethodText {
        Print => ("Imprimer la notice", "Print the notice"),
        ModelInUse => ("Modèle en service :", "Model in use:"),
        Generated => (
            "Notice générée à partir du modèle en service, du dictionnaire des variables et du rapport d'import : elle change avec eux.",
            "Notice generated from the model in use, the feature dictionary and the import report: it changes with them.",
        ),
        Edited => ("seuils modifiés par l'agent", "thresholds edited by the agent"),
        Contents => ("Sommaire", "Contents"),
    }
}
