# The page an e-mail's “Unsubscribe” link opens (no sign-in needed).

unsubscribe-title = Unsubscribe from notifications
unsubscribe-button = Unsubscribe
unsubscribe-invalid = This unsubscribe link is not valid: it is damaged or belongs to another request. Open the whole link from the latest e-mail or unsubscribe on the request page.
unsubscribe-failed = Unsubscribing failed because of a server error. Please try again later.
unsubscribe-question = Stop e-mails about request No. { $number } “{ $subject }”?
unsubscribe-done = You will get no more e-mails about request No. { $number } “{ $subject }”. E-mails about other requests are not affected.
