//! Strings of the analysis choices on the import report page.

texts! {
    /// Strings of the analysis choices (scoring month, model).
    ChoiceText {
        Title => ("Analyse", "Analysis"),
        Month => ("Mois de calcul des scores", "Month the scores are computed at"),
        LatestComplete => ("dernier mois complet", "latest complete month"),
        Incomplete => (
            ": mois incomplet (cotisations d'une partie des entreprises seulement), non retenu par défaut.",
            ": incomplete month (contributions of only some firms), not the default.",
        ),
        Embedded => ("Modèle intégré", "Embedded model"),
        EmbeddedHelp => (
            "livré avec Vigie, entraîné sur les données de démonstration synthétiques",
            "shipped with Vigie, trained on the synthetic demonstration data",
        ),
        Train => ("Entraîner ici sur ces données", "Train here on these data"),
        TrainHelp => (
            "l'entraînement tourne dans ce navigateur, avec une barre de progression ; les entreprises sont d'abord classées avec le modèle intégré",
            "training runs in this browser with a progress bar; firms are first ranked with the embedded model",
        ),
        FromFile => ("Modèle d'un fichier", "Model from a file"),
        PickModel => ("Choisir un fichier de modèle…", "Pick a model file…"),
        Unreadable => ("fichier illisible par le navigateur", "the browser cannot read the file"),
    }
}
