//! Golden tests of the financial readers (§5, §10 samples).
