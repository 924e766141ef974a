//! A synthetic service (`roots generate`, and `roots demo`'s history):
//! OTs with one clinic day a week at the service's practices, referrals
//! with stories in English and Welsh, triage decisions, appointments
//! (some not attended), and episodes with goals, outcome measures,
//! interventions, signposting to the service's community resources (when
//! it has a directory), work statuses and discharges. Every name, date of
//! birth, NHS number (the 999 range NHS Digital keeps for tests) and story
//! is made up. The same seed gives the same service (ChaCha8, whose
//! output the `rand_chacha` crate keeps stable).
//!
//! A shape sets the rates the records are drawn with; `roots evaluate`
//! counts what was written, so its figures come from the records, not
//! from the shape. The `north-wales-2020` shape follows the RCOT case
//! study: five months, the OTs one day a week each, about 386 people
//! seen, self-management offered in 76% of cases, GP appointments
//! avoided in 67%, CMHT referral avoided in 26%.
//!
//! Records are written in batches of [`BATCH`] people, one transaction
//! each (`Store::insert_rows`), so a million episodes never sit in memory.

use jiff::civil::{Date, Time};
use jiff::{Span, Timestamp};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use roots_core::discharge::DischargeInput;
use roots_core::gas::GoalInput;
use roots_core::interventions::InterventionInput;
use roots_core::measures::{MeasureSet, score};
use roots_core::reference::Reference;
use roots_core::referral::ReferralInput;
use roots_core::signposting::{FollowUpInput, SignpostInput};
use roots_core::work::{StatusChange, WorkStatus};
use roots_store::bulk::{Cell, Rows};
use roots_store::{Practice, Store, time_text};

use crate::Fatal;

/// People written per transaction.
pub const BATCH: usize = 2_000;

/// The rates a synthetic service is drawn with.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// People seen (each has at least one attended contact).
    pub persons: usize,
    pub months: i64,
    /// The first day (a Monday is best).
    pub start: Date,
    /// OTs, each with one clinic day a week.
    pub ots: usize,
    /// Of those discharged.
    pub self_management: f64,
    pub gp_avoided: f64,
    pub cmht_avoided: f64,
    /// Referrals triaged elsewhere (not seen), per person seen.
    pub not_seen: f64,
    /// Bookings not attended.
    pub did_not_attend: f64,
    /// Referrals made in Welsh.
    pub welsh: f64,
}

impl Shape {
    /// A service of `persons` people over `months` from `start`, with
    /// enough OT days for them.
    pub fn sized(persons: usize, months: i64, start: Date) -> Shape {
        let weeks = (months * 13 / 3).max(1) as usize;
        // About 2 bookings a person in 15-slot days, with room to spare.
        let ots = (persons * 2 * 13 / 10).div_ceil(SLOTS * weeks).max(1);
        Shape {
            persons,
            months,
            start,
            ots,
            self_management: 0.76,
            gp_avoided: 0.67,
            cmht_avoided: 0.26,
            not_seen: 0.08,
            did_not_attend: 0.07,
            welsh: 0.2,
        }
    }
}

/// The shapes with a name.
pub const PRESETS: &[&str] = &["north-wales-2020"];

/// A named shape.
pub fn preset(name: &str) -> Option<Shape> {
    match name {
        // "Over a five-month period, working one day per week in the
        // project, the occupational therapists saw 386 patients."
        "north-wales-2020" => Some(Shape {
            ots: 3,
            welsh: 0.3,
            ..Shape::sized(386, 5, jiff::civil::date(2020, 6, 1))
        }),
        _ => None,
    }
}

/// Slots of 30 minutes from 09:00 to 16:30.
const SLOTS: usize = 15;
const SLOT_MINUTES: i64 = 30;

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Generated {
    pub referrals: usize,
    pub people_seen: usize,
    pub discharged: usize,
    pub appointments: usize,
    pub clinic_sessions: usize,
    pub clinical_entries: usize,
}

const GIVEN: &[&str] = &[
    "Aled", "Bethan", "Carys", "Dafydd", "Eleri", "Ffion", "Gareth", "Heledd", "Iwan", "Jac",
    "Lowri", "Mared", "Nia", "Osian", "Rhys", "Sioned", "Tomos", "Alex", "Sam", "Jo", "Priya",
    "Tariq", "Mei", "Olu", "Grace", "Liam", "Chloe", "Adam", "Zofia", "Kai",
];
const FAMILY: &[&str] = &[
    "Synthetic",
    "Madeup",
    "Example",
    "Sample",
    "Testun",
    "Ffug",
    "Enghraifft",
    "Placeholder",
    "Specimen",
    "Dummy",
];
/// Postcodes of the demonstration's postcode file
/// (`data/demo-postcodes.csv`, made-up points and deprivation ranks), so a
/// demonstration's equity figures have quintiles to show.
const POSTCODES: &[&str] = &[
    "LL57 1AA", "LL57 1AB", "LL57 2PW", "LL57 2SW", "LL55 1AA", "LL59 5EA", "LL77 7AA", "LL65 1AA",
];

