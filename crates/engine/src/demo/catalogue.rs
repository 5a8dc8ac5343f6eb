//! The fixed vocabularies the story draws from: sectors, départements, names, legal forms.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

pub(super) struct Sector {
    pub ape: &'static str,
    pub weight: u32,
    /// Closed or restricted during COVID-19 (hotels, restaurants, events, travel, culture,
    /// passenger transport): massive activité partielle whatever the firm's health.
    pub exposed: bool,
    /// Phase of the sector's business cycle, in months.
    pub phase: u32,
    /// First words of company names in this sector.
    pub names: &'static [&'static str],
}

const fn sector(
    ape: &'static str,
    weight: u32,
    exposed: bool,
    phase: u32,
    names: &'static [&'static str],
) -> Sector {
    Sector {
        ape,
        weight,
        exposed,
        phase,
        names,
    }
}

pub(super) const SECTORS: [Sector; 24] = [
    sector(
        "56.10A",
        9,
        true,
        0,
        &["RESTAURANT", "BRASSERIE", "LE BISTROT", "CAFÉ DES SPORTS"],
    ),
    sector("56.30Z", 3, true, 5, &["BAR", "CAFÉ", "LE COMPTOIR"]),
    sector(
        "55.10Z",
        4,
        true,
        11,
        &["HÔTEL", "HOTEL DU PARC", "RÉSIDENCE"],
    ),
    sector("79.11Z", 2, true, 17, &["VOYAGES", "ÉVASION TOURS"]),
    sector("90.01Z", 2, true, 23, &["COMPAGNIE", "THÉÂTRE"]),
    sector("49.39A", 2, true, 29, &["AUTOCARS", "CARS"]),
    sector("82.30Z", 1, true, 35, &["SALONS ET CONGRÈS", "ÉVÉNEMENTS"]),
    sector("93.29Z", 1, true, 41, &["LOISIRS", "PARC"]),
    sector("41.20A", 6, false, 3, &["CONSTRUCTIONS", "MAISONS"]),
    sector("43.21A", 7, false, 9, &["ÉLECTRICITÉ", "ELEC SERVICES"]),
    sector("43.22A", 4, false, 15, &["PLOMBERIE", "CHAUFFAGE"]),
    sector(
        "25.62A",
        4,
        false,
        21,
        &["DÉCOLLETAGE", "MÉCANIQUE DE PRÉCISION"],
    ),
    sector("10.71C", 5, false, 27, &["BOULANGERIE", "FOURNIL"]),
    sector("47.11D", 5, false, 33, &["SUPERMARCHÉ", "MARCHÉ"]),
    sector("45.20A", 5, false, 39, &["GARAGE", "AUTO SERVICES"]),
    sector("62.01Z", 6, false, 45, &["LOGICIELS", "NUMÉRIQUE"]),
    sector("49.41A", 6, false, 51, &["TRANSPORTS", "LOGISTIQUE"]),
    sector("46.90Z", 5, false, 57, &["COMPTOIR", "DISTRIBUTION"]),
    sector("70.22Z", 4, false, 63, &["CONSEIL", "CABINET"]),
    sector(
        "86.23Z",
        3,
        false,
        69,
        &["CENTRE DENTAIRE", "CABINET DENTAIRE"],
    ),
    sector("13.92Z", 2, false, 6, &["TISSAGES", "TEXTILES"]),
    sector("22.22Z", 3, false, 12, &["PLASTIQUES", "EMBALLAGES"]),
    sector("33.12Z", 3, false, 18, &["MAINTENANCE", "ATELIERS"]),
    sector("81.21Z", 4, false, 24, &["NETTOYAGE", "PROPRETÉ"]),
];

/// (département, weight, first URSSAF code): mainland, Corsica and overseas.
pub(super) const DEPARTEMENTS: [(&str, u32); 22] = [
    ("75", 10),
    ("92", 5),
    ("69", 8),
    ("13", 7),
    ("59", 7),
    ("33", 5),
    ("31", 5),
    ("44", 5),
    ("67", 4),
    ("35", 4),
    ("21", 3),
    ("76", 4),
    ("06", 4),
    ("01", 2),
    ("2A", 1),
    ("2B", 1),
    ("971", 1),
    ("972", 1),
    ("973", 1),
    ("974", 2),
    ("976", 1),
    ("63", 3),
];

pub(super) const NAME_TAILS: [&str; 20] = [
    "DURAND",
    "MOREAU",
    "LEFÈVRE",
    "GARNIER",
    "FAURE",
    "ROUSSEL",
    "BLANCHARD",
    "GUÉRIN",
    "BOYER",
    "CHEVALIER",
    "FRANÇOIS",
    "MERCIER",
    "DUPUIS",
    "LAMBERT",
    "FONTAINE",
    "ROUSSEAU",
    "MÉNARD",
    "BÉRANGER",
    "NOËL",
    "PERRIN",
];

/// (abbreviation, INSEE legal category, weight).
pub(super) const LEGAL_FORMS: [(&str, &str, u32); 5] = [
    ("SAS", "5710", 40),
    ("SARL", "5499", 35),
    ("SASU", "5720", 12),
    ("EURL", "5498", 8),
    ("SA", "5599", 5),
];

pub(super) fn pick<'a, T>(
    rng: &mut ChaCha8Rng,
    items: &'a [T],
    weight: impl Fn(&T) -> u32,
) -> &'a T {
    let total: u32 = items.iter().map(&weight).sum();
    let mut x = rng.random_range(0..total.max(1));
    for item in items {
        let w = weight(item);
        if x < w {
            return item;
        }
        x -= w;
    }
    &items[items.len() - 1]
}

/// A uniform index below `n`, drawn as `u32` so that 32-bit (wasm) and 64-bit targets agree.
pub(super) fn index(rng: &mut ChaCha8Rng, n: usize) -> usize {
    rng.random_range(0..(n.max(1) as u32)) as usize
}
