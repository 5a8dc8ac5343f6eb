//! Golden tests of the activité partielle readers (§4.7–§4.8, §10 samples).
