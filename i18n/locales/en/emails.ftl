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
