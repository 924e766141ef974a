//! Accessible PDF documents: a small document model (headings, paragraphs,
//! two-or-more-column tables, bulleted lists) laid out on A4 and written
//! as **tagged PDF/UA-1** with [`krilla`], the fonts (Noto Sans, SIL Open
//! Font Licence, from the `notosans` crate) embedded and subset.
//!
//! What makes it accessible (PDF/UA-1, ISO 14289-1, as far as krilla
//! checks and beyond):
//!
//! - every piece of text is tagged (`H1`, `H2`, `P`, `Table` > `TR` >
//!   `TH`/`TD`, `L` > `LI` > `Lbl` + `LBody`) in reading order, and every
//!   line or border is an artifact;
//! - the document has a title (shown by viewers instead of the file
//!   name), a language (`en-GB` or `cy`) and an outline of its headings;
//! - table header cells have a scope; tables have a summary;
//! - words on wrapped lines keep their spaces, so text extracted from the
//!   PDF reads as written;
//! - no meaning is carried by colour: text is black on white.
//!
//! Like the charts, this module has no i18n and reads no clock: the caller
//! passes every word already in the person's language. The same document
//! always gives the same bytes.

use std::num::NonZeroU16;

use krilla::Document;
use krilla::configure::{Accessibility, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, ListNumbering, Node, SpanTag, TableHeaderScope,
    Tag, TagGroup, TagKind, TagTree,
};
use krilla::text::{Font, TextDirection};
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

/// A4 in points.
const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 56.0;
const FOOTER_Y: f32 = PAGE_H - 30.0;
const BODY: f32 = 11.0;
const H1: f32 = 18.0;
const H2: f32 = 13.5;
const LEADING: f32 = 1.35;
const CELL_PAD: f32 = 5.0;
/// A paragraph of this many lines or fewer is not split across pages.
const KEEP_TOGETHER: usize = 4;

/// A document, in one language. It serialises, so what was issued can be
/// kept and shown again as HTML.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Doc {
    /// Shown by viewers as the document's name; also its first heading
    /// when `blocks` begins with one.
    pub title: String,
    /// BCP 47: `en-GB` or `cy`.
    pub lang: String,
    pub author: String,
    /// The footer of each page, with `{page}` and `{pages}` replaced.
    pub footer: String,
    pub blocks: Vec<Block>,
}

/// One part of a document, in reading order.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Block {
    Heading1(String),
    Heading2(String),
    Paragraph(String),
    /// A paragraph in bold (a statement that must stand out).
    Strong(String),
    /// A table: a header row and body rows of the same number of cells;
    /// `widths` are the columns' shares of the line (same length). The
    /// first cell of each body row is a row header when `row_headers`.
    Table {
        summary: String,
        header: Vec<String>,
        rows: Vec<Vec<String>>,
        widths: Vec<f32>,
        row_headers: bool,
    },
    Bullets(Vec<String>),
}

/// Why a document could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfError {
    /// A table whose rows or widths do not match its header.
    BadTable(String),
    /// A character Noto Sans cannot show.
    MissingGlyph(String),
    /// krilla refused the document (its PDF/UA-1 checks).
    Refused(String),
}

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PdfError::BadTable(why) => write!(f, "a table does not fit together: {why}"),
            PdfError::MissingGlyph(text) => write!(f, "the font cannot show {text:?}"),
            PdfError::Refused(why) => write!(f, "the PDF could not be written: {why}"),
        }
    }
}

/// A face: the font for drawing and its metrics for measuring.
struct Face {
    font: Font,
    data: &'static [u8],
}

impl Face {
    fn new(data: &'static [u8]) -> Result<Face, PdfError> {
        let font = Font::new(data.into(), 0)
            .ok_or_else(|| PdfError::Refused("the embedded font does not load".into()))?;
        Ok(Face { font, data })
    }

