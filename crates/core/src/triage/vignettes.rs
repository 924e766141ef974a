//! Triage vignettes: made-up people, what they answered, and what the
//! default rulebook must suggest. A clinical safety officer can read this
//! table without reading the engine. Each row starts from the same
//! ordinary referral (a 40-year-old, not working, finding housework hard
//! after a knee operation: routine OT assessment) and changes what the row
//! says.

use super::Pathway::*;
use super::*;
use jiff::civil::date;

const ROUTINE: Priority = Priority::Routine;
const SOON: Priority = Priority::Soon;
const URGENT: Priority = Priority::Urgent;
const CRISIS: Priority = Priority::Crisis;
const EMERGENCY: Priority = Priority::Emergency;
const TODAY: Date = date(2026, 11, 24);

fn base() -> ReferralInput {
    let s = |v: &str| Some(v.to_owned());
    ReferralInput {
        needs_help_now: s("no"),
        emergency_signs: vec!["none".into()],
        crisis_signs: vec!["none".into()],
        other_concerns: vec!["none".into()],
        given_name: s("Synthetig"),
        family_name: s("Person"),
        dob_day: s("10"),
        dob_month: s("5"),
        dob_year: s("1986"),
        phone: s("07700 900 111"),
        leave_message: s("yes"),
        postcode: s("LL57 2PW"),
        practice: s("p-afon"),
        language: s("en"),
        interpreter: s("no"),
        story: s("I find it hard to manage the housework since my knee operation."),
        difficulties: vec!["home".into()],
        duration: s("1_3_months"),
        matters_most: s("Walking the dog again."),
        work_status: s("unemployed"),
        consent: s("yes"),
        ..Default::default()
    }
}

fn tick(i: &mut ReferralInput, field: &str, values: &[&str]) {
    i.set(field, values.iter().map(|v| (*v).to_owned()).collect());
}
fn story(i: &mut ReferralInput, s: &str) {
    i.story = Some(s.to_owned());
}
fn matters(i: &mut ReferralInput, s: &str) {
    i.matters_most = Some(s.to_owned());
}
/// Born on 10 May, so on 24 November they are this age.
fn aged(i: &mut ReferralInput, years: i16) {
    i.dob_year = Some((2026 - years).to_string());
}
fn work(i: &mut ReferralInput, status: &str, fit_note: &str) {
    i.work_status = Some(status.to_owned());
    i.fit_note = Some(fit_note.to_owned());
}
fn off_sick_since(i: &mut ReferralInput, day: &str, month: &str, fit_note: &str) {
    work(i, "off_sick", fit_note);
    i.off_sick_day = Some(day.to_owned());
    i.off_sick_month = Some(month.to_owned());
    i.off_sick_year = Some("2026".to_owned());
}

type Edit = fn(&mut ReferralInput);
/// (who, what changes, priority, pathways, a rule among the reasons, source)
type Vignette = (
    &'static str,
    Edit,
    Priority,
    &'static [Pathway],
    &'static str,
    &'static str,
);

