//! Strings of the sectors page (stress heatmap, events editor, firms affected).

texts! {
    /// Strings of the sectors page (stress heatmap, events editor, firms affected).
    SectorText {
        Title => ("Secteurs", "Sectors"),
        Intro => (
            "La tension de chaque division NAF, mois par mois, telle que le modèle la lit, et les événements sectoriels que vous connaissez (fermetures, crises d'une branche) : déclarez-les ici, puis appliquez-les aux scores.",
            "The stress of each NAF division, month by month, as the model reads it, and the sector events you know of (closures, a branch in crisis): declare them here, then apply them to the scores.",
        ),
        StressTitle => ("Indice de tension sectorielle", "Sector stress index"),
        StressHelp => (
            "Pour chaque division et chaque mois, la moyenne de trois parts parmi les entreprises observées : dette en hausse sur 3 mois, recours à l'activité partielle, effectif en baisse sur 12 mois. De 0 (aucune) à 1 (toutes). Case vide : moins de",
            "For each division and month, the mean of three shares among the firms observed: debt up over 3 months, on short-time work, headcount down over 12 months. From 0 (none) to 1 (all of them). Empty cell: fewer than",
        ),
        StressHelpEnd => (
            "entreprises avec la valeur connue.",
            "firms with the value known.",
        ),
        Computing => ("Calcul de l'indice de tension…", "Computing the stress index…"),
        NoGrid => (
            "Aucune entreprise observée sur la période : pas d'indice à montrer.",
            "No firm observed over the period: no index to show.",
        ),
        ColourTitle => ("Indice de tension", "Stress index"),
        Sort => ("Ordre des divisions", "Order of the divisions"),
        SortStress => ("Les plus sous tension d'abord", "Most stressed first"),
        SortCode => ("Par code NAF", "By NAF code"),
        Index => ("Indice", "Index"),
        RisingDebt => ("Dette en hausse", "Rising debt"),
        ShortTime => ("Activité partielle", "Short-time work"),
        LosingStaff => ("Effectif en baisse", "Losing staff"),
        Firms => ("Entreprises", "Firms"),
        NotComputed => ("non calculé (trop peu d'entreprises)", "not computed (too few firms)"),
        Unknown => ("inconnu", "unknown"),
        Crisis => ("Fenêtre de crise", "Crisis window"),
        LegendEvents => (
            "Cadres : les événements déclarés, sur les divisions et les mois qu'ils concernent.",
            "Frames: the declared events, on the divisions and months they concern.",
        ),
        AddTitle => ("Ajouter un événement", "Add an event"),
        EditTitle => ("Modifier l'événement", "Edit the event"),
        FieldNaf => ("Préfixe NAF", "NAF prefix"),
        FieldNafHelp => (
            "56, 56.10, 5610A ou une lettre de section (I)",
            "56, 56.10, 5610A or a section letter (I)",
        ),
        FieldStart => ("Début", "Start"),
        FieldEnd => ("Fin (facultatif)", "End (optional)"),
        MonthHelp => ("AAAA-MM ou MM/AAAA", "YYYY-MM or MM/YYYY"),
        EndHelp => (
            "vide tant que l'événement dure",
            "empty while the event lasts",
        ),
        FieldLabel => ("Libellé", "Label"),
        FieldSeverity => ("Sévérité", "Severity"),
        Add => ("Ajouter l'événement", "Add the event"),
        Save => ("Enregistrer la modification", "Save the change"),
        Cancel => ("Annuler", "Cancel"),
        Edit => ("Modifier", "Edit"),
        Delete => ("Supprimer", "Delete"),
        Actions => ("Actions", "Actions"),
        FormInvalid => (
            "Corrigez les champs signalés pour ajouter l'événement.",
            "Fix the fields shown to add the event.",
        ),
        Apply => ("Appliquer aux scores", "Apply to the scores"),
        ApplyHelp => (
            "Recalcule les scores de toutes les entreprises avec ces événements (le modèle ne change pas).",
            "Scores every firm again with these events (the model does not change).",
        ),
        Applied => (
            "Les scores tiennent compte de ces événements.",
            "The scores take these events into account.",
        ),
        NotApplied => (
            "Ces événements ne sont pas encore appliqués aux scores.",
            "These events are not applied to the scores yet.",
        ),
        IssuesLeftOut => (
            "Les lignes avec un problème sont laissées de côté.",
            "The lines with a problem are left out.",
        ),
        ImpactTitle => ("Entreprises concernées", "Firms affected"),
        ImpactHelp => (
            "Pour chaque événement, les entreprises notées dont le code APE est concerné, et celles en alerte (niveau donné par le modèle).",
            "For each event, the scored firms whose APE code it concerns, and those in alert (level given by the model).",
        ),
        Event => ("Événement", "Event"),
        Scored => ("Notées", "Scored"),
        Rouge => ("Rouge", "Red"),
        Orange => ("Orange", "Orange"),
        InAlert => ("En alerte", "In alert"),
        NoneInAlert => ("aucune", "none"),
        Active => ("en cours au mois de notation", "under way at the scoring month"),
        Inactive => (
            "hors du mois de notation : sans effet sur les scores",
            "outside the scoring month: no effect on the scores",
        ),
        Others => ("autres", "more"),
        NoEvents => (
            "Aucun événement déclaré : ajoutez-en un ci-dessus.",
            "No event declared: add one above.",
        ),
    }
}
