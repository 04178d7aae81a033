# Request actions: subscribe, share, close, rating, linked requests, PDF.

lifecycle-actions-title = Actions
lifecycle-subscribe = Subscribe
lifecycle-unsubscribe = Unsubscribe
lifecycle-share = Share
lifecycle-share-title = Share the request
lifecycle-share-search = Colleague's name or e-mail
lifecycle-share-nobody-found = No colleague with this name or e-mail
lifecycle-share-add = Add
lifecycle-share-choose = Tick at least one colleague
lifecycle-share-done = Colleagues were added to the participants
lifecycle-close = Close request
lifecycle-close-title = Close the request?
lifecycle-close-text = The request will be closed for good. Its details, description and chat stay readable.
lifecycle-close-confirm = Close request
lifecycle-reopen-until = You can reopen the request by leaving a comment until { $time } on { $day } { $month ->
        [1] January
        [2] February
        [3] March
        [4] April
        [5] May
        [6] June
        [7] July
        [8] August
        [9] September
        [10] October
        [11] November
       *[12] December
    }
lifecycle-rate-title = Rate our support
lifecycle-rate-stars = Rating
lifecycle-rate-star = { $stars } of 5
lifecycle-rate-comment = Comment (optional)
lifecycle-rate-save = Send rating
lifecycle-rate-change = Change rating
lifecycle-rate-saved = Thank you for the rating!
lifecycle-rate-final = The request is closed — the rating is final
lifecycle-ratings-title = Customer ratings
lifecycle-ratings-none = No ratings yet
lifecycle-average-rating = Average rating: { $average } ({ $count } { $count ->
        [one] rating
       *[other] ratings
    })
lifecycle-linked-create = Create a linked request
lifecycle-linked-continues = Continues request
lifecycle-linked-continued-by = Linked requests:
lifecycle-linked-hint = The new request gets the type and product parameters of request No. { $number } and the subject «Связан с № { $number }». The chat is not copied.
lifecycle-linked-info = Additional information
lifecycle-linked-submit = Create request
lifecycle-linked-created = Request No. { $number } has been created
lifecycle-linked-open = Open the request
lifecycle-download-pdf = Download PDF
lifecycle-closed-composer = The request is closed; no more messages can be added. You can continue in a linked request.
