//! The frame around every page: header, language switch, staff bar, error
//! summary, footer. Each page template embeds a [`Layout`] as `l`.

use askama::Template;

use crate::ctx::Ctx;
use crate::i18n::Tr;

/// One line of the error summary: a link to the field and the message.
#[derive(Debug, Clone)]
pub struct ErrorItem {
    pub href: String,
    pub text: String,
}

impl ErrorItem {
    /// The error summary of a form: one line for each field with an error,
    /// linking to the field's id, in the order given.
    pub fn for_fields(fields: &[(&str, &Option<String>)]) -> Vec<ErrorItem> {
        fields
            .iter()
            .filter_map(|(id, e)| {
                e.as_ref().map(|t| ErrorItem {
                    href: format!("#{id}"),
                    text: t.clone(),
                })
            })
            .collect()
    }
}

#[derive(Debug, Clone)]
pub struct StaffBar {
    pub name: String,
    /// The links this person's roles can use: (path, label id).
    pub links: Vec<(&'static str, &'static str)>,
}

/// The staff bar's links, each shown only to roles the policy lets in.
fn staff_links(roles: &[roots_core::staff::Role]) -> Vec<(&'static str, &'static str)> {
    use roots_core::policy::{Action, allows};
    let all: [(&str, &str, Option<Action>); 17] = [
        (
            "/staff/triage",
            "staff-nav-triage",
            Some(Action::TriageQueue),
        ),
        ("/staff/day", "staff-nav-day", Some(Action::EpisodeRead)),
        (
            "/staff/alerts",
            "staff-nav-alerts",
            Some(Action::EpisodeRead),
        ),
        (
            "/staff/signposting",
            "staff-nav-signposting",
            Some(Action::EpisodeRead),
        ),
        (
            "/staff/directory",
            "staff-nav-directory",
            Some(Action::DirectoryManage),
        ),
        (
            "/staff/waiting",
            "staff-nav-waiting",
            Some(Action::EpisodeRead),
        ),
        (
            "/staff/discussions",
            "staff-nav-discussions",
            Some(Action::EpisodeRead),
        ),
        (
            "/staff/clinics",
            "staff-nav-clinics",
            Some(Action::ClinicManage),
        ),
        (
            "/staff/referrals",
            "staff-nav-referrals",
            Some(Action::ReferralList),
        ),
        (
            "/staff/new-referral",
            "staff-nav-new",
            Some(Action::ReferralEnter),
        ),
        (
            "/staff/evaluation",
            "staff-nav-evaluation",
            Some(Action::Evaluate),
        ),
        ("/staff/audit", "staff-nav-audit", Some(Action::AuditView)),
        (
            "/staff/break-glass",
            "staff-nav-break-glass",
            Some(Action::AuditView),
        ),
        ("/staff/users", "staff-nav-users", Some(Action::UserManage)),
        (
            "/staff/service",
            "staff-nav-service",
            Some(Action::ServiceSettings),
        ),
        ("/staff/tokens", "staff-nav-tokens", None),
        ("/staff/account", "staff-nav-account", None),
    ];
    all.into_iter()
        .filter(|(_, _, a)| a.is_none_or(|a| allows(roles, a)))
        .map(|(p, l, _)| (p, l))
        .collect()
}

#[derive(Debug, Clone)]
pub struct Layout {
    pub tr: Tr,
    pub lang: &'static str,
    /// Path prefix of this language ("" or "/cy").
    pub p: &'static str,
    /// The page's own title; the document title adds the service name and,
    /// when there are errors, "Error:" first (NHS service manual).
    pub title: String,
    pub switch_href: String,
    pub switch_lang: &'static str,
    pub csrf: String,
    pub staff: Option<StaffBar>,
    pub back: Option<String>,
    pub errors: Vec<ErrorItem>,
}

impl Layout {
    pub fn new(ctx: &Ctx, title: String) -> Layout {
        let other = ctx.lang.other();
        let mut switch_href = format!("{}{}", other.prefix(), ctx.path);
        if switch_href.is_empty() {
            switch_href = "/".into();
        }
        if let Some(q) = &ctx.query {
            switch_href.push('?');
            switch_href.push_str(q);
        }
        Layout {
            tr: ctx.tr.clone(),
            lang: ctx.lang.code(),
            p: ctx.lang.prefix(),
            title,
            switch_href,
            switch_lang: other.code(),
            csrf: ctx.csrf.clone(),
            staff: ctx
                .user
                .as_ref()
                .filter(|_| ctx.path.starts_with("/staff"))
                .map(|u| StaffBar {
                    name: u.name.clone(),
                    links: staff_links(&u.roles),
                }),
            back: None,
            errors: Vec::new(),
        }
    }

    /// A bare layout for error pages, where no request context is at hand.
    pub fn bare(tr: Tr, title: String) -> Layout {
        let lang = tr.lang;
        Layout {
            lang: lang.code(),
            p: lang.prefix(),
            title,
            switch_href: format!("{}/", lang.other().prefix()),
            switch_lang: lang.other().code(),
            csrf: String::new(),
            staff: None,
            back: None,
            errors: Vec::new(),
            tr,
        }
    }

    pub fn back(mut self, href: Option<String>) -> Layout {
        self.back = href;
        self
    }

    pub fn document_title(&self) -> String {
        let base = format!("{} – {}", self.title, self.tr.t("service-name"));
        if self.errors.is_empty() {
            base
        } else {
            format!("{} {}", self.tr.t("title-error-prefix"), base)
        }
    }

    pub fn t(&self, id: &str) -> String {
        self.tr.t(id)
    }
}

/// A page that is only a title and paragraphs (errors, notices).
#[derive(Template)]
#[template(path = "message.html")]
pub struct MessagePage {
    pub l: Layout,
    pub paragraphs: Vec<String>,
    pub link: Option<(String, String)>,
}

pub fn render(t: &impl Template) -> String {
    t.render().unwrap_or_else(|e| {
        tracing::error!(error = %e, "template failed");
        "<!DOCTYPE html><html lang=\"en\"><head><title>Error</title></head><body><main><h1>Sorry, there is a problem with the service</h1></main></body></html>".to_owned()
    })
}
