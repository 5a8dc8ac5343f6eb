//! Financial statement readers (§5): INPI/BCE ratios, Banque de France ratios, Diane exports.
