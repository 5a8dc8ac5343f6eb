//! Firm classification tables (§4.9, §4.10): INSEE region of a département and NAF section of a
//! division. Static data, transcribed from the spec.

/// INSEE region code (2016 regions) of a département code (`69`, `2A`, `974`…).
pub fn region_of(departement: &str) -> Option<&'static str> {
    const TABLE: &[(&str, &[&str])] = &[
        ("11", &["75", "77", "78", "91", "92", "93", "94", "95"]),
        ("24", &["18", "28", "36", "37", "41", "45"]),
        ("27", &["21", "25", "39", "58", "70", "71", "89", "90"]),
        ("28", &["14", "27", "50", "61", "76"]),
        ("32", &["02", "59", "60", "62", "80"]),
        (
            "44",
            &["08", "10", "51", "52", "54", "55", "57", "67", "68", "88"],
        ),
        ("52", &["44", "49", "53", "72", "85"]),
        ("53", &["22", "29", "35", "56"]),
        (
            "75",
            &[
                "16", "17", "19", "23", "24", "33", "40", "47", "64", "79", "86", "87",
            ],
        ),
        (
            "76",
            &[
                "09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82",
            ],
        ),
        (
            "84",
            &[
                "01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74",
            ],
        ),
        ("93", &["04", "05", "06", "13", "83", "84"]),
        ("94", &["2A", "2B"]),
        ("01", &["971"]),
        ("02", &["972"]),
        ("03", &["973"]),
        ("04", &["974"]),
        ("06", &["976"]),
    ];
    if let Some((region, _)) = TABLE.iter().find(|(_, deps)| deps.contains(&departement)) {
        return Some(region);
    }
    let overseas_collectivity = matches!(departement, "975" | "977" | "978")
        || (departement.len() == 3 && departement.starts_with("98"));
    overseas_collectivity.then_some("00")
}

/// French name of an INSEE region code.
pub fn region_name(code: &str) -> Option<&'static str> {
    Some(match code {
        "11" => "Île-de-France",
        "24" => "Centre-Val de Loire",
        "27" => "Bourgogne-Franche-Comté",
        "28" => "Normandie",
        "32" => "Hauts-de-France",
        "44" => "Grand Est",
        "52" => "Pays de la Loire",
        "53" => "Bretagne",
        "75" => "Nouvelle-Aquitaine",
        "76" => "Occitanie",
        "84" => "Auvergne-Rhône-Alpes",
        "93" => "Provence-Alpes-Côte d'Azur",
        "94" => "Corse",
        "01" => "Guadeloupe",
        "02" => "Martinique",
        "03" => "Guyane",
        "04" => "La Réunion",
        "06" => "Mayotte",
        "00" => "Collectivités d'outre-mer",
        _ => return None,
    })
}

/// NAF rév. 2 section letter of an APE code (`NN.NNX`), from its division.
pub fn naf_section(ape: &str) -> Option<char> {
    let division: u32 = ape.get(..2)?.parse().ok()?;
    Some(match division {
        1..=3 => 'A',
        5..=9 => 'B',
        10..=33 => 'C',
        35 => 'D',
        36..=39 => 'E',
        41..=43 => 'F',
        45..=47 => 'G',
        49..=53 => 'H',
        55..=56 => 'I',
        58..=63 => 'J',
        64..=66 => 'K',
        68 => 'L',
        69..=75 => 'M',
        77..=82 => 'N',
        84 => 'O',
        85 => 'P',
        86..=88 => 'Q',
        90..=93 => 'R',
        94..=96 => 'S',
        97..=98 => 'T',
        99 => 'U',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions() {
        let check =
            |dep: &str, expected: Option<&str>| assert_eq!(region_of(dep), expected, "{dep}");
        check("69", Some("84"));
        check("2A", Some("94"));
        check("2B", Some("94"));
        check("974", Some("04"));
        check("976", Some("06"));
        check("988", Some("00"));
        check("75", Some("11"));
        check("20", None);
        check("", None);
    }

    #[test]
    fn sections() {
        let check =
            |ape: &str, expected: Option<char>| assert_eq!(naf_section(ape), expected, "{ape}");
        check("56.10A", Some('I'));
        check("01.11Z", Some('A'));
        check("64.20Z", Some('K'));
        check("85.59A", Some('P'));
        check("04.00Z", None);
        check("x", None);
    }
}
