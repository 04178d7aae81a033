# Notification e-mails: the subject line, then the sentences of the body. Status names come from
# common.ftl (status-…), the same as on the pages.

email-greeting = Hello, { $name }!
email-request = Request No. { $number } “{ $subject }”
email-open = Open the request
email-unsubscribe = No more e-mails about this request? Unsubscribe
email-new-message-subject = New message in request No. { $number }
email-new-message = { $author } wrote:
email-status-changed-subject = Request No. { $number } is now { $to }
email-status-changed = Status changed: “{ $from }” → “{ $to }”.
email-resolved-subject = Request No. { $number } is resolved
email-resolved = The request is resolved. If the problem remains, reply in it before { $deadline } to reopen it.
email-closed-subject = Request No. { $number } is closed
email-closed = The request is closed for good.
email-linked-subject = Linked request No. { $new-number }
email-linked = Linked request No. { $new-number } was created from request No. { $number }.
email-added-subject = You were added to request No. { $number }
email-added = You were added to request No. { $number }.

# Account e-mails: an invitation and a password reset, each with a single-use «Set password» link.
email-invitation-subject = Invitation to the support portal
email-invitation = An account has been created for you in the support portal, where you can open requests and talk to support engineers. To start, set your password with the link below — it is valid for 7 days and opens once.
email-invitation-organization = Organization: { $organization }
email-invitation-open = Set password
email-reset-subject = Password reset
email-reset = A password reset was requested for your account. Set a new password with the link below — it is valid for 1 hour and opens once. If you did not ask for it, do nothing: your password stays as it is.
email-reset-open = Set a new password
email-link-sign-in = Sign-in page
email-link-footer = This e-mail was sent automatically; there is no need to reply.
