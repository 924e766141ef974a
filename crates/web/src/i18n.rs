//! English and Welsh, from Fluent files in `locales/`.
//!
//! Every user-facing string comes from here. Welsh pages live under `/cy/`
//! (Welsh Language Standards: every page and form fully functional in Welsh,
//! each English page linked to its Welsh version); the language switch on
//! every page keeps the person's place.
//!
//! Unicode isolation marks around interpolated values are turned off: all
//! our text is left-to-right, and the marks would surprise screen readers
//! and string comparisons.

use std::borrow::Cow;
use std::sync::Arc;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// A language Roots speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Cy,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Cy => "cy",
        }
    }

    /// The path prefix of pages in this language.
    pub fn prefix(self) -> &'static str {
        match self {
            Lang::En => "",
            Lang::Cy => "/cy",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Cy,
            Lang::Cy => Lang::En,
        }
    }

    /// The language of a request path: Welsh under `/cy/`.
    pub fn of_path(path: &str) -> Lang {
        if path == "/cy" || path.starts_with("/cy/") {
            Lang::Cy
        } else {
            Lang::En
        }
    }

    /// Picks a language from an `Accept-Language` header (for the API).
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best = (Lang::En, -1.0f32);
        for part in header.split(',') {
            let mut bits = part.split(';');
            let tag = bits.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = bits
                .find_map(|b| {
                    b.trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            let lang = if tag == "cy" || tag.starts_with("cy-") {
                Some(Lang::Cy)
            } else if tag == "en" || tag.starts_with("en-") {
                Some(Lang::En)
            } else {
                None
            };
            if let Some(l) = lang
                && q > best.1
            {
                best = (l, q);
            }
        }
        best.0
    }
}

const EN: &str = include_str!("../../../locales/en/roots.ftl");
const CY: &str = include_str!("../../../locales/cy/roots.ftl");

/// Both bundles, loaded once at start-up.
pub struct Locales {
    en: FluentBundle<FluentResource>,
    cy: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for Locales {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Locales")
    }
}

fn bundle(lang: &str, source: &str) -> Result<FluentBundle<FluentResource>, String> {
    let resource = FluentResource::try_new(source.to_owned())
        .map_err(|(_, errors)| format!("locales/{lang}/roots.ftl does not parse: {errors:?}"))?;
    let id: unic_langid::LanguageIdentifier = lang.parse().map_err(|e| format!("{e:?}"))?;
    let mut b = FluentBundle::new_concurrent(vec![id]);
    b.set_use_isolating(false);
    b.add_resource(resource)
        .map_err(|errors| format!("locales/{lang}/roots.ftl has duplicate ids: {errors:?}"))?;
    Ok(b)
}

impl Locales {
    pub fn load() -> Result<Arc<Locales>, String> {
        Ok(Arc::new(Locales {
            en: bundle("en", EN)?,
            cy: bundle("cy", CY)?,
        }))
    }

    pub fn get(self: &Arc<Self>, lang: Lang) -> Tr {
        Tr {
            lang,
            locales: Arc::clone(self),
        }
    }

    fn bundle(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        match lang {
            Lang::En => &self.en,
            Lang::Cy => &self.cy,
        }
    }

    /// Every message id in a language (for the parity test).
    pub fn ids(lang: Lang) -> Vec<String> {
        let src = match lang {
            Lang::En => EN,
            Lang::Cy => CY,
        };
        let resource = FluentResource::try_new(src.to_owned()).unwrap_or_else(|(r, _)| r);
        resource
            .entries()
            .filter_map(|e| match e {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
                _ => None,
            })
            .collect()
    }
}

/// The translator handed to every template: `tr.t("id")`.
#[derive(Clone)]
pub struct Tr {
    pub lang: Lang,
    locales: Arc<Locales>,
}

impl std::fmt::Debug for Tr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Tr({:?})", self.lang)
    }
}

impl Tr {
    /// The message `id`. A missing id shows the id itself (and the parity
    /// and coverage tests fail), never an empty string.
    pub fn t(&self, id: &str) -> String {
        self.format(id, None)
    }

    /// The message `id` with one variable.
    pub fn t1(&self, id: &str, name: &str, value: impl std::fmt::Display) -> String {
        let mut args = FluentArgs::new();
        args.set(name.to_owned(), FluentValue::from(value.to_string()));
        self.format(id, Some(&args))
    }

    /// The message `id` with text variables.
    pub fn ts(&self, id: &str, args: &[(&str, String)]) -> String {
        let mut a = FluentArgs::new();
        for (k, v) in args {
            a.set((*k).to_owned(), FluentValue::from(v.clone()));
        }
        self.format(id, Some(&a))
    }

    /// The message `id` with numeric variables (plural rules apply).
    pub fn tn(&self, id: &str, args: &[(&str, i64)]) -> String {
        let mut a = FluentArgs::new();
        for (k, v) in args {
            a.set((*k).to_owned(), FluentValue::from(*v));
        }
        self.format(id, Some(&a))
    }

    /// True when the message exists in this language.
    pub fn has(&self, id: &str) -> bool {
        self.locales.bundle(self.lang).has_message(id)
    }

    fn format(&self, id: &str, args: Option<&FluentArgs<'_>>) -> String {
        let bundle = self.locales.bundle(self.lang);
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            tracing::warn!(id, lang = self.lang.code(), "missing translation");
            return id.to_owned();
        };
        let mut errors = Vec::new();
        let s: Cow<'_, str> = bundle.format_pattern(pattern, args, &mut errors);
        s.into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language() {
        assert_eq!(Lang::from_accept_language("cy"), Lang::Cy);
        assert_eq!(Lang::from_accept_language("cy-GB,en;q=0.5"), Lang::Cy);
        assert_eq!(Lang::from_accept_language("en-GB,cy;q=0.9"), Lang::En);
        assert_eq!(Lang::from_accept_language("fr, cy;q=0.2"), Lang::Cy);
        assert_eq!(Lang::from_accept_language(""), Lang::En);
    }

    #[test]
    fn paths() {
        assert_eq!(Lang::of_path("/cy"), Lang::Cy);
        assert_eq!(Lang::of_path("/cy/refer/name"), Lang::Cy);
        assert_eq!(Lang::of_path("/cyan"), Lang::En);
        assert_eq!(Lang::of_path("/refer/name"), Lang::En);
    }

    #[test]
    fn both_languages_load_and_have_the_same_ids() {
        let l = Locales::load().expect("locales parse");
        let mut en = Locales::ids(Lang::En);
        let mut cy = Locales::ids(Lang::Cy);
        en.sort();
        cy.sort();
        assert_eq!(en, cy);
        assert!(en.len() > 100);
        let tr = l.get(Lang::Cy);
        assert_ne!(tr.t("service-name"), l.get(Lang::En).t("service-name"));
    }
}
