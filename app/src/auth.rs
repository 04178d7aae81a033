//! Who is signed in, as the pages see it. The root component loads it once and refreshes it
//! whenever a sign-in or sign-out action completes.

use leptos::prelude::*;

use crate::api::session::{Login, Logout, Me, get_me};
use crate::error::AppError;

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
