//! Which part of the portal a URL belongs to and who may enter it.
//!
//! The server uses this to redirect anonymous visitors and to answer 403, and the page guard in
//! the browser uses the same rule to show «Нет доступа»: one rule, two places that obey it.

use crate::Role;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    /// Open to everyone: the sign-in page, static assets, server functions (which check
    /// access themselves).
    Public,
    /// Any signed-in user.
    SignedIn,
    /// Customer-side pages: own and organization requests, drafts, request creation.
    Customer,
    /// The support workspace, including the knowledge-base editor.
    Staff,
    /// The organization admin's pages: «Запросы без автора», members.
    OrgAdmin,
    /// «Администрирование» (`/admin/…`): portal administrators only.
    Admin,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Allowed,
    SignInRequired,
    Forbidden,
}

const PUBLIC_PREFIXES: [&str; 6] = ["/login", "/password/", "/pkg/", "/api/", "/assets/", "/unsubscribe"];
const PUBLIC_FILES: [&str; 2] = ["/favicon.ico", "/favicon.svg"];

/// Pages of the organization admin.
pub const ORG_ADMIN_PATHS: [&str; 2] = ["/requests/authorless", "/org/members"];

pub fn area_of_path(path: &str) -> Area {
    if PUBLIC_FILES.contains(&path) || PUBLIC_PREFIXES.iter().any(|prefix| path.starts_with(prefix)) {
        Area::Public
    } else if path.starts_with("/kb/articles/") {
        // A knowledge-base article opened by link: customers too (the server function shows
        // them published articles only).
        Area::SignedIn
    } else if path == "/admin" || path.starts_with("/admin/") {
        Area::Admin
    } else if ORG_ADMIN_PATHS.contains(&path) {
        Area::OrgAdmin
    } else if path == "/queue" || path.starts_with("/queue/") || path == "/kb" || path.starts_with("/kb/") {
        Area::Staff
    } else if path == "/drafts"
        || path.starts_with("/drafts/")
        || path == "/requests/my"
        || path == "/requests/org"
        || path == "/requests/new"
    {
        Area::Customer
    } else {
        Area::SignedIn
    }
}

