# Errors every page can show.

field-required = This field is required
email-invalid = Enter an e-mail address such as ivan@example.com
invalid-input = Please check what you entered
internal-error = Something went wrong. Please try again a little later.
temporarily-unavailable = The service is temporarily unavailable: the database cannot be reached. Nothing was lost — please repeat the action in a minute.
storage-full = The server has run out of space for files. The file was not saved; please try later or tell the administrator.
network-error = Cannot reach the server. Check your connection and try again.
forbidden-title = Access denied
forbidden-text = Your account has no access to this page.
not-found-title = Page not found
not-found-text = The link may be outdated, or the address has a typo.
go-home = Go to the start page
# The answer (HTTP 403, plain text) to a write sent from another site.
cross-site-refused = Request refused: it was sent from another site.
