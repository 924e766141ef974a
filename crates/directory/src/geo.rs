//! Distances and postcode files, for searching the directory by where a
//! person is.
//!
//! - [`distance_km`]: the great-circle distance between two points by the
//!   haversine formula on a sphere of the Earth's mean radius (IUGG,
//!   6,371.0088 km). Across a county its error against the ellipsoid is
//!   under 0.5%, far less than the difference between a straight line and
//!   the road.
//! - [`read_postcodes`]: a postcode file in the columns of the ONS
//!   Postcode Directory (ONSPD; `pcds`, `lat`, `long`, `ctry`, `oslaua`,
//!   `lsoa21`, `imd`) or plainer names (`postcode`, `latitude`,
//!   `longitude`). Rows the ONSPD marks as having no grid reference
//!   (latitude 99.999999) are skipped, not refused.

use roots_core::postcode::Postcode;

/// The Earth's mean radius in kilometres (IUGG).
pub const EARTH_RADIUS_KM: f64 = 6371.0088;
/// Kilometres in a mile.
pub const KM_PER_MILE: f64 = 1.609_344;

/// The great-circle distance in kilometres between two (latitude,
/// longitude) points in degrees.
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lon1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lon2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

/// The distance in miles.
pub fn distance_miles(a: (f64, f64), b: (f64, f64)) -> f64 {
    distance_km(a, b) / KM_PER_MILE
}

/// A postcode and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct PostcodePlace {
    /// Normalised: upper case, one space (`LL57 2PW`).
    pub postcode: String,
    pub latitude: f64,
    pub longitude: f64,
    /// The ONS country code (`W92000004` is Wales).
    pub country: Option<String>,
    /// The local authority district code.
    pub district: Option<String>,
    /// The lower-layer super output area (2021, else 2011) code.
    pub lsoa: Option<String>,
    /// The area's rank in its nation's index of multiple deprivation
    /// (1 is the most deprived), as the ONSPD gives it.
    pub imd_rank: Option<i64>,
}

/// What reading a postcode file gave.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PostcodeFile {
    pub places: Vec<PostcodePlace>,
    /// Rows with no grid reference (ONSPD latitude 99.999999).
    pub skipped: usize,
    /// Rows refused, each as "line N: why".
    pub refused: Vec<String>,
}

/// Why a postcode file could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PostcodeFileError {
    /// No header row naming a postcode, latitude and longitude column.
    NoColumns(String),
}

impl std::fmt::Display for PostcodeFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PostcodeFileError::NoColumns(which) => write!(
                f,
                "the first row must name the columns; missing {which} (ONSPD names: pcds, lat, long; or postcode, latitude, longitude)"
            ),
        }
    }
}

fn column(headers: &csv::StringRecord, names: &[&str]) -> Option<usize> {
    names.iter().find_map(|n| {
        headers.iter().position(|h| {
            h.trim()
                .trim_start_matches('\u{feff}')
                .eq_ignore_ascii_case(n)
        })
    })
}

