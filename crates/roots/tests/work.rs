//! Work and health over HTTP, on SQLite and PostgreSQL: the work
//! assessment (employer and occupational health only with the person's
//! agreement; mistakes explained and kept; in Welsh), and the advice of an
//! AHP Health and Work Report and of a fit note (the date, advice and HCPC
//! rules on their fields, everything typed kept).

#[macro_use]
mod common;

use common::TestApp;
use roots_store::Engine;

on_both_engines!(
    an_ot_records_a_work_assessment,
    an_ot_gives_work_advice,
    the_discharge_summary_is_issued_as_a_pdf
);

async fn page(c: &reqwest::Client, url: &str) -> (u16, String) {
    let res = c.get(url).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

async fn an_ot_records_a_work_assessment(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let ep = common::an_episode(&app).await;
    let ot = app.client();
    app.sign_in(&ot, "occupational therapist").await;
    let (_, html) = page(&ot, &app.at(&ep)).await;
    assert!(html.contains("Record a work assessment"));
    let form = app.at(&format!("{ep}/new/work_assessment"));
    let mut answers = vec![
        ("status", "off_sick"),
        ("job_title", "Shop assistant"),
        ("demands_physical", "Standing at the till all shift"),
        ("contact_consent", "no"),
        ("employer", "Siop y Gornel, 01248 000000"),
        ("barriers", "Pain after an hour standing"),
        ("capacity", "Stands for 30 minutes; sits for longer"),
        ("wants", "Back to work, fewer hours at first"),
    ];
    let res = common::submit(&ot, &form, &answers).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    common::error_links_land(&html);
    assert!(html.contains("They have not agreed to this contact"));
    assert!(html.contains("Siop y Gornel, 01248 000000"), "kept");
    assert!(html.contains("Standing at the till all shift"), "kept");
    answers.retain(|(k, _)| *k != "contact_consent");
    answers.push(("contact_consent", "yes"));
    let res = common::submit(&ot, &form, &answers).await;
    assert_eq!(res.status(), 303);
    let (_, html) = page(&ot, &app.at(&ep)).await;
    for shown in [
        "Work assessment",
        "Off sick",
        "Shop assistant",
        "Siop y Gornel",
    ] {
        assert!(html.contains(shown), "{shown}");
    }
    // Back at work: a change of status from a date, not in the future.
    let change = app.at(&format!("{ep}/work/status"));
    let today = roots_web::today();
    let tomorrow = today.checked_add(jiff::Span::new().days(1)).unwrap();
    let (day, month, year) = (
        tomorrow.day().to_string(),
        tomorrow.month().to_string(),
        tomorrow.year().to_string(),
    );
    let res = common::submit(
        &ot,
        &change,
        &[
            ("status", "in_work"),
            ("since_day", &day),
            ("since_month", &month),
            ("since_year", &year),
        ],
    )
    .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    common::error_links_land(&html);
    assert!(html.contains("The date must be today or in the past"));
    let (day, month, year) = (
        today.day().to_string(),
        today.month().to_string(),
        today.year().to_string(),
    );
    let res = common::submit(
        &ot,
        &change,
        &[
            ("status", "in_work"),
            ("since_day", &day),
            ("since_month", &month),
            ("since_year", &year),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    let (_, html) = page(&ot, &app.at(&ep)).await;
    assert!(html.contains("id=\"work-outcome\""), "the outcome shown");
    assert!(
        html.contains("back at work since"),
        "off sick, then in work"
    );
    let (status, html) = page(&ot, &app.at(&format!("/cy{ep}/new/work_assessment"))).await;
    assert_eq!(status, 200);
    assert!(html.contains("Ble maen nhw arni gyda gwaith nawr?"));
    app.stop().await;
}

async fn an_ot_gives_work_advice(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let ep = common::an_episode(&app).await;
    let ot = app.client();
    app.sign_in(&ot, "occupational therapist").await;
    let report = app.at(&format!("{ep}/work/ahp_report"));
    let (status, html) = page(&ot, &report).await;
    assert_eq!(status, 200);
    assert!(html.contains("AHP Health and Work Report"));
    assert!(
        html.contains("value=\"occupational_therapist\" checked"),
        "the OT's profession offered"
    );
    // Every rule broken at once: each explained on its field, all kept.
    let bad = [
        ("assessed_on_day", "2"),
        ("assessed_on_month", "11"),
        ("assessed_on_year", "2026"),
        ("fitness", "may_be_fit"),
        ("from_day", "10"),
        ("from_month", "11"),
        ("from_year", "2026"),
        ("to_day", "1"),
        ("to_month", "11"),
        ("to_year", "2026"),
        ("review", "yes"),
        ("review_on_day", "5"),
        ("review_on_month", "11"),
        ("review_on_year", "2026"),
        ("difficulty_0", "Standing at the till"),
        ("recommendation_0", "A stool; a break every hour"),
        ("name", "Olwen OT"),
        ("profession", "occupational_therapist"),
        ("hcpc", "0T12345"),
    ];
    let res = common::submit(&ot, &report, &bad).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    common::error_links_land(&html);
    for (field, words) in [
        (
            "adjustments-phased_return",
            "select at least one piece of advice",
        ),
        (
            "to_day",
            "The end date must be the same as or after the start date",
        ),
        (
            "review_on_day",
            "The review must be on or after the start date",
        ),
        ("hcpc", "the profession&#39;s letters then up to 6 numbers"),
    ] {
        assert!(html.contains(&format!("href=\"#{field}\"")), "{field}");
        assert!(html.contains(words), "{words}");
    }
    assert!(html.contains("value=\"Standing at the till\"") && html.contains("value=\"0T12345\""));
    // A physiotherapist's number for an OT.
    let mut good: Vec<(&str, &str)> = bad
        .iter()
        .copied()
        .filter(|(k, _)| !["to_day", "review_on_day", "hcpc"].contains(k))
        .collect();
    good.extend([
        ("to_day", "30"),
        ("review_on_day", "27"),
        ("adjustments", "phased_return"),
        ("adjustments", "altered_hours"),
        ("hcpc", "PH123456"),
    ]);
    let res = common::submit(&ot, &report, &good).await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("must start with the letters of the profession selected")
    );
    good.retain(|(k, _)| *k != "hcpc");
    good.push(("hcpc", "ot 123456"));
    let res = common::submit(&ot, &report, &good).await;
    assert_eq!(res.status(), 303);
    let (_, html) = page(&ot, &app.at(&ep)).await;
    for shown in [
        "AHP Health and Work Report",
        "you may be fit for work taking account of the advice below",
        "a phased return to work; altered hours",
        "10 November 2026 to 30 November 2026",
        "Standing at the till",
        "Olwen OT, Occupational therapist, OT123456",
    ] {
        assert!(html.contains(shown), "{shown}");
    }
    // Issued as a PDF in Welsh and in English, each kept as issued with
    // an HTML version; reissuing makes version 2 and keeps version 1.
    let issue = html
        .split("action=\"")
        .map(|a| a.split('"').next().unwrap())
        .find(|a| a.ends_with("/issue"))
        .expect("an issue form")
        .to_owned();
    let csrf = common::csrf(&html);
    let mut pdfs = Vec::new();
    for lang in ["cy", "en", "en"] {
        let res = ot
            .post(app.at(&issue))
            .form(&[("csrf", csrf.as_str()), ("lang", lang)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let doc = common::location(&res);
        let (status, html) = page(&ot, &app.at(&doc)).await;
        assert_eq!(status, 200);
        let res = ot.get(app.at(&format!("{doc}/pdf"))).send().await.unwrap();
        assert_eq!(res.headers()["content-type"], "application/pdf");
        let disposition = res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            !disposition.contains("Olwen") && disposition.contains("ahp-report"),
            "{disposition}"
        );
        pdfs.push((lang, doc, html, res.bytes().await.unwrap().to_vec()));
    }
    // Kept as test artefacts to look at: each PDF and its pages as PNG in
    // $CARGO_TARGET_TMPDIR/work-documents/.
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("work-documents");
    std::fs::create_dir_all(&dir).unwrap();
    let engine_name = format!("{engine:?}").to_lowercase();
    let text = |bytes: &[u8], name: &str| -> String {
        let path = dir.join(format!("ahp-report-{engine_name}-{name}.pdf"));
        std::fs::write(&path, bytes).unwrap();
        let out = std::process::Command::new("pdftotext")
            .args([path.to_str().unwrap(), "-"])
            .output()
            .expect("pdftotext (poppler-utils) is needed");
        let png = std::process::Command::new("pdftoppm")
            .args(["-png", "-r", "60", path.to_str().unwrap()])
            .arg(dir.join(format!("ahp-report-{engine_name}-{name}")))
            .status()
            .expect("pdftoppm (poppler-utils) is needed");
        assert!(png.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let cy = text(&pdfs[0].3, "cy");
    for words in [
        "Adroddiad Iechyd a Gwaith AHP",
        "efallai eich bod yn ffit i weithio o ystyried y cyngor isod",
        "dychwelyd i'r gwaith yn raddol",
        "10 Tachwedd 2026",
        "Standing at the till",
        "OT123456",
    ] {
        assert!(cy.contains(words), "{words:?} in {cy}");
    }
    assert!(
        pdfs[0].2.contains("lang=\"cy\"") && pdfs[0].2.contains("Adroddiad Iechyd a Gwaith AHP")
    );
    let en = text(&pdfs[1].3, "en");
    for words in [
        "AHP Health and Work Report",
        "you may be fit for work taking account of the advice below",
        "This advice applies from 10 November 2026 to 30 November 2026.",
        "A follow-up review is needed on 27 November 2026.",
        "a workplace assessment",
        "Olwen OT",
    ] {
        assert!(en.contains(words), "{words:?} in {en}");
    }
    assert!(
        pdfs[0].2.contains("Version 1"),
        "the Welsh one is its own version 1"
    );
    assert!(
        pdfs[1].2.contains("Version 1") && pdfs[2].2.contains("Version 2"),
        "per language"
    );
    let (status, _) = page(&ot, &app.at(&pdfs[1].1)).await;
    assert_eq!(status, 200, "version 1 stays readable");
    let (_, html) = page(&ot, &app.at(&ep)).await;
    assert!(
        html.contains("AHP Health and Work Report: version 2, English"),
        "listed on the episode"
    );
    let trail = app.store.audit_events(0, 10_000).await.unwrap();
    assert_eq!(
        trail
            .iter()
            .filter(|e| e.action == "document.issue")
            .count(),
        3
    );
    assert_eq!(
        trail
            .iter()
            .filter(|e| e.action == "document.download")
            .count(),
        3
    );
    for sql in [
        "UPDATE issued_documents SET title = 'x'",
        "DELETE FROM issued_documents",
    ] {
        use sqlx::Connection;
        sqlx::any::install_default_drivers();
        let mut conn = sqlx::AnyConnection::connect(app.database_url())
            .await
            .unwrap();
        let refused = sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned()))
            .execute(&mut conn)
            .await;
        assert!(refused.is_err(), "{sql} is refused");
    }
    // No agreement to contact the employer: no letter.
    let res = ot
        .post(app.at(&issue))
        .form(&[("csrf", csrf.as_str()), ("lang", "en"), ("what", "letter")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("They have not agreed to their employer being contacted")
    );
    assert!(
        !html.contains("Letter to the employer in English"),
        "not offered"
    );
    // With it (a work assessment naming the employer, agreed): the letter.
    let res = common::submit(
        &ot,
        &app.at(&format!("{ep}/new/work_assessment")),
        &[
            ("status", "off_sick"),
            ("contact_consent", "yes"),
            ("employer", "Siop y Gornel"),
            ("barriers", "Standing"),
            ("capacity", "30 minutes"),
            ("wants", "Back to work"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    let (_, html) = page(&ot, &app.at(&ep)).await;
    assert!(html.contains("Letter to the employer in English"));
    let res = ot
        .post(app.at(&issue))
        .form(&[("csrf", csrf.as_str()), ("lang", "cy"), ("what", "letter")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let doc = common::location(&res);
    let res = ot.get(app.at(&format!("{doc}/pdf"))).send().await.unwrap();
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("employer-letter-v1-cy.pdf")
    );
    let letter = text(&res.bytes().await.unwrap(), "letter-cy");
    for words in [
        "Llythyr at y cyflogwr",
        "At Siop y Gornel",
        "efallai eu bod yn ffit i weithio",
        "Dychwelyd i'r gwaith yn raddol",
        "cofrestriad HCPC OT123456",
    ] {
        assert!(letter.contains(words), "{words:?} in {letter}");
    }
    // A fit note: in the first 6 months, 3 months at most.
    let note = app.at(&format!("{ep}/work/fit_note"));
    let (_, html) = page(&ot, &note).await;
    assert!(html.contains("OT123456"), "the certifier remembered");
    let long = [
        ("assessed_on_day", "2"),
        ("assessed_on_month", "11"),
        ("assessed_on_year", "2026"),
        ("fitness", "not_fit"),
        ("from_day", "2"),
        ("from_month", "11"),
        ("from_year", "2026"),
        ("to_day", "3"),
        ("to_month", "2"),
        ("to_year", "2027"),
        ("over_six_months", "no"),
        ("review", "yes"),
        ("condition", "Low back pain"),
        ("name", "Olwen OT"),
        ("profession", "occupational_therapist"),
        ("hcpc", "OT123456"),
    ];
    // Only OTs and physiotherapists certify fit notes.
    let mut podiatrist: Vec<(&str, &str)> = long
        .iter()
        .copied()
        .filter(|(k, _)| *k != "profession" && *k != "hcpc")
        .collect();
    podiatrist.extend([("profession", "podiatrist"), ("hcpc", "CH12345")]);
    let res = common::submit(&ot, &note, &podiatrist).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    common::error_links_land(&html);
    assert!(html.contains("Only registered occupational therapists and physiotherapists"));
    let res = common::submit(&ot, &note, &long).await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("can cover 3 months at most")
    );
    let res = common::submit(&ot, &app.at(&format!("/cy{ep}/work/fit_note")), &long).await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("gall y cyngor gwmpasu 3 mis ar y mwyaf")
    );
    let mut fine = long.to_vec();
    fine.retain(|(k, _)| *k != "to_day");
    fine.push(("to_day", "2"));
    let res = common::submit(&ot, &note, &fine).await;
    assert_eq!(res.status(), 303);
    let (_, html) = page(&ot, &app.at(&ep)).await;
    assert!(
        html.contains("Fit note (Statement of Fitness for Work)")
            && html.contains("you are not fit for work")
    );
    // The fit note's statement issued: its condition, advice and dates.
    let note_issue = html
        .split("action=\"")
        .map(|a| a.split('"').next().unwrap())
        .filter(|a| a.ends_with("/issue"))
        .last()
        .unwrap()
        .to_owned();
    let res = ot
        .post(app.at(&note_issue))
        .form(&[("csrf", common::csrf(&html).as_str()), ("lang", "en")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let doc = common::location(&res);
    let res = ot.get(app.at(&format!("{doc}/pdf"))).send().await.unwrap();
    let statement = text(&res.bytes().await.unwrap(), "fit-note-en");
    for words in [
        "Fit note (Statement of Fitness for Work)",
        "I assessed your case on 2 November 2026 because of: Low back pain.",
        "you are not fit for work",
        "This advice applies from 2 November 2026 to 2 February 2027.",
        "I will need to assess your fitness for work again",
        "It is not the official form.",
    ] {
        assert!(statement.contains(words), "{words:?} in {statement}");
    }
    app.stop().await;
}

/// The discharge summary as a PDF in Welsh and English, kept as issued.
async fn the_discharge_summary_is_issued_as_a_pdf(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let ep = common::an_episode(&app).await;
    let ot = app.client();
    app.sign_in(&ot, "occupational therapist").await;
    let (status, html) = page(&ot, &app.at(&format!("{ep}/summary"))).await;
    assert_eq!(status, 200);
    let csrf = common::csrf(&html);
    for (lang, words) in [
        ("cy", ["Crynodeb rhyddhau", "Canlyniad", "Ar agor"]),
        ("en", ["Discharge summary", "Outcome", "Open"]),
    ] {
        let res = ot
            .post(app.at(&format!("{ep}/summary/issue")))
            .form(&[("csrf", csrf.as_str()), ("lang", lang)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let doc = common::location(&res);
        let res = ot.get(app.at(&format!("{doc}/pdf"))).send().await.unwrap();
        assert!(
            res.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .contains(&format!("discharge-summary-v1-{lang}.pdf"))
        );
        let path = std::env::temp_dir().join(format!(
            "roots-summary-{}-{engine:?}-{lang}.pdf",
            std::process::id()
        ));
        std::fs::write(&path, res.bytes().await.unwrap()).unwrap();
        let out = std::process::Command::new("pdftotext")
            .args([path.to_str().unwrap(), "-"])
            .output()
            .expect("pdftotext (poppler-utils) is needed");
        let _ = std::fs::remove_file(&path);
        let text = String::from_utf8(out.stdout).unwrap();
        for w in words {
            assert!(text.contains(w), "{w:?} in {text}");
        }
    }
    // In the subject access export, with their content.
    let episode_id = ep.rsplit('/').next().unwrap();
    let referral = app
        .store
        .episode(&app.demo.service.id, episode_id)
        .await
        .unwrap()
        .referral_id;
    let export = roots_web::sar::gather(&app.store, &app.demo.service, &referral)
        .await
        .unwrap();
    let json = serde_json::to_value(&export).unwrap();
    let docs = json["episodes"][0]["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["title"], "Crynodeb rhyddhau");
    let (_, html) = page(&ot, &app.at(&format!("{ep}/summary"))).await;
    assert!(html.contains("Crynodeb rhyddhau: version 1, Welsh (Cymraeg)"));
    assert!(html.contains("Discharge summary: version 1, English"));
    app.stop().await;
}
