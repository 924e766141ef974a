//! PDFs read back with poppler's tools (Debian's poppler-utils, installed
//! by scripts/test): the text in reading order in both languages, tagged,
//! titled, fonts embedded, more than one page when the content needs it;
//! each page is also rendered to PNG beside the PDF, to look at
//! (`$CARGO_TARGET_TMPDIR/pdf/`).

use std::path::PathBuf;
use std::process::Command;

use roots_reports::pdf::{Block, Doc, render};

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} (poppler-utils) is needed: {e}"));
    assert!(
        out.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn sample(lang: &str) -> Doc {
    let (title, lede, rows, bullets) = if lang == "cy" {
        (
            "Adroddiad Iechyd a Gwaith",
            "Mae dŵr yn llifo heibio i'r tŷ; mae'r gŵr yn canu cân. ",
            vec![
                vec![
                    "Sefyll wrth y til".to_owned(),
                    "Stôl, a seibiant bob awr".to_owned(),
                ],
                vec![
                    "Codi blychau trwm".to_owned(),
                    "Dim codi dros 5 kg am bedair wythnos".to_owned(),
                ],
            ],
            vec![
                "Dychwelyd yn raddol".to_owned(),
                "Oriau wedi'u newid".to_owned(),
            ],
        )
    } else {
        (
            "Health and Work Report",
            "Standing for long periods brings on pain and fatigue. ",
            vec![
                vec![
                    "Standing at the till".to_owned(),
                    "A stool, and a break every hour".to_owned(),
                ],
                vec![
                    "Lifting heavy boxes".to_owned(),
                    "No lifting over 5 kg for four weeks".to_owned(),
                ],
            ],
            vec![
                "Phased return to work".to_owned(),
                "Altered hours".to_owned(),
            ],
        )
    };
    let mut blocks = vec![
        Block::Heading1(title.to_owned()),
        Block::Strong(if lang == "cy" {
            "Efallai eich bod yn ffit i weithio".into()
        } else {
            "You may be fit for work".into()
        }),
        Block::Paragraph(lede.repeat(12)),
        Block::Heading2(if lang == "cy" {
            "Anawsterau".into()
        } else {
            "Difficulties".into()
        }),
        Block::Table {
            summary: title.to_owned(),
            header: if lang == "cy" {
                vec!["Anhawster".into(), "Argymhelliad".into()]
            } else {
                vec!["Difficulty".into(), "Recommendation".into()]
            },
            rows,
            widths: vec![1.0, 1.5],
            row_headers: true,
        },
        Block::Bullets(bullets),
    ];
    // Enough to need a second page.
    for _ in 0..14 {
        blocks.push(Block::Paragraph(lede.repeat(4)));
    }
    Doc {
        title: title.to_owned(),
        lang: lang.to_owned(),
        author: "Roots".into(),
        footer: if lang == "cy" {
            "Tudalen {page} o {pages}".into()
        } else {
            "Page {page} of {pages}".into()
        },
        blocks,
    }
}

#[test]
fn documents_read_back_in_both_languages_tagged_with_fonts_embedded() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pdf");
    std::fs::create_dir_all(&dir).unwrap();
    for lang in ["en-GB", "cy"] {
        let doc = sample(lang);
        let bytes = render(&doc).unwrap();
        assert_eq!(
            render(&doc).unwrap(),
            bytes,
            "the same document, the same bytes"
        );
        let path = dir.join(format!("sample-{lang}.pdf"));
        std::fs::write(&path, &bytes).unwrap();
        let file = path.to_str().unwrap();
        let text = tool("pdftotext", &["-layout", file, "-"]);
        let flat = tool("pdftotext", &[file, "-"]);
        let (first, words) = if lang == "cy" {
            (
                "Adroddiad Iechyd a Gwaith",
                [
                    "Efallai eich bod yn ffit i weithio",
                    "Anhawster",
                    "Stôl, a seibiant bob awr",
                    "dŵr",
                    "tŷ",
                    "Tudalen 1 o 2",
                    "Tudalen 2 o 2",
                ],
            )
        } else {
            (
                "Health and Work Report",
                [
                    "You may be fit for work",
                    "Difficulty",
                    "A stool, and a break every hour",
                    "fatigue",
                    "till",
                    "Page 1 of 2",
                    "Page 2 of 2",
                ],
            )
        };
        assert!(flat.trim_start().starts_with(first), "{lang}: {flat}");
        for w in words {
            assert!(
                text.contains(w) || flat.contains(w),
                "{lang}: {w:?} in {text}"
            );
        }
        // Reading order: the heading, the statement, the table, the list.
        let at = |w: &str| flat.find(w).unwrap_or_else(|| panic!("{w} in {flat}"));
        let (statement, table, list) = if lang == "cy" {
            ("Efallai", "Anhawster", "Dychwelyd yn raddol")
        } else {
            ("You may be fit", "Difficulty", "Phased return")
        };
        assert!(at(first) < at(statement) && at(statement) < at(table) && at(table) < at(list));
        let info = tool("pdfinfo", &[file]);
        for line in [
            format!("Title:           {first}"),
            "Tagged:          yes".into(),
            "Pages:           2".into(),
        ] {
            assert!(info.contains(&line), "{line:?} in {info}");
        }
        let fonts = tool("pdffonts", &[file]);
        assert!(fonts.contains("NotoSans"), "{fonts}");
        for row in fonts.lines().skip(2) {
            assert!(row.contains(" yes "), "every font embedded: {row}");
        }
        // The structure, in reading order: the document's top-level tags,
        // and header cells with their scope.
        let structure = tool("pdfinfo", &["-struct", file]);
        let top: Vec<&str> = structure
            .lines()
            .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
            .map(|l| l.trim().split([' ', ':']).next().unwrap())
            .collect();
        assert_eq!(
            top[..6],
            ["H1", "P", "P", "H2", "Table", "L"],
            "{structure}"
        );
        assert_eq!(top.len(), 6 + 14, "{structure}");
        assert_eq!(structure.matches("/Scope /Column").count(), 2);
        assert_eq!(structure.matches("/Scope /Row").count(), 2);
        assert_eq!(structure.matches("LBody").count(), 2);
        // Pictures of the pages, to look at.
        tool(
            "pdftoppm",
            &[
                "-png",
                "-r",
                "50",
                file,
                dir.join(format!("sample-{lang}")).to_str().unwrap(),
            ],
        );
        assert!(dir.join(format!("sample-{lang}-1.png")).exists());
    }
}

