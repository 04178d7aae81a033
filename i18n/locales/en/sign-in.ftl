# The sign-in page and its refusals.

sign-in-title = Sign in
sign-in-lead = Sign in to see your organization's requests and to contact support.
email = Email
password = Password
sign-in-button = Sign in
signing-in = Signing in…
wrong-credentials = Wrong email or password
throttled = Too many failed sign-in attempts. Try again in { $count } { $count ->
        [one] minute
       *[other] minutes
    }.
rate-limited = Too many requests in a row. Try again in { $count } { $unit ->
        [seconds] { $count ->
            [one] second
           *[other] seconds
        }
       *[minutes] { $count ->
            [one] minute
           *[other] minutes
        }
    }.
session-expired = Your session has ended. Please sign in again.
demo-title = Demo access
demo-text = The password of every demo account is demo-password
demo-account = Account
demo-role = Role
