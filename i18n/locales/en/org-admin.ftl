# Requests without author and the organization members page.

authorless-requests = Requests without author
authorless-subtitle = Registered by support on behalf of the organization, or left by a deactivated member
authorless-empty-title = No requests without author
authorless-empty-text = Requests that support registered from a phone call or a letter, and requests of deactivated members, appear here.
column-contact = Contact
column-assign = Author
choose-author = Choose a member
assign-author = Assign
take-myself = Take it myself
author-assigned = The author is assigned. The request moved to their «My requests».
org-members = Members
org-members-subtitle = Members of your organization with access to the portal
column-name = Name
column-role = Role
column-state = State
column-actions = Actions
member-active = Active
member-inactive = Deactivated
deactivate-member = Deactivate
reactivate-member = Reactivate
it-is-you = you