/// Needs: (pathway, difficulties, English story, Welsh story, weight).
const NEEDS: &[(&str, &[&str], &str, &str, u32)] = &[
    (
        "mental_health",
        &["sleep", "getting_out"],
        "Since the spring I have been anxious most days and I am not sleeping. I have stopped going out and I miss seeing people.",
        "Ers y gwanwyn rwy'n bryderus y rhan fwyaf o ddyddiau a dydw i ddim yn cysgu. Rydw i wedi stopio mynd allan ac rwy'n gweld eisiau pobl.",
        55,
    ),
    (
        "work_fitnote",
        &["work_study"],
        "I have been off work with low mood and back pain for six weeks and I want to get back but I am worried I will not cope.",
        "Rydw i wedi bod i ffwrdd o'r gwaith gyda hwyliau isel a phoen cefn ers chwe wythnos ac rydw i eisiau mynd yn ôl ond rwy'n poeni na fydda i'n ymdopi.",
        15,
    ),
    (
        "frailty_falls",
        &["home", "self_care"],
        "I had two falls at home this year and I find the stairs and getting in the bath hard now.",
        "Cefais ddwy godwm gartref eleni ac rwy'n ei chael hi'n anodd gyda'r grisiau a mynd i'r bath nawr.",
        12,
    ),
    (
        "community_hub",
        &["hobbies", "getting_out"],
        "Since my husband died I am on my own most of the week and I have lost interest in things I used to enjoy.",
        "Ers i fy ngŵr farw rydw i ar fy mhen fy hun y rhan fwyaf o'r wythnos ac rydw i wedi colli diddordeb mewn pethau roeddwn i'n eu mwynhau.",
        10,
    ),
    (
        "housing_advice",
        &["money_paperwork", "home"],
        "I am behind with the rent and the worry is making my pain worse. I cannot keep on top of things at home.",
        "Rydw i ar ei hôl hi gyda'r rhent ac mae'r pryder yn gwneud fy mhoen yn waeth. Alla i ddim cadw trefn ar bethau gartref.",
        8,
    ),
];

/// Goals: (English, Welsh) text and the five levels' English text.
const GOALS: &[(&str, &str)] = &[
    (
        "Walk to the shop and back twice a week",
        "Cerdded i'r siop ac yn ôl ddwywaith yr wythnos",
    ),
    (
        "Go back to work on a phased return",
        "Mynd yn ôl i'r gwaith yn raddol",
    ),
    (
        "Sleep through the night at least four nights a week",
        "Cysgu drwy'r nos o leiaf bedair noson yr wythnos",
    ),
    (
        "Join a group at the community hub",
        "Ymuno â grŵp yn yr hyb cymunedol",
    ),
];

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

fn weighted<'a>(
    rng: &mut ChaCha8Rng,
    items: &'a [(&'a str, &'a [&'a str], &'a str, &'a str, u32)],
) -> &'a (&'a str, &'a [&'a str], &'a str, &'a str, u32) {
    let total: u32 = items.iter().map(|i| i.4).sum();
    let mut x = rng.random_range(0..total);
    for i in items {
        if x < i.4 {
            return i;
        }
        x -= i.4;
    }
    &items[0]
}

/// A made-up NHS number in the range kept for tests (999 …), with a
/// valid check digit.
fn test_nhs_number(rng: &mut ChaCha8Rng) -> String {
    loop {
        let mut d: Vec<u32> = vec![9, 9, 9];
        d.extend((0..6).map(|_| rng.random_range(0..10)));
        let sum: u32 = d.iter().zip((2..=10).rev()).map(|(x, w)| x * w).sum();
        let check = (11 - sum % 11) % 11;
        if check == 10 {
            continue;
        }
        d.push(check);
        return d.iter().map(|x| x.to_string()).collect();
    }
}

fn at(day: Date, hour: i8, minute: i8) -> Timestamp {
    day.to_datetime(Time::constant(hour, minute, 0, 0))
        .in_tz("Europe/London")
        .map(|z| z.timestamp())
        .unwrap_or(Timestamp::UNIX_EPOCH)
}

