//! UI strings, French first with an English toggle: `Text` for the shell and the views written
//! first, then one enum per later view in `i18n/` (declared with [`texts!`], so that a view's
//! strings live together).

/// Declares a text enum: one variant per string, each a `(French, English)` pair.
macro_rules! texts {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => ($fr:expr, $en:expr $(,)?)),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name {
            $($variant),*
        }

        impl $name {
            pub fn pair(self) -> (&'static str, &'static str) {
                match self {
                    $($name::$variant => ($fr, $en)),*
                }
            }

            pub fn get(self, lang: $crate::i18n::Lang) -> &'static str {
                let (fr, en) = self.pair();
                match lang {
                    $crate::i18n::Lang::Fr => fr,
                    $crate::i18n::Lang::En => en,
                }
            }
        }
    };
}

mod choices;
mod export;
mod followup;
mod list;
mod method;
mod sectors;
mod thresholds;
mod timeline;

pub use choices::ChoiceText;
pub use export::ExportText;
pub use followup::FollowText;
pub use list::ListText;
pub use method::MethodText;
pub use sectors::SectorText;
pub use thresholds::ThresholdText;
pub use timeline::TimelineText;

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
    Covid,
    StrongSignals,
    Model,
    Files,
    Rows,
    Rejected,
    Open,
    DropHere,
    PickFolder,
    Reading,
    Done,
    Analyse,
    ReportTitle,
    InPerimeter,
    MonthsCovered,
    SourcesTitle,
    Source,
    FirmsCovered,
    OutOfPerimeter,
    NoPanel,
    NotRead,
    Used,
    Firms,
    Period,
    MissingSources,
    SetAside,
    WithWarnings,
    Skipped,
    Filtered,
    Encoding,
    Separator,
    Tab,
    Unpublished,
    Problem,
    Lines,
    ShowIssues,
    Line,
    Column,
    RawLine,
    LineRejected,
    LineKept,
    EventsTitle,
    EventsHelp,
    EventsFormat,
    EventsFormatHint,
    InsertExample,
    LoadEventsFile,
    Download,
    FileError,
    NoEvents,
    ValidEvent,
    ValidEvents,
    IssueOne,
    IssueMany,
    NafPrefix,
    Start,
    End,
    EventLabel,
    Severity,
    Ongoing,
    SeverityLow,
    SeverityMedium,
    SeverityHigh,
    LineLower,
    ColumnLower,
    SectorEvent,
    Since,
    Until,
    FeatureGroupHeader,
    FeatureOne,
    FeatureMany,
    OtherOne,
    Others,
    OthersHelp,
    NotInModel,
    CrisisWindow,
    CrisisHelp,
    CrisisError,
    CrisisKept,
    NoName,
    DictionaryTitle,
    DictionaryInModel,
    DictionaryHelp,
    DictionaryVariable,
    DictionaryDefinition,
    DictionaryUnit,
    DictionaryEffect,
    DictionaryUsed,
    DirectionUp,
    DirectionDown,
    DirectionUnknown,
    ExpandGroups,
    ModelEmbeddedSynthetic,
    ModelEmbedded,
    ModelTrainedImported,
    ModelTrainedDemo,
    ModelFromFile,
    Synthetic,
    SeeModel,
    FirstAlert,
    FirstAlertHelp,
    RiskWithin,
    RiskWithinHelp,
    Degradation,
    DegradationHelp,
    ModelTitle,
    ModelCard,
    TrainingData,
    FirmsInData,
    FirmShare,
    TrainingWindow,
    ValidationWindow,
    ValidationFirms,
    DataEnd,
    FeaturesUsed,
    ModelCrisis,
    DegradationR2,
    Horizon,
    TrainingRows,
    Failures,
    SweepsKept,
    PairTerms,
    Calibration,
    ThresholdOrange,
    ThresholdRed,
    ValidationRows,
    Auc,
    AveragePrecision,
    Brier,
    CalibrationInTheLarge,
    TopShareHeader,
    NotAvailable,
    RocTitle,
    FalsePositiveRate,
    TruePositiveRate,
    Chance,
    PrTitle,
    Recall,
    Precision,
    ReliabilityTitle,
    Predicted,
    Observed,
    Diagonal,
    BacktestsTitle,
    BacktestsHelp,
    NoBacktests,
    Cutoff,
    Crisis,
    FirmsEvaluated,
    Prevalence,
    LiftTop1,
    Psi,
    Yes,
    No,
    NotEvaluated,
    ShapesTitle,
    ShapesHelp,
    Missing,
    PairsTitle,
    NoPairs,
    ImportanceTitle,
    ImportanceHelp,
    ScoredIn,
    ImportanceTop,
    ImportanceAxis,
    LogOdds,
    ShapesImportanceHelp,
    ShowOthers,
    HideOthers,
    OtherShapes,
    FirmOne,
    PairsHelp,
    PairImportance,
    Retrain,
    Cancel,
    DownloadModel,
    LoadModel,
    TrainHelp,
    TrainCancelled,
    TrainDone,
    TrainFailed,
    ModelRejected,
    Rescoring,
    TermStructure,
    NavLabel,
    NavList,
    NavSectors,
    NavFollowUp,
    NavModel,
    NavMethod,
    ExplainedAt18,
    BindsAt,
    ScoredBy,
    ModelActions,
    ValidationTitle,
    RiskTrend,
    // Firm page: explanation
    ExactTable,
    ReferenceValue,
    ExactTotal,
    AxisPoints,
    AxisLogOdds,
    AxisPercent,
    ThisFirm,
    TermStructureStep,
    OtherFeatures,
    Before,
    After,
    UnitPointsHelp,
    UnitLogOddsHelp,
    UnitPercentHelp,
    AllGroups,
    NoReason,
    Aggravating,
    Mitigating,
    ComparedWith,
    SectorMedian,
    PopulationMedian,
    UnitLabel,
    UnitPoints,
    UnitLogOdds,
    UnitPercent,
    OneLever,
    NoSingleLever,
    TwoLevers,
    NoPair,
    NotInAlert,
    NoLever,
    LeversConsidered,
    CounterfactualHelp,
    CounterfactualTitle,
    ChangeTitle,
    NoPreviousScore,
    FirstAlertWhy,
    NoChange,
    AlertWord,
    ChangeColumn,
    BeforeNow,
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
            PickFiles => ("Choisir des fichiers", "Choose files"),
            PickFolder => ("Choisir un dossier", "Choose a folder"),
            DropHere => (
                "Déposez ici vos fichiers bruts ou un dossier entier",
                "Drop your raw files or a whole folder here",
            ),
            Reading => ("Lecture des fichiers…", "Reading the files…"),
            Done => ("terminé", "done"),
            Analyse => ("Analyser", "Analyse"),
            ReportTitle => ("Rapport d'import", "Import report"),
            InPerimeter => ("dans le périmètre", "in the perimeter"),
            MonthsCovered => ("mois de données", "months of data"),
            SourcesTitle => ("Sources lues", "Sources read"),
            Source => ("Source", "Source"),
            FirmsCovered => ("entreprises couvertes", "firms covered"),
            OutOfPerimeter => ("Hors périmètre", "Out of the perimeter"),
            NoPanel => ("Aucun panel mensuel :", "No monthly panel:"),
            NotRead => ("écartés", "set aside"),
            Used => ("lignes utilisées", "rows used"),
            Firms => ("entreprises", "firms"),
            Period => ("période couverte", "period covered"),
            MissingSources => (
                "Sources absentes et ce qu'elles empêchent",
                "Missing sources and what they disable",
            ),
            SetAside => ("Fichier écarté :", "File set aside:"),
            WithWarnings => ("dont avec avertissement", "of which with a warning"),
            Skipped => ("doublons ignorés", "duplicates skipped"),
            Filtered => ("hors périmètre", "out of perimeter"),
            Encoding => ("encodage", "encoding"),
            Separator => ("séparateur", "separator"),
            Tab => ("tabulation", "tab"),
            Unpublished => (
                "derniers mois non encore publiés",
                "last months not yet published",
            ),
            Problem => ("Problème", "Problem"),
            Lines => ("lignes", "rows"),
            ShowIssues => (
                "Voir le détail des problèmes",
                "Show the problems in detail",
            ),
            Line => ("Ligne", "Line"),
            Column => ("Colonne", "Column"),
            RawLine => ("Ligne brute", "Raw line"),
            LineRejected => ("ligne rejetée", "row rejected"),
            LineKept => ("ligne conservée", "row kept"),
            PickHelp => (
                "Fichiers Signaux Faibles (URSSAF, procédures collectives, SIRENE…), dans n'importe quel ordre et avec n'importe quels noms : chaque fichier est reconnu par son en-tête. Ils sont lus dans ce navigateur et ne sont envoyés nulle part ; un rapport d'import s'affiche avant toute analyse.",
                "Signaux Faibles files (URSSAF, collective proceedings, SIRENE…), in any order and with any names: each file is recognised by its header. They are read in this browser and sent nowhere; an import report is shown before any analysis.",
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
                "Score de la référence (log-cote)",
                "The reference's score (log-odds)",
            ),
            Covid => ("Covid-19", "Covid-19"),
            StrongSignals => (
                "en procédure collective (signaux forts, hors classement)",
                "in collective proceedings (strong signals, not ranked)",
            ),
            Model => ("Modèle", "Model"),
            Files => ("Fichiers", "Files"),
            Rows => ("lignes lues", "rows read"),
            Rejected => ("rejetées", "rejected"),
            Open => ("Ouvrir la fiche", "Open the firm page"),
            EventsTitle => ("Événements sectoriels", "Sector events"),
            EventsHelp => (
                "Un événement qui touche toute une branche — par exemple la fermeture administrative des restaurants — devient une variable du modèle pour les entreprises dont le code NAF commence par le préfixe indiqué.",
                "An event affecting a whole branch — for instance the administrative closure of restaurants — becomes a model feature for the firms whose NAF code starts with the given prefix.",
            ),
            EventsFormat => (
                "Une ligne par événement, après la ligne d'en-tête obligatoire",
                "One line per event, after the required header line",
            ),
            EventsFormatHint => (
                " ; mois au format AAAA-MM ou MM/AAAA, fin vide pour un événement en cours, sévérité 1 (faible), 2 (moyenne) ou 3 (forte).",
                "; months as YYYY-MM or MM/YYYY, an empty end for an ongoing event, severity 1 (low), 2 (medium) or 3 (strong).",
            ),
            InsertExample => ("Insérer l'exemple", "Insert the example"),
            LoadEventsFile => ("Charger un fichier", "Load a file"),
            Download => ("Télécharger", "Download"),
            FileError => (
                "Le fichier n'a pas pu être lu ou enregistré par le navigateur.",
                "The browser could not read or save the file.",
            ),
            NoEvents => (
                "Aucun événement : l'analyse se fera sans événement sectoriel.",
                "No event: the analysis will run without sector events.",
            ),
            ValidEvent => ("événement valide", "valid event"),
            ValidEvents => ("événements valides", "valid events"),
            IssueOne => ("problème", "problem"),
            IssueMany => ("problèmes", "problems"),
            NafPrefix => ("Préfixe NAF", "NAF prefix"),
            Start => ("Début", "Start"),
            End => ("Fin", "End"),
            EventLabel => ("Libellé", "Label"),
            Severity => ("Sévérité", "Severity"),
            Ongoing => ("en cours", "ongoing"),
            SeverityLow => ("faible", "low"),
            SeverityMedium => ("moyenne", "medium"),
            SeverityHigh => ("forte", "strong"),
            LineLower => ("ligne", "line"),
            ColumnLower => ("colonne", "column"),
            SectorEvent => ("Événement sectoriel", "Sector event"),
            Since => ("depuis", "since"),
            Until => ("jusqu'en", "until"),
            FeatureGroupHeader => ("Groupe de variables", "Feature group"),
            FeatureOne => ("variable", "feature"),
            FeatureMany => ("variables", "features"),
            OtherOne => ("autre", "other"),
            Others => ("autres", "others"),
            OthersHelp => (
                "sans valeur et non utilisées par ce modèle",
                "with no value and not used by this model",
            ),
            CrisisWindow => (
                "Fenêtre de crise (pour l'entraînement d'un modèle) : de",
                "Crisis window (for training a model): from",
            ),
            CrisisHelp => (
                "(mesures de soutien, défaillances suspendues : traitées à part par les variables de crise et la calibration d'un modèle entraîné dans le navigateur ; le modèle intégré garde la sienne)",
                "(support measures, suspended failures: treated apart by the crisis features and the calibration of a model trained in the browser; the built-in model keeps its own)",
            ),
            CrisisError => (
                "il faut deux mois, la fin après le début",
                "two months are needed, the end after the start",
            ),
            CrisisKept => ("période appliquée :", "window applied:"),
            NoName => ("(absente de SIRENE)", "(not in SIRENE)"),
            DictionaryTitle => ("Dictionnaire des variables", "Feature dictionary"),
            DictionaryInModel => ("utilisées par le modèle", "used by the model"),
            DictionaryHelp => (
                "Chaque variable est calculée pour chaque entreprise et chaque mois avec les seules données publiées à ce mois-là (décalages de publication respectés). Une valeur manquante reste manquante : le modèle la traite à part, jamais comme un zéro.",
                "Every feature is computed for each firm and month from the data published by that month only (publication lags respected). A missing value stays missing: the model treats it apart, never as a zero.",
            ),
            DictionaryVariable => ("Variable", "Feature"),
            DictionaryDefinition => ("Définition", "Definition"),
            DictionaryUnit => ("Unité", "Unit"),
            DictionaryEffect => ("Effet attendu", "Expected effect"),
            DictionaryUsed => ("Modèle", "Model"),
            DirectionUp => (
                "plus elle est élevée, plus le risque est grand",
                "the higher, the riskier",
            ),
            DirectionDown => (
                "plus elle est élevée, moins le risque est grand",
                "the higher, the safer",
            ),
            DirectionUnknown => ("pas de sens fixé à l'avance", "no direction set in advance"),
            NotInModel => (
                "variable calculée, non utilisée par ce modèle",
                "computed, not used by this model",
            ),
            ModelEmbeddedSynthetic => (
                "Modèle intégré — entraîné sur des données synthétiques de démonstration",
                "Built-in model — trained on synthetic demonstration data",
            ),
            ModelEmbedded => ("Modèle intégré", "Built-in model"),
            ModelTrainedImported => (
                "Modèle entraîné ici sur les données importées",
                "Model trained here on the imported data",
            ),
            ModelTrainedDemo => (
                "Modèle entraîné ici sur les données de démonstration",
                "Model trained here on the demonstration data",
            ),
            ModelFromFile => (
                "Modèle chargé depuis le fichier",
                "Model loaded from the file",
            ),
            Synthetic => ("données synthétiques", "synthetic data"),
            SeeModel => ("Voir le modèle", "See the model"),
            FirstAlert => ("première alerte", "first alert"),
            FirstAlertHelp => (
                "en alerte ce mois-ci et dans aucun des 12 mois précédents",
                "in alert this month and in none of the 12 previous months",
            ),
            RiskWithin => (
                "Probabilité de procédure collective sous",
                "Probability of collective proceedings within",
            ),
            RiskWithinHelp => (
                "Un modèle par horizon ; les probabilités ne décroissent jamais avec l'horizon. L'alerte est donnée à 18 mois.",
                "One model per horizon; probabilities never decrease with the horizon. The alert is given at 18 months.",
            ),
            Degradation => ("Dégradation (12 mois)", "Degradation (12 months)"),
            DegradationHelp => (
                "Évolution attendue sur 12 mois de l'indice de difficulté (0 à 100 : dette URSSAF, activité partielle, pertes d'effectif), en points",
                "Expected change over 12 months of the distress index (0 to 100: URSSAF debt, short-time work, job losses), in points",
            ),
            ModelTitle => ("Modèle de risque", "Risk model"),
            ModelCard => ("Fiche du modèle", "Model card"),
            TrainingData => ("Données d'entraînement", "Training data"),
            FirmsInData => ("Entreprises dans les données", "Firms in the data"),
            FirmShare => ("des entreprises utilisées", "of the firms used"),
            TrainingWindow => (
                "Période d'entraînement (horizon 18 mois)",
                "Training window (18-month horizon)",
            ),
            ValidationWindow => ("Période de validation", "Validation window"),
            ValidationFirms => (
                "des entreprises tenues à l'écart pour la validation",
                "of the firms held out for validation",
            ),
            DataEnd => ("Fin des données", "End of the data"),
            FeaturesUsed => ("Variables utilisées", "Features used"),
            ModelCrisis => ("Fenêtre de crise du modèle", "The model's crisis window"),
            DegradationR2 => (
                "Score de dégradation : R² en validation",
                "Degradation score: validation R²",
            ),
            Horizon => ("Horizon", "Horizon"),
            TrainingRows => ("Lignes d'entraînement", "Training rows"),
            Failures => ("dont défaillances", "of which failures"),
            SweepsKept => (
                "Passes retenues (effets simples / interactions)",
                "Sweeps kept (main effects / pairs)",
            ),
            PairTerms => ("Termes d'interaction", "Pairwise terms"),
            Calibration => ("Calibration", "Calibration"),
            ThresholdOrange => ("Seuil orange", "Orange threshold"),
            ThresholdRed => ("Seuil rouge", "Red threshold"),
            ValidationRows => (
                "Lignes de validation (défaillances)",
                "Validation rows (failures)",
            ),
            Auc => ("AUC", "AUC"),
            AveragePrecision => ("Précision moyenne (AP)", "Average precision (AP)"),
            Brier => ("Score de Brier", "Brier score"),
            CalibrationInTheLarge => (
                "Calibration globale (prédit − observé)",
                "Calibration in the large (predicted − observed)",
            ),
            TopShareHeader => ("précision · rappel · lift", "precision · recall · lift"),
            NotAvailable => ("n.d.", "n/a"),
            RocTitle => ("Courbes ROC (validation)", "ROC curves (validation)"),
            FalsePositiveRate => ("Taux de faux positifs", "False positive rate"),
            TruePositiveRate => ("Taux de vrais positifs", "True positive rate"),
            Chance => ("hasard", "chance"),
            PrTitle => (
                "Courbes précision-rappel (validation)",
                "Precision-recall curves (validation)",
            ),
            Recall => ("Rappel", "Recall"),
            Precision => ("Précision", "Precision"),
            ReliabilityTitle => (
                "Diagramme de fiabilité (validation)",
                "Reliability diagram (validation)",
            ),
            Predicted => ("Probabilité prédite", "Predicted probability"),
            Observed => ("Taux observé", "Observed rate"),
            Diagonal => ("calibration parfaite", "perfect calibration"),
            BacktestsTitle => ("Backtests", "Backtests"),
            BacktestsHelp => (
                "Origine glissante : à chaque date de coupure, le modèle est réentraîné comme si les données s'arrêtaient là, puis évalué sur ce qui s'est passé ensuite.",
                "Rolling origin: at each cutoff the model is retrained as if the data ended there, then evaluated on what happened next.",
            ),
            NoBacktests => (
                "Aucun backtest enregistré avec ce modèle (vigie train --backtests).",
                "No backtest stored with this model (vigie train --backtests).",
            ),
            Cutoff => ("Date de coupure", "Cutoff"),
            Crisis => ("Crise", "Crisis"),
            FirmsEvaluated => ("Entreprises évaluées", "Firms evaluated"),
            Prevalence => ("Prévalence", "Prevalence"),
            LiftTop1 => ("Lift top 1 %", "Lift top 1 %"),
            Psi => ("PSI", "PSI"),
            Yes => ("oui", "yes"),
            No => ("non", "no"),
            NotEvaluated => ("non évalué :", "not evaluated:"),
            ShapesTitle => ("Fonctions de forme", "Shape functions"),
            ShapesHelp => (
                "Contribution au score (log-cote) de chaque classe de valeurs de la variable, classes aux quantiles ; le losange gris est la valeur manquante. Les 12 variables dont l'effet varie le plus à cet horizon.",
                "Contribution to the score (log-odds) of each class of values of the feature, classes at the quantiles; the grey diamond is the missing value. The 12 features whose effect varies most at this horizon.",
            ),
            Missing => ("manquante", "missing"),
            PairsTitle => ("Interactions", "Pairwise terms"),
            NoPairs => (
                "Aucune interaction retenue à cet horizon.",
                "No pairwise term kept at this horizon.",
            ),
            ImportanceTitle => ("Importance des variables", "Feature importance"),
            ImportanceHelp => (
                "L'importance d'une variable est l'écart absolu moyen, en log-cote, entre sa contribution au score et la moyenne de cette contribution, sur les",
                "A feature's importance is the mean absolute deviation, in log-odds, of its contribution to the score from that contribution's mean, over the",
            ),
            ScoredIn => ("notées en", "scored in"),
            ImportanceTop => (
                "Les 20 variables les plus importantes à cet horizon ; le survol d'une barre donne la définition de la variable.",
                "The 20 most important features at this horizon; hover over a bar for the feature's definition.",
            ),
            ImportanceAxis => ("Importance (log-cote)", "Importance (log-odds)"),
            LogOdds => ("log-cote", "log-odds"),
            ShapesImportanceHelp => (
                "Contribution au score (log-cote) de chaque classe de valeurs de la variable, classes aux quantiles ; le losange gris est la valeur manquante. Les barres grises comptent les entreprises notées dans chaque classe (axe de droite). Variables par importance décroissante.",
                "Contribution to the score (log-odds) of each class of values of the feature, classes at the quantiles; the grey diamond is the missing value. The grey bars count the scored firms in each class (right axis). Features by decreasing importance.",
            ),
            ShowOthers => ("Afficher les", "Show the"),
            HideOthers => ("Masquer les", "Hide the"),
            OtherShapes => ("autres fonctions de forme", "other shape functions"),
            FirmOne => ("entreprise", "firm"),
            PairsHelp => (
                "Terme d'interaction (log-cote) selon les classes des deux variables, regroupées en classes plus larges ; la dernière ligne et la dernière colonne sont la valeur manquante. Rouge : le terme augmente le risque, bleu : il le diminue.",
                "Pairwise term (log-odds) by the classes of the two features, grouped into wider classes; the last row and the last column are the missing value. Red: the term raises the risk, blue: it lowers it.",
            ),
            PairImportance => ("importance", "importance"),
            Retrain => ("Réentraîner sur ces données", "Retrain on these data"),
            Cancel => ("Annuler", "Cancel"),
            DownloadModel => ("Télécharger le modèle", "Download the model"),
            LoadModel => ("Charger un modèle", "Load a model"),
            TrainHelp => (
                "L'apprentissage se fait dans ce navigateur, sur les données affichées, avec la fenêtre de crise de la page d'import :",
                "Training runs in this browser, on the data shown, with the crisis window of the import page:",
            ),
            TrainCancelled => (
                "Apprentissage interrompu — le modèle actuel est conservé.",
                "Training stopped — the current model is kept.",
            ),
            TrainDone => (
                "Apprentissage terminé : les entreprises sont notées avec le nouveau modèle.",
                "Training finished: the firms are scored with the new model.",
            ),
            TrainFailed => ("Échec de l'apprentissage :", "Training failed:"),
            ModelRejected => ("Modèle refusé :", "Model rejected:"),
            Rescoring => (
                "Calcul des scores avec le nouveau modèle…",
                "Scoring the firms with the new model…",
            ),
            TermStructure => ("Risque par horizon", "Risk by horizon"),
            ExplainedAt18 => (
                "Décomposition du score à 18 mois (horizon de l'alerte).",
                "Decomposition of the 18-month score (the alert horizon).",
            ),
            BindsAt => (
                "À cet horizon, le score est celui de l'horizon plus court qui le détermine (les probabilités ne décroissent jamais avec l'horizon) :",
                "At this horizon the score is that of the shorter horizon that sets it (probabilities never decrease with the horizon):",
            ),
            ScoredBy => ("Noté par :", "Scored by:"),
            ModelActions => ("Changer de modèle", "Change the model"),
            RiskTrend => (
                "Risque à 18 mois sur les 12 derniers mois",
                "18-month risk over the last 12 months",
            ),
            ValidationTitle => (
                "Validation hors période et hors entreprises",
                "Out-of-time, out-of-firm validation",
            ),
            ExpandGroups => (
                "Cliquez sur un groupe pour voir le détail de ses variables (survolez un libellé pour sa définition).",
                "Click a group to see its features (hover over a label for its definition).",
            ),
            // Firm page: explanation
            ExactTable => (
                "Détail exact par variable (log-cote) : référence + contributions = score de l'entreprise",
                "Exact detail per feature (log-odds): reference + contributions = the firm's score",
            ),
            ReferenceValue => ("Référence", "Reference"),
            ExactTotal => ("= log-cote de l'entreprise", "= the firm's log-odds"),
            AxisPoints => (
                "points (20 points doublent la cote)",
                "points (20 points double the odds)",
            ),
            AxisLogOdds => ("log-cote", "log-odds"),
            AxisPercent => ("risque (%)", "risk (%)"),
            ThisFirm => ("Cette entreprise", "This firm"),
            TermStructureStep => ("Horizon plus court", "Shorter horizon"),
            OtherFeatures => ("Autres variables", "Other features"),
            Before => ("Avant", "Before"),
            After => ("Après", "After"),
            UnitPointsHelp => (
                "Contributions en points de score : 20 points doublent la cote (le rapport risque / absence de risque), −20 la divisent par deux. Ce ne sont pas des pourcentages. Elles s'ajoutent exactement.",
                "Contributions in score points: 20 points double the odds (risk / no risk), −20 halve them. They are not percentages. They add up exactly.",
            ),
            UnitLogOddsHelp => (
                "Contributions en log-cote, telles que le modèle les additionne : elles s'ajoutent exactement. Ce ne sont pas des pourcentages.",
                "Contributions in log-odds, as the model adds them: they add up exactly. They are not percentages.",
            ),
            UnitPercentHelp => (
                "Variations du risque en points de pourcentage, ajoutées dans l'ordre affiché : l'effet en % d'un facteur dépend de ceux qui le précèdent (seules les log-cotes s'ajoutent sans ordre).",
                "Risk changes in percentage points, added in the order shown: a factor's effect in % depends on those before it (only log-odds add up in any order).",
            ),
            AllGroups => ("Tous les groupes", "All groups"),
            NoReason => ("Aucun facteur notable.", "No notable factor."),
            Aggravating => ("Ce qui aggrave le risque", "What raises the risk"),
            Mitigating => ("Ce qui le modère", "What lowers it"),
            ComparedWith => ("Comparée à", "Compared with"),
            SectorMedian => (
                "l'entreprise médiane du secteur",
                "the sector's median firm",
            ),
            PopulationMedian => ("l'entreprise médiane (toutes)", "the median firm (all)"),
            UnitLabel => ("Unité", "Unit"),
            UnitPoints => ("points de score", "score points"),
            UnitLogOdds => ("log-cote", "log-odds"),
            UnitPercent => ("points de %", "percentage points"),
            OneLever => ("Un seul levier :", "One lever:"),
            NoSingleLever => ("Aucun levier seul ne suffit.", "No single lever suffices."),
            TwoLevers => ("En combinant deux leviers :", "Combining two levers:"),
            NoPair => (
                "Aucune combinaison de deux leviers ne suffit.",
                "No combination of two levers suffices.",
            ),
            NotInAlert => (
                "L'entreprise n'est pas en alerte : rien à changer pour en sortir.",
                "The firm is not in alert: nothing to change to leave it.",
            ),
            NoLever => (
                "aucun (pas de dette, d'échéancier possible ni d'activité partielle)",
                "none (no debt, no possible payment plan, no short-time work)",
            ),
            LeversConsidered => (
                "Leviers possibles pour cette entreprise :",
                "Levers available to this firm:",
            ),
            CounterfactualHelp => (
                "Seuls des leviers actionnables sont proposés (jamais le secteur, l'âge ou la taille), toutes choses égales par ailleurs ; chaque montant a été vérifié en recalculant le score de l'entreprise ainsi modifiée.",
                "Only actionable levers are proposed (never the sector, age or size), all else equal; every amount was checked by rescoring the firm so changed.",
            ),
            CounterfactualTitle => (
                "Que faudrait-il pour sortir de l'alerte ?",
                "What would it take to leave the alert?",
            ),
            ChangeTitle => (
                "Ce qui a changé depuis le mois dernier",
                "What changed since last month",
            ),
            NoPreviousScore => (
                "L'entreprise n'était pas notée le mois précédent.",
                "The firm was not scored the previous month.",
            ),
            FirstAlertWhy => (
                "Première alerte : voici pourquoi l'entreprise entre dans la liste.",
                "First alert: this is why the firm enters the list.",
            ),
            NoChange => (
                "Aucune variable du modèle n'a changé de classe : le score est identique.",
                "No model feature changed class: the score is the same.",
            ),
            AlertWord => ("alerte", "alert"),
            ChangeColumn => ("Variation", "Change"),
            BeforeNow => ("Avant → maintenant", "Before → now"),
            NavLabel => ("Vues", "Views"),
            NavList => ("Liste de détection", "Detection list"),
            NavSectors => ("Secteurs", "Sectors"),
            NavFollowUp => ("Suivi", "Follow-up"),
            NavModel => ("Modèle", "Model"),
            NavMethod => ("Méthode", "Method"),
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

