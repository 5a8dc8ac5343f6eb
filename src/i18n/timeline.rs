//! Strings of the firm page's time-series charts and proceedings timeline.

texts! {
    /// Strings of the firm page's time-series charts and proceedings timeline.
    TimelineText {
        SeriesTitle => ("Historique mensuel", "Monthly history"),
        SeriesHelp => (
            "Séries du panel mois par mois. Zone jaune : crise COVID-19 traitée à part par le modèle ; zone violette : événement sectoriel déclaré concernant l'entreprise. Un trou dans une courbe est une donnée manquante, jamais un zéro.",
            "Panel series month by month. Yellow area: the COVID-19 crisis the model treats apart; purple area: a declared sector event concerning the firm. A gap in a line is missing data, never a zero.",
        ),
        Crisis => ("Crise COVID-19", "COVID-19 crisis"),
        SectorEvent => ("Événement sectoriel", "Sector event"),
        ScoringMonth => ("Mois de calcul", "Scoring month"),
        // Employment.
        EmploymentTitle => (
            "Effectif et activité partielle (équivalents temps plein)",
            "Headcount and short-time work (full-time equivalents)",
        ),
        EmploymentAxis => ("Salariés / ETP", "Employees / FTE"),
        Headcount => ("Effectif", "Headcount"),
        HeadcountCarried => ("Effectif reporté (non publié)", "Headcount carried forward (unpublished)"),
        ApAuthorised => ("Activité partielle autorisée (ETP)", "Short-time work authorised (FTE)"),
        ApConsumed => ("Activité partielle consommée (ETP)", "Short-time work used (FTE)"),
        Fte => ("ETP", "FTE"),
        Employees => ("salariés", "employees"),
        NoApSource => (
            "Aucun fichier d'activité partielle importé : les heures sont inconnues, pas nulles.",
            "No short-time work file imported: hours are unknown, not zero.",
        ),
        FteHelp => (
            "Heures d'activité partielle du mois divisées par 151,67 h (35 h × 52 semaines / 12), la durée légale d'un temps plein mensuel : le nombre de salariés à temps plein sans activité qu'elles représentent.",
            "Short-time work hours of the month divided by 151.67 h (35 h × 52 weeks / 12), the legal full-time month: the number of full-time employees out of work they represent.",
        ),
        // Debt.
        DebtTitle => (
            "Cotisations dues et dette URSSAF, délais de paiement et CCSF",
            "Contributions due and URSSAF debt, payment plans and CCSF",
        ),
        EurosAxis => ("Euros", "Euros"),
        Contributions => ("Cotisations dues du mois", "Contributions due in the month"),
        DebtOuvriere => ("Dette part ouvrière", "Debt, employee share"),
        DebtPatronale => ("Dette part patronale", "Debt, employer share"),
        PaymentPlan => ("Délai de paiement URSSAF en cours", "URSSAF payment plan under way"),
        Ccsf => ("Événement CCSF", "CCSF event"),
        NoDebtSource => (
            "Aucun fichier de débits importé : la dette est inconnue, pas nulle.",
            "No débit file imported: the debt is unknown, not zero.",
        ),
        NoDelaiSource => (
            "Aucun fichier de délais importé : les délais de paiement sont inconnus.",
            "No payment-plan file imported: payment plans are unknown.",
        ),
        NoCcsfSource => (
            "Aucun fichier CCSF importé : les procédures CCSF sont inconnues.",
            "No CCSF file imported: CCSF procedures are unknown.",
        ),
        PlansSummary => ("Délais de paiement :", "Payment plans:"),
        CcsfSummary => ("CCSF :", "CCSF:"),
        NoPlan => ("aucun délai de paiement", "no payment plan"),
        NoCcsf => ("aucun événement CCSF", "no CCSF event"),
        StageDebut => ("ouverture", "opening"),
        StageRefus => ("refus", "refusal"),
        StageApprob => ("plan approuvé", "plan approved"),
        StageFin => ("fin du plan", "end of plan"),
        StageRej => ("rejet", "rejection"),
        StageOther => ("autre stade", "other stage"),
        // Ratios.
        RatiosTitle => (
            "Ratios financiers et médiane du secteur",
            "Financial ratios and the sector median",
        ),
        RatioSet => ("Ratios affichés", "Ratios shown"),
        SetMain => ("Rentabilité et structure", "Profitability and structure"),
        SetCycle => ("Cycle d'exploitation", "Operating cycle"),
        ThisFirm => ("Entreprise", "Firm"),
        SectorMedian => ("Médiane du secteur", "Sector median"),
        RatiosHelp => (
            "Dernier bilan utilisable chaque mois (clôture + 8 mois) ; médiane des entreprises de la même division NAF ayant un bilan utilisable le même mois, manquante sous",
            "Latest statement usable each month (closing + 8 months); median of the firms of the same NAF division with a statement usable that month, missing under",
        ),
        Firms => ("entreprises", "firms"),
        StatementOf => ("bilan clos le", "statement closed on"),
        NoStatement => (
            "Aucun bilan connu pour cette entreprise : pas de ratios financiers à comparer au secteur.",
            "No financial statement known for this firm: no ratios to compare with the sector.",
        ),
        // Proceedings.
        ProcolTitle => ("Procédures collectives", "Collective proceedings"),
        NoProcol => ("Aucune procédure collective connue.", "No collective proceeding known."),
        FirstProcol => ("Première procédure collective le", "First collective proceeding on"),
        From => ("de", "from"),
        To => ("à", "to"),
        Since => ("depuis", "since"),
        InBonis => ("In bonis", "In good standing"),
        Sauvegarde => ("Sauvegarde", "Safeguard"),
        PlanSauvegarde => ("Plan de sauvegarde", "Safeguard plan"),
        Redressement => ("Redressement judiciaire", "Receivership"),
        PlanRedressement => ("Plan de redressement", "Recovery plan"),
        Liquidation => ("Liquidation judiciaire", "Compulsory liquidation"),
        // Term structure history.
        TermsTitle => (
            "Risque par horizon sur les 12 derniers mois",
            "Risk by horizon over the last 12 months",
        ),
        TermsComputing => ("Calcul de l'historique par horizon…", "Computing the history by horizon…"),
        TermsFailed => ("Historique par horizon indisponible :", "History by horizon unavailable:"),
        Risk => ("Risque à", "Risk at"),
        Probability => ("Probabilité (%)", "Probability (%)"),
    }
}
