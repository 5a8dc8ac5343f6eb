//! The sector view of an analysis: the sector stress index per NAF division × month (what the
//! features read, drawn as a heat map), the divisions' names, and the scored firms each sector
//! event concerns.
//!
//! The grid is read off [`Features`] itself ([`Features::sector_stress`]), never recomputed
//! another way: the agent sees exactly the shares the model was given.

use crate::calendar::Month;
use crate::features::{FeatureParams, Features, SectorEvent, SectorEvents, Stress};
use crate::model::Alert;
use crate::panel::Panel;
use crate::pipeline::{Analysis, FirmScore};

/// Months of the grid, up to the scoring month: three years show a crisis and its aftermath.
pub const GRID_MONTHS: usize = 36;

/// At most this many months: the grid reaches back to the crisis window (so that the agent sees
/// the crisis the features treat apart), but never further than six years (each month is one
/// more sector pass over every firm, in the browser's one thread).
pub const MAX_GRID_MONTHS: usize = 72;

/// One NAF division × month: the stress index and its three shares (`None` below the minimum
/// number of firms with the value known) and the firms of the population in the cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StressCell {
    pub index: Option<f64>,
    pub rising_debt: Option<f64>,
    pub on_short_time: Option<f64>,
    pub losing_staff: Option<f64>,
    pub firms: usize,
}

impl StressCell {
    fn of((stress, firms): (Stress, usize)) -> StressCell {
        let known = |v: f64| (!v.is_nan()).then_some(v);
        StressCell {
            index: known(stress.index),
            rising_debt: known(stress.rising_debt),
            on_short_time: known(stress.on_short_time),
            losing_staff: known(stress.losing_staff),
            firms,
        }
    }
}

/// One NAF division's row of the grid.
#[derive(Debug, Clone, PartialEq)]
pub struct DivisionRow {
    /// Two digits (`56`).
    pub division: String,
    /// One cell per month of [`StressGrid::months`].
    pub cells: Vec<StressCell>,
}

impl DivisionRow {
    /// The latest known index and its month position (what "most stressed" is judged on).
    pub fn latest(&self) -> Option<(usize, f64)> {
        self.cells
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, c)| c.index.map(|v| (i, v)))
    }
}

/// The sector stress index over the months up to the scoring month, one row per NAF division
/// with at least one firm of the population in one of those months, in code order.
#[derive(Debug, Clone, PartialEq)]
pub struct StressGrid {
    pub months: Vec<Month>,
    pub rows: Vec<DivisionRow>,
    /// Firms with the value known a share needs (below it the cell is missing).
    pub min_firms: usize,
}

impl StressGrid {
    /// The grid of `months` months up to `at` (fewer when the panel starts later); `None` when
    /// `at` is outside the panel. One sector pass of the feature layer over those months.
    pub fn new(
        panel: &Panel,
        params: &FeatureParams,
        at: Month,
        months: usize,
    ) -> Option<StressGrid> {
        let t = panel.index_of(at)?;
        let first = t.saturating_sub(months.max(1) - 1);
        let events = SectorEvents::default();
        let features = Features::new(panel, params, &events, first..=t);
        let rows = (0..100)
            .filter_map(|d| {
                let cells: Vec<StressCell> = (first..=t)
                    .map(|m| StressCell::of(features.sector_stress(m, d)))
                    .collect();
                cells.iter().any(|c| c.firms > 0).then(|| DivisionRow {
                    division: format!("{d:02}"),
                    cells,
                })
            })
            .collect();
        Some(StressGrid {
            months: (first..=t).map(|m| panel.month(m)).collect(),
            rows,
            min_firms: params.min_sector_firms,
        })
    }

    /// The grid of an analysis: its panel, its model's feature parameters, its scoring month;
    /// [`GRID_MONTHS`] months, or from three months before the crisis window when it starts
    /// earlier (within [`MAX_GRID_MONTHS`]).
    pub fn of(analysis: &Analysis) -> StressGrid {
        let params = &analysis.model.params;
        StressGrid::new(
            &analysis.panel,
            params,
            analysis.at,
            grid_months(analysis.at, params.crisis.start),
        )
        .unwrap_or(StressGrid {
            months: Vec::new(),
            rows: Vec::new(),
            min_firms: analysis.model.params.min_sector_firms,
        })
    }

