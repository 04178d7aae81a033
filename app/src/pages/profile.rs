//! «Профиль» (`/profile`, every signed-in role; the header's link on the person's name): personal
//! data, «Какие письма получать», «Сменить пароль» and «Активные сеансы». Every form works
//! without JavaScript (a plain post comes back with `?done=` or `?error=` and `?form=`, which
//! names the form the error belongs to) and with it.

use domain::Locale;
use domain::profile::{EmailKind, ProfileView, SessionRow};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::profile::{ChangePassword, EndOtherSessions, EndSession, SetEmailPreferences, UpdateProfile, profile_page};
use crate::components::form::{Field, field_message, form_message, open_answered_page};
use crate::components::page::{ErrorAlert, Loading, PageHeader};
use crate::error::AppError;
use crate::i18n::{ProfileTexts, use_texts};

#[component]
pub fn ProfilePage() -> impl IntoView {
    let texts = use_texts();
    let profile = texts.profile();
    let query = use_query_map();
    let update = ServerAction::<UpdateProfile>::new();
    let emails = ServerAction::<SetEmailPreferences>::new();
    let password = ServerAction::<ChangePassword>::new();
    let end_session = ServerAction::<EndSession>::new();
    let end_others = ServerAction::<EndOtherSessions>::new();
    open_answered_page(update.value());
    let changes =
        move || (emails.version().get(), password.version().get(), end_session.version().get(), end_others.version().get());
    let data = Resource::new(changes, |_| profile_page());
    let done = move || {
        if emails.value().get().is_some_and(|answer| answer.is_ok()) {
            return Some(profile.emails_saved);
        }
        if password.value().get().is_some_and(|answer| answer.is_ok()) {
            return Some(profile.password_changed);
        }
        if end_session.value().get().is_some_and(|answer| answer.is_ok()) {
            return Some(profile.session_ended);
        }
        if end_others.value().get().is_some_and(|answer| answer.is_ok()) {
            return Some(profile.sessions_ended);
        }
        match query.read().get("done").as_deref() {
            Some("saved") => Some(profile.saved),
            Some("emails") => Some(profile.emails_saved),
            Some("password") => Some(profile.password_changed),
            Some("session") => Some(profile.session_ended),
            Some("sessions") => Some(profile.sessions_ended),
            _ => None,
        }
    };
    view! {
        <Title text=profile.title />
        <PageHeader title=profile.title subtitle=profile.subtitle />
        {move || done().map(|message| view! { <div class="alert alert--success" role="status">{message}</div> })}
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! {
                        <ProfileSections view update emails password end_session end_others />
                    }.into_any(),
                    Err(error) => view! { <ErrorAlert message=error.message(texts) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// What a form shows after its action: with JavaScript the action's error; after a plain post
/// the `?error=` of the address when it is this form's — `?form=` names it, or the error names
/// one of its `fields`.
fn form_failure<T: Send + Sync + 'static>(
    answer: impl Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
    form: &'static str,
    fields: &'static [&'static str],
) -> Signal<Option<AppError>> {
    let query = use_query_map();
    Signal::derive(move || match answer.get() {
        Some(result) => result.err(),
        None => {
            let query = query.read();
            let failure = query.get("error").and_then(|value| AppError::from_query(&value))?;
            let mine = match &failure {
                AppError::Invalid { field, .. } if fields.contains(&field.as_str()) => true,
                _ => query.get("form").as_deref() == Some(form),
            };
            mine.then_some(failure)
        }
    })
}

#[component]
fn ProfileSections(
    view: ProfileView,
    update: ServerAction<UpdateProfile>,
    emails: ServerAction<SetEmailPreferences>,
    password: ServerAction<ChangePassword>,
    end_session: ServerAction<EndSession>,
    end_others: ServerAction<EndOtherSessions>,
) -> impl IntoView {
    let texts = use_texts();
    let profile = texts.profile();
    let ProfileView { email, role, organization_name, fields, preferences, sessions, time_zones } = view;
    view! {
        <div class="profile">
            <section class="card profile__section profile__personal" aria-labelledby="profile-personal">
                <h2 class="card__title" id="profile-personal">{profile.personal}</h2>
                <dl class="profile__facts">
                    <div><dt>{profile.email}</dt><dd class="profile__email">{email}</dd></div>
                    <div><dt>{profile.role}</dt><dd>{texts.role(role)}</dd></div>
                    {organization_name.map(|name| view! { <div><dt>{profile.organization}</dt><dd>{name}</dd></div> })}
                </dl>
                <p class="field__hint profile__note">{profile.email_hint}</p>
                <PersonalForm update fields time_zones />
            </section>
            <section class="card profile__section" id="emails" aria-labelledby="profile-emails">
                <h2 class="card__title" id="profile-emails">{profile.emails}</h2>
                <p class="profile__lead">{profile.emails_lead}</p>
                <EmailsForm emails preferences />
            </section>
            <section class="card profile__section" id="password" aria-labelledby="profile-password">
                <h2 class="card__title" id="profile-password">{profile.password}</h2>
                <p class="profile__lead">{profile.password_lead}</p>
                <PasswordForm password />
            </section>
            <section class="card profile__section profile__sessions" id="sessions" aria-labelledby="profile-sessions">
                <h2 class="card__title" id="profile-sessions">{profile.sessions}</h2>
                <p class="profile__lead">{profile.sessions_lead}</p>
                <SessionList sessions end_session end_others />
            </section>
        </div>
    }
}

const PERSONAL_FIELDS: &[&str] = &["display_name", "phone", "position", "locale", "time_zone"];

#[component]
fn PersonalForm(
    update: ServerAction<UpdateProfile>,
    fields: domain::profile::ProfileFields,
    time_zones: Vec<domain::profile::TimeZoneChoice>,
) -> impl IntoView {
    let texts = use_texts();
    let profile = texts.profile();
    let query = use_query_map();
    let failure = form_failure(update.value(), "personal", PERSONAL_FIELDS);
    let form_error = form_message(failure, texts, PERSONAL_FIELDS);
    let error = move |field: &'static str| field_message(failure, texts, field);
    let (name_error, phone_error, position_error, locale_error, zone_error) =
        (error("display_name"), error("phone"), error("position"), error("locale"), error("time_zone"));
    // After a refused plain post the typed values come back in the address.
    let sent_back = query.read_untracked().get("form").as_deref() == Some("personal");
    let typed = move |name: &str, stored: &str| {
        if sent_back { query.read_untracked().get(name).unwrap_or_default() } else { stored.to_owned() }
    };
    let chosen_locale = typed("locale", &fields.locale);
    let chosen_zone = typed("time_zone", &fields.time_zone);
    let pending = update.pending();
    view! {
        <ActionForm action=update attr:class="form" attr:novalidate="novalidate">
            <Field id="display_name" label=profile.name required=true error=name_error>
                <input class="input" id="display_name" name="display_name" maxlength="200" required autocomplete="name"
                    value=typed("display_name", &fields.display_name)
                    aria-describedby="display_name-error" aria-invalid=move || name_error.get().map(|_| "true") />
            </Field>
            <div class="form__row">
                <Field id="phone" label=profile.phone hint=profile.phone_hint error=phone_error>
                    <input class="input" id="phone" name="phone" type="tel" inputmode="tel" maxlength="30" autocomplete="tel"
                        value=typed("phone", &fields.phone)
                        aria-describedby="phone-hint phone-error" aria-invalid=move || phone_error.get().map(|_| "true") />
                </Field>
                <Field id="position" label=profile.position error=position_error>
                    <input class="input" id="position" name="position" maxlength="200" autocomplete="organization-title"
                        value=typed("position", &fields.position)
                        aria-describedby="position-error" aria-invalid=move || position_error.get().map(|_| "true") />
                </Field>
            </div>
            <div class="form__row">
                <Field id="locale" label=profile.language error=locale_error>
                    <select class="select" id="locale" name="locale" aria-describedby="locale-error">
                        {Locale::ALL.into_iter().map(|locale| view! {
                            <option value=locale.as_str() lang=locale.as_str() selected=chosen_locale == locale.as_str()>
                                {profile.locale(locale)}
                            </option>
                        }).collect_view()}
                    </select>
                </Field>
                <Field id="time_zone" label=profile.time_zone hint=profile.time_zone_hint error=zone_error>
                    <select class="select" id="time_zone" name="time_zone" aria-describedby="time_zone-hint time_zone-error"
                        aria-invalid=move || zone_error.get().map(|_| "true")>
                        {time_zones.into_iter().map(|zone| {
                            let selected = zone.id == chosen_zone;
                            view! { <option value=zone.id selected=selected>{zone.label}</option> }
                        }).collect_view()}
                    </select>
                </Field>
            </div>
            {move || form_error.get().map(|message| view! { <ErrorAlert message /> })}
            <div class="form__actions">
                <button class="btn btn--primary" type="submit" disabled=move || pending.get()>
                    {move || if pending.get() { profile.saving } else { profile.save }}
                </button>
            </div>
        </ActionForm>
    }
}

#[component]
fn EmailsForm(emails: ServerAction<SetEmailPreferences>, preferences: domain::profile::EmailPreferences) -> impl IntoView {
    let texts = use_texts();
    let profile = texts.profile();
    let failure = form_failure(emails.value(), "emails", &[]);
    let form_error = form_message(failure, texts, &[]);
    let pending = emails.pending();
    view! {
        <ActionForm action=emails attr:class="form">
            <fieldset class="profile__kinds">
                <legend class="visually-hidden">{profile.emails}</legend>
                {EmailKind::ALL.into_iter().map(|kind| view! {
                    <label class="checkbox">
                        <input type="checkbox" name=kind.as_str() value="on" checked=preferences.allows(kind) />
                        " "{profile.email_kind(kind)}
                    </label>
                }).collect_view()}
            </fieldset>
            {move || form_error.get().map(|message| view! { <ErrorAlert message /> })}
            <div class="form__actions">
                <button class="btn btn--secondary" type="submit" disabled=move || pending.get()>{profile.emails_save}</button>
            </div>
        </ActionForm>
    }
}

const PASSWORD_FIELDS: &[&str] = &["current_password", "password", "repeat"];

#[component]
fn PasswordForm(password: ServerAction<ChangePassword>) -> impl IntoView {
    let texts = use_texts();
    let profile = texts.profile();
    let failure = form_failure(password.value(), "password", PASSWORD_FIELDS);
    let form_error = form_message(failure, texts, PASSWORD_FIELDS);
    let error = move |field: &'static str| field_message(failure, texts, field);
    let (current_error, new_error, repeat_error) = (error("current_password"), error("password"), error("repeat"));
    let pending = password.pending();
    // Once the action answers, the page data is read again and this form is drawn anew: the
    // fields come back empty.
    view! {
        <ActionForm action=password attr:class="form" attr:novalidate="novalidate">
            <Field id="current_password" label=profile.current_password required=true error=current_error>
                <input class="input" id="current_password" name="current_password" type="password" required
                    autocomplete="current-password"
                    aria-describedby="current_password-error" aria-invalid=move || current_error.get().map(|_| "true") />
            </Field>
            <div class="form__row">
                <Field id="new_password" label=profile.new_password required=true hint=profile.new_password_hint error=new_error>
                    <input class="input" id="new_password" name="password" type="password" required minlength="10" maxlength="256"
                        autocomplete="new-password"
                        aria-describedby="new_password-hint new_password-error" aria-invalid=move || new_error.get().map(|_| "true") />
                </Field>
                <Field id="repeat" label=profile.repeat_password required=true error=repeat_error>
                    <input class="input" id="repeat" name="repeat" type="password" required autocomplete="new-password"

                        aria-describedby="repeat-error" aria-invalid=move || repeat_error.get().map(|_| "true") />
                </Field>
            </div>
            {move || form_error.get().map(|message| view! { <ErrorAlert message /> })}
            <div class="form__actions">
                <button class="btn btn--primary" type="submit" disabled=move || pending.get()>
                    {move || if pending.get() { profile.password_saving } else { profile.password_save }}
                </button>
            </div>
        </ActionForm>
    }
}

fn device_name(profile: &ProfileTexts, session: &SessionRow) -> String {
    match (&session.device.browser, &session.device.system) {
        (Some(browser), Some(system)) => format!("{browser}, {system}"),
        (Some(one), None) | (None, Some(one)) => one.clone(),
        (None, None) => profile.unknown_device.to_owned(),
    }
}

#[component]
fn SessionList(
    sessions: Vec<SessionRow>,
    end_session: ServerAction<EndSession>,
    end_others: ServerAction<EndOtherSessions>,
) -> impl IntoView {
    let texts = use_texts();
    let profile = texts.profile();
    // The answer of either «Завершить» button, a refusal first.
    let answer = Signal::derive(move || {
        let ended = end_session.value().get().map(|answer| answer.map(|_| ()));
        let all = end_others.value().get().map(|answer| answer.map(|_| ()));
        let refused = |answer: &Option<Result<(), AppError>>| answer.as_ref().is_some_and(Result::is_err);
        if refused(&ended) || all.is_none() { ended } else { all }
    });
    let failure = form_failure(answer, "sessions", &["session"]);
    let message = Signal::derive(move || failure.get().map(|error| error.message(texts)));
    let others = sessions.iter().filter(|session| !session.current).count();
    let busy = move || end_session.pending().get() || end_others.pending().get();
    view! {
        {move || message.get().map(|message| view! { <ErrorAlert message /> })}
        <ul class="session-list">
            {sessions.into_iter().map(|session| {
                let device = device_name(profile, &session);
                let label = (profile.end_session_label)(&device);
                view! {
                    <li class="session" class:session--current=session.current>
                        <div class="session__about">
                            <p class="session__device">
                                {device}
                                {session.current.then(|| view! { " " <span class="badge badge--in_progress">{profile.this_session}</span> })}
                            </p>
                            <dl class="session__facts">
                                <div><dt>{profile.signed_in_at}</dt><dd>{session.signed_in_at}</dd></div>
                                <div><dt>{profile.last_active}</dt><dd>{session.last_active_at}</dd></div>
                                <div>
                                    <dt>{profile.address}</dt>
                                    <dd>{session.address.unwrap_or_else(|| profile.unknown_address.to_owned())}</dd>
                                </div>
                            </dl>
                        </div>
                        {(!session.current).then(|| view! {
                            <ActionForm action=end_session attr:class="session__action">
                                <input type="hidden" name="handle" value=session.handle />
                                <button class="btn btn--secondary btn--small" type="submit" aria-label=label disabled=busy>
                                    {profile.end_session}
                                </button>
                            </ActionForm>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
        {if others == 0 {
            view! { <p class="muted">{profile.no_other_sessions}</p> }.into_any()
        } else {
            view! {
                <ActionForm action=end_others attr:class="session-list__all">
                    <button class="btn btn--ghost" type="submit" disabled=busy>{profile.end_others}</button>
                </ActionForm>
            }.into_any()
        }}
    }
}
