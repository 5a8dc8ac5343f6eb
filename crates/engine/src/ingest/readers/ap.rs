//! Activité partielle readers (§4.7–§4.8): requests and monthly consumption.