/// "3 mois", "18 months".
pub fn months(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("{n}\u{a0}mois"),
        Lang::En => format!("{n}\u{a0}months"),
    }
}

/// The month as the interface shows it ("mars 2020", "March 2020").
pub fn month(m: engine::calendar::Month, lang: Lang) -> String {
    match lang {
        Lang::Fr => m.french(),
        Lang::En => m.english(),
    }
}

/// A calibration rule in plain words.
pub fn calibration(c: &engine::model::Calibration, lang: Lang) -> String {
    use engine::format::percent;
    use engine::model::CalibrationRule;
    let window = format!(
        "{} – {}",
        month(c.window_start, lang),
        month(c.window_end, lang)
    );
    match (c.rule, lang) {
        (CalibrationRule::Platt, Lang::Fr) => format!(
            "Platt sur la fenêtre récente ({window}, taux observé {})",
            percent(c.observed_rate)
        ),
        (CalibrationRule::Platt, Lang::En) => format!(
            "Platt scaling on the recent window ({window}, observed rate {})",
            percent(c.observed_rate)
        ),
        (CalibrationRule::BaseRate, Lang::Fr) => format!(
            "taux de base de long terme (fenêtre de crise) : {} au lieu de {} observé sur {window}",
            percent(c.long_run_rate),
            percent(c.observed_rate)
        ),
        (CalibrationRule::BaseRate, Lang::En) => format!(
            "long-run base rate (crisis window): {} instead of the {} observed over {window}",
            percent(c.long_run_rate),
            percent(c.observed_rate)
        ),
        (CalibrationRule::None, Lang::Fr) => {
            format!("aucune : trop peu de défaillances sur {window}")
        }
        (CalibrationRule::None, Lang::En) => format!("none: too few failures over {window}"),
    }
}