    /// Row positions, the most stressed division first (on its latest known index), divisions
    /// without any known index last, ties in code order.
    pub fn most_stressed_first(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.rows.len()).collect();
        let key = |i: usize| self.rows[i].latest().map(|(_, v)| v);
        order.sort_by(|a, b| match (key(*a), key(*b)) {
            (Some(x), Some(y)) => y.total_cmp(&x).then(a.cmp(b)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.cmp(b),
        });
        order
    }

    /// Positions of the months `event` is under way in (the heat map marks them).
    pub fn event_months(&self, event: &SectorEvent) -> Option<(usize, usize)> {
        let inside: Vec<usize> = (0..self.months.len())
            .filter(|i| event.active_in(self.months[*i]))
            .collect();
        Some((*inside.first()?, *inside.last()?))
    }
}

/// Months of an analysis's grid up to `at`: [`GRID_MONTHS`], or back to three months before
/// `crisis_start` when it is earlier and before `at`, at most [`MAX_GRID_MONTHS`].
pub fn grid_months(at: Month, crisis_start: Month) -> usize {
    let to_crisis = usize::try_from(crisis_start.offset(-3).months_until(at)).unwrap_or(0) + 1;
    to_crisis.clamp(GRID_MONTHS, MAX_GRID_MONTHS)
}

/// Whether `event` concerns firms of NAF division `division` (two digits): all of them (a
/// section letter, a one-digit or two-digit prefix) or some (a longer prefix inside it).
pub fn touches_division(event: &SectorEvent, division: &str) -> bool {
    match event.naf_prefix.as_bytes() {
        [letter] if letter.is_ascii_alphabetic() => {
            crate::panel::geo::naf_section(division) == Some(char::from(*letter))
        }
        _ => event.naf_prefix.starts_with(division) || division.starts_with(&event.naf_prefix),
    }
}

/// The scored firms one event concerns, by alert level.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EventImpact {
    /// Scored firms whose APE code the event concerns.
    pub scored: usize,
    pub rouge: usize,
    pub orange: usize,
    /// Those in alert (rouge or orange): index into `Panel::firms` and level, riskiest first.
    pub in_alert: Vec<(usize, Alert)>,
    /// Whether the event is under way at the scoring month (only then does it enter the scores).
    pub active: bool,
}

/// For each event, the firms of `scores` (riskiest first) it concerns, with their alert counts.
pub fn impacts(
    panel: &Panel,
    scores: &[FirmScore],
    at: Month,
    events: &[SectorEvent],
) -> Vec<EventImpact> {
    events
        .iter()
        .map(|event| {
            let mut impact = EventImpact {
                active: event.active_in(at),
                ..EventImpact::default()
            };
            for s in scores {
                let concerned = panel
                    .firms
                    .get(s.firm)
                    .and_then(|f| f.ape.as_deref())
                    .is_some_and(|ape| event.concerns(ape));
                if !concerned {
                    continue;
                }
                impact.scored += 1;
                match s.alert {
                    Alert::Rouge => impact.rouge += 1,
                    Alert::Orange => impact.orange += 1,
                    Alert::Vert => continue,
                }
                impact.in_alert.push((s.firm, s.alert));
            }
            impact
        })
        .collect()
}

/// The NAF rév. 2 title of a division (two digits), in French or in English.
pub fn division_label(division: &str, english: bool) -> Option<&'static str> {
    let i = DIVISIONS
        .binary_search_by(|(code, _, _)| code.cmp(&division))
        .ok()?;
    let (_, fr, en) = DIVISIONS[i];
    Some(if english { en } else { fr })
}