    /// The width of `text` at `size` points (advance widths, no kerning:
    /// a little wide, which is safe for wrapping).
    fn width(&self, text: &str, size: f32) -> f32 {
        let Ok(f) = FontRef::new(self.data) else {
            return 0.0;
        };
        let cmap = f.charmap();
        let metrics = f.glyph_metrics(Size::unscaled(), LocationRef::default());
        let units: f32 = text
            .chars()
            .map(|c| {
                metrics
                    .advance_width(cmap.map(c).unwrap_or_default())
                    .unwrap_or(0.0)
            })
            .sum();
        units * size / self.font.units_per_em()
    }

    /// The first character the font has no glyph for.
    fn missing(&self, text: &str) -> Option<char> {
        let f = FontRef::new(self.data).ok()?;
        let cmap = f.charmap();
        text.chars()
            .find(|c| !c.is_whitespace() && !c.is_control() && cmap.map(*c).is_none())
    }
}

/// Greedy word wrap to `width`; a word longer than a line is cut. Each
/// line but the last keeps its trailing space.
fn wrap(face: &Face, text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if face.width(&candidate, size) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(format!("{line} "));
                line.clear();
            }
            // A word wider than the line: cut it.
            let mut piece = String::new();
            for c in word.chars() {
                piece.push(c);
                if face.width(&piece, size) > width && piece.chars().count() > 1 {
                    piece.pop();
                    lines.push(piece.clone());
                    piece = c.to_string();
                }
            }
            line = piece;
        }
        lines.push(line);
    }
    lines
}

/// What is drawn, page by page, before anything is drawn.
enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        text: String,
        leaf: usize,
    },
    Line {
        from: (f32, f32),
        to: (f32, f32),
    },
}

/// The structure, with leaves pointing at text ops.
enum Skel {
    Group(TagKind, Vec<Skel>),
    Leaf(usize),
}

struct Layout<'a> {
    regular: &'a Face,
    bold: &'a Face,
    pages: Vec<Vec<Op>>,
    y: f32,
    leaves: usize,
    /// (heading, page, y) for the outline.
    headings: Vec<(String, usize, f32)>,
}

impl Layout<'_> {
    fn page(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
    }

    /// Makes room for `height`, starting a new page when it does not fit
    /// (unless the page is still empty).
    fn room(&mut self, height: f32) {
        if self.y + height > FOOTER_Y - 20.0 && self.y > MARGIN {
            self.new_page();
        }
    }

    fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, text: String) -> Skel {
        let leaf = self.leaves;
        self.leaves += 1;
        self.page().push(Op::Text {
            x,
            y,
            size,
            bold,
            text,
            leaf,
        });
        Skel::Leaf(leaf)
    }

    /// Wrapped lines from the current position; returns their leaves.
    fn lines(&mut self, text: &str, x: f32, width: f32, size: f32, bold: bool) -> Vec<Skel> {
        let face = if bold { self.bold } else { self.regular };
        let mut out = Vec::new();
        for line in wrap(face, text, size, width) {
            self.room(size * LEADING);
            self.y += size * LEADING;
            out.push(self.text(x, self.y - size * 0.3, size, bold, line));
        }
        out
    }
}

fn group(kind: impl Into<TagKind>, children: Vec<Skel>) -> Skel {
    Skel::Group(kind.into(), children)
}

