use super::*;
use crate::evaluation::MeasureChanges;
use crate::evaluation::equity::Monitoring;
use crate::triage::Pathway;
use crate::work::WorkOutcome;

fn date(s: &str) -> jiff::civil::Date {
    s.parse().unwrap()
}

/// Twelve referrals: 9 from people themselves, 3 from GPs; 10 seen (each
/// twice), 8 discharged (6 offered self-management, 5 with a GP
/// appointment avoided, 1 each), 2 still open; PHQ-9 fell by 4 for 6
/// people; GAS changed for 2.
fn twelve() -> Vec<ReferralFacts<'static>> {
    (0..12)
        .map(|i| {
            let seen = i < 10;
            let discharged = i < 8;
            ReferralFacts {
                person: format!("p{i}").into(),
                received: Some(date(if i < 7 { "2020-09-02" } else { "2020-09-09" })),
                source: if i < 9 { "self" } else { "gp" }.into(),
                pathways: [Pathway::MentalHealth].into_iter().collect(),
                days_to_triage: Some(i as f64),
                days_to_first_contact: seen.then_some(10.0),
                contacts: if seen { 2 } else { 0 },
                did_not_attend: u64::from(i == 0),
                discharged,
                self_management_offered: discharged && i < 6,
                gp_appointments_avoided: u64::from(discharged && i < 5),
                cmht_referral_avoided: false,
                referred_on: false,
                work_outcome: None,
                measure_changes: MeasureChanges {
                    phq9: (i < 6).then_some(-4.0),
                    gas: (6..8).contains(&i).then_some(20.0),
                    gad7: None,
                },
                equity: Monitoring {
                    sex: Some(if i < 6 { "female" } else { "male" }.into()),
                    ..Monitoring::default()
                },
            }
        })
        .collect()
}

fn find<'a>(e: &'a Evaluation, figure: &str, group: Option<&str>) -> &'a Row {
    e.rows
        .iter()
        .find(|r| r.figure == figure && r.group.as_deref() == group && r.dimension.is_none())
        .unwrap_or_else(|| panic!("no row {figure} {group:?}"))
}

