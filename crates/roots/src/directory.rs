//! `roots directory import SOURCE` and `roots directory export`.
//!
//! SOURCE is a file (one service, an array of services, or a paged list in
//! Open Referral UK 3.0 or the older profile) or the base address of an
//! Open Referral UK API: its `/services` pages are followed (`page`,
//! `per_page`) and each service is fetched whole from `/services/{id}`, as
//! list pages need not carry a service's nested parts.

use roots_directory::{RecordError, normalise_all, read_feed};
use roots_store::Store;
use roots_store::audit::Actor;
use serde_json::Value;

use crate::Fatal;

/// Services asked for per page of a remote API.
const PER_PAGE: usize = 100;
/// A feed with more pages than this is refused as runaway.
const MAX_PAGES: usize = 10_000;

/// What an import did, for printing.
#[derive(Debug)]
pub struct Report {
    pub imported: roots_store::directory::Imported,
    /// Records not imported, each with its id and why.
    pub refused: Vec<String>,
}

/// Imports a file or an API into the service's directory.
pub async fn import(store: &Store, service_id: &str, source: &str) -> Result<Report, Fatal> {
    let (records, mut refused) = if source.starts_with("http://") || source.starts_with("https://")
    {
        fetch_api(source).await?
    } else {
        let text = std::fs::read_to_string(source)
            .map_err(|e| Fatal::config(format!("cannot read {source}: {e}")))?;
        let feed = read_feed(&text).map_err(|e| Fatal::config(format!("{source}: {e}")))?;
        (feed.records, Vec::new())
    };
    let (docs, errors) = normalise_all(&records);
    refused.extend(errors.iter().map(RecordError::to_string));
    let imported = store
        .import_resources(
            service_id,
            &docs,
            source,
            &Actor::system(),
            jiff::Timestamp::now(),
        )
        .await?;
    Ok(Report { imported, refused })
}

fn client() -> ureq::Agent {
    ureq::Agent::config_builder()
        .user_agent(concat!("roots/", env!("CARGO_PKG_VERSION")))
        .timeout_global(Some(std::time::Duration::from_secs(60)))
        .http_status_as_error(false)
        .build()
        .into()
}

/// GETs a JSON document (on a blocking thread: the client blocks).
async fn get_json(client: &ureq::Agent, url: &str) -> Result<String, String> {
    let (client, url) = (client.clone(), url.to_owned());
    tokio::task::spawn_blocking(move || {
        let mut res = client
            .get(&url)
            .header("accept", "application/json")
            .call()
            .map_err(|e| format!("{url}: {e}"))?;
        let status = res.status();
        if !status.is_success() {
            return Err(format!("{url}: HTTP {}", status.as_u16()));
        }
        res.body_mut()
            .with_config()
            .limit(50 * 1024 * 1024)
            .read_to_string()
            .map_err(|e| format!("{url}: {e}"))
    })
    .await
    .map_err(|e| e.to_string())?
}

/// Every service of an Open Referral UK API, whole; and a line for each
/// one that could not be fetched.
async fn fetch_api(base: &str) -> Result<(Vec<Value>, Vec<String>), Fatal> {
    let base = base.trim_end_matches('/');
    let client = client();
    let mut records = Vec::new();
    let mut refused = Vec::new();
    for page in 1..=MAX_PAGES {
        let url = format!("{base}/services?page={page}&per_page={PER_PAGE}");
        let text = get_json(&client, &url).await.map_err(Fatal::runtime)?;
        let feed = read_feed(&text).map_err(|e| Fatal::runtime(format!("{url}: {e}")))?;
        if feed.records.is_empty() {
            break;
        }
        for item in &feed.records {
            let id = match item.get("id") {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Number(n)) => n.to_string(),
                _ => {
                    // Reported by the record check, with its place.
                    records.push(item.clone());
                    continue;
                }
            };
            let url = format!("{base}/services/{id}");
            match get_json(&client, &url).await {
                Ok(text) => match serde_json::from_str::<Value>(&text) {
                    Ok(full) => records.push(full),
                    Err(e) => refused.push(format!("service {id}: {url} is not JSON: {e}")),
                },
                Err(e) => refused.push(format!("service {id}: {e}")),
            }
        }
        if feed.last_page != Some(false) {
            break;
        }
    }
    Ok((records, refused))
}

/// Every resource of the service, as an array of Open Referral UK 3.0
/// service documents (which `import` reads back as they are).
pub async fn export(store: &Store, service_id: &str) -> Result<Value, Fatal> {
    let out: Vec<Value> = store
        .all_resources(service_id)
        .await?
        .into_iter()
        .map(|r| r.document)
        .collect();
    Ok(Value::Array(out))
}
