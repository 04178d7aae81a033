# Staff form that registers a request on behalf of an organization (/queue/new).

on-behalf-title = Register a request
on-behalf-subtitle = A request an organization made by phone or letter. Its administrator assigns the author.
on-behalf-open-form = Register a request
on-behalf-organization-label = Organization
on-behalf-kind-label = Request type
on-behalf-contact-legend = Contact person
on-behalf-contact-hint = Whom to call or write back while the request has no author on the portal.
on-behalf-contact-name-label = Name and position
on-behalf-contact-email-label = E-mail
on-behalf-submit = Register
on-behalf-submitting = Registering…
on-behalf-choose-organization-first = Choose the organization first
on-behalf-no-services-certificate = The organization has no active services certificate
on-behalf-registered = Request No. { $number } registered
on-behalf-registered-text = The request is in the organization's «Requests without author»; its administrator assigns the author.
on-behalf-register-another = Register another
