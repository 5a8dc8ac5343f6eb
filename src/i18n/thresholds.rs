//! Strings of the model page's threshold editor.

texts! {
    /// Strings of the model page's threshold editor.
    ThresholdText {
        Title => ("Seuils d'alerte", "Alert thresholds"),
        Help => (
            "Le niveau d'alerte se lit sur la probabilité à l'horizon d'alerte : rouge à partir du seuil rouge, orange à partir du seuil orange. Modifiez les seuils pour voir, avant de les appliquer, combien d'entreprises notées seraient dans chaque niveau et ce qu'en dit la fenêtre de validation.",
            "The alert level is read off the probability at the alert horizon: red from the red threshold, orange from the orange one. Change the thresholds to see, before applying them, how many scored firms would be in each level and what the validation window says of them.",
        ),
        AlertHorizon => ("Horizon d'alerte :", "Alert horizon:"),
        InUse => ("Seuils en service :", "Thresholds in use:"),
        Validated => ("validés à l'apprentissage", "validated at training"),
        Edited => ("modifiés par l'agent", "edited by the agent"),
        ValidatedWere => ("seuils validés :", "validated thresholds:"),
        Orange => ("orange", "orange"),
        Red => ("rouge", "red"),
        OrangeLabel => ("Seuil orange (%)", "Orange threshold (%)"),
        RedLabel => ("Seuil rouge (%)", "Red threshold (%)"),
        Level => ("Niveau", "Level"),
        Now => ("Seuils en service", "Thresholds in use"),
        WithThese => ("Avec ces seuils", "With these thresholds"),
        Change => ("Écart", "Change"),
        FirmsScored => ("Entreprises notées en", "Firms scored in"),
        ValidationTitle => ("Sur la fenêtre de validation", "On the validation window"),
        Alerted => ("En alerte", "Alerted"),
        OrangeOrRed => ("orange ou rouge (p ≥ seuil orange)", "orange or red (p ≥ orange threshold)"),
        RedOnly => ("rouge (p ≥ seuil rouge)", "red (p ≥ red threshold)"),
        ReadAt => ("Lu au seuil", "Read at"),
        Flagged => ("Lignes en alerte", "Rows alerted"),
        Precision => ("Précision", "Precision"),
        Recall => ("Rappel", "Recall"),
        NearestPoint => (
            "Précision et rappel sont lus au point enregistré à l'apprentissage le plus proche du seuil (colonne « Lu au seuil »).",
            "Precision and recall are read at the point stored at training nearest to the threshold (column “Read at”).",
        ),
        NearestBin => (
            "Ce modèle ne garde de sa validation que dix classes d'effectifs égaux : précision et rappel sont lus à la borne de classe la plus proche du seuil (colonne « Lu au seuil »), une approximation d'autant plus grossière que cette borne est loin du seuil. Un modèle réentraîné dans le navigateur garde des points bien plus fins.",
            "This model keeps only ten equal-count bins of its validation: precision and recall are read at the bin bound nearest to the threshold (column “Read at”), an approximation the coarser the further that bound is from the threshold. A model retrained in the browser keeps much finer points.",
        ),
        NoValidation => ("Ce modèle n'a pas de mesures de validation à cet horizon.", "This model has no validation metrics at this horizon."),
        Apply => ("Appliquer ces seuils", "Apply these thresholds"),
        Reset => ("Revenir aux seuils validés", "Back to the validated thresholds"),
        Capacity => (
            "La liste est en mode capacité : ses niveaux viennent du rang de l'entreprise dans son département, seuls les rouges dépendent du seuil rouge.",
            "The list is in capacity mode: its levels come from the firm's rank in its département, only the reds depend on the red threshold.",
        ),
        NotANumber => ("le seuil {level} « {text} » n'est pas un nombre (exemple : 7,5)", "the {level} threshold “{text}” is not a number (example: 7.5)"),
        OutOfRange => ("le seuil {level} doit être strictement compris entre 0 % et 100 %", "the {level} threshold must be strictly between 0 % and 100 %"),
        RedBelowOrange => ("le seuil rouge doit être supérieur ou égal au seuil orange", "the red threshold must be at least the orange threshold"),
        CardEdited => ("Seuils de l'horizon d'alerte modifiés par l'agent — seuils validés :", "Alert-horizon thresholds edited by the agent — validated thresholds:"),
    }
}