/// NAF rév. 2 divisions (INSEE) and their NACE Rev. 2 English titles, in code order.
const DIVISIONS: [(&str, &str, &str); 88] = [
    (
        "01",
        "Culture et production animale, chasse",
        "Crop and animal production, hunting",
    ),
    (
        "02",
        "Sylviculture et exploitation forestière",
        "Forestry and logging",
    ),
    ("03", "Pêche et aquaculture", "Fishing and aquaculture"),
    (
        "05",
        "Extraction de houille et de lignite",
        "Mining of coal and lignite",
    ),
    (
        "06",
        "Extraction d'hydrocarbures",
        "Extraction of crude petroleum and natural gas",
    ),
    (
        "07",
        "Extraction de minerais métalliques",
        "Mining of metal ores",
    ),
    (
        "08",
        "Autres industries extractives",
        "Other mining and quarrying",
    ),
    (
        "09",
        "Services de soutien aux industries extractives",
        "Mining support service activities",
    ),
    (
        "10",
        "Industries alimentaires",
        "Manufacture of food products",
    ),
    ("11", "Fabrication de boissons", "Manufacture of beverages"),
    (
        "12",
        "Fabrication de produits à base de tabac",
        "Manufacture of tobacco products",
    ),
    ("13", "Fabrication de textiles", "Manufacture of textiles"),
    (
        "14",
        "Industrie de l'habillement",
        "Manufacture of wearing apparel",
    ),
    (
        "15",
        "Industrie du cuir et de la chaussure",
        "Manufacture of leather and related products",
    ),
    (
        "16",
        "Travail du bois et articles en bois",
        "Manufacture of wood and wood products",
    ),
    (
        "17",
        "Industrie du papier et du carton",
        "Manufacture of paper and paper products",
    ),
    (
        "18",
        "Imprimerie et reproduction d'enregistrements",
        "Printing and reproduction of recorded media",
    ),
    (
        "19",
        "Cokéfaction et raffinage",
        "Manufacture of coke and refined petroleum products",
    ),
    (
        "20",
        "Industrie chimique",
        "Manufacture of chemicals and chemical products",
    ),
    (
        "21",
        "Industrie pharmaceutique",
        "Manufacture of pharmaceutical products",
    ),
    (
        "22",
        "Produits en caoutchouc et en plastique",
        "Manufacture of rubber and plastic products",
    ),
    (
        "23",
        "Autres produits minéraux non métalliques",
        "Manufacture of other non-metallic mineral products",
    ),
    ("24", "Métallurgie", "Manufacture of basic metals"),
    (
        "25",
        "Fabrication de produits métalliques",
        "Manufacture of fabricated metal products",
    ),
    (
        "26",
        "Produits informatiques, électroniques et optiques",
        "Manufacture of computer, electronic and optical products",
    ),
    (
        "27",
        "Fabrication d'équipements électriques",
        "Manufacture of electrical equipment",
    ),
    (
        "28",
        "Fabrication de machines et équipements",
        "Manufacture of machinery and equipment",
    ),
    (
        "29",
        "Industrie automobile",
        "Manufacture of motor vehicles",
    ),
    (
        "30",
        "Fabrication d'autres matériels de transport",
        "Manufacture of other transport equipment",
    ),
    ("31", "Fabrication de meubles", "Manufacture of furniture"),
    (
        "32",
        "Autres industries manufacturières",
        "Other manufacturing",
    ),
    (
        "33",
        "Réparation et installation de machines",
        "Repair and installation of machinery and equipment",
    ),
    (
        "35",
        "Électricité, gaz, vapeur et air conditionné",
        "Electricity, gas, steam and air conditioning supply",
    ),
    (
        "36",
        "Captage, traitement et distribution d'eau",
        "Water collection, treatment and supply",
    ),
    ("37", "Collecte et traitement des eaux usées", "Sewerage"),
    (
        "38",
        "Collecte et traitement des déchets, récupération",
        "Waste collection, treatment and disposal; materials recovery",
    ),
    (
        "39",
        "Dépollution et autres services de gestion des déchets",
        "Remediation and other waste management services",
    ),
    (
        "41",
        "Construction de bâtiments",
        "Construction of buildings",
    ),
    ("42", "Génie civil", "Civil engineering"),
    (
        "43",
        "Travaux de construction spécialisés",
        "Specialised construction activities",
    ),
    (
        "45",
        "Commerce et réparation d'automobiles et de motocycles",
        "Trade and repair of motor vehicles and motorcycles",
    ),
    ("46", "Commerce de gros", "Wholesale trade"),
    ("47", "Commerce de détail", "Retail trade"),
    (
        "49",
        "Transports terrestres et par conduites",
        "Land transport and transport via pipelines",
    ),
    ("50", "Transports par eau", "Water transport"),
    ("51", "Transports aériens", "Air transport"),
    (
        "52",
        "Entreposage et services auxiliaires des transports",
        "Warehousing and support activities for transportation",
    ),
    (
        "53",
        "Activités de poste et de courrier",
        "Postal and courier activities",
    ),
    ("55", "Hébergement", "Accommodation"),
    ("56", "Restauration", "Food and beverage service activities"),
    ("58", "Édition", "Publishing activities"),
    (
        "59",
        "Cinéma, vidéo, télévision, enregistrement sonore",
        "Motion picture, video, television and sound recording",
    ),
    (
        "60",
        "Programmation et diffusion",
        "Programming and broadcasting activities",
    ),
    ("61", "Télécommunications", "Telecommunications"),
    (
        "62",
        "Programmation, conseil et autres activités informatiques",
        "Computer programming, consultancy and related activities",
    ),
    (
        "63",
        "Services d'information",
        "Information service activities",
    ),
    (
        "64",
        "Services financiers, hors assurance et retraite",
        "Financial service activities, except insurance and pensions",
    ),
    (
        "65",
        "Assurance",
        "Insurance, reinsurance and pension funding",
    ),
    (
        "66",
        "Activités auxiliaires de services financiers et d'assurance",
        "Activities auxiliary to financial services and insurance",
    ),
    ("68", "Activités immobilières", "Real estate activities"),
    (
        "69",
        "Activités juridiques et comptables",
        "Legal and accounting activities",
    ),
    (
        "70",
        "Sièges sociaux, conseil de gestion",
        "Head offices, management consultancy",
    ),
    (
        "71",
        "Architecture, ingénierie, contrôle et analyses techniques",
        "Architecture, engineering, technical testing and analysis",
    ),
    (
        "72",
        "Recherche-développement scientifique",
        "Scientific research and development",
    ),
    (
        "73",
        "Publicité et études de marché",
        "Advertising and market research",
    ),
    (
        "74",
        "Autres activités spécialisées, scientifiques et techniques",
        "Other professional, scientific and technical activities",
    ),
    ("75", "Activités vétérinaires", "Veterinary activities"),
    (
        "77",
        "Location et location-bail",
        "Rental and leasing activities",
    ),
    ("78", "Activités liées à l'emploi", "Employment activities"),
    (
        "79",
        "Agences de voyage, voyagistes, réservation",
        "Travel agencies, tour operators, reservation services",
    ),
    (
        "80",
        "Enquêtes et sécurité",
        "Security and investigation activities",
    ),
    (
        "81",
        "Services relatifs aux bâtiments, aménagement paysager",
        "Services to buildings and landscape activities",
    ),
    (
        "82",
        "Services administratifs et de soutien aux entreprises",
        "Office administrative and business support activities",
    ),
    (
        "84",
        "Administration publique et défense, sécurité sociale",
        "Public administration and defence, social security",
    ),
    ("85", "Enseignement", "Education"),
    (
        "86",
        "Activités pour la santé humaine",
        "Human health activities",
    ),
    (
        "87",
        "Hébergement médico-social et social",
        "Residential care activities",
    ),
    (
        "88",
        "Action sociale sans hébergement",
        "Social work activities without accommodation",
    ),
    (
        "90",
        "Activités créatives, artistiques et de spectacle",
        "Creative, arts and entertainment activities",
    ),
    (
        "91",
        "Bibliothèques, archives, musées, culture",
        "Libraries, archives, museums and other cultural activities",
    ),
    (
        "92",
        "Jeux de hasard et d'argent",
        "Gambling and betting activities",
    ),
    (
        "93",
        "Activités sportives, récréatives et de loisirs",
        "Sports activities, amusement and recreation",
    ),
    (
        "94",
        "Activités des organisations associatives",
        "Activities of membership organisations",
    ),
    (
        "95",
        "Réparation d'ordinateurs et de biens personnels",
        "Repair of computers and personal and household goods",
    ),
    (
        "96",
        "Autres services personnels",
        "Other personal service activities",
    ),
    (
        "97",
        "Ménages employeurs de personnel domestique",
        "Households as employers of domestic personnel",
    ),
    (
        "98",
        "Activités des ménages pour usage propre",
        "Households' own-use production",
    ),
    (
        "99",
        "Organisations extraterritoriales",
        "Extraterritorial organisations",
    ),
];

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use super::*;
    use crate::demo::{DemoConfig, generate};
    use crate::features::{Feature, events, in_population};
    use crate::pipeline::analyse;

    /// One demo analysis and its grid, shared by the tests (scoring is the slow part).
    fn demo() -> &'static (Analysis, StressGrid) {
        static DEMO: OnceLock<(Analysis, StressGrid)> = OnceLock::new();
        DEMO.get_or_init(|| {
            let files = generate(&DemoConfig {
                firms: 600,
                ..DemoConfig::default()
            });
            let analysis = analyse(&files, None).expect("demo analysis");
            let grid = StressGrid::of(&analysis);
            (analysis, grid)
        })
    }

    fn row<'a>(grid: &'a StressGrid, division: &str) -> &'a DivisionRow {
        grid.rows
            .iter()
            .find(|r| r.division == division)
            .unwrap_or_else(|| panic!("division {division} in the grid"))
    }

    /// A grid cell holds the stress features of every population firm of that division and
    /// month, and the number of those firms.
    fn check_cell(division: &str, months_before_at: usize) {
        let (a, grid) = demo();
        let col = grid.months.len() - 1 - months_before_at;
        let cell = row(grid, division).cells[col];
        let t = a
            .panel
            .index_of(grid.months[col])
            .expect("month in the panel");
        let events = SectorEvents::default();
        let features = Features::new(&a.panel, &a.model.params, &events, t..=t);
        let members: Vec<usize> = (0..a.panel.firms.len())
            .filter(|f| a.panel.firms[*f].naf_division() == Some(division))
            .filter(|f| in_population(&a.panel, *f, t, a.model.params.lags))
            .collect();
        assert_eq!(
            cell.firms,
            members.len(),
            "{division} at {}",
            grid.months[col]
        );
        assert!(!members.is_empty());
        let as_f32 = |v: Option<f64>| v.map(|v| v as f32);
        for f in members {
            let v = features.at(f, t);
            assert_eq!(
                as_f32(v.get(Feature::StressSectoriel)),
                as_f32(cell.index),
                "{division}"
            );
            assert_eq!(
                as_f32(v.get(Feature::SecteurPartDetteEnHausse)),
                as_f32(cell.rising_debt)
            );
            assert_eq!(
                as_f32(v.get(Feature::SecteurPartAp)),
                as_f32(cell.on_short_time)
            );
            assert_eq!(
                as_f32(v.get(Feature::SecteurPartBaisseEffectif)),
                as_f32(cell.losing_staff)
            );
        }
        // The index is the mean of the known shares.
        let parts: Vec<f64> = [cell.rising_debt, cell.on_short_time, cell.losing_staff]
            .into_iter()
            .flatten()
            .collect();
        if let Some(index) = cell.index {
            let mean = parts.iter().sum::<f64>() / parts.len() as f64;
            assert!((index - mean).abs() < 1e-12 && (0.0..=1.0).contains(&index));
        }
    }

    #[test]
    fn the_grid_is_what_the_features_read() {
        let (a, grid) = demo();
        assert_eq!(
            grid.months.len(),
            grid_months(a.at, a.model.params.crisis.start)
        );
        assert_eq!(grid.months.last(), Some(&a.at));
        check_cell("56", 0);
        check_cell("43", 0);
        check_cell("56", 40 - 12);
        check_cell("47", 20);
        // Every row has some firms and every known value is a share.
        for r in &grid.rows {
            assert!(r.cells.iter().any(|c| c.firms > 0), "{}", r.division);
            for c in &r.cells {
                for v in [c.index, c.rising_debt, c.on_short_time, c.losing_staff]
                    .into_iter()
                    .flatten()
                {
                    assert!((0.0..=1.0).contains(&v));
                }
            }
        }
    }

    /// Below the minimum number of firms a cell is missing, never a share of a handful.
    fn check_minimum(min_sector_firms: usize) {
        let (a, _) = demo();
        let params = FeatureParams {
            min_sector_firms,
            ..a.model.params
        };
        let grid = StressGrid::new(&a.panel, &params, a.at, 12).expect("scoring month");
        assert_eq!(grid.months.len(), 12);
        let mut known = 0;
        for r in &grid.rows {
            for c in &r.cells {
                if c.firms < min_sector_firms {
                    assert_eq!(c.index, None, "{} with {} firms", r.division, c.firms);
                }
                known += usize::from(c.index.is_some());
            }
        }
        // A minimum above every cell leaves nothing; the default leaves the big divisions.
        assert_eq!(known == 0, min_sector_firms > 10_000, "{min_sector_firms}");
    }

    #[test]
    fn cells_below_the_minimum_are_missing() {
        check_minimum(10);
        check_minimum(40);
        check_minimum(100_000);
    }

    #[test]
    fn the_most_stressed_come_first() {
        let (_, grid) = demo();
        let order = grid.most_stressed_first();
        assert_eq!(order.len(), grid.rows.len());
        let latest: Vec<Option<f64>> = order
            .iter()
            .map(|i| grid.rows[*i].latest().map(|(_, v)| v))
            .collect();
        for w in latest.windows(2) {
            match (w[0], w[1]) {
                (Some(a), Some(b)) => assert!(a >= b),
                (None, Some(_)) => panic!("a known index after a missing one"),
                _ => {}
            }
        }
    }

    /// Each event's firms are the scored firms whose APE it concerns, counted by alert.
    fn check_impact(line: &str, expected_prefix: &dyn Fn(&str) -> bool) {
        let (a, _) = demo();
        let read = events::parse(&format!("naf_prefix;debut;fin;libelle;severite\n{line}\n"));
        assert!(read.issues.is_empty(), "{:?}", read.issues);
        let impact = &impacts(&a.panel, &a.scores, a.at, &read.events)[0];
        let concerned: Vec<&FirmScore> = a
            .scores
            .iter()
            .filter(|s| {
                a.panel.firms[s.firm]
                    .ape
                    .as_deref()
                    .is_some_and(expected_prefix)
            })
            .collect();
        assert!(!concerned.is_empty(), "{line}");
        assert_eq!(impact.scored, concerned.len(), "{line}");
        let count = |level: Alert| concerned.iter().filter(|s| s.alert == level).count();
        assert_eq!(
            (impact.rouge, impact.orange),
            (count(Alert::Rouge), count(Alert::Orange))
        );
        let in_alert: Vec<(usize, Alert)> = concerned
            .iter()
            .filter(|s| s.alert != Alert::Vert)
            .map(|s| (s.firm, s.alert))
            .collect();
        assert_eq!(impact.in_alert, in_alert, "{line}");
    }

    #[test]
    fn an_event_affects_the_scored_firms_of_its_sector() {
        check_impact("56;2023-01;;Restaurants;3", &|ape| ape.starts_with("56"));
        check_impact("56.10;2023-01;;Restauration traditionnelle;2", &|ape| {
            ape.starts_with("56.10")
        });
        check_impact("I;2020-03;2021-06;Hébergement-restauration;3", &|ape| {
            ape.starts_with("55") || ape.starts_with("56")
        });
        let (a, _) = demo();
        let read = events::parse(events::EXAMPLE);
        let all = impacts(&a.panel, &a.scores, a.at, &read.events);
        // The example's events ended before the demo's scoring month.
        assert!(all.iter().all(|i| !i.active));
        let read = events::parse("naf_prefix;debut;fin;libelle;severite\n99;2023-01;;Aucune;1\n");
        assert_eq!(
            impacts(&a.panel, &a.scores, a.at, &read.events)[0],
            EventImpact {
                active: true,
                ..EventImpact::default()
            }
        );
    }

    #[test]
    fn events_mark_their_divisions_and_months() {
        let (_, grid) = demo();
        let event = |line: &str| {
            events::parse(&format!("naf_prefix;debut;fin;libelle;severite\n{line}\n")).events[0]
                .clone()
        };
        let check = |line: &str, divisions: &[&str]| {
            let e = event(line);
            let got: Vec<&str> = ["10", "47", "55", "56", "62"]
                .into_iter()
                .filter(|d| touches_division(&e, d))
                .collect();
            assert_eq!(got, divisions, "{line}");
        };
        check("56;2023-01;;R;3", &["56"]);
        check("5610A;2023-01;;R;3", &["56"]);
        check("5;2023-01;;R;3", &["55", "56"]);
        check("I;2023-01;;R;3", &["55", "56"]);
        check("C;2023-01;;R;3", &["10"]);
        let n = grid.months.len();
        let last = grid.months[n - 1];
        assert_eq!(
            grid.event_months(&event(&format!("56;{};;R;3", grid.months[n - 3]))),
            Some((n - 3, n - 1))
        );
        assert_eq!(
            grid.event_months(&event(&format!("56;2000-01;{};R;3", grid.months[1]))),
            Some((0, 1))
        );
        let after = last.offset(1);
        assert_eq!(grid.event_months(&event(&format!("56;{after};;R;3"))), None);
    }

    #[test]
    fn the_grid_reaches_back_to_the_crisis() {
        let m = |s: &str| Month::parse(s).expect("month");
        let check = |at: &str, crisis: &str, expected: usize| {
            assert_eq!(grid_months(m(at), m(crisis)), expected, "{at} {crisis}");
        };
        check("2024-12", "2020-03", 61);
        check("2022-06", "2020-03", 36);
        check("2024-12", "2024-06", 36);
        check("2024-12", "2026-01", 36);
        check("2030-12", "2020-03", 72);
        let (a, grid) = demo();
        let crisis = a.model.params.crisis;
        assert_eq!(grid.months.first(), Some(&crisis.start.offset(-3)));
    }

    #[test]
    fn divisions_have_titles() {
        assert!(DIVISIONS.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(division_label("56", false), Some("Restauration"));
        assert_eq!(
            division_label("56", true),
            Some("Food and beverage service activities")
        );
        assert_eq!(division_label("04", false), None);
        let (_, grid) = demo();
        for r in &grid.rows {
            assert!(
                division_label(&r.division, false).is_some(),
                "{}",
                r.division
            );
        }
    }

    /// The grid's cost on a large import (`VIGIE_BENCH_DIR=/work/data/d50k cargo test --release
    /// -p engine --lib sectors::tests::cost -- --ignored --nocapture`): the page computes it
    /// once per analysis, in the browser's one thread.
    #[test]
    #[ignore]
    fn cost_on_a_large_panel() {
        let Some(dir) = std::env::var_os("VIGIE_BENCH_DIR") else {
            return;
        };
        let mut paths: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
            .expect("directory")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        paths.sort();
        let (records, reports) = crate::ingest::read_paths(&paths);
        let panel = crate::pipeline::finish_import(records, reports)
            .panel
            .expect("panel");
        let params = FeatureParams::default();
        let at = panel.end();
        let started = std::time::Instant::now();
        let months = grid_months(at, params.crisis.start);
        let grid = StressGrid::new(&panel, &params, at, months).expect("last month");
        let elapsed = started.elapsed().as_secs_f64();
        println!(
            "{} firms, {} divisions × {} months: {elapsed:.2} s",
            panel.firms.len(),
            grid.rows.len(),
            grid.months.len()
        );
    }
}