/// Writes the document as a tagged PDF/UA-1 file.
pub fn render(doc: &Doc) -> Result<Vec<u8>, PdfError> {
    let regular = Face::new(notosans::REGULAR_TTF)?;
    let bold = Face::new(notosans::BOLD_TTF)?;
    let all_text = doc_text(doc);
    if let Some(c) = regular.missing(&all_text) {
        return Err(PdfError::MissingGlyph(c.to_string()));
    }
    let width = PAGE_W - 2.0 * MARGIN;
    let mut l = Layout {
        regular: &regular,
        bold: &bold,
        pages: Vec::new(),
        y: MARGIN,
        leaves: 0,
        headings: Vec::new(),
    };
    l.new_page();
    let mut skel = Vec::new();
    for block in &doc.blocks {
        match block {
            Block::Heading1(t) | Block::Heading2(t) => {
                let (size, level) = match block {
                    Block::Heading1(_) => (H1, 1),
                    _ => (H2, 2),
                };
                l.room(size * LEADING * 3.0);
                l.y += size * 0.6;
                let page = l.pages.len() - 1;
                l.headings.push((t.clone(), page, l.y));
                let leaves = l.lines(t, MARGIN, width, size, true);
                let level = NonZeroU16::new(level).unwrap_or(NonZeroU16::MIN);
                skel.push(group(Tag::Hn(level, Some(t.clone())), leaves));
                l.y += size * 0.3;
            }
            Block::Paragraph(t) | Block::Strong(t) => {
                let strong = matches!(block, Block::Strong(_));
                // A short paragraph is kept on one page.
                let face = if strong { &bold } else { &regular };
                let n = wrap(face, t, BODY, width).len();
                if n <= KEEP_TOGETHER {
                    l.room(n as f32 * BODY * LEADING);
                }
                let leaves = l.lines(t, MARGIN, width, BODY, strong);
                skel.push(group(Tag::P, leaves));
                l.y += BODY * 0.6;
            }
            Block::Bullets(items) => {
                let mut list = Vec::new();
                for item in items {
                    l.room(BODY * LEADING);
                    let top = l.y;
                    let label = l.text(
                        MARGIN + 4.0,
                        top + BODY * LEADING - BODY * 0.3,
                        BODY,
                        false,
                        "•".into(),
                    );
                    l.y = top;
                    let body = l.lines(item, MARGIN + 18.0, width - 18.0, BODY, false);
                    list.push(group(
                        Tag::LI,
                        vec![group(Tag::Lbl, vec![label]), group(Tag::LBody, body)],
                    ));
                    l.y += BODY * 0.25;
                }
                skel.push(group(Tag::L(ListNumbering::Disc), list));
                l.y += BODY * 0.5;
            }
            Block::Table {
                summary,
                header,
                rows,
                widths,
                row_headers,
            } => {
                let n = header.len();
                if n == 0 || widths.len() != n {
                    return Err(PdfError::BadTable(format!(
                        "{n} header cells and {} widths",
                        widths.len()
                    )));
                }
                if let Some(r) = rows.iter().find(|r| r.len() != n) {
                    return Err(PdfError::BadTable(format!(
                        "a row of {} cells under {n} headers",
                        r.len()
                    )));
                }
                let total: f32 = widths.iter().sum();
                let cols: Vec<f32> = widths.iter().map(|w| w / total * width).collect();
                let mut table_rows = Vec::new();
                let all_rows =
                    std::iter::once((header, true)).chain(rows.iter().map(|r| (r, false)));
                // Lines a row may have on one page; a taller row goes on in
                // continuation rows on the next.
                let per_page = (((FOOTER_Y - 20.0 - MARGIN - 2.0 * CELL_PAD) / (BODY * LEADING))
                    .floor() as usize)
                    .max(1);
                for (cells, is_header) in all_rows {
                    let bold_of = |i: usize| is_header || (*row_headers && i == 0);
                    let wrapped: Vec<Vec<String>> = cells
                        .iter()
                        .zip(&cols)
                        .enumerate()
                        .map(|(i, (c, w))| {
                            let face = if bold_of(i) { &bold } else { &regular };
                            wrap(face, c, BODY, w - 2.0 * CELL_PAD)
                        })
                        .collect();
                    let total_lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
                    let mut start = 0;
                    while start < total_lines {
                        let n = (total_lines - start).min(per_page);
                        let height = n as f32 * BODY * LEADING + 2.0 * CELL_PAD;
                        l.room(height);
                        let top = l.y;
                        let mut x = MARGIN;
                        let mut row = Vec::new();
                        for (i, (lines, w)) in wrapped.iter().zip(&cols).enumerate() {
                            let mut part: Vec<String> =
                                lines.iter().skip(start).take(n).cloned().collect();
                            if part.is_empty() {
                                // Keeps the cell in the structure.
                                part.push(String::new());
                            }
                            let mut leaves = Vec::new();
                            for (k, line) in part.into_iter().enumerate() {
                                let y =
                                    top + CELL_PAD + (k + 1) as f32 * BODY * LEADING - BODY * 0.3;
                                leaves.push(l.text(x + CELL_PAD, y, BODY, bold_of(i), line));
                            }
                            let tag: TagKind = if is_header {
                                Tag::TH(TableHeaderScope::Column).into()
                            } else if *row_headers && i == 0 {
                                Tag::TH(TableHeaderScope::Row).into()
                            } else {
                                Tag::TD.into()
                            };
                            row.push(group(tag, leaves));
                            x += w;
                        }
                        // Borders: the row's box and its column lines.
                        let bottom = top + height;
                        let page = l.page();
                        page.push(Op::Line {
                            from: (MARGIN, top),
                            to: (MARGIN + width, top),
                        });
                        page.push(Op::Line {
                            from: (MARGIN, bottom),
                            to: (MARGIN + width, bottom),
                        });
                        let mut x = MARGIN;
                        page.push(Op::Line {
                            from: (x, top),
                            to: (x, bottom),
                        });
                        for w in &cols {
                            x += w;
                            page.push(Op::Line {
                                from: (x, top),
                                to: (x, bottom),
                            });
                        }
                        l.y = bottom;
                        table_rows.push(group(Tag::TR, row));
                        start += n;
                    }
                }
                skel.push(group(
                    Tag::Table.with_summary(Some(summary.clone())),
                    table_rows,
                ));
                l.y += BODY;
            }
        }
    }
    draw(doc, &regular, &bold, l, skel)
}

