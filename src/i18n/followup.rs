//! Strings of the follow-up (Suivi) page and the firm page's follow-up panel.

texts! {
    /// Strings of the follow-up (Suivi) page and the firm page's follow-up panel.
    FollowText {
        // The alert as shown everywhere.
        ModelSays => ("Modèle :", "Model:"),
        AgentSays => ("avis de l'agent :", "agent's opinion:"),
        AdjustedTo => ("ajustée par l'agent en", "adjusted by the agent to"),
        AgentMark => ("avis de l'agent", "agent's opinion"),
        AgentMarkNoEffect => (
            "avis de l'agent sans effet",
            "agent's opinion without effect",
        ),
        MadeAgainst => (
            "ajustement fait quand le modèle disait",
            "adjustment made when the model said",
        ),
        NoEffectNow => (
            "Le modèle donne maintenant une autre alerte : cet ajustement ne la change plus. Retirez-le ou refaites-le.",
            "The model now gives another alert: this adjustment no longer changes it. Remove it or make it again.",
        ),
        // Storage.
        SetAside => (
            "Le suivi enregistré dans ce navigateur est illisible : il a été mis de côté, sans rien effacer, sous la clé",
            "The follow-up stored in this browser is unreadable: it was set aside, nothing erased, under the key",
        ),
        Reason => ("Motif :", "Reason:"),
        NoStorage => (
            "Ce navigateur refuse le stockage local : votre suivi ne vivra que le temps de cette page. Exportez-le avant de la fermer.",
            "This browser refuses local storage: your follow-up will only live as long as this page. Export it before closing it.",
        ),
        SaveFailed => (
            "Le suivi n'a pas pu être enregistré dans ce navigateur (espace plein ?) : exportez-le pour ne rien perdre.",
            "The follow-up could not be saved in this browser (storage full?): export it to lose nothing.",
        ),
        Understood => ("J'ai compris", "Understood"),
        // The Suivi page.
        Title => ("Suivi", "Follow-up"),
        LocalOnly => (
            "Ces données (entreprises suivies, notes, avis, ajustements) restent dans ce navigateur uniquement : elles ne sont envoyées nulle part et aucun collègue ne les voit. Exportez-les pour les conserver ou les transmettre.",
            "This data (followed firms, notes, feedback, adjustments) stays in this browser only: it is sent nowhere and no colleague sees it. Export it to keep or share it.",
        ),
        LocalOnlyShort => (
            "Enregistré dans ce navigateur uniquement.",
            "Saved in this browser only.",
        ),
        Empty => (
            "Aucune entreprise dans votre suivi : ouvrez la fiche d'une entreprise pour la suivre, y noter quelque chose ou donner votre avis.",
            "No firm in your follow-up yet: open a firm's page to follow it, write a note or give your feedback.",
        ),
        FollowedOne => ("entreprise suivie", "firm followed"),
        FollowedMany => ("entreprises suivies", "firms followed"),
        UsefulOne => ("détection utile", "useful detection"),
        UsefulMany => ("détections utiles", "useful detections"),
        NotUsefulOne => ("détection pas utile", "detection not useful"),
        NotUsefulMany => ("détections pas utiles", "detections not useful"),
        AdjustedOne => ("alerte ajustée", "adjusted alert"),
        AdjustedMany => ("alertes ajustées", "adjusted alerts"),
        NoteOne => ("note", "note"),
        NoteMany => ("notes", "notes"),
        FirmOne => ("entreprise au total", "firm in all"),
        FirmMany => ("entreprises au total", "firms in all"),
        Firm => ("Entreprise", "Firm"),
        AlertColumn => ("Alerte actuelle", "Current alert"),
        FollowedSince => ("Suivie depuis", "Followed since"),
        ReasonColumn => ("Motif", "Reason"),
        LastNote => ("Dernière note", "Last note"),
        FeedbackColumn => ("Avis", "Feedback"),
        NoName => ("(sans nom)", "(no name)"),
        NotInImport => ("absente de l'import actuel", "not in the current import"),
        NotScored => ("non notée", "not scored"),
        Useful => ("détection utile", "useful detection"),
        NotUseful => ("détection pas utile", "detection not useful"),
        // Export, import, erasure.
        TransferTitle => ("Sauvegarder, transmettre, effacer", "Save, share, erase"),
        TransferHelp => (
            "Le fichier exporté (JSON, format « vigie-suivi » version 1) contient tout votre suivi. Importé dans un autre navigateur, il y retrouve les mêmes entreprises.",
            "The exported file (JSON, format “vigie-suivi” version 1) holds your whole follow-up. Imported in another browser, it brings back the same firms.",
        ),
        Export => ("Exporter mon suivi (JSON)", "Export my follow-up (JSON)"),
        Import => ("Importer un suivi…", "Import a follow-up…"),
        ImportMode => ("À l'import", "On import"),
        Merge => ("fusionner avec mon suivi", "merge with my follow-up"),
        Replace => ("remplacer mon suivi", "replace my follow-up"),
        MergeRule => (
            "Fusion : pour chaque entreprise, la fiche modifiée le plus récemment l'emporte (suivi, avis, ajustement) ; le même jour, la vôtre est gardée ; les notes des deux sont toujours réunies, sans doublon. Un fichier refusé ne change rien.",
            "Merge: for each firm, the entry changed most recently wins (follow, feedback, adjustment); on the same day, yours is kept; the notes of both are always united, without duplicates. A refused file changes nothing.",
        ),
        Imported => ("Suivi fusionné :", "Follow-up merged:"),
        Added => ("entreprise(s) ajoutée(s)", "firm(s) added"),
        Updated => (
            "mise(s) à jour par le fichier, plus récent",
            "updated from the newer file",
        ),
        Kept => (
            "gardée(s) telle(s) quelle(s), votre suivi étant aussi récent",
            "kept as they were, yours being as recent",
        ),
        NotesAdded => ("note(s) ajoutée(s)", "note(s) added"),
        Replaced => (
            "Suivi remplacé par le fichier importé.",
            "Follow-up replaced by the imported file.",
        ),
        Refused => ("Fichier refusé", "File refused"),
        ReadFailed => (
            "le navigateur n'a pas pu lire ce fichier",
            "the browser could not read this file",
        ),
        ExportFailed => (
            "L'export a échoué dans ce navigateur.",
            "The export failed in this browser.",
        ),
        Clear => ("Effacer toutes mes données", "Erase all my data"),
        ClearQuestion => (
            "Effacer définitivement tout votre suivi de ce navigateur ?",
            "Erase your whole follow-up from this browser for good?",
        ),
        ClearWarning => (
            "Notes, avis et ajustements seront perdus : exportez-les d'abord pour les garder.",
            "Notes, feedback and adjustments will be lost: export them first to keep them.",
        ),
        ClearConfirm => ("Oui, tout effacer", "Yes, erase everything"),
        Cancel => ("Annuler", "Cancel"),
        Cleared => (
            "Toutes vos données de suivi ont été effacées de ce navigateur.",
            "All your follow-up data was erased from this browser.",
        ),
        // The firm page's panel.
        PanelTitle => ("Suivi de l'agent", "Agent's follow-up"),
        FollowTitle => ("Suivi", "Follow"),
        Followed => ("suivie", "followed"),
        Since => ("depuis le", "since"),
        Unfollow => ("Ne plus suivre", "Stop following"),
        ReasonLabel => ("Motif du suivi", "Reason for following"),
        DetailLabel => ("Précision", "Detail"),
        Required => ("(obligatoire)", "(required)"),
        Optional => ("(facultatif)", "(optional)"),
        Follow => ("Suivre cette entreprise", "Follow this firm"),
        NotesTitle => ("Notes", "Notes"),
        NoNotes => ("Aucune note.", "No note."),
        NewNote => ("Nouvelle note", "New note"),
        AddNote => ("Ajouter la note", "Add the note"),
        Delete => ("Supprimer", "Delete"),
        DeleteNoteOf => ("Supprimer la note du", "Delete the note of"),
        FeedbackTitle => (
            "Cette détection vous est-elle utile ?",
            "Is this detection useful to you?",
        ),
        Comment => ("Commentaire", "Comment"),
        UsefulButton => ("Détection utile", "Useful detection"),
        NotUsefulButton => ("Pas utile", "Not useful"),
        YourVerdict => ("Votre avis", "Your feedback"),
        WithdrawVerdict => ("Retirer mon avis", "Withdraw my feedback"),
        AdjustTitle => ("Ajuster l'alerte", "Adjust the alert"),
        AdjustHelp => (
            "Votre connaissance de l'entreprise peut relever ou abaisser l'alerte d'un niveau ; l'ajustement et sa justification sont montrés partout où l'alerte l'est. Alerte du modèle :",
            "Your knowledge of the firm may raise or lower the alert by one level; the adjustment and its justification are shown wherever the alert is. The model's alert:",
        ),
        Direction => ("Sens", "Direction"),
        Raise => ("Relever d'un niveau", "Raise one level"),
        Lower => ("Abaisser d'un niveau", "Lower one level"),
        AlreadyMax => ("impossible : déjà rouge", "impossible: already red"),
        AlreadyMin => ("impossible : déjà vert", "impossible: already green"),
        Justification => ("Justification", "Justification"),
        JustificationRequired => (
            "La justification est obligatoire pour ajuster l'alerte.",
            "A justification is required to adjust the alert.",
        ),
        JustificationShown => (
            "Elle sera affichée avec l'alerte ajustée.",
            "It will be shown with the adjusted alert.",
        ),
        Adjust => ("Ajuster l'alerte", "Adjust the alert"),
        AdjustedOn => ("Alerte ajustée le", "Alert adjusted on"),
        RemoveAdjustment => ("Retirer l'ajustement", "Remove the adjustment"),
    }
}
