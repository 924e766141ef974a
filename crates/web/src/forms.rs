//! Form widgets in the NHS design system's shapes (text input, textarea,
//! date input, radios, checkboxes), filled from a referral's answers and
//! validation errors, with every label in the person's language.
//!
//! Labels come from Fluent by convention: a field's label is `f-<field>`,
//! its hint `f-<field>-hint` (when that exists), an option's label
//! `opt-<field>-<value>`.

use roots_core::FieldError;
use roots_core::referral::ReferralInput;

use crate::i18n::Tr;
use crate::layout::ErrorItem;

#[derive(Debug, Clone)]
pub struct Choice {
    pub id: String,
    pub value: String,
    pub label: String,
    pub checked: bool,
    /// Show "or" before this option (an exclusive "none" or "not listed").
    pub divider: bool,
    /// A "none" checkbox: ticking it unticks the others (nhsuk-frontend's
    /// `data-behaviour="exclusive"`; the rules refuse both without script).
    pub exclusive: bool,
}

#[derive(Debug, Clone)]
pub enum Widget {
    Text {
        name: String,
        label: String,
        hint: Option<String>,
        value: String,
        error: Option<String>,
        autocomplete: &'static str,
        input_type: &'static str,
        inputmode: &'static str,
        width: &'static str,
        heading: bool,
    },
    Textarea {
        name: String,
        label: String,
        hint: Option<String>,
        value: String,
        error: Option<String>,
        limit: String,
        max: usize,
        heading: bool,
    },
    Date {
        prefix: String,
        legend: String,
        hint: String,
        day: String,
        month: String,
        year: String,
        error: Option<String>,
        /// Which boxes to mark: "day", "month", "year" or "all".
        error_part: &'static str,
        autocomplete: bool,
        heading: bool,
    },
    Choices {
        name: String,
        /// "radio" or "checkbox"
        kind: &'static str,
        legend: String,
        hint: Option<String>,
        choices: Vec<Choice>,
        error: Option<String>,
        heading: bool,
        small: bool,
    },
}

impl Widget {
    /// For the date widget: (part, value, width class) of its three boxes.
    pub fn date_parts(&self) -> Vec<(&'static str, String, &'static str)> {
        match self {
            Widget::Date {
                day, month, year, ..
            } => vec![
                ("day", day.clone(), "nhsuk-input--width-2"),
                ("month", month.clone(), "nhsuk-input--width-2"),
                ("year", year.clone(), "nhsuk-input--width-4"),
            ],
            _ => Vec::new(),
        }
    }

    /// For the date widget: whether one box is marked as wrong.
    pub fn part_error(&self, part: &str) -> bool {
        match self {
            Widget::Date {
                error: Some(_),
                error_part,
                ..
            } => *error_part == "all" || *error_part == part,
            _ => false,
        }
    }
}

/// Builds widgets for one page of a referral.
pub struct Builder<'a> {
    pub tr: &'a Tr,
    pub input: &'a ReferralInput,
    pub errors: &'a [FieldError],
    /// True when the page has one question, whose label is the page heading.
    pub single: bool,
}