/// Every word of the document, for checking the font has them.
fn doc_text(doc: &Doc) -> String {
    let mut all = vec![doc.title.clone(), doc.footer.clone()];
    for b in &doc.blocks {
        match b {
            Block::Heading1(t) | Block::Heading2(t) | Block::Paragraph(t) | Block::Strong(t) => {
                all.push(t.clone());
            }
            Block::Bullets(items) => all.extend(items.iter().cloned()),
            Block::Table { header, rows, .. } => {
                all.extend(header.iter().cloned());
                all.extend(rows.iter().flatten().cloned());
            }
        }
    }
    all.join(" ")
}

fn draw(
    doc: &Doc,
    regular: &Face,
    bold: &Face,
    l: Layout<'_>,
    skel: Vec<Skel>,
) -> Result<Vec<u8>, PdfError> {
    let configuration = ConfigurationBuilder::new()
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        .map_err(|e| PdfError::Refused(format!("{e:?}")))?;
    let mut document = Document::new_with(krilla::SerializeSettings {
        configuration,
        enable_tagging: true,
        ..Default::default()
    });
    document.set_metadata(
        Metadata::new()
            .title(doc.title.clone())
            .language(doc.lang.clone())
            .creator(concat!("Roots ", env!("CARGO_PKG_VERSION")).to_owned())
            .authors(vec![doc.author.clone()]),
    );
    let total = l.pages.len();
    let mut ids: Vec<Option<Identifier>> = vec![None; l.leaves];
    for (n, ops) in l.pages.iter().enumerate() {
        let settings = PageSettings::from_wh(PAGE_W, PAGE_H)
            .ok_or_else(|| PdfError::Refused("the page size".into()))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for op in ops {
            match op {
                Op::Text {
                    x,
                    y,
                    size,
                    bold: b,
                    text,
                    leaf,
                } => {
                    let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
                    let face = if *b { bold } else { regular };
                    surface.draw_text(
                        Point::from_xy(*x, *y),
                        face.font.clone(),
                        *size,
                        text,
                        false,
                        TextDirection::Auto,
                    );
                    surface.end_tagged();
                    ids[*leaf] = Some(id);
                }
                Op::Line { from, to } => {
                    surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
                        ArtifactType::Layout,
                    )));
                    let mut pb = PathBuilder::new();
                    pb.move_to(from.0, from.1);
                    pb.line_to(to.0, to.1);
                    if let Some(path) = pb.finish() {
                        surface.set_fill(None);
                        surface.set_stroke(Some(Stroke {
                            width: 0.6,
                            ..Default::default()
                        }));
                        surface.draw_path(&path);
                        surface.set_stroke(None);
                        surface.set_fill(Some(krilla::paint::Fill::default()));
                    }
                    surface.end_tagged();
                }
            }
        }
        // The footer: page n of N, an artifact.
        let footer = doc
            .footer
            .replace("{page}", &(n + 1).to_string())
            .replace("{pages}", &total.to_string());
        surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
            ArtifactType::Page,
        )));
        surface.draw_text(
            Point::from_xy(MARGIN, FOOTER_Y),
            regular.font.clone(),
            9.0,
            &footer,
            false,
            TextDirection::Auto,
        );
        surface.end_tagged();
        surface.finish();
        page.finish();
    }
    let mut tree = TagTree::new().with_lang(Some(doc.lang.clone()));
    for s in skel {
        if let Some(node) = build(s, &ids) {
            tree.push(node);
        }
    }
    document.set_tag_tree(tree);
    let mut outline = Outline::new();
    for (text, page, y) in &l.headings {
        outline.push_child(OutlineNode::new(
            text.clone(),
            XyzDestination::new(*page, Point::from_xy(MARGIN, *y)),
        ));
    }
    document.set_outline(outline);
    document
        .finish()
        .map_err(|e| PdfError::Refused(format!("{e:?}")))
}

