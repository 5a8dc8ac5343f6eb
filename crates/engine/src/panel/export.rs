//! The panel as a long CSV (one row per SIREN × month), for `vigie ingest --panel`: machine
//! readable (`,` separator, `.` decimals, ISO months), an empty cell is a missing value.

use std::io::Write;

use crate::panel::Panel;

/// Column names, in order.
pub const COLUMNS: [&str; 14] = [
    "siren",
    "month",
    "effectif",
    "effectif_reporte",
    "cotisation_due",
    "dette_part_ouvriere",
    "dette_part_patronale",
    "ap_heures_autorisees",
    "ap_heures_consommees",
    "delai_plans",
    "delai_montant",
    "ccsf_dernier_stade",
    "procol_status",
    "perimetre",
];

fn cell(v: Option<f64>, decimals: usize) -> String {
    v.map_or(String::new(), |v| format!("{v:.decimals$}"))
}

/// Writes every firm × month of the panel.
pub fn write_csv<W: Write>(panel: &Panel, out: W) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(COLUMNS)?;
    for (f, firm) in panel.firms.iter().enumerate() {
        let siren = firm.siren.to_string();
        let perimeter = if firm.in_perimeter() { "1" } else { "0" };
        for m in 0..panel.months {
            let carried = panel.effectif.get(f, m).is_some() && panel.effectif_carried(m);
            let ccsf = panel
                .last_ccsf(f, m)
                .map(|(_, stage)| format!("{stage:?}").to_uppercase())
                .unwrap_or_default();
            w.write_record([
                siren.as_str(),
                &panel.month(m).to_string(),
                &cell(panel.effectif.get(f, m), 0),
                if carried { "1" } else { "0" },
                &cell(panel.cotisation.get(f, m), 2),
                &cell(panel.dette_part_ouvriere.get(f, m), 2),
                &cell(panel.dette_part_patronale.get(f, m), 2),
                &cell(panel.ap_heures_autorisees.get(f, m), 2),
                &cell(panel.ap_heures_consommees.get(f, m), 2),
                &cell(panel.delai_plans.get(f, m), 0),
                &cell(panel.delai_montant.get(f, m), 2),
                &ccsf,
                panel.procol_status(f, m).id(),
                perimeter,
            ])?;
        }
    }
    w.flush()?;
    Ok(())
}