/// Reads a postcode file (CSV with a header row).
pub fn read_postcodes(text: &str) -> Result<PostcodeFile, PostcodeFileError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| PostcodeFileError::NoColumns(e.to_string()))?
        .clone();
    let pc = column(&headers, &["pcds", "pcd", "pcd7", "pcd8", "postcode"])
        .ok_or_else(|| PostcodeFileError::NoColumns("a postcode column".into()))?;
    let lat = column(&headers, &["lat", "latitude"])
        .ok_or_else(|| PostcodeFileError::NoColumns("a latitude column".into()))?;
    let lon = column(&headers, &["long", "lon", "lng", "longitude"])
        .ok_or_else(|| PostcodeFileError::NoColumns("a longitude column".into()))?;
    let country = column(&headers, &["ctry", "ctry25cd", "country"]);
    let district = column(&headers, &["oslaua", "lad", "laua", "lad25cd", "district"]);
    let lsoa = column(
        &headers,
        &["lsoa21", "lsoa21cd", "lsoa11", "lsoa11cd", "lsoa"],
    );
    let imd = column(&headers, &["imd", "imd_rank"]);
    let mut out = PostcodeFile::default();
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, row) in reader.records().enumerate() {
        let line = i + 2;
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                out.refused.push(format!("line {line}: {e}"));
                continue;
            }
        };
        let get = |c: Option<usize>| {
            c.and_then(|c| row.get(c))
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let raw = get(Some(pc)).unwrap_or_default();
        let Ok(postcode) = Postcode::parse(&raw) else {
            out.refused.push(format!(
                "line {line}: \"{raw}\" is not the shape of a UK postcode"
            ));
            continue;
        };
        let number = |c: usize| get(Some(c)).and_then(|v| v.parse::<f64>().ok());
        let (Some(la), Some(lo)) = (number(lat), number(lon)) else {
            out.refused.push(format!(
                "line {line}: latitude and longitude must be numbers"
            ));
            continue;
        };
        if (la - 99.999_999).abs() < 1e-6 {
            out.skipped += 1;
            continue;
        }
        if !(-90.0..=90.0).contains(&la) || !(-180.0..=180.0).contains(&lo) {
            out.refused
                .push(format!("line {line}: {la}, {lo} is not a place on Earth"));
            continue;
        }
        // Area codes are ONS GSS codes (a letter and eight digits), and a
        // rank is a whole number from 1: anything else in them (a NUL once
        // made PostgreSQL refuse the whole file) refuses the row, by name.
        let mut bad = None;
        let mut code = |c: Option<usize>, what: &str| -> Option<String> {
            let v = get(c)?;
            if gss_code(&v) {
                Some(v.to_ascii_uppercase())
            } else {
                bad.get_or_insert_with(|| {
                    format!("the {what} code is not an ONS code like W01000083")
                });
                None
            }
        };
        let (country, district, lsoa) = (
            code(country, "country"),
            code(district, "district"),
            code(lsoa, "LSOA"),
        );
        let imd_rank = match get(imd) {
            None => None,
            Some(v) => match v.parse::<i64>() {
                Ok(r) if (1..=MAX_RANK).contains(&r) => Some(r),
                _ => {
                    bad.get_or_insert_with(|| {
                        format!("the deprivation rank must be a whole number from 1 to {MAX_RANK}")
                    });
                    None
                }
            },
        };
        if let Some(why) = bad {
            out.refused.push(format!("line {line}: {why}"));
            continue;
        }
        let place = PostcodePlace {
            postcode: postcode.as_str().to_owned(),
            latitude: la,
            longitude: lo,
            country,
            district,
            lsoa,
            imd_rank,
        };
        // The same postcode twice: the later row wins, in the first one's
        // place (so a batch never writes a postcode twice).
        match seen.get(place.postcode.as_str()) {
            Some(&i) => out.places[i] = place,
            None => {
                seen.insert(place.postcode.clone(), out.places.len());
                out.places.push(place);
            }
        }
    }
    Ok(out)
}

/// The highest deprivation rank a postcode file may give (England has
/// 33,755 LSOAs in 2021; every nation has fewer than this).
pub const MAX_RANK: i64 = 100_000;

/// Whether `s` is an ONS GSS code: a letter and eight digits
/// (`W92000004`, `E01000001`; `E99999999` and the like for "no area").
pub fn gss_code(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 9 && b[0].is_ascii_alphabetic() && b[1..].iter().all(u8::is_ascii_digit)
}

/// A postcode's outward code (`LL57` of `LL57 2PW`), its district.
pub fn postcode_district(postcode: &str) -> Option<String> {
    let p = Postcode::parse(postcode).ok()?;
    p.as_str().split(' ').next().map(str::to_owned)
}