#[test]
fn every_figure_has_its_parts_and_small_ones_are_not_shown() {
    let sessions = Sessions {
        ot_days: 2,
        ot_hours: 15.0,
    };
    let e = evaluate(&twelve(), sessions, &Config::default());
    let count = |f: &str| find(&e, f, None).value;
    assert_eq!(count("referrals"), Some(12.0));
    assert_eq!(count("people_seen"), Some(10.0));
    assert_eq!(count("contacts"), Some(20.0));
    assert_eq!(count("people_per_ot_day"), Some(5.0));
    // 9 from people themselves; the 3 from GPs are too few to show, and
    // the 9 are hidden too, or 12 − 9 would give the 3.
    let gp = find(&e, "by_source", Some("gp"));
    assert!(gp.suppressed && gp.numerator.is_none() && gp.value.is_none());
    let own = find(&e, "by_source", Some("self"));
    assert!(own.suppressed && own.numerator.is_none());
    // Weeks start on Monday: 7 in the week of 31 August, 5 in the next.
    assert_eq!(find(&e, "per_week", Some("2020-08-31")).numerator, Some(7));
    assert_eq!(find(&e, "per_week", Some("2020-09-07")).numerator, Some(5));
    // Self-management: 6 of the 8 discharged would show that 2 were not.
    let sm = find(&e, "self_management", None);
    assert!(sm.suppressed);
    assert_eq!((sm.numerator, sm.denominator, sm.value), (None, None, None));
    // Its configured baseline is beside it all the same.
    assert_eq!(sm.baseline.as_ref().map(|b| b.value), Some(5.0));
    // GP avoided: 5 of 8 (3 not) is also suppressed; at a threshold of 2
    // both show.
    let lower = Config {
        suppress_below: 2,
        ..Config::default()
    };
    let e3 = evaluate(&twelve(), sessions, &lower);
    let sm3 = find(&e3, "self_management", None);
    assert_eq!((sm3.numerator, sm3.denominator), (Some(6), Some(8)));
    assert_eq!(sm3.value, Some(75.0));
    assert_eq!(find(&e3, "gp_avoided", None).value, Some(62.5));
    assert_eq!(find(&e3, "by_source", Some("gp")).numerator, Some(3));
    // Waits of 0…11 days: median 5.5, p90 h = 9.9: 9.9.
    let w = find(&e, "wait_to_triage_median", None);
    assert_eq!((w.denominator, w.value), (Some(12), Some(5.5)));
    let p90 = find(&e, "wait_to_triage_p90", None).value.unwrap();
    assert!((p90 - 9.9).abs() < 1e-9, "{p90}");
    // PHQ-9 mean change −4 over 6 people; GAS over 2 is not shown.
    let phq = find(&e, "mean_change", Some("phq9"));
    assert_eq!((phq.denominator, phq.value), (Some(6), Some(-4.0)));
    let gas = find(&e, "mean_change", Some("gas"));
    assert!(gas.suppressed && gas.value.is_none());
    assert_eq!(gas.denominator, None, "not even how many");
    let gad = find(&e, "mean_change", Some("gad7"));
    assert_eq!(
        (gad.denominator, gad.value, gad.suppressed),
        (Some(0), None, false)
    );
    // The return: 15 h × £120 = £1,800 against 5 × £184 × 10/60.
    let cost = find(&e, "cost", Some("central")).value.unwrap();
    assert!((cost - 1_800.0).abs() < 1e-9);
    let avoided = find(&e, "avoided", Some("central")).value.unwrap();
    assert!((avoided - 5.0 * 184.0 / 6.0).abs() < 1e-9);
    assert_eq!(e.returns[1], roi(&e.activity, &e.costs, End::Central));
    assert!(find(&e, "roi_ratio", Some("central")).baseline.is_some());
    assert!(find(&e, "roi_ratio", Some("low")).baseline.is_none());
    // Equity: 6 women, 6 men; every answer stated.
    let women: Vec<&Row> = e
        .rows
        .iter()
        .filter(|r| r.dimension.as_deref() == Some("sex") && r.group.as_deref() == Some("female"))
        .collect();
    assert_eq!(women.len(), 3);
    assert_eq!(women[0].figure, "share_of_referrals");
    assert_eq!((women[0].numerator, women[0].value), (Some(6), Some(50.0)));
    let not_stated = e
        .rows
        .iter()
        .find(|r| r.dimension.as_deref() == Some("sex") && r.figure == "not_stated")
        .unwrap();
    assert_eq!(
        (not_stated.numerator, not_stated.value),
        (Some(0), Some(0.0))
    );
    // Deprivation is not known for anyone: 12 of 12.
    let dep = e
        .rows
        .iter()
        .find(|r| r.dimension.as_deref() == Some("deprivation") && r.figure == "not_stated")
        .unwrap();
    assert_eq!(dep.value, Some(100.0));
}

#[test]
fn nothing_recorded_gives_no_values_not_zeros() {
    let e = evaluate(&[], Sessions::default(), &Config::default());
    assert_eq!(find(&e, "referrals", None).value, Some(0.0));
    let sm = find(&e, "self_management", None);
    assert_eq!(
        (sm.value, sm.suppressed, sm.denominator),
        (None, false, Some(0))
    );
    assert_eq!(find(&e, "people_per_ot_day", None).value, None);
    assert_eq!(find(&e, "wait_to_triage_median", None).value, None);
    assert_eq!(find(&e, "roi_ratio", Some("central")).value, None);
}

#[test]
fn the_csv_has_every_row_and_quotes_what_needs_it() {
    let e = evaluate(&twelve(), Sessions::default(), &Config::default());
    let text = csv(&e);
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), e.rows.len() + 1);
    assert!(lines[0].starts_with("section,figure,dimension,group,numerator"));
    assert!(lines.contains(&"activity,referrals,,,12,,12,count,false,,"));
    assert!(lines.contains(&"referrals,by_source,,gp,,,,count,true,,"));
    // The default baseline's source has a comma: quoted.
    let sm = lines
        .iter()
        .find(|l| l.starts_with("outcomes,self_management,"))
        .unwrap();
    assert!(
        sm.ends_with(",5,\"GP consultations offering self-management (RCOT, Roots of recovery, North Wales case study)\""),
        "{sm}"
    );
    assert_eq!(number(62.5), "62.5");
    assert_eq!(number(2.0 / 3.0), "0.67");
    assert_eq!(number(-0.001), "0");
    assert_eq!(number(1800.0), "1800");
}