impl Builder<'_> {
    fn hint(&self, id: &str) -> Option<String> {
        self.tr.has(id).then(|| self.tr.t(id))
    }

    /// The localised error for a field, if it has one.
    pub fn error(&self, field: &str) -> Option<String> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| message(self.tr, e))
    }

    fn value(&self, field: &str) -> String {
        self.input.get(field).unwrap_or("").to_owned()
    }

    pub fn text(
        &self,
        field: &str,
        autocomplete: &'static str,
        input_type: &'static str,
        width: &'static str,
    ) -> Widget {
        Widget::Text {
            name: field.to_owned(),
            label: self.tr.t(&format!("f-{field}")),
            hint: self.hint(&format!("f-{field}-hint")),
            value: self.value(field),
            error: self.error(field),
            autocomplete,
            input_type,
            inputmode: if input_type == "tel" || field == "nhs_number" {
                "numeric"
            } else {
                ""
            },
            width,
            heading: self.single,
        }
    }

    /// A text field whose label is the page's title (`q-<slug>-title`).
    pub fn text_as_question(
        &self,
        field: &str,
        slug: &str,
        autocomplete: &'static str,
        width: &'static str,
    ) -> Widget {
        let mut w = self.text(field, autocomplete, "text", width);
        if let Widget::Text { label, .. } = &mut w {
            *label = self.tr.t(&format!("q-{slug}-title"));
        }
        w
    }

    pub fn textarea(&self, field: &str, slug: &str, max: usize) -> Widget {
        Widget::Textarea {
            name: field.to_owned(),
            label: self.tr.t(&format!("q-{slug}-title")),
            hint: self.hint(&format!("q-{slug}-hint")),
            value: self.value(field),
            error: self.error(field),
            limit: self.tr.tn("chars-limit", &[("max", max as i64)]),
            max,
            heading: true,
        }
    }

    pub fn date(&self, prefix: &str, legend: String, autocomplete: bool) -> Widget {
        let day = format!("{prefix}_day");
        let month = format!("{prefix}_month");
        let year = format!("{prefix}_year");
        let (error, part) = [(&day, "day"), (&month, "month"), (&year, "year")]
            .into_iter()
            .find_map(|(f, part)| {
                self.errors.iter().find(|e| e.field == f.as_str()).map(|e| {
                    let part = if part == "day" && !e.message.contains("missing-day") {
                        "all"
                    } else {
                        part
                    };
                    (Some(message(self.tr, e)), part)
                })
            })
            .unwrap_or((None, ""));
        Widget::Date {
            prefix: prefix.to_owned(),
            legend,
            hint: self.tr.t("date-hint"),
            day: self.value(&day),
            month: self.value(&month),
            year: self.value(&year),
            error,
            error_part: part,
            autocomplete,
            heading: self.single,
        }
    }

    /// Radios or checkboxes. `options` are the values; labels come from
    /// `opt-<label_key>-<value>`. Values listed in `after_divider` follow an
    /// "or".
    #[allow(clippy::too_many_arguments)]
    pub fn choices(
        &self,
        field: &str,
        kind: &'static str,
        legend: String,
        hint: Option<String>,
        options: &[&str],
        label_key: &str,
        after_divider: &[&str],
    ) -> Widget {
        let selected: Vec<String> = if kind == "checkbox" && !self.input.get_many(field).is_empty()
        {
            self.input.get_many(field).to_vec()
        } else {
            self.input
                .get(field)
                .map(|v| vec![v.to_owned()])
                .unwrap_or_default()
        };
        let mut divider_done = false;
        let choices = options
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let divider = !divider_done && after_divider.contains(v);
                divider_done |= divider;
                Choice {
                    id: if i == 0 {
                        field.to_owned()
                    } else {
                        format!("{field}-{}", i + 1)
                    },
                    value: (*v).to_owned(),
                    label: self.tr.t(&format!("opt-{label_key}-{v}")),
                    checked: selected.iter().any(|s| s == v),
                    divider,
                    exclusive: kind == "checkbox" && *v == "none",
                }
            })
            .collect();
        Widget::Choices {
            name: field.to_owned(),
            kind,
            legend,
            hint,
            choices,
            error: self.error(field),
            heading: self.single,
            small: false,
        }
    }

    /// Radios or checkboxes with custom labels (e.g. practice names).
    pub fn choices_labelled(
        &self,
        field: &str,
        legend: String,
        hint: Option<String>,
        options: Vec<(String, String, bool)>,
    ) -> Widget {
        let selected = self.input.get(field).unwrap_or("");
        let mut divider_done = false;
        let choices = options
            .into_iter()
            .enumerate()
            .map(|(i, (value, label, divider))| {
                let divider = divider && !divider_done;
                divider_done |= divider;
                Choice {
                    id: if i == 0 {
                        field.to_owned()
                    } else {
                        format!("{field}-{}", i + 1)
                    },
                    checked: value == selected,
                    value,
                    label,
                    divider,
                    exclusive: false,
                }
            })
            .collect();
        Widget::Choices {
            name: field.to_owned(),
            kind: "radio",
            legend,
            hint,
            choices,
            error: self.error(field),
            heading: self.single,
            small: false,
        }
    }
}

/// A smaller, non-heading legend (for a follow-up on a multi-question page).
pub fn small(mut w: Widget) -> Widget {
    if let Widget::Choices { small, heading, .. } = &mut w {
        *small = true;
        *heading = false;
    }
    w
}

/// The words of a validation error in the person's language.
pub fn message(tr: &Tr, e: &FieldError) -> String {
    tr.tn(e.message, &e.args)
}

/// The error summary: one link per error, to the field's first box.
pub fn summary(tr: &Tr, errors: &[FieldError]) -> Vec<ErrorItem> {
    errors
        .iter()
        .map(|e| ErrorItem {
            href: format!("#{}", e.field),
            text: message(tr, e),
        })
        .collect()
}
