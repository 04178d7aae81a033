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
password-new-link = Request a new link

# «Forgot password?» (/password/forgot): the same answer whether the address has an account or not.
password-forgot-link = Forgot password?
password-forgot-title = Password reset
password-forgot-lead = Enter the e-mail you sign in with, and we will send a link to set a new password.
password-forgot-send = Send link
password-forgot-sending = Sending…
password-forgot-sent-title = Check your mail
password-forgot-sent = If this address is registered in the portal, an e-mail with a link to set a new password has been sent to it. The link is valid for 1 hour and opens once. No e-mail? Check the spam folder or request a link again in a few minutes.
