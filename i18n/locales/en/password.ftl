# «Задать пароль»: the page of an invitation or password-reset link (/password/set).

password-set-title = Choose a password
password-reset-title = New password
password-set-lead = At least 10 characters, and not one that is easy to guess. Once it is saved, you are signed in.
password-account-label = Account
password-new-label = Password
password-repeat-label = Repeat the password
password-save = Save the password
password-saving = Saving…
password-link-title = This link does not work
password-to-sign-in = Go to sign-in
