//! Per-kind readers: each turns the [`Row`]s of one file into typed [`Records`]
//! (`crate::ingest::records`). Rules are the spec's (§4–§5); a reader only pushes a record when
//! the row was not rejected, and reports everything it noticed through the row.

pub mod ap;
pub mod finance;
pub mod sirene;
pub mod urssaf;

#[cfg(test)]
mod test_support;

pub use crate::ingest::records::*;

use crate::ingest::ReadOptions;
use crate::ingest::kind::FileKind;
use crate::ingest::report::FileReport;
use crate::ingest::table::{Columns, Ledger, Row};

/// Reads the rows of one file. Stateful readers (wide headcount files, Diane's pivot, key
/// de-duplication) keep their per-file state in `self`; a new reader is made for every file.
pub trait Reader {
    /// Called once with the normalised header, before any row.
    fn begin(&mut self, _columns: &Columns, _out: &mut Records, _report: &mut FileReport) {}

    /// Called for every record that has the right number of fields and is not an exact duplicate.
    fn row(&mut self, row: &mut Row, out: &mut Records);

    /// Called once after the last record; `ledger` can still change the outcome of lines.
    fn finish(&mut self, _out: &mut Records, _ledger: &mut Ledger) {}
}

/// A stateless reader: one function per row.
pub struct RowFn(pub fn(&mut Row, &mut Records));

impl Reader for RowFn {
    fn row(&mut self, row: &mut Row, out: &mut Records) {
        (self.0)(row, out)
    }
}

/// The reader of a kind; `None` for kinds recognised but not read.
pub fn reader_for(kind: FileKind, options: ReadOptions) -> Option<Box<dyn Reader + Send>> {
    use FileKind::*;
    let reader: Box<dyn Reader + Send> = match kind {
        SireneHisto => Box::new(RowFn(sirene::read_sirene_histo)),
        SireneUl => Box::new(sirene::LegalUnitReader::default()),
        Sirene => Box::new(sirene::EstablishmentReader::default()),
        EffectifEnt => Box::new(urssaf::FirmHeadcountReader::default()),
        Effectif => Box::new(urssaf::EstablishmentHeadcountReader::default()),
        Cotisation => Box::new(RowFn(urssaf::read_cotisation)),
        Debit if options.sole_debit_file => Box::new(urssaf::DebitReader::sole_file()),
        Debit => Box::new(urssaf::DebitReader::default()),
        Delai => Box::new(RowFn(urssaf::read_delai)),
        Ccsf => Box::new(RowFn(urssaf::read_ccsf)),
        Procol => Box::new(RowFn(urssaf::read_procol)),
        AdminUrssaf => Box::new(RowFn(urssaf::read_admin_urssaf)),
        ApDemande => Box::new(ap::ApDemandeReader::default()),
        ApConso => Box::new(ap::ApConsoReader::default()),
        InpiRatios => Box::new(finance::InpiReader::default()),
        BdfRatios => Box::new(finance::BdfReader::default()),
        Diane => Box::new(finance::DianeReader::default()),
    };
    Some(reader)
}
