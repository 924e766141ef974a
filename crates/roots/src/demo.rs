//! The demonstration service: a made-up health board with three practices,
//! one member of staff per role, and a few example referrals. Every name,
//! date and story here is synthetic.

use jiff::Timestamp;
use roots_core::referral::{Channel, Context, Mode, ReferralInput};
use roots_core::staff::Role;
use roots_store::audit::Actor;
use roots_store::{NewReferral, Service, Store};

use crate::Fatal;

#[derive(Debug)]
pub struct DemoUser {
    pub role: &'static str,
    pub email: String,
    pub password: String,
}

#[derive(Debug)]
pub struct Demo {
    pub service: Service,
    pub users: Vec<DemoUser>,
}

fn password() -> String {
    // Four groups of four from an unambiguous alphabet: easy to type.
    const A: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    (0..4)
        .map(|_| {
            (0..4)
                .map(|_| A[rand::random_range(0..A.len())] as char)
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// Fills an empty database with the demonstration service.
pub async fn seed(store: &Store) -> Result<Demo, Fatal> {
    let service = store
        .create_service(
            "demo",
            "Demo Health Board – occupational therapy in primary care",
        )
        .await?;
    let mut practices = Vec::new();
    for (name, ods, postcode) in [
        ("Afon Medical Centre", "W00001", "LL57 2SW"),
        ("Bryn Surgery", "W00002", "LL77 7AA"),
        ("Castell Health Centre", "W00003", "LL55 1AA"),
    ] {
        let mut p = store.add_practice(&service.id, name, Some(ods)).await?;
        store
            .set_practice_postcode(&service.id, &p.id, Some(postcode))
            .await?;
        p.postcode = Some(postcode.to_owned());
        practices.push(p);
    }
    let staff = [
        (
            "receptionist",
            "reception@demo.roots.invalid",
            "Rhian Receptionist",
            vec![Role::Receptionist],
        ),
        (
            "occupational therapist",
            "ot@demo.roots.invalid",
            "Owain OT",
            vec![Role::OccupationalTherapist],
        ),
        (
            "clinician (GP)",
            "gp@demo.roots.invalid",
            "Dr Gwen GP",
            vec![Role::Clinician],
        ),
        (
            "service lead",
            "lead@demo.roots.invalid",
            "Llinos Lead",
            vec![Role::ServiceLead],
        ),
        (
            "administrator",
            "admin@demo.roots.invalid",
            "Aled Admin",
            vec![Role::Admin],
        ),
    ];
    let mut users = Vec::new();
    for (role, email, name, roles) in staff {
        let pw = password();
        let hash = roots_web::auth::hash_password(&pw).map_err(Fatal::runtime)?;
        store
            .create_user(&service.id, email, name, &hash, &roles)
            .await?;
        users.push(DemoUser {
            role,
            email: email.to_owned(),
            password: pw,
        });
    }
    let ids: Vec<String> = practices.iter().map(|p| p.id.clone()).collect();
    let ctx = Context {
        today: roots_web::today(),
        practices: &ids,
        mode: Mode::Public,
    };
    for (i, input) in examples(&ids).into_iter().enumerate() {
        let lang = if input.language.as_deref() == Some("cy") {
            "cy"
        } else {
            "en"
        };
        let referral = input
            .validate(&ctx)
            .map_err(|e| Fatal::runtime(format!("demo referral {i} is invalid: {e:?}")))?;
        let at = Timestamp::now() - jiff::SignedDuration::from_hours(6 * (5 - i as i64));
        let suggested = roots_web::suggestion(
            roots_core::triage::Rulebook::built_in(),
            &roots_core::queue::Targets::default(),
            &referral.answers,
            at,
        );
        store
            .submit_referral(
                &NewReferral {
                    service_id: &service.id,
                    referral: &referral,
                    channel: Channel::Online,
                    entered_by: None,
                    language: lang,
                    actor: &roots_store::audit::Actor::anonymous(None),
                    rate_key: None,
                    rate_limit: 0,
                    triage: &suggested,
                },
                None,
                at,
            )
            .await?;
    }
    Ok(Demo { service, users })
}

/// Five made-up people and what they told the service.
pub fn examples(practice_ids: &[String]) -> Vec<ReferralInput> {
    let s = |v: &str| Some(v.to_owned());
    // Off sick for about five weeks, whenever the demo runs.
    let off_sick = roots_web::today()
        .checked_sub(jiff::Span::new().days(35))
        .unwrap_or_else(|_| roots_web::today());
    let p = |i: usize| s(&practice_ids[i % practice_ids.len()]);
    let base = |given: &str, family: &str, practice: Option<String>| ReferralInput {
        needs_help_now: s("no"),
        emergency_signs: vec!["none".into()],
        crisis_signs: vec!["none".into()],
        other_concerns: vec!["none".into()],
        given_name: s(given),
        family_name: s(family),
        dob_day: s("12"),
        dob_month: s("6"),
        dob_year: s("1979"),
        phone: s("07700 900 123"),
        leave_message: s("yes"),
        postcode: s("LL57 1AA"),
        practice,
        language: s("en"),
        interpreter: s("no"),
        duration: s("3_12_months"),
        consent: s("yes"),
        ..Default::default()
    };
    vec![
        ReferralInput {
            story: s(
                "Since my back operation I can't get in and out of the bath and I've stopped going to the shops.",
            ),
            difficulties: vec!["self_care".into(), "home".into(), "getting_out".into()],
            matters_most: s("Being able to wash myself and go to the market on Saturdays."),
            work_status: s("retired"),
            dob_year: s("1948"),
            ..base("Morfudd", "Example", p(0))
        },
        ReferralInput {
            story: s(
                "Rwy'n teimlo'n bryderus drwy'r amser ac rydw i wedi bod i ffwrdd o'r gwaith ers mis. Dw i ddim yn cysgu.",
            ),
            difficulties: vec!["work_study".into(), "sleep".into()],
            matters_most: s("Mynd yn ôl i'r gwaith heb deimlo'n sâl bob bore."),
            work_status: s("off_sick"),
            off_sick_day: s(&off_sick.day().to_string()),
            off_sick_month: s(&off_sick.month().to_string()),
            off_sick_year: s(&off_sick.year().to_string()),
            fit_note: s("yes"),
            language: s("cy"),
            duration: s("1_3_months"),
            ..base("Dafydd", "Enghraifft", p(1))
        },
        ReferralInput {
            story: s(
                "Long COVID. I get exhausted after an hour and I'm worried about losing my job as a care worker.",
            ),
            difficulties: vec!["work_study".into(), "hobbies".into()],
            matters_most: s("Keeping my job and having energy for my kids."),
            work_status: s("working"),
            fit_note: s("not_sure"),
            email: s("synthetic.person@example.org"),
            ..base("Sam", "Sample", p(2))
        },
        ReferralInput {
            story: s(
                "I'm staying in a hostel. I can't keep track of appointments and forms and I'm not sleeping.",
            ),
            difficulties: vec![
                "money_paperwork".into(),
                "sleep".into(),
                "getting_out".into(),
            ],
            matters_most: s("Getting somewhere to live and a routine."),
            work_status: s("unemployed"),
            postcode: None,
            no_fixed_address: s("yes"),
            phone: None,
            contact_via_practice: s("yes"),
            practice: s("not_registered"),
            language: s("other"),
            language_other: s("Polish"),
            interpreter: s("yes"),
            interpreter_language: s("Polish"),
            housing: s("temporary"),
            ..base("Piotr", "Przykład", None)
        },
        ReferralInput {
            story: s(
                "I look after my husband who has dementia. My hands are painful and I can't manage the cooking.",
            ),
            difficulties: vec!["home".into(), "caring".into()],
            matters_most: s("Carrying on looking after him at home."),
            work_status: s("carer"),
            unpaid_carer: s("yes"),
            communication_needs: vec!["large_print".into()],
            dob_year: s("1955"),
            ..base("Eirlys", "Demo", p(0))
        },
    ]
}

/// A history for the demonstration service: five months of a synthetic
/// service ending last week (`crate::generate`), so the evaluation and the
/// lists have a living service to show. Returns what was written.
pub async fn seed_history(
    store: &Store,
    service: &Service,
    persons: usize,
    seed: u64,
) -> Result<crate::generate::Generated, Fatal> {
    let today = jiff::Timestamp::now()
        .in_tz("Europe/London")
        .map_err(|e| Fatal::runtime(e.to_string()))?
        .date();
    let start = today
        .checked_sub(jiff::Span::new().months(5).weeks(1))
        .map_err(|e| Fatal::runtime(e.to_string()))?;
    let monday = start
        .checked_sub(jiff::Span::new().days(i64::from(start.weekday().to_monday_zero_offset())))
        .map_err(|e| Fatal::runtime(e.to_string()))?;
    let practices = store.practices(&service.id).await?;
    let shape = crate::generate::Shape::sized(persons, 5, monday);
    crate::evaluate::generate_into(store, service, &practices, &shape, seed).await
}

/// Fills the postcode file with the demonstration's postcodes
/// (`data/demo-postcodes.csv`: made-up points near the towns they name,
/// and made-up deprivation ranks, not the ONS Postcode Directory), so "Find local support" can search by
/// distance. Returns how many were added.
pub async fn seed_postcodes(store: &Store) -> Result<usize, Fatal> {
    let file = roots_directory::geo::read_postcodes(include_str!("../data/demo-postcodes.csv"))
        .map_err(|e| Fatal::runtime(format!("the demo postcodes: {e}")))?;
    Ok(store
        .import_postcodes(
            &file.places,
            "demo",
            &Actor::system(),
            jiff::Timestamp::now(),
        )
        .await?)
}

/// The demonstration directory: a few synthetic community resources in
/// Open Referral UK 3.0 (`data/demo-directory.json`), imported as a feed
/// would be, with the everyday difficulties each helps with and how people
/// get in (Roots' own notes). Returns how many were added.
pub async fn seed_directory(store: &Store, service_id: &str) -> Result<usize, Fatal> {
    let feed = roots_directory::read_feed(include_str!("../data/demo-directory.json"))
        .map_err(|e| Fatal::runtime(format!("the demo directory: {e}")))?;
    let (docs, errors) = roots_directory::normalise_all(&feed.records);
    if let Some(e) = errors.first() {
        return Err(Fatal::runtime(format!("the demo directory: {e}")));
    }
    let actor = Actor::system();
    let now = jiff::Timestamp::now();
    let imported = store
        .import_resources(service_id, &docs, "demo", &actor, now)
        .await?;
    type Notes<'a> = (&'a str, &'a [&'a str], &'a [&'a str], &'a str);
    let notes: [Notes; 5] = [
        (
            "Afon Walking Group",
            &["getting_out", "hobbies"],
            &["mental_health", "community_hub"],
            "drop_in",
        ),
        (
            "Memory Café",
            &["caring", "getting_out"],
            &["frailty_falls"],
            "drop_in",
        ),
        (
            "Work Club",
            &["work_study", "money_paperwork"],
            &["work_fitnote", "community_hub"],
            "referral",
        ),
        (
            "Sied Dynion / Men's Shed",
            &["getting_out", "hobbies"],
            &["mental_health", "community_hub"],
            "drop_in",
        ),
        (
            "Money Advice Line",
            &["money_paperwork"],
            &["housing_advice"],
            "referral",
        ),
    ];
    for doc in &docs {
        let name = doc["name"].as_str().unwrap_or_default();
        if let Some((_, needs, pathways, access)) = notes.iter().find(|(n, ..)| *n == name) {
            let local =
                serde_json::json!({ "needs": needs, "pathways": pathways, "access": access });
            store
                .set_resource_local(
                    service_id,
                    doc["id"].as_str().unwrap_or_default(),
                    &local,
                    &actor,
                    now,
                )
                .await?;
        }
    }
    Ok(imported.new)
}
