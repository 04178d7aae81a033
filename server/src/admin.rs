//! `portal admin create --email E --name N [--password-stdin]`: the first portal administrator of
//! a new install, who then signs in and sets up the rest. Without `--password-stdin` the command
//! prints a one-time link (valid 7 days) where they choose the password; with it the password is
//! the first line of standard input, never an argument, which other users of the machine can read.

use domain::Locale;
use domain::account_link::LinkPurpose;
use portal_service::{DatabaseConnection, ServiceError, accounts};

pub const USAGE: &str = "usage: portal admin create --email <e-mail> --name <full name> [--password-stdin]";

/// The administrator to create.
#[derive(Debug, PartialEq, Eq)]
pub struct NewAdministrator {
    pub email: String,
    pub name: String,
    /// The password comes on standard input; otherwise a link is printed.
    pub password_stdin: bool,
}

/// Reads `create --email E --name N [--password-stdin]` (the words after `admin`).
pub fn parse_create(args: &[String]) -> Result<NewAdministrator, String> {
    let mut email = None;
    let mut name = None;
    let mut password_stdin = false;
    let mut words = args.iter().map(String::as_str);
    if words.next() != Some("create") {
        return Err(USAGE.to_owned());
    }
    while let Some(word) = words.next() {
        match word {
            "--email" => email = words.next().map(str::to_owned),
            "--name" => name = words.next().map(str::to_owned),
            "--password-stdin" => password_stdin = true,
            _ => return Err(USAGE.to_owned()),
        }
    }
    match (email, name) {
        (Some(email), Some(name)) => Ok(NewAdministrator { email, name, password_stdin }),
        _ => Err(USAGE.to_owned()),
    }
}

/// Creates the administrator (with the first line of `password_input` when given) and answers
/// what to print; `base_url` is where the portal is reached, for the link.
pub async fn create(
    db: &DatabaseConnection,
    new: &NewAdministrator,
    password_input: Option<&str>,
    base_url: &str,
) -> Result<String, String> {
    let password = password_input.map(|input| input.lines().next().unwrap_or_default().to_owned());
    match accounts::create_first_administrator(db, &new.email, &new.name, password, chrono::Utc::now()).await {
        Ok((account, None)) => {
            Ok(format!("Administrator {} ({}) created; sign in at {base_url}/login.", account.email, account.display_name))
        }
        Ok((account, Some(token))) => Ok(format!(
            "Administrator {} ({}) created. Open this link within {} days to choose the password (it works once):\n{base_url}{}",
            account.email,
            account.display_name,
            LinkPurpose::Invitation.lifetime().num_days(),
            domain::account_link::link_path(&token)
        )),
        Err(ServiceError::Invalid(code)) => {
            let key = format!("invalid-{}", i18n::validation_name(code));
            Err(i18n::Messages::of(Locale::En).format(&key, &[]))
        }
        Err(error) => Err(error.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        line.split(' ').map(str::to_owned).collect()
    }

    #[test]
    fn the_command_needs_an_email_and_a_name() {
        let parsed = parse_create(&words("create --email admin@vendor.example --name Анна --password-stdin"));
        assert_eq!(
            parsed,
            Ok(NewAdministrator { email: "admin@vendor.example".into(), name: "Анна".into(), password_stdin: true })
        );
        let link = parse_create(&words("create --email admin@vendor.example --name Анна"));
        assert_eq!(link.map(|new| new.password_stdin), Ok(false), "without a password: a link");
        assert!(parse_create(&words("create --name Анна --password-stdin")).is_err());
        assert!(parse_create(&words("delete --email a@b.c --name Анна --password-stdin")).is_err());
        assert!(parse_create(&words("create --email a@b.c --name Анна --password secret")).is_err(), "never on argv");
    }
}
