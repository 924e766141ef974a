//! Where community resources are, for searching by distance: each
//! resource's points are its locations' coordinates, and the postcodes of
//! its addresses looked up in the imported postcode file
//! (`roots postcodes import`). Distances are `roots_directory::geo`.

use std::collections::HashMap;

use roots_directory::Summary;
use roots_directory::geo::distance_km;

use crate::ctx::Ctx;
use crate::error::AppError;

/// Where a search is from.
pub enum Origin {
    /// The postcode is in the postcode file: this point.
    Point((f64, f64)),
    /// Not in the file (or none imported): only its area is known.
    Area { district: String, area: String },
}

/// Looks a postcode (normalised) up.
pub async fn origin(ctx: &Ctx, postcode: &str) -> Result<Origin, AppError> {
    let found = ctx
        .app
        .store
        .postcode_places(&[postcode.to_owned()])
        .await?;
    Ok(match found.get(postcode) {
        Some(p) => Origin::Point(*p),
        None => Origin::Area {
            district: roots_directory::geo::postcode_district(postcode).unwrap_or_default(),
            area: roots_directory::geo::postcode_area(postcode).unwrap_or_default(),
        },
    })
}

/// The points of each resource (by its summary's index), with postcodes
/// looked up in one go.
pub async fn points(ctx: &Ctx, summaries: &[Summary]) -> Result<Vec<Vec<(f64, f64)>>, AppError> {
    let mut wanted: Vec<String> = summaries
        .iter()
        .flat_map(|s| s.postcodes.iter().cloned())
        .filter_map(|p| {
            roots_core::postcode::Postcode::parse(&p)
                .ok()
                .map(|p| p.as_str().to_owned())
        })
        .collect();
    wanted.sort();
    wanted.dedup();
    let found: HashMap<String, (f64, f64)> = if wanted.is_empty() {
        HashMap::new()
    } else {
        ctx.app.store.postcode_places(&wanted).await?
    };
    Ok(summaries
        .iter()
        .map(|s| {
            let mut pts = s.places.clone();
            for p in &s.postcodes {
                if let Ok(p) = roots_core::postcode::Postcode::parse(p)
                    && let Some(pt) = found.get(p.as_str())
                {
                    pts.push(*pt);
                }
            }
            pts
        })
        .collect())
}

/// The nearest of a resource's points to `origin`, in kilometres.
pub fn nearest_km(points: &[(f64, f64)], origin: (f64, f64)) -> Option<f64> {
    points
        .iter()
        .map(|p| distance_km(*p, origin))
        .min_by(f64::total_cmp)
}

/// Whether a resource has somewhere to go at all (an address or a point):
/// one without is a phone or online service, available wherever the
/// person is.
pub fn has_place(s: &Summary) -> bool {
    !s.postcodes.is_empty() || !s.places.is_empty()
}

/// Whether one of a resource's postcodes is in this district (`LL57`), or
/// with `area_only`, this postcode area (`LL`).
pub fn in_area(s: &Summary, district: &str, area: &str, area_only: bool) -> bool {
    s.postcodes.iter().any(|p| {
        if area_only {
            roots_directory::geo::postcode_area(p).as_deref() == Some(area)
        } else {
            roots_directory::geo::postcode_district(p).as_deref() == Some(district)
        }
    })
}
