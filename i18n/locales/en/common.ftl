# Shared words: the page frame, roles, request statuses and types, number formatting.

app-name = Support Portal
skip-link = Skip to content
main-nav = Main navigation
language-group = Interface language
support-team = Support team
sign-out = Sign out
create-request = Create request
my-requests = My requests
org-requests = Organization requests
drafts = Drafts
queue = Queue
footer = Customer technical support portal
loading = Loading…
role-customer = Customer
role-org_admin = Organization admin
role-support_agent = Support engineer
role-manager = Account manager
role-administrator = Portal administrator
status-new = New
status-in_progress = In progress
status-awaiting_customer = Awaiting customer reply
status-resolved = Resolved
status-closed = Closed
kind-technical_support = Technical support and updates consultation
kind-services = Services request
kind-commercial = Commercial request
kind-portal_services = Portal services consultation
kind-short-technical_support = Technical support
kind-short-services = Services
kind-short-commercial = Commercial
kind-short-portal_services = Portal services
# Between the whole and the fractional part of a number: “1.2 MB”, “4.5”.
decimal-separator = {"."}