/// A table cell longer than a page goes on in continuation rows: nothing
/// is lost, the table stays inside the pages.
#[test]
fn a_cell_longer_than_a_page_goes_on_to_the_next() {
    let long: String = (1..=120)
        .map(|n| format!("Line {n} of a long note.\n"))
        .collect();
    let doc = Doc {
        title: "Long".into(),
        lang: "en-GB".into(),
        author: "Roots".into(),
        footer: "Page {page} of {pages}".into(),
        blocks: vec![
            Block::Heading1("Long".into()),
            Block::Table {
                summary: "Notes".into(),
                header: vec!["Item".into(), "Details".into()],
                rows: vec![vec!["Note".into(), long]],
                widths: vec![1.0, 2.0],
                row_headers: true,
            },
            Block::Paragraph("After the table.".into()),
        ],
    };
    let bytes = render(&doc).unwrap();
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pdf");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("long-cell.pdf");
    std::fs::write(&path, &bytes).unwrap();
    let file = path.to_str().unwrap();
    let text = tool("pdftotext", &[file, "-"]);
    for n in [1, 60, 120] {
        assert!(
            text.contains(&format!("Line {n} of a long note.")),
            "line {n}"
        );
    }
    assert!(text.contains("After the table."));
    let info = tool("pdfinfo", &[file]);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(pages >= 3, "{pages} pages");
    // Every text line lies inside the page (pdftotext -bbox gives yMax).
    let boxes = tool("pdftotext", &["-bbox", file, "-"]);
    for y in boxes.split("yMax=\"").skip(1) {
        let y: f64 = y.split('"').next().unwrap().parse().unwrap();
        assert!(y <= 842.0, "a word below the page: {y}");
    }
}
