# Request lists: «Мои запросы», «Запросы организации», «Очередь», their filters and tables.

my-requests-subtitle = Requests you created or take part in
my-empty-title = You have no requests yet
my-empty-text = Requests you create or take part in will appear here.
org-requests-subtitle = All requests of your organization's staff
org-empty-title = Your organization has no requests yet
org-empty-text = Requests of everyone in your organization will appear here.
column-number = No.
column-subject = Subject
column-kind = Type
column-product = Product
column-status = Status
column-organization = Organization
column-created = Created
column-updated = Updated
no-author = No author
nothing-found-title = Nothing found
nothing-found-text = Change the search terms or reset the filters.
filters-label = Search and filters
search-label = Search
search-placeholder = Number or words of the subject
members-search-placeholder = Name or e-mail
any-status = Any
any-kind = Any
sort-label = Sort
sort-updated = Recently updated first
sort-created = Newest first
apply-filters = Search
reset-filters = Reset
found-requests = Found: { $count } { $count ->
        [one] request
       *[other] requests
    }
pagination-label = List pages
first-page = First page
next-page = Next page
any-organization = Any
assignment-label = Responsible
assignment-any = All
assignment-mine = Assigned to me
assignment-unassigned = Unassigned