fn build(s: Skel, ids: &[Option<Identifier>]) -> Option<Node> {
    match s {
        Skel::Leaf(i) => ids.get(i).copied().flatten().map(Node::from),
        Skel::Group(kind, children) => {
            let mut g = TagGroup::new(kind);
            for c in children {
                if let Some(n) = build(c, ids) {
                    g.push(n);
                }
            }
            Some(g.into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_wrap_at_words_and_keep_their_spaces() {
        let face = Face::new(notosans::REGULAR_TTF).unwrap();
        let text = "Mae dŵr yn llifo heibio i'r tŷ a'r gŵr yn canu cân";
        let lines = wrap(&face, text, 11.0, 120.0);
        assert!(lines.len() > 2, "{lines:?}");
        for l in &lines {
            assert!(face.width(l.trim_end(), 11.0) <= 120.0, "{l:?}");
        }
        assert_eq!(lines.concat(), text, "nothing lost, spaces kept");
        // A word wider than the line is cut, not lost.
        let long = "a".repeat(200);
        let cut = wrap(&face, &long, 11.0, 100.0);
        assert!(cut.len() > 1);
        assert_eq!(cut.concat(), long);
        assert_eq!(wrap(&face, "", 11.0, 100.0), [""]);
    }

    #[test]
    fn a_table_that_does_not_fit_together_is_refused() {
        let doc = Doc {
            title: "T".into(),
            lang: "en-GB".into(),
            author: "A".into(),
            footer: "{page}".into(),
            blocks: vec![Block::Table {
                summary: "S".into(),
                header: vec!["a".into(), "b".into()],
                rows: vec![vec!["only one".into()]],
                widths: vec![1.0, 1.0],
                row_headers: false,
            }],
        };
        assert!(matches!(render(&doc), Err(PdfError::BadTable(_))));
        let chinese = Doc {
            blocks: vec![Block::Paragraph("中".into())],
            ..doc
        };
        assert_eq!(render(&chinese), Err(PdfError::MissingGlyph("中".into())));
    }
}