/// (who, what changes, expected priority, expected pathways, a rule that
/// must be among the reasons ("" for none at all), the guidance behind it)
#[rustfmt::skip]
fn vignettes() -> Vec<Vignette> {
    vec![
        ("ordinary referral", |_| {}, ROUTINE, &[OtAssessment], "", "default: routine OT assessment"),
        // ---- emergency signs ticked
        ("chest pain now", |i| tick(i, "emergency_signs", &["chest_pain"]), EMERGENCY, &[EmergencyServices], "chest-pain-now", "NHS heart attack: 999"),
        ("stroke signs now", |i| tick(i, "emergency_signs", &["stroke_signs"]), EMERGENCY, &[EmergencyServices], "stroke-signs-now", "NICE NG128 FAST"),
        ("severely breathless", |i| tick(i, "emergency_signs", &["breathless"]), EMERGENCY, &[EmergencyServices], "breathless-or-bleeding-now", "NHS when to call 999"),
        ("heavy bleeding", |i| tick(i, "emergency_signs", &["bleeding"]), EMERGENCY, &[EmergencyServices], "breathless-or-bleeding-now", "NHS when to call 999"),
        ("overdose taken", |i| tick(i, "emergency_signs", &["overdose"]), EMERGENCY, &[EmergencyServices, Crisis, MentalHealth], "overdose-now", "NHS 999; NICE NG225"),
        ("sudden severe headache", |i| tick(i, "emergency_signs", &["sudden_headache"]), EMERGENCY, &[EmergencyServices], "sudden-headache-now", "NHS subarachnoid haemorrhage"),
        ("chest pain and stroke signs", |i| tick(i, "emergency_signs", &["chest_pain", "stroke_signs"]), EMERGENCY, &[EmergencyServices], "floor.emergency", "safety floor"),
        // ---- crisis ticked
        ("plans to end life", |i| tick(i, "crisis_signs", &["ending_life_plans"]), CRISIS, &[Crisis, MentalHealth], "ending-life-plans", "NICE NG225"),
        ("thoughts of ending life", |i| tick(i, "crisis_signs", &["ending_life_thoughts"]), CRISIS, &[Crisis, MentalHealth], "ending-life-thoughts-or-self-harm", "NICE NG225"),
        ("recent self-harm", |i| tick(i, "crisis_signs", &["self_harm"]), CRISIS, &[Crisis, MentalHealth], "floor.crisis", "NICE NG225"),
        ("prefers not to say how they feel", |i| tick(i, "crisis_signs", &["prefer_not_to_say"]), URGENT, &[MentalHealth], "floor.crisis_not_said", "NICE NG225: ask directly"),
        ("prefers not to say, and self-harm", |i| tick(i, "crisis_signs", &["self_harm", "prefer_not_to_say"]), CRISIS, &[Crisis, MentalHealth], "floor.crisis", "NICE NG225"),
        // ---- other concerns ticked
        ("unsafe at home", |i| tick(i, "other_concerns", &["unsafe_at_home"]), URGENT, &[Safeguarding], "unsafe-at-home", "NICE PH50; Wales Safeguarding Procedures"),
        ("a child at risk", |i| tick(i, "other_concerns", &["someone_at_risk"]), URGENT, &[Safeguarding], "someone-at-risk", "SSWB (Wales) Act 2014 Part 7"),
        ("fall with head injury at 40", |i| tick(i, "other_concerns", &["fall_head_injury"]), URGENT, &[Gp, FrailtyFalls], "fall-with-head-injury", "NICE NG232"),
        ("fall, could not get up, at 80", |i| { tick(i, "other_concerns", &["fall_cannot_get_up"]); aged(i, 80) }, SOON, &[FrailtyFalls, OtAssessment], "fall-could-not-get-up", "NICE NG249"),
        ("back pain and bladder", |i| tick(i, "other_concerns", &["back_pain_bladder"]), EMERGENCY, &[EmergencyServices, Gp], "cauda-equina-answered", "GIRFT CES pathway"),
        ("weight loss at 40", |i| tick(i, "other_concerns", &["weight_loss"]), SOON, &[Gp], "weight-loss", "NICE NG12"),
        ("weight loss at 70", |i| { tick(i, "other_concerns", &["weight_loss"]); aged(i, 70) }, URGENT, &[Gp], "weight-loss-60-and-over", "NICE NG12"),
        ("new weakness or confusion", |i| tick(i, "other_concerns", &["new_weakness_confusion"]), URGENT, &[Gp], "new-weakness-or-confusion", "NICE NG128; CG103"),
        ("needs help now, nothing else", |i| i.needs_help_now = Some("yes".into()), URGENT, &[OtAssessment], "floor.help_now", "hazard log H-001"),
        // ---- work
        ("working, needs a fit note", |i| work(i, "working", "yes"), SOON, &[WorkFitnote, OtAssessment], "fit-note-requested", "DWP fit note guidance"),
        ("self-employed, not sure about a fit note", |i| work(i, "self_employed", "not_sure"), ROUTINE, &[WorkFitnote, OtAssessment], "fit-note-not-sure", "DWP fit note guidance"),
        ("off sick since September, fit note", |i| off_sick_since(i, "1", "9", "yes"), SOON, &[WorkFitnote, OtAssessment], "off-sick-four-weeks", "NICE NG146"),
        ("off sick for two weeks, no fit note", |i| off_sick_since(i, "10", "11", "no"), ROUTINE, &[OtAssessment], "", "NICE NG146: under four weeks"),
        ("working and work is hard", |i| { work(i, "working", "no"); tick(i, "difficulties", &["work_study"]) }, ROUTINE, &[WorkFitnote, OtAssessment], "work-is-hard", "AHP Health and Work Report"),
        ("asks for a sick note in their words", |i| story(i, "I need a sick note for my employer."), SOON, &[WorkFitnote, OtAssessment], "fit-note-in-own-words", "DWP fit note guidance"),
        ("off sick 12 weeks, fit note in words too", |i| { off_sick_since(i, "1", "8", "yes"); story(i, "I need a fit note, my back is bad.") }, SOON, &[WorkFitnote, OtAssessment], "fit-note-requested", "DWP; NICE NG146"),
        // ---- housing, community, frailty
        ("no fixed address", |i| { i.no_fixed_address = Some("yes".into()); i.postcode = None }, SOON, &[HousingAdvice, OtAssessment], "no-fixed-address", "Housing (Wales) Act 2014"),
        ("sofa surfing in their words", |i| story(i, "I'm homeless and sofa surfing at my cousin's."), SOON, &[HousingAdvice, OtAssessment], "housing-in-own-words", "Housing (Wales) Act 2014"),
        ("not registered with a GP", |i| i.practice = Some("not_registered".into()), ROUTINE, &[Gp, OtAssessment], "not-registered-with-a-gp", "NHS England GP registration"),
        ("lonely since bereavement", |i| story(i, "I feel so lonely since my wife passed away."), ROUTINE, &[CommunityHub, OtAssessment], "lonely-or-isolated", "RCOT Roots of recovery"),
        ("not getting out for over a year", |i| { tick(i, "difficulties", &["getting_out"]); i.duration = Some("over_1_year".into()) }, ROUTINE, &[CommunityHub, OtAssessment], "not-getting-out-for-a-year", "RCOT Roots of recovery"),
        ("80, struggling with self-care", |i| { aged(i, 80); tick(i, "difficulties", &["self_care"]) }, SOON, &[FrailtyFalls, OtAssessment], "older-person-self-care", "BGS Fit for Frailty"),
        ("66, struggling with self-care", |i| { aged(i, 66); tick(i, "difficulties", &["self_care"]) }, ROUTINE, &[OtAssessment], "", "frailty rule starts at 75"),
        ("monitoring answers never change triage", |i| { i.housing = Some("no_fixed_address".into()); i.refugee_asylum = Some("yes".into()); i.unpaid_carer = Some("yes".into()) }, ROUTINE, &[OtAssessment], "", "the about-you page's promise"),
        ("referred by a GP", |i| i.source = Some("gp".into()), ROUTINE, &[OtAssessment], "", "source does not change triage"),
        // ---- free text only, English
        ("low mood without crisis", |i| story(i, "I've been feeling low and anxious since the summer."), SOON, &[MentalHealth, OtAssessment], "low-mood-or-anxiety", "NICE CG123"),
        ("low mood and wants to end life", |i| story(i, "I feel low and sometimes I want to end my life."), CRISIS, &[Crisis, MentalHealth, OtAssessment], "crisis-in-own-words", "NICE NG225"),
        ("negated: not suicidal", |i| story(i, "I'm not suicidal, just tired all the time."), CRISIS, &[Crisis, MentalHealth], "floor.crisis", "negation is raised for review"),
        ("chest pain in their words", |i| story(i, "I have chest pain when I walk uphill."), EMERGENCY, &[EmergencyServices], "emergency-in-own-words", "NHS 999"),
        ("husband hits her", |i| story(i, "My husband hits me when he drinks."), URGENT, &[Safeguarding], "safeguarding-in-own-words", "NICE PH50"),
        ("falls at 78", |i| { aged(i, 78); story(i, "I fell twice this year in the kitchen.") }, SOON, &[FrailtyFalls, OtAssessment], "falls-65-and-over", "NICE NG249"),
        ("falls at 55", |i| { aged(i, 55); story(i, "I fell twice this year in the kitchen.") }, ROUTINE, &[FrailtyFalls, OtAssessment], "falls-50-to-64", "NICE NG249"),
        ("a fall at 30", |i| { aged(i, 30); story(i, "I fell twice this year in the kitchen.") }, ROUTINE, &[OtAssessment], "", "NICE NG249 covers 50 and over"),
        ("fall and head injury at 82", |i| { aged(i, 82); story(i, "I fell and banged my head yesterday.") }, URGENT, &[Gp, FrailtyFalls, OtAssessment], "head-injury-in-own-words", "NICE NG232"),
        ("bladder and back in their words", |i| story(i, "I've lost control of my bladder and my back is agony."), EMERGENCY, &[EmergencyServices, Gp], "cauda-equina-in-own-words", "GIRFT CES pathway"),
        ("numb bottom in their words", |i| story(i, "There is numbness around my bottom since my back went."), EMERGENCY, &[EmergencyServices, Gp], "cauda-equina-in-own-words", "GIRFT CES pathway"),
        ("sciatica in both legs", |i| story(i, "I have sciatica in both legs now."), URGENT, &[Gp], "bladder-or-bowel-in-own-words", "GIRFT CES pathway: urgent"),
        ("weight loss in their words", |i| story(i, "I have lost a lot of weight and I'm not trying."), SOON, &[Gp], "weight-loss-in-own-words", "NICE NG12"),
        ("sudden arm weakness in their words", |i| story(i, "My arm went weak suddenly last night."), URGENT, &[Gp], "neuro-in-own-words", "NICE NG128"),
        ("panic attacks at work", |i| { work(i, "working", "no"); story(i, "I keep having panic attacks at work.") }, SOON, &[MentalHealth, OtAssessment], "low-mood-or-anxiety", "NICE CG123"),
        ("wants to die, in what matters most", |i| matters(i, "Honestly I just want to die."), CRISIS, &[Crisis, MentalHealth], "crisis-in-own-words", "NICE NG225"),
        ("controlled, in the communication answer", |i| { tick(i, "communication_needs", &["other"]); i.communication_other = Some("My husband reads my post and won't let me talk to anyone.".into()) }, URGENT, &[Safeguarding], "safeguarding-in-own-words", "NICE PH50"),
        ("cutting again", |i| story(i, "I have been cutting myself again."), CRISIS, &[Crisis, MentalHealth], "crisis-in-own-words", "NICE NG225"),
        ("too many tablets last night", |i| story(i, "I took too many tablets last night."), EMERGENCY, &[EmergencyServices], "emergency-in-own-words", "NHS 999"),
        ("threatened", |i| story(i, "He threatened to kill me if I leave."), URGENT, &[Safeguarding], "safeguarding-in-own-words", "NICE PH50"),
        ("carer of a confused mother (accepted false alarm)", |i| story(i, "My mum has dementia and is getting more confused, I care for her."), URGENT, &[Gp], "neuro-in-own-words", "NICE CG103: new confusion is asked about"),
        ("can't go on like this (accepted false alarm)", |i| story(i, "I can't go on like this."), CRISIS, &[Crisis, MentalHealth], "floor.crisis", "NICE NG225"),
        // ---- free text only, Welsh
        ("cy: eisiau marw", |i| story(i, "Dw i eisiau marw."), CRISIS, &[Crisis, MentalHealth], "crisis-in-own-words", "NICE NG225"),
        ("cy: hunanladdol", |i| story(i, "Rwy'n teimlo'n hunanladdol."), CRISIS, &[Crisis, MentalHealth], "crisis-in-own-words", "NICE NG225"),
        ("cy: hunan-niweidio", |i| story(i, "Rwy'n hunan-niweidio."), CRISIS, &[Crisis, MentalHealth], "crisis-in-own-words", "NICE NG225"),
        ("cy: ddim eisiau byw, in what matters most", |i| matters(i, "Dw i ddim eisiau byw fel hyn."), CRISIS, &[Crisis, MentalHealth], "crisis-in-own-words", "NICE NG225"),
        ("cy: poen yn y frest", |i| story(i, "Mae gen i boen yn y frest."), EMERGENCY, &[EmergencyServices], "emergency-in-own-words", "NHS 999"),
        ("cy: gorddos", |i| story(i, "Dw i wedi cymryd gorddos."), EMERGENCY, &[EmergencyServices], "emergency-in-own-words", "NHS 999"),
        ("cy: cam-drin", |i| story(i, "Mae fy mhartner yn fy ngham-drin."), URGENT, &[Safeguarding], "safeguarding-in-own-words", "Wales Safeguarding Procedures"),
        ("cy: plant mewn perygl", |i| story(i, "Mae'r plant mewn perygl gartref."), URGENT, &[Safeguarding], "safeguarding-in-own-words", "SSWB (Wales) Act 2014"),
        ("cy: isel a phryderus", |i| story(i, "Rwy'n teimlo'n isel ac yn bryderus."), SOON, &[MentalHealth, OtAssessment], "low-mood-or-anxiety", "NICE CG123"),
        ("cy: cwympo at 70", |i| { aged(i, 70); story(i, "Wnes i gwympo ddwywaith yn yr ardd.") }, SOON, &[FrailtyFalls, OtAssessment], "falls-65-and-over", "NICE NG249"),
        ("cy: nodyn ffitrwydd", |i| story(i, "Mae angen nodyn ffitrwydd arna i."), SOON, &[WorkFitnote, OtAssessment], "fit-note-in-own-words", "DWP fit note guidance"),
        ("cy: digartref", |i| story(i, "Dw i'n ddigartref ers mis."), SOON, &[HousingAdvice, OtAssessment], "housing-in-own-words", "Housing (Wales) Act 2014"),
        ("cy: unig", |i| story(i, "Dw i'n teimlo'n unig iawn."), ROUTINE, &[CommunityHub, OtAssessment], "lonely-or-isolated", "RCOT Roots of recovery"),
        ("cy: colli pwysau", |i| story(i, "Dw i wedi colli pwysau heb drio."), SOON, &[Gp], "weight-loss-in-own-words", "NICE NG12"),
        ("cy: drysu'n sydyn", |i| story(i, "Mae hi wedi drysu'n sydyn."), URGENT, &[Gp], "neuro-in-own-words", "NICE CG103"),
        ("cy: pledren a chefn", |i| story(i, "Dw i'n colli rheolaeth ar fy mhledren ac mae poen yn fy nghefn."), EMERGENCY, &[EmergencyServices, Gp], "cauda-equina-in-own-words", "GIRFT CES pathway"),
        ("cy: taro fy mhen at 75", |i| { aged(i, 75); story(i, "Wnes i gwympo a tharo fy mhen.") }, URGENT, &[Gp, FrailtyFalls, OtAssessment], "head-injury-in-own-words", "NICE NG232"),
        // ---- combinations
        ("chest pain and a fit note", |i| { tick(i, "emergency_signs", &["chest_pain"]); work(i, "working", "yes") }, EMERGENCY, &[EmergencyServices, WorkFitnote, OtAssessment], "chest-pain-now", "floor plus routing"),
        ("crisis thoughts and unsafe at home", |i| { tick(i, "crisis_signs", &["ending_life_thoughts"]); tick(i, "other_concerns", &["unsafe_at_home"]) }, CRISIS, &[Crisis, Safeguarding, MentalHealth], "unsafe-at-home", "NICE NG225; PH50"),
        ("head injury and weight loss at 85", |i| { aged(i, 85); tick(i, "other_concerns", &["fall_head_injury", "weight_loss"]) }, URGENT, &[Gp, FrailtyFalls, OtAssessment], "weight-loss-60-and-over", "NICE NG232; NG12"),
        ("no fixed address and self-harm", |i| { i.no_fixed_address = Some("yes".into()); tick(i, "crisis_signs", &["self_harm"]) }, CRISIS, &[Crisis, MentalHealth, HousingAdvice, OtAssessment], "no-fixed-address", "NICE NG225; Housing (Wales) Act 2014"),
        ("prefers not to say and feels low", |i| { tick(i, "crisis_signs", &["prefer_not_to_say"]); story(i, "I've been feeling low for months.") }, URGENT, &[MentalHealth, OtAssessment], "floor.crisis_not_said", "NICE NG225"),
        ("needs help now and crisis thoughts", |i| { i.needs_help_now = Some("yes".into()); tick(i, "crisis_signs", &["ending_life_thoughts"]) }, CRISIS, &[Crisis, MentalHealth], "floor.help_now", "hazard log H-001"),
        ("emergency sign and crisis sign", |i| { tick(i, "emergency_signs", &["overdose"]); tick(i, "crisis_signs", &["ending_life_plans"]) }, EMERGENCY, &[EmergencyServices, Crisis, MentalHealth], "ending-life-plans", "NHS 999; NICE NG225"),
        ("cauda equina and a long lie at 70", |i| { aged(i, 70); tick(i, "other_concerns", &["back_pain_bladder", "fall_cannot_get_up"]) }, EMERGENCY, &[EmergencyServices, Gp, FrailtyFalls, OtAssessment], "fall-could-not-get-up", "GIRFT; NICE NG249"),
        // ---- controls: no false alarm
        ("dying to get back to work", |i| { work(i, "working", "no"); matters(i, "I'm dying to get back to work.") }, ROUTINE, &[OtAssessment], "", "control"),
        ("killing time", |i| story(i, "I spend the day killing time in front of the telly."), ROUTINE, &[OtAssessment], "", "control"),
        ("a stroke three years ago", |i| { aged(i, 70); story(i, "I had a stroke three years ago and my hand is stiff.") }, ROUTINE, &[OtAssessment], "", "control: stroke survivors are the OT's work"),
        ("cannot fall asleep", |i| { tick(i, "difficulties", &["sleep"]); story(i, "I can't fall asleep and I'm exhausted.") }, ROUTINE, &[OtAssessment], "", "control"),
        ("cy: eisiau byw yn annibynnol", |i| matters(i, "Dw i eisiau byw yn annibynnol eto."), ROUTINE, &[OtAssessment], "", "control"),
        ("cy: pen-glin", |i| story(i, "Mae fy mhen-glin yn brifo'n ofnadwy."), ROUTINE, &[OtAssessment], "", "control"),
    ]
}

