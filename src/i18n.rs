//! UI strings, French first with an English toggle.

/// The interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Fr,
    En,
}

/// Every UI string, as (French, English).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    Tagline,
    Privacy,
    OtherLanguage,
    LoadDemo,
    DemoHelp,
    Computing,
    PickFiles,
    PickHelp,
    NewImport,
    DemoData,
    ImportedData,
    Error,
    ListTitle,
    ScoringMonth,
    Fingerprint,
    Alert,
    Name,
    Siren,
    Departement,
    Naf,
    Headcount,
    Debt,
    Probability18,
    Previous,
    Next,
    Page,
    Back,
    FirmTitle,
    Explanation,
    Contribution,
    Value,
    Reference,
    ChartTitle,
    ChartHeadcount,
    ChartDebt,
    Covid,
    StrongSignals,
    Model,
    Files,
    Rows,
    Rejected,
    Open,
}

impl Text {
    fn pair(self) -> (&'static str, &'static str) {
        use Text::*;
        match self {
            Tagline => (
                "Détection précoce des entreprises en difficulté",
                "Early detection of firms in difficulty",
            ),
            Privacy => (
                "Vos fichiers sont traités localement, dans ce navigateur : aucune donnée ne quitte votre poste.",
                "Your files are processed locally, in this browser: no data leaves your computer.",
            ),
            OtherLanguage => ("English", "Français"),
            LoadDemo => (
                "Charger les données de démonstration",
                "Load the demonstration data",
            ),
            DemoHelp => (
                "Un jeu fictif mais réaliste (entreprises inventées, fichiers au format Signaux Faibles) est généré dans le navigateur puis importé comme des fichiers réels.",
                "A fictitious but realistic dataset (invented firms, Signaux Faibles file formats) is generated in the browser, then imported like real files.",
            ),
            Computing => ("Calcul en cours…", "Computing…"),
            PickFiles => (
                "… ou choisir vos fichiers bruts :",
                "… or pick your raw files:",
            ),
            PickHelp => (
                "Fichiers Signaux Faibles (URSSAF, procédures collectives, SIRENE…) dans n'importe quel ordre, avec n'importe quels noms : chaque fichier est reconnu par son en-tête. Ils sont lus dans ce navigateur et ne sont envoyés nulle part.",
                "Signaux Faibles files (URSSAF, collective proceedings, SIRENE…) in any order, with any names: each file is recognised by its header. They are read in this browser and sent nowhere.",
            ),
            NewImport => ("Nouvel import", "New import"),
            DemoData => ("données de démonstration", "demonstration data"),
            ImportedData => ("fichiers importés", "imported files"),
            Error => ("Erreur", "Error"),
            ListTitle => ("Liste de détection", "Detection list"),
            ScoringMonth => ("Mois de calcul", "Scoring month"),
            Fingerprint => ("empreinte des données", "data fingerprint"),
            Alert => ("Alerte", "Alert"),
            Name => ("Raison sociale", "Company name"),
            Siren => ("SIREN", "SIREN"),
            Departement => ("Dépt", "Dept"),
            Naf => ("NAF", "NAF"),
            Headcount => ("Effectif", "Headcount"),
            Debt => ("Dette URSSAF", "URSSAF debt"),
            Probability18 => ("Risque à 18 mois", "18-month risk"),
            Previous => ("Précédent", "Previous"),
            Next => ("Suivant", "Next"),
            Page => ("Page", "Page"),
            Back => ("← Retour à la liste", "← Back to the list"),
            FirmTitle => ("Fiche entreprise", "Firm page"),
            Explanation => ("Pourquoi ce score ?", "Why this score?"),
            Contribution => ("Contribution (log-cote)", "Contribution (log-odds)"),
            Value => ("Valeur", "Value"),
            Reference => (
                "Constante du modèle (log-cote)",
                "Model intercept (log-odds)",
            ),
            ChartTitle => ("Effectif et dette URSSAF", "Headcount and URSSAF debt"),
            ChartHeadcount => ("Effectif", "Headcount"),
            ChartDebt => ("Dette URSSAF (€)", "URSSAF debt (€)"),
            Covid => ("Covid-19", "Covid-19"),
            StrongSignals => (
                "en procédure collective (signaux forts, hors classement)",
                "in collective proceedings (strong signals, not ranked)",
            ),
            Model => ("Modèle", "Model"),
            Files => ("Fichiers importés", "Imported files"),
            Rows => ("lignes lues", "rows read"),
            Rejected => ("rejetées", "rejected"),
            Open => ("Ouvrir la fiche", "Open the firm page"),
        }
    }

    pub fn get(self, lang: Lang) -> &'static str {
        let (fr, en) = self.pair();
        match lang {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }
}
