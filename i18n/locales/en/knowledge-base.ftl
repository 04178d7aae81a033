# Knowledge base: the staff list, the editor, the reader and the suggestions under the subject.

kb-nav = Knowledge base
kb-subtitle = Customers see published articles as suggestions while creating a request.
kb-create = Create article
kb-search-placeholder = Words of the title or text
kb-empty-title = No articles yet
kb-empty-text = Create the first article; once published, customers see it in suggestions.
kb-found-articles = Found: { $count } { $count ->
        [one] article
       *[other] articles
    }
kb-column-title = Title
kb-column-scope = Product and version
kb-column-helped = Helped
kb-column-actions = Actions
kb-all-products = All products
kb-all-versions = All versions
kb-published = Published
kb-unpublished = Not published
kb-publish = Publish
kb-unpublish = Unpublish
kb-edit = Edit
kb-previous-page = Previous page
kb-page-of = Page { $page } of { $pages }
kb-new-title = New article
kb-edit-title = Edit article
kb-title-label = Title
kb-body-label = Text
kb-body-hint = Markdown: **bold**, lists, links, `code`. HTML is not supported.
kb-tags-label = Tags
kb-tags-hint = Comma-separated, e.g.: printing, cups
kb-published-label = Published
kb-published-hint = Customers see a published article in suggestions and by link
kb-save = Save
kb-saving = Saving…
kb-saved = Article saved
kb-back-to-list = Back to the articles
kb-article-not-found-title = Article not found
kb-article-not-found-text = It may have been unpublished, or the link has a typo.
kb-updated = Updated { $at }
kb-unpublished-note = This article is not published: customers do not see it.
suggestions-title = A solution may already exist
suggestions-keys = ↑ ↓ to choose, Enter to open, Esc to hide
suggestions-found = { $count } { $count ->
        [one] solution
       *[other] solutions
    } found
similar-requests-title = Similar requests of your organization
similar-request-number = No. { $number }
article-close = Close the article
article-back-to-form = Back to the request
article-solved = This solved my problem