pub fn access(role: Option<Role>, area: Area) -> Access {
    match (area, role) {
        (Area::Public, _) => Access::Allowed,
        (_, None) => Access::SignInRequired,
        (Area::SignedIn, Some(_)) => Access::Allowed,
        (Area::Customer, Some(role)) if role.is_customer_side() => Access::Allowed,
        (Area::Staff, Some(role)) if role.is_staff() => Access::Allowed,
        (Area::OrgAdmin, Some(Role::OrgAdmin)) => Access::Allowed,
        (Area::Admin, Some(Role::Administrator)) => Access::Allowed,
        _ => Access::Forbidden,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_areas() {
        assert_eq!(area_of_path("/login"), Area::Public);
        assert_eq!(area_of_path("/password/set"), Area::Public, "a link is opened before signing in");
        assert_eq!(area_of_path("/pkg/portal.wasm"), Area::Public);
        assert_eq!(area_of_path("/api/login"), Area::Public);
        assert_eq!(area_of_path("/queue"), Area::Staff);
        assert_eq!(area_of_path("/requests/my"), Area::Customer);
        assert_eq!(area_of_path("/drafts"), Area::Customer);
        assert_eq!(area_of_path("/"), Area::SignedIn);
        assert_eq!(area_of_path("/requests/17"), Area::SignedIn);
        assert_eq!(area_of_path("/queueing"), Area::SignedIn);
        assert_eq!(area_of_path("/kb"), Area::Staff);
        assert_eq!(area_of_path("/kb/new"), Area::Staff);
        assert_eq!(area_of_path("/kb/7/edit"), Area::Staff);
        assert_eq!(area_of_path("/kb/articles"), Area::Staff);
        assert_eq!(area_of_path("/kb/articles/7"), Area::SignedIn);
        assert_eq!(area_of_path("/kbase"), Area::SignedIn);
        assert_eq!(area_of_path("/requests/authorless"), Area::OrgAdmin);
        assert_eq!(area_of_path("/org/members"), Area::OrgAdmin);
        assert_eq!(area_of_path("/unsubscribe"), Area::Public);
        assert_eq!(area_of_path("/admin"), Area::Admin);
        assert_eq!(area_of_path("/admin/organizations/3"), Area::Admin);
        assert_eq!(area_of_path("/administrator"), Area::SignedIn);
    }

    #[test]
    fn only_portal_administrators_enter_administration() {
        assert_eq!(access(Some(Role::Administrator), Area::Admin), Access::Allowed);
        for role in [Role::Customer, Role::OrgAdmin, Role::SupportAgent, Role::Manager] {
            assert_eq!(access(Some(role), Area::Admin), Access::Forbidden, "{role:?}");
        }
        assert_eq!(access(None, Area::Admin), Access::SignInRequired);
    }

    #[test]
    fn roles_enter_only_their_areas() {
        assert_eq!(access(None, Area::Public), Access::Allowed);
        assert_eq!(access(None, Area::SignedIn), Access::SignInRequired);
        assert_eq!(access(None, Area::Staff), Access::SignInRequired);
        assert_eq!(access(Some(Role::Customer), Area::Customer), Access::Allowed);
        assert_eq!(access(Some(Role::OrgAdmin), Area::Customer), Access::Allowed);
        assert_eq!(access(Some(Role::Customer), Area::Staff), Access::Forbidden);
        assert_eq!(access(Some(Role::SupportAgent), Area::Staff), Access::Allowed);
        assert_eq!(access(Some(Role::Manager), Area::Customer), Access::Forbidden);
        assert_eq!(access(Some(Role::Manager), Area::SignedIn), Access::Allowed);
        assert_eq!(access(Some(Role::OrgAdmin), Area::OrgAdmin), Access::Allowed);
        assert_eq!(access(Some(Role::Customer), Area::OrgAdmin), Access::Forbidden);
        assert_eq!(access(Some(Role::Administrator), Area::OrgAdmin), Access::Forbidden);
    }

    #[test]
    fn the_knowledge_base_editor_is_for_staff_and_articles_for_everyone_signed_in() {
        for role in [Role::SupportAgent, Role::Manager, Role::Administrator] {
            assert_eq!(access(Some(role), area_of_path("/kb")), Access::Allowed, "{role:?}");
            assert_eq!(access(Some(role), area_of_path("/kb/3/edit")), Access::Allowed, "{role:?}");
        }
        for role in [Role::Customer, Role::OrgAdmin] {
            assert_eq!(access(Some(role), area_of_path("/kb")), Access::Forbidden, "{role:?}");
            assert_eq!(access(Some(role), area_of_path("/kb/new")), Access::Forbidden, "{role:?}");
            assert_eq!(access(Some(role), area_of_path("/kb/articles/3")), Access::Allowed, "{role:?}");
        }
        assert_eq!(access(None, area_of_path("/kb/articles/3")), Access::SignInRequired);
    }
}

/// Where an anonymous visitor of `path_and_query` is sent: «Вход», and back afterwards.
pub fn sign_in_path(path_and_query: &str) -> String {
    if path_and_query == "/" || path_and_query.is_empty() {
        return "/login".to_owned();
    }
    format!("/login?next={}", crate::validation::percent_encode(path_and_query, b"/"))
}

#[cfg(test)]
mod sign_in_path_tests {
    use super::sign_in_path;

    #[test]
    fn the_return_path_is_percent_encoded() {
        assert_eq!(sign_in_path("/"), "/login");
        assert_eq!(sign_in_path("/requests/org"), "/login?next=/requests/org");
        assert_eq!(
            sign_in_path("/requests/org?page=2&q=принтер"),
            "/login?next=/requests/org%3Fpage%3D2%26q%3D%D0%BF%D1%80%D0%B8%D0%BD%D1%82%D0%B5%D1%80"
        );
    }
}