/// A postcode's area: the letters it starts with (`LL` of `LL57 2PW`).
pub fn postcode_area(postcode: &str) -> Option<String> {
    let d = postcode_district(postcode)?;
    Some(d.chars().take_while(char::is_ascii_alphabetic).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Distances checked against published great-circle figures (the
    /// haversine formula on the mean radius; values to 0.1%).
    #[test]
    fn distances_by_the_haversine_formula() {
        type Point = (f64, f64);
        let table: &[(Point, Point, f64)] = &[
            // The same point.
            ((53.2274, -4.1293), (53.2274, -4.1293), 0.0),
            // One degree of latitude along a meridian: pi * R / 180.
            ((52.0, -4.0), (53.0, -4.0), 111.195),
            // One degree of longitude on the equator, the same.
            ((0.0, 0.0), (0.0, 1.0), 111.195),
            // London (Charing Cross) to Paris (Notre-Dame): about 343.5 km.
            ((51.5074, -0.1278), (48.8566, 2.3522), 343.56),
            // Antipodes: half the circumference.
            ((0.0, 0.0), (0.0, 180.0), 20015.1),
        ];
        for (a, b, km) in table {
            let d = distance_km(*a, *b);
            assert!(
                (d - km).abs() <= km * 0.001 + 0.001,
                "{a:?} to {b:?}: {d} km, expected {km}"
            );
            assert!((distance_km(*b, *a) - d).abs() < 1e-9, "symmetric");
        }
        assert!((distance_miles((52.0, -4.0), (53.0, -4.0)) - 69.093).abs() < 0.01);
    }

    #[test]
    fn postcode_files_in_onspd_columns_or_plain_ones() {
        let onspd = "\u{feff}pcd,pcd2,pcds,dointr,doterm,ctry,oslaua,lsoa21,lat,long,imd\n\
            LL572PW,LL57 2PW,LL57 2PW,198001,,W92000004,W06000002,W01000083,53.228,-4.129,1020\n\
            LL571AA,LL57 1AA,LL57 1AA,198001,,W92000004,W06000002,W01000084,99.999999,0.000000,\n\
            XX,XX,XX,198001,,W92000004,,,53.0,-4.0,\n\
            LL573BB,LL57 3BB,ll57 3bb,198001,,W92000004,W06000002,,north,-4.1,\n\
            LL574DD,LL57 4DD,LL57 4DD,198001,,W92000004,W06000002,,95.0,-4.1,\n\
            LL575EE,LL57 5EE,LL57 5EE,198001,,W92000004,W06000002,W0100\u{0}083,53.1,-4.1,\n\
            LL576FF,LL57 6FF,LL57 6FF,198001,,Wales,W06000002,W01000083,53.1,-4.1,\n\
            LL577GG,LL57 7GG,LL57 7GG,198001,,W92000004,W06000002,W01000083,53.1,-4.1,-5\n\
            LL578HH,LL57 8HH,LL57 8HH,198001,,W92000004,W06000002,W01000083,53.1,-4.1,1e308\n";
        let f = read_postcodes(onspd).unwrap();
        assert_eq!(f.places.len(), 1);
        let p = &f.places[0];
        assert_eq!(p.postcode, "LL57 2PW");
        assert_eq!((p.latitude, p.longitude), (53.228, -4.129));
        assert_eq!(p.country.as_deref(), Some("W92000004"));
        assert_eq!(p.district.as_deref(), Some("W06000002"));
        assert_eq!(p.lsoa.as_deref(), Some("W01000083"));
        assert_eq!(p.imd_rank, Some(1020));
        assert_eq!(f.skipped, 1, "no grid reference");
        assert_eq!(
            f.refused,
            [
                "line 4: \"XX\" is not the shape of a UK postcode",
                "line 5: latitude and longitude must be numbers",
                "line 6: 95, -4.1 is not a place on Earth",
                "line 7: the LSOA code is not an ONS code like W01000083",
                "line 8: the country code is not an ONS code like W01000083",
                "line 9: the deprivation rank must be a whole number from 1 to 100000",
                "line 10: the deprivation rank must be a whole number from 1 to 100000",
            ]
        );
        let plain = read_postcodes(
            "Postcode,Latitude,Longitude\nsy23 3ff,52.41,-4.08\nLL57 2PW,53.2,-4.1\nSY23 3FF,52.42,-4.09\n",
        )
        .unwrap();
        assert_eq!(plain.places.len(), 2, "the same postcode once");
        assert_eq!(plain.places[0].postcode, "SY23 3FF");
        assert_eq!(plain.places[0].latitude, 52.42, "the later row wins");
        assert_eq!(plain.places[0].imd_rank, None);
        assert!(matches!(
            read_postcodes("name,lat,long\nx,1,2\n"),
            Err(PostcodeFileError::NoColumns(_))
        ));
        assert_eq!(postcode_district("ll57 2pw").as_deref(), Some("LL57"));
        assert_eq!(postcode_area("LL57 2PW").as_deref(), Some("LL"));
        assert_eq!(postcode_area("W1A 1AA").as_deref(), Some("W"));
        assert_eq!(postcode_area("nonsense"), None);
    }
}