fn plus_days(d: Date, n: i64) -> Date {
    d.checked_add(Span::new().days(n)).unwrap_or(d)
}

fn id(rng: &mut ChaCha8Rng) -> String {
    let bytes: [u8; 16] = rng.random();
    uuid_text(bytes)
}

/// A version-4-shaped UUID from drawn bytes (so a seed gives the same ids).
fn uuid_text(mut b: [u8; 16]) -> String {
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

struct Session {
    id: String,
    practice: usize,
    ot: usize,
    day: Date,
    used: usize,
}

impl Session {
    fn slot_time(&self, slot: usize) -> Timestamp {
        let minutes = 9 * 60 + slot as i64 * SLOT_MINUTES;
        at(self.day, (minutes / 60) as i8, (minutes % 60) as i8)
    }
}

/// The next session at `practice` on or after `day` with a free slot
/// within three weeks; otherwise the next at any practice.
fn next_free(sessions: &[Session], practice: usize, day: Date) -> Option<usize> {
    let from = sessions.partition_point(|s| s.day < day);
    let soon = plus_days(day, 21);
    (from..sessions.len())
        .take_while(|&i| sessions[i].day < soon)
        .find(|&i| sessions[i].practice == practice && sessions[i].used < SLOTS)
        .or_else(|| (from..sessions.len()).find(|&i| sessions[i].used < SLOTS))
}

#[allow(clippy::too_many_arguments)]
fn entry_row(
    t: &mut Rows,
    rng: &mut ChaCha8Rng,
    entry_id: &str,
    episode: &str,
    kind: &str,
    version: i64,
    body: String,
    author: &str,
    when: Timestamp,
    reason: Option<&str>,
) {
    t.push(vec![
        id(rng).into(),
        entry_id.into(),
        episode.into(),
        kind.into(),
        version.into(),
        body.into(),
        author.into(),
        time_text(when).into(),
        reason.map(str::to_owned).into(),
    ]);
}

/// A measure's answers summing to `total`, item by item up to `max`,
/// with the items in `zero` left at 0 (PHQ-9's item 9 is never set, so
/// no made-up person carries a safety alert).
fn answers_for(rng: &mut ChaCha8Rng, items: usize, total: i64, zero: &[usize]) -> Vec<Option<i64>> {
    let mut a = vec![0i64; items];
    let open: Vec<usize> = (0..items).filter(|i| !zero.contains(i)).collect();
    let mut left = total.clamp(0, 3 * open.len() as i64);
    while left > 0 {
        let i = *pick(rng, &open);
        if a[i] < 3 {
            a[i] += 1;
            left -= 1;
        }
    }
    a.into_iter().map(Some).collect()
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".to_owned())
}

/// Writes a synthetic service's records for `shape` into `service_id`,
/// at its `practices`, with new OT accounts (disabled: nobody signs in as
/// them) as the authors. `progress` is told (people done, people in all).
pub async fn generate(
    store: &Store,
    service_id: &str,
    practices: &[Practice],
    shape: &Shape,
    seed: u64,
    mut progress: impl FnMut(usize, usize),
) -> Result<Generated, Fatal> {
    if practices.is_empty() {
        return Err(Fatal::config(
            "the service has no practices to generate for",
        ));
    }
    // References are unique across the deployment: draw until new.
    let mut references = store.references_in_use().await?;
    // The service's community resources, to signpost to.
    let resources: Vec<(String, String)> = store
        .all_resources(service_id)
        .await?
        .into_iter()
        .filter(|r| r.status == "active")
        .map(|r| (r.id, r.name))
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let end = shape
        .start
        .checked_add(Span::new().months(shape.months))
        .map_err(|e| Fatal::config(format!("the period does not fit the calendar: {e}")))?;
    let now = at(end, 17, 0);
    let mut out = Generated::default();

    // The OTs and their clinic days.
    let tag = format!("{:08x}", rng.random::<u32>());
    let mut users = Rows::new(
        "users",
        &[
            "id",
            "service_id",
            "email",
            "name",
            "password_hash",
            "disabled",
            "created_at",
        ],
    );
    let mut roles = Rows::new("user_roles", &["user_id", "role"]);
    let mut ots = Vec::new();
    for k in 0..shape.ots {
        let uid = id(&mut rng);
        users.push(vec![
            uid.clone().into(),
            service_id.into(),
            format!("ot{}.{tag}@generated.roots.invalid", k + 1).into(),
            format!("Synthetic OT {}", k + 1).into(),
            "!generated: no password".into(),
            1.into(),
            time_text(at(shape.start, 8, 0)).into(),
        ]);
        roles.push(vec![uid.clone().into(), "occupational_therapist".into()]);
        ots.push(uid);
    }
    let mut sessions: Vec<Session> = Vec::new();
    let mut week = shape.start;
    while week < end {
        for k in 0..shape.ots {
            let day = plus_days(week, (k % 5) as i64);
            if day >= shape.start && day < end {
                sessions.push(Session {
                    id: id(&mut rng),
                    practice: k % practices.len(),
                    ot: k,
                    day,
                    used: 0,
                });
            }
        }
        week = plus_days(week, 7);
    }
    sessions.sort_by_key(|s| s.day);
    let mut session_rows = Rows::new(
        "clinic_sessions",
        &[
            "id",
            "service_id",
            "practice_id",
            "user_id",
            "starts_at",
            "ends_at",
            "slot_minutes",
            "modes",
            "created_at",
        ],
    );
    for s in &sessions {
        session_rows.push(vec![
            s.id.clone().into(),
            service_id.into(),
            practices[s.practice].id.clone().into(),
            ots[s.ot].clone().into(),
            time_text(at(s.day, 9, 0)).into(),
            time_text(at(s.day, 16, 30)).into(),
            SLOT_MINUTES.into(),
            "face_to_face,telephone,video".into(),
            time_text(at(shape.start, 8, 0)).into(),
        ]);
    }
    out.clinic_sessions = sessions.len();
    store.insert_rows(&[users, roles, session_rows]).await?;

    let days = (end.since(shape.start).map(|s| s.get_days()).unwrap_or(30) as i64).max(1);
    let last_referral_day = (days - 21).max(1);
    let not_seen = (shape.persons as f64 * shape.not_seen).round() as usize;
    let total = shape.persons + not_seen;
    // Who is seen: a shuffled mix, so the unseen are spread over time.
    let mut seen_flags: Vec<bool> = (0..total).map(|i| i < shape.persons).collect();
    seen_flags.shuffle(&mut rng);
    let mut referral_days: Vec<i64> = (0..total)
        .map(|_| rng.random_range(0..last_referral_day))
        .collect();
    referral_days.sort_unstable();
    let phq9 = MeasureSet::built_in().get("phq9");
    let gad7 = MeasureSet::built_in().get("gad7");

    let mut done = 0;
    while done < total {
        let upto = (done + BATCH).min(total);
        let mut persons = Rows::new(
            "persons",
            &[
                "id",
                "service_id",
                "given_name",
                "family_name",
                "date_of_birth",
                "nhs_number",
                "postcode",
                "practice_id",
                "details",
                "created_at",
            ],
        );
        let mut referrals = Rows::new(
            "referrals",
            &[
                "id",
                "reference",
                "service_id",
                "practice_id",
                "source",
                "channel",
                "status",
                "given_name",
                "family_name",
                "date_of_birth",
                "nhs_number",
                "postcode",
                "needs_help_now",
                "language",
                "answers",
                "created_at",
                "priority",
                "priority_rank",
                "pathways",
                "person_id",
            ],
        );
        let mut triage = Rows::new(
            "triage_records",
            &[
                "id",
                "referral_id",
                "version",
                "user_id",
                "at",
                "priority",
                "pathways",
                "outcome",
                "changed",
            ],
        );
        let mut episodes = Rows::new(
            "episodes",
            &[
                "id",
                "service_id",
                "person_id",
                "referral_id",
                "status",
                "opened_by",
                "opened_at",
                "discharged_at",
            ],
        );
        let mut entries = Rows::new(
            "clinical_entries",
            &[
                "id",
                "entry_id",
                "episode_id",
                "kind",
                "version",
                "body",
                "author_id",
                "at",
                "reason",
            ],
        );
        let mut appointments = Rows::new(
            "appointments",
            &[
                "id",
                "session_id",
                "starts_at",
                "episode_id",
                "mode",
                "status",
                "booked_by",
                "booked_at",
                "updated_by",
                "updated_at",
            ],
        );
        // Discharged people of this batch, for the outcome draws.
        struct Closing {
            episode: String,
            ot: String,
            when: Timestamp,
            mental_health: bool,
            work_start: String,
        }
        let mut closing: Vec<Closing> = Vec::new();
        for i in done..upto {
            let seen = seen_flags[i];
            let practice = rng.random_range(0..practices.len());
            let welsh = rng.random_bool(shape.welsh);
            let need = weighted(&mut rng, NEEDS);
            let received_day = plus_days(shape.start, referral_days[i]);
            let received = at(
                received_day,
                rng.random_range(8..21),
                rng.random_range(0..60),
            );
            let age: i16 = match need.0 {
                "frailty_falls" => rng.random_range(68..92),
                "work_fitnote" => rng.random_range(22..63),
                _ => rng.random_range(18..80),
            };
            let born = Date::new(
                received_day.year() - age,
                rng.random_range(1..13),
                rng.random_range(1..29),
            )
            .unwrap_or(jiff::civil::date(1970, 1, 1));
            let given = *pick(&mut rng, GIVEN);
            let family = *pick(&mut rng, FAMILY);
            let nhs = test_nhs_number(&mut rng);
            let postcode = *pick(&mut rng, POSTCODES);
            let source = *pick(
                &mut rng,
                &["self", "self", "self", "gp", "gp", "practice_staff"],
            );
            let work_status = match need.0 {
                "work_fitnote" => "off_sick",
                _ if age >= 67 => "retired",
                _ => *pick(
                    &mut rng,
                    &["working", "working", "unemployed", "carer", "student"],
                ),
            };
            let stated = |rng: &mut ChaCha8Rng, v: &str| -> Option<String> {
                (!rng.random_bool(0.12)).then(|| v.to_owned())
            };
            let sex = *pick(&mut rng, &["female", "female", "male", "male", "other"]);
            let ethnic = *pick(
                &mut rng,
                &[
                    "A", "A", "A", "A", "A", "A", "A", "A", "B", "C", "D", "H", "J", "M", "R",
                ],
            );
            let housing = *pick(
                &mut rng,
                &[
                    "own_home",
                    "rent_private",
                    "rent_social",
                    "rent_social",
                    "with_family_friends",
                    "temporary",
                ],
            );
            let refugee = if rng.random_bool(0.02) { "yes" } else { "no" };
            let traveller = if rng.random_bool(0.01) { "yes" } else { "no" };
            let forces = if rng.random_bool(0.05) {
                "veteran"
            } else {
                "no"
            };
            let carer = if rng.random_bool(0.15) { "yes" } else { "no" };
            let answers = ReferralInput {
                source: Some(source.into()),
                needs_help_now: Some("no".into()),
                emergency_signs: vec!["none".into()],
                crisis_signs: vec!["none".into()],
                other_concerns: vec!["none".into()],
                given_name: Some(given.into()),
                family_name: Some(family.into()),
                dob_day: Some(born.day().to_string()),
                dob_month: Some(born.month().to_string()),
                dob_year: Some(born.year().to_string()),
                phone: Some(format!("07700 900{:03}", rng.random_range(0..1000))),
                leave_message: Some("yes".into()),
                postcode: Some(postcode.into()),
                nhs_number: Some(nhs.clone()),
                practice: Some(practices[practice].id.clone()),
                language: Some(if welsh { "cy" } else { "en" }.into()),
                interpreter: Some("no".into()),
                communication_needs: vec!["none".into()],
                story: Some(if welsh { need.3 } else { need.2 }.into()),
                difficulties: need.1.iter().map(|d| (*d).to_owned()).collect(),
                duration: Some((*pick(&mut rng, roots_core::referral::DURATIONS)).to_owned()),
                matters_most: Some(
                    if welsh {
                        "Teimlo fel fi fy hun eto"
                    } else {
                        "Feeling like myself again"
                    }
                    .into(),
                ),
                work_status: Some(work_status.into()),
                fit_note: Some(
                    if need.0 == "work_fitnote" {
                        "yes"
                    } else {
                        "no"
                    }
                    .into(),
                ),
                sex: stated(&mut rng, sex),
                ethnic_group: stated(&mut rng, ethnic),
                housing: stated(&mut rng, housing),
                refugee_asylum: stated(&mut rng, refugee),
                gypsy_roma_traveller: stated(&mut rng, traveller),
                armed_forces: stated(&mut rng, forces),
                unpaid_carer: stated(&mut rng, carer),
                consent: Some("yes".into()),
                ..ReferralInput::default()
            };
            let answers_text = json(&answers);
            let person = id(&mut rng);
            let referral = id(&mut rng);
            let pathways = if seen {
                format!("ot_assessment,{}", need.0)
            } else {
                need.0.to_owned()
            };
            let outcome = if seen {
                "accept_ot"
            } else {
                *pick(&mut rng, &["signpost", "redirect", "advice_closed"])
            };
            let status = match outcome {
                "accept_ot" => "accepted",
                "signpost" => "signposted",
                "redirect" => "redirected",
                _ => "closed",
            };
            persons.push(vec![
                person.clone().into(),
                service_id.into(),
                given.into(),
                family.into(),
                born.to_string().into(),
                nhs.clone().into(),
                postcode.into(),
                practices[practice].id.clone().into(),
                answers_text.clone().into(),
                time_text(received).into(),
            ]);
            referrals.push(vec![
                referral.clone().into(),
                loop {
                    let r = Reference::from_random(rng.random()).to_string();
                    if references.insert(r.clone()) {
                        break r;
                    }
                }
                .into(),
                service_id.into(),
                practices[practice].id.clone().into(),
                source.into(),
                "online".into(),
                status.into(),
                given.into(),
                family.into(),
                born.to_string().into(),
                nhs.into(),
                postcode.into(),
                0.into(),
                if welsh { "cy" } else { "en" }.into(),
                answers_text.into(),
                time_text(received).into(),
                "routine".into(),
                0.into(),
                pathways.clone().into(),
                person.clone().into(),
            ]);
            out.referrals += 1;
            // Triage within three days, by the practice's OT.
            let triage_ot = ots[practice % ots.len()].clone();
            let triaged = received
                .checked_add(Span::new().minutes(rng.random_range(30..(3 * 24 * 60))))
                .unwrap_or(received);
            triage.push(vec![
                id(&mut rng).into(),
                referral.clone().into(),
                1.into(),
                triage_ot.clone().into(),
                time_text(triaged).into(),
                "routine".into(),
                pathways.into(),
                outcome.into(),
                0.into(),
            ]);
            if !seen {
                continue;
            }
            let episode = id(&mut rng);
            // Contacts: 1 to 4, a fortnight apart; some not attended.
            let wanted = *pick(&mut rng, &[1usize, 1, 1, 2, 2, 2, 3, 3, 4]);
            let mut day = plus_days(received_day, rng.random_range(2..10));
            let mut attended: Vec<(Timestamp, String)> = Vec::new();
            let mut tries = 0;
            while attended.len() < wanted && tries < wanted + 4 {
                tries += 1;
                let Some(si) = next_free(&sessions, practice, day) else {
                    break;
                };
                let s = &mut sessions[si];
                let slot = s.used;
                s.used += 1;
                let when = s.slot_time(slot);
                let missed = rng.random_bool(shape.did_not_attend);
                let ot = ots[s.ot].clone();
                appointments.push(vec![
                    id(&mut rng).into(),
                    s.id.clone().into(),
                    time_text(when).into(),
                    episode.clone().into(),
                    if rng.random_bool(0.3) {
                        "telephone"
                    } else {
                        "face_to_face"
                    }
                    .into(),
                    if missed { "did_not_attend" } else { "attended" }.into(),
                    triage_ot.clone().into(),
                    time_text(triaged).into(),
                    ot.clone().into(),
                    time_text(when).into(),
                ]);
                out.appointments += 1;
                let next_gap = if missed { 7 } else { 14 };
                day = plus_days(s.day, next_gap);
                if !missed {
                    attended.push((when, ot));
                }
            }
            let Some((first, first_ot)) = attended.first().cloned() else {
                // Never reached a clinic before the period ended: still open.
                episodes.push(vec![
                    episode.into(),
                    service_id.into(),
                    person.into(),
                    referral.into(),
                    "open".into(),
                    triage_ot.into(),
                    time_text(triaged).into(),
                    Cell::Null,
                ]);
                continue;
            };
            out.people_seen += 1;
            let (last, last_ot) = attended
                .last()
                .cloned()
                .unwrap_or((first, first_ot.clone()));
            let discharge_at = last.checked_add(Span::new().hours(2)).unwrap_or(last);
            let discharged = attended.len() == wanted && discharge_at < now;
            episodes.push(vec![
                episode.clone().into(),
                service_id.into(),
                person.into(),
                referral.into(),
                if discharged { "discharged" } else { "open" }.into(),
                triage_ot.into(),
                time_text(triaged).into(),
                discharged.then(|| time_text(discharge_at)).into(),
            ]);
            // The first contact: an intervention; a goal and measures for
            // those seen more than once.
            let code = match need.0 {
                "mental_health" => "anxiety_management",
                "work_fitnote" => "vocational_rehab_work_advice",
                "frailty_falls" => "falls_prevention_home_hazards",
                "community_hub" => "signposting",
                _ => "routine_habit_building",
            };
            if let Ok(iv) = (InterventionInput {
                code: Some(code.into()),
                minutes: Some(rng.random_range(20..60).to_string()),
                note: None,
            })
            .validate()
            {
                let eid = id(&mut rng);
                entry_row(
                    &mut entries,
                    &mut rng,
                    &eid,
                    &episode,
                    "intervention",
                    1,
                    json(&iv),
                    &first_ot,
                    first,
                    None,
                );
            }
            if attended.len() > 1 {
                let (en, cy) = *pick(&mut rng, GOALS);
                let text = if welsh { cy } else { en };
                let baseline = *pick(&mut rng, &["-1", "-1", "-2"]);
                let goal = |followup: Option<&str>| GoalInput {
                    text: Some(text.into()),
                    level_minus_2: Some("Much less than expected".into()),
                    level_minus_1: Some("Somewhat less than expected".into()),
                    level_0: Some("As expected".into()),
                    level_plus_1: Some("Somewhat more than expected".into()),
                    level_plus_2: Some("Much more than expected".into()),
                    importance: Some("2".into()),
                    difficulty: Some("2".into()),
                    baseline: Some(baseline.into()),
                    followup: followup.map(str::to_owned),
                };
                let eid = id(&mut rng);
                if let Ok(g) = goal(None).validate() {
                    entry_row(
                        &mut entries,
                        &mut rng,
                        &eid,
                        &episode,
                        "goal",
                        1,
                        json(&g),
                        &first_ot,
                        first,
                        None,
                    );
                }
                if discharged {
                    let f = *pick(&mut rng, &["-1", "0", "0", "0", "1", "1", "2"]);
                    if let Ok(g) = goal(Some(f)).validate() {
                        entry_row(
                            &mut entries,
                            &mut rng,
                            &eid,
                            &episode,
                            "goal",
                            2,
                            json(&g),
                            &last_ot,
                            discharge_at,
                            Some("Reviewed at discharge"),
                        );
                    }
                }
                if need.0 == "mental_health" {
                    for (def, items, zero, low, high) in
                        [(phq9, 9, &[8usize][..], 10, 20), (gad7, 7, &[][..], 8, 18)]
                    {
                        let Some(def) = def else { continue };
                        let start = rng.random_range(low..high);
                        let change = rng.random_range(-8..2);
                        for (when, total, who) in
                            [(first, start, &first_ot), (last, start + change, &last_ot)]
                        {
                            let answers = answers_for(&mut rng, items, total, zero);
                            if let Ok(s) = score(def, &answers) {
                                let eid = id(&mut rng);
                                entry_row(
                                    &mut entries,
                                    &mut rng,
                                    &eid,
                                    &episode,
                                    "measure",
                                    1,
                                    json(&s),
                                    who,
                                    when,
                                    None,
                                );
                            }
                        }
                    }
                }
            }
            if !resources.is_empty()
                && matches!(need.0, "community_hub" | "housing_advice" | "mental_health")
                && rng.random_bool(0.5)
            {
                // Signposted at the first contact; the follow-up at discharge.
                let (rid, _) = pick(&mut rng, &resources).clone();
                let first_day = first
                    .in_tz("Europe/London")
                    .map(|z| z.date())
                    .unwrap_or(day);
                let input = SignpostInput {
                    resource: Some(rid),
                    why: Some(
                        if welsh { need.3 } else { need.2 }
                            .chars()
                            .take(120)
                            .collect(),
                    ),
                    how: Some(
                        (*pick(&mut rng, &["information_given", "warm_handover"])).to_owned(),
                    ),
                    consent: Some("yes".into()),
                    follow_up_weeks: Some("4".into()),
                };
                if let Ok(sp) = input.validate(&resources, first_day) {
                    let eid = id(&mut rng);
                    entry_row(
                        &mut entries,
                        &mut rng,
                        &eid,
                        &episode,
                        "signpost",
                        1,
                        json(&sp),
                        &first_ot,
                        first,
                        None,
                    );
                    if discharged {
                        let outcome = *pick(
                            &mut rng,
                            &["attended", "attended", "did_not_attend", "not_known"],
                        );
                        let follow = FollowUpInput {
                            outcome: Some(outcome.into()),
                            note: None,
                        };
                        if let Ok(done) = follow.apply(&sp) {
                            entry_row(
                                &mut entries,
                                &mut rng,
                                &eid,
                                &episode,
                                "signpost",
                                2,
                                json(&done),
                                &last_ot,
                                discharge_at,
                                Some("Follow-up"),
                            );
                        }
                    }
                }
            }
            // Work: off sick, back at work for some by discharge (the fit
            // note pathway); unemployed and looking, into work or
            // volunteering for some (the I CAN hubs' employment support).
            let last_day = last.in_tz("Europe/London").map(|z| z.date()).unwrap_or(day);
            let journey = if need.0 == "work_fitnote" {
                let since = plus_days(received_day, -rng.random_range(20..60));
                let back = discharged && rng.random_bool(0.6);
                Some((
                    WorkStatus::OffSick,
                    since,
                    back.then_some(WorkStatus::InWork),
                ))
            } else if work_status == "unemployed"
                && matches!(need.0, "community_hub" | "mental_health")
            {
                let since = plus_days(received_day, -rng.random_range(60..400));
                let then = (discharged && rng.random_bool(0.3)).then(|| {
                    if rng.random_bool(0.5) {
                        WorkStatus::InWork
                    } else {
                        WorkStatus::Volunteering
                    }
                });
                Some((WorkStatus::UnemployedLooking, since, then))
            } else {
                None
            };
            if let Some((from, since, to)) = journey {
                let changes = [
                    Some((from, since, &first_ot, first)),
                    to.map(|s| (s, last_day, &last_ot, last)),
                ];
                for (status, since, who, when) in changes.into_iter().flatten() {
                    let eid = id(&mut rng);
                    let body = StatusChange {
                        status,
                        since: since.to_string(),
                    };
                    entry_row(
                        &mut entries,
                        &mut rng,
                        &eid,
                        &episode,
                        "work_status",
                        1,
                        json(&body),
                        who,
                        when,
                        None,
                    );
                }
            }
            if discharged {
                closing.push(Closing {
                    episode,
                    ot: last_ot,
                    when: discharge_at,
                    mental_health: need.0 == "mental_health",
                    work_start: work_status.to_owned(),
                });
            }
        }
        // Discharge outcomes in the shape's proportions of this batch's
        // discharges (shuffled, so who gets which is drawn).
        let n = closing.len();
        let share = |rate: f64| -> Vec<bool> {
            let k = (rate * n as f64).round() as usize;
            (0..n).map(|i| i < k).collect()
        };
        let (mut sm, mut gp, mut cmht) = (
            share(shape.self_management),
            share(shape.gp_avoided),
            share(shape.cmht_avoided),
        );
        sm.shuffle(&mut rng);
        gp.shuffle(&mut rng);
        cmht.shuffle(&mut rng);
        for (i, c) in closing.iter().enumerate() {
            let referred_on = !cmht[i] && c.mental_health && rng.random_bool(0.05);
            let input = DischargeInput {
                reason: Some(
                    if referred_on {
                        "referred_on"
                    } else {
                        "goals_met"
                    }
                    .into(),
                ),
                self_management_offered: Some(if sm[i] { "yes" } else { "no" }.into()),
                gp_appointments_avoided: Some(
                    if gp[i] { rng.random_range(1..4) } else { 0 }.to_string(),
                ),
                ot_instead_of_gp: Some(if gp[i] { "yes" } else { "no" }.into()),
                cmht_referral_avoided: Some(if cmht[i] { "yes" } else { "no" }.into()),
                cmht_reason: cmht[i].then(|| {
                    "Needs met in primary care with occupation-focused support".to_owned()
                }),
                medication_avoided: Some(
                    if c.mental_health {
                        "no"
                    } else {
                        "not_applicable"
                    }
                    .into(),
                ),
                work_status_start: Some(c.work_start.clone()),
                work_status_end: Some(c.work_start.clone()),
                secondary_care: Some(if referred_on { "yes" } else { "no" }.into()),
                secondary_care_where: referred_on
                    .then(|| "Primary care mental health support service".to_owned()),
                ..DischargeInput::default()
            };
            match input.validate() {
                Ok(d) => {
                    let eid = id(&mut rng);
                    entry_row(
                        &mut entries,
                        &mut rng,
                        &eid,
                        &c.episode,
                        "discharge",
                        1,
                        json(&d),
                        &c.ot,
                        c.when,
                        None,
                    );
                    out.discharged += 1;
                }
                Err(e) => {
                    return Err(Fatal::runtime(format!(
                        "a generated discharge broke its rules: {e:?}"
                    )));
                }
            }
        }
        out.clinical_entries += entries.rows.len();
        store
            .insert_rows(&[persons, referrals, triage, episodes, entries, appointments])
            .await?;
        done = upto;
        progress(done, total);
    }
    store.analyze().await?;
    Ok(out)
}

/// One line saying what was written.
pub fn summary(g: &Generated) -> String {
    format!(
        "{} referrals, {} people seen, {} discharged, {} appointments in {} clinic sessions, {} clinical entries",
        g.referrals,
        g.people_seen,
        g.discharged,
        g.appointments,
        g.clinic_sessions,
        g.clinical_entries
    )
}