#[test]
fn configuration_files_are_checked() {
    let c = parse_config(
        "suppress_below = 10\n[cmht_referral]\nvalue = 350.0\nlow = 250.0\nhigh = 500.0\nsource = \"Local tariff 2025\"\nprice_year = 2025\n[baseline.gp_avoided]\nvalue = 0.0\nsource = \"none without the service\"\n",
    )
    .unwrap();
    assert_eq!(c.costs.cmht_referral.value, 350.0);
    assert!(!c.costs.cmht_referral.to_confirm);
    assert_eq!(
        c.costs.gp_hour,
        UnitCosts::default().gp_hour,
        "the rest kept"
    );
    assert_eq!(c.suppress_below, 10);
    assert_eq!(c.baselines.len(), 3, "the defaults and the new one");
    let bad = parse_config(
        "suppress_below = 1\n[ot_hour]\nvalue = -1.0\nsource = \"x\"\n[gp_hour]\nvalue = 100.0\nlow = 150.0\nsource = \"x\"\n[cmht_referral]\nvalue = 1.0\nsource = \" \"\n[baseline.happiness]\nvalue = 1.0\nsource = \"x\"\n[baseline.referred_on]\nvalue = -2.0\nsource = \"x\"\n",
    )
    .unwrap_err();
    assert_eq!(bad.len(), 6, "{bad:?}");
    assert!(
        bad.iter()
            .any(|p| p.contains("baseline.happiness: no such figure"))
    );
    assert!(parse_config("[nurse_hour]\nvalue = 1.0\nsource = \"x\"\n").is_err());
    assert_eq!(
        parse_config("").unwrap(),
        Config::default(),
        "an empty file keeps the defaults"
    );
}

#[test]
fn weeks_begin_on_monday() {
    let table = [
        ("2020-09-07", "2020-09-07"),
        ("2020-09-13", "2020-09-07"),
        ("2020-09-06", "2020-08-31"),
        ("2021-01-01", "2020-12-28"),
    ];
    for (d, monday) in table {
        assert_eq!(week_of(date(d)), date(monday), "{d}");
    }
}

/// No hidden figure can be worked out from the figures shown.
#[test]
fn hidden_figures_cannot_be_worked_out_from_the_others() {
    let mut facts = twelve();
    // One person into work from unemployment: too few to show, so the
    // money it adds (and the ratio and per person figures) is not shown
    // either; the cost, from hours, still is.
    facts[0].work_outcome = Some(WorkOutcome::IntoWork);
    let sessions = Sessions {
        ot_days: 2,
        ot_hours: 15.0,
    };
    let e = evaluate(&facts, sessions, &Config::default());
    for end in ["low", "central", "high"] {
        for f in ["avoided", "net_per_person", "roi_ratio"] {
            let row = find(&e, f, Some(end));
            assert!(row.suppressed && row.value.is_none(), "{f} {end}");
        }
        assert!(find(&e, "cost", Some(end)).value.is_some());
    }
    // Equity: 2 of 12 say "other"; their share, and what is counted of
    // them, is hidden, and so is the next smallest share.
    for f in facts.iter_mut().take(2) {
        f.equity.sex = Some("other".into());
    }
    let e = evaluate(&facts, sessions, &Config::default());
    let sex = |figure: &str, group: Option<&str>| {
        e.rows
            .iter()
            .find(|r| {
                r.dimension.as_deref() == Some("sex")
                    && r.figure == figure
                    && r.group.as_deref() == group
            })
            .unwrap()
    };
    for f in ["share_of_referrals", "seen", "self_management"] {
        assert!(sex(f, Some("other")).suppressed, "{f}");
        assert!(sex(f, Some("other")).denominator.is_none(), "{f}");
    }
    let shown: Vec<&str> = ["female", "male", "other"]
        .into_iter()
        .filter(|g| !sex("share_of_referrals", Some(g)).suppressed)
        .collect();
    assert_eq!(shown.len(), 1, "two of the three hidden: {shown:?}");
    // Not stated is 0 of 12 and shown.
    assert_eq!(sex("not_stated", None).numerator, Some(0));
    // A suppressed rate shows neither part: did-not-attend, 1 of 21,
    // would otherwise give 21 − 20 contacts = 1.
    let dna = find(&e, "did_not_attend", None);
    assert!(dna.suppressed && dna.numerator.is_none() && dna.denominator.is_none());
    // With only 3 people seen, neither the people per clinic day nor the
    // figures per person are shown.
    let three: Vec<ReferralFacts> = twelve().into_iter().take(3).collect();
    let e = evaluate(&three, sessions, &Config::default());
    assert!(find(&e, "people_seen", None).suppressed);
    assert!(find(&e, "people_per_ot_day", None).suppressed);
    assert!(find(&e, "net_per_person", Some("central")).suppressed);
}
