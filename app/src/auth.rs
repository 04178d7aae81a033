//! Who is signed in, as the pages see it. The root component loads it once and refreshes it
//! whenever a sign-in or sign-out action completes.

use domain::{Locale, Role};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::session::{Login, Logout, get_me};
use crate::error::AppError;

/// The signed-in user, as sent to the browser (no password hash, no internal flags).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub id: i32,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub organization_name: Option<String>,
    pub locale: Locale,
}

#[derive(Clone, Copy)]
pub struct AuthContext {
    pub me: Resource<Result<Option<Me>, AppError>>,
    pub login: ServerAction<Login>,
    pub logout: ServerAction<Logout>,
}

pub fn provide_auth() -> AuthContext {
    let login = ServerAction::<Login>::new();
    let logout = ServerAction::<Logout>::new();
    let me = Resource::new(move || (login.version().get(), logout.version().get()), |_| get_me());
    let context = AuthContext { me, login, logout };
    provide_context(context);
    context
}

pub fn use_auth() -> AuthContext {
    expect_context::<AuthContext>()
}