#[test]
fn triage_vignettes() {
    let book = Rulebook::default();
    let rows = vignettes();
    assert!(rows.len() >= 80, "{} vignettes", rows.len());
    let welsh = rows.iter().filter(|r| r.0.starts_with("cy:")).count();
    assert!(welsh >= 15, "{welsh} Welsh vignettes");
    let mut failures = Vec::new();
    for (who, edit, priority, pathways, reason, source) in rows {
        let mut input = base();
        edit(&mut input);
        let d = triage(&input, &book, TODAY);
        let ids: Vec<&str> = d.reasons.iter().map(|r| r.rule_id.as_str()).collect();
        let reason_ok = if reason.is_empty() {
            d.reasons.is_empty()
        } else {
            ids.contains(&reason)
        };
        if d.priority != priority || d.pathways != pathways || !reason_ok {
            failures.push(format!(
                "{who} ({source}): expected {priority:?} {pathways:?} with {reason:?}, got {:?} {:?} with {ids:?}; hits {:?}",
                d.priority,
                d.pathways,
                d.phrase_hits.iter().map(|h| &h.phrase_id).collect::<Vec<_>>()
            ));
        }
        for r in &d.reasons {
            assert!(
                !r.source.is_empty() && !r.explanation_cy.is_empty(),
                "{}",
                r.rule_id
            );
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn the_vignette_base_is_a_valid_referral() {
    let practices = vec!["p-afon".to_owned()];
    let ctx = crate::referral::Context {
        today: TODAY,
        practices: &practices,
        mode: Mode::Public,
    };
    base()
        .validate(&ctx)
        .expect("the base vignette is a complete referral");
    let facts = Facts::gather(&base(), TODAY);
    assert_eq!(facts.age, Some(40));
    assert!(facts.phrase_hits.is_empty());
}
