//! Strings of the exports (CSV, XLSX, printable firm sheet).

texts! {
    /// Strings of the exports (CSV, XLSX, printable firm sheet).
    ExportText {
        Label => ("Exporter la liste", "Export the list"),
        ListHas => ("Liste affichée :", "List shown:"),
        Firm => ("entreprise", "firm"),
        Firms => ("entreprises", "firms"),
        Csv => ("Exporter en CSV", "Export as CSV"),
        CsvHelp => (
            "Fichier CSV pour Excel (séparateur point-virgule, virgule décimale) : les entreprises de la liste, dans son ordre, avec le suivi et les colonnes d'explication",
            "CSV file for Excel (semicolon separator, decimal comma): the firms of the list, in its order, with the follow-up and the explanation columns",
        ),
        Xlsx => ("Exporter en XLSX", "Export as XLSX"),
        XlsxHelp => (
            "Classeur Excel : les entreprises de la liste, dans son ordre, avec le suivi et les colonnes d'explication",
            "Excel workbook: the firms of the list, in its order, with the follow-up and the explanation columns",
        ),
        ExportedTo => ("exportées dans", "exported to"),
        Failed => ("Export impossible :", "Export failed:"),
        Print => ("Imprimer la fiche", "Print the sheet"),
        PrintHelp => (
            "Imprime la fiche de l'entreprise (ou l'enregistre en PDF) sans les boutons ni la navigation",
            "Prints the firm's sheet (or saves it as PDF) without the buttons and the navigation",
        ),
        PrintedOn => ("Fiche imprimée le", "Sheet printed on"),
        Confidential => ("données confidentielles", "confidential data"),
    }
}
