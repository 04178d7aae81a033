# Drafts: the autosave line, the «Сохранить черновик?» dialog and «Черновики».

drafts-subtitle = Requests you started but have not sent yet
drafts-empty-title = No drafts
drafts-empty-text = If you interrupt creating a request you can save it as a draft, and it will appear here.
queue-subtitle = Customer requests of all organizations
queue-empty-title = The queue is empty
queue-empty-text = New customer requests will appear here.
drafts-count = { $count } { $count ->
        [one] draft
       *[other] drafts
    }
draft-saved-at = Draft saved at { $time }
draft-saved-locally = Draft saved on this device only
draft-saving = Saving the draft…
draft-leave-title = Save the draft?
draft-leave-text = The request has not been created yet. You can continue the draft later under Drafts.
draft-save = Save
draft-dont-save = Don't save
draft-back-to-form = Back to the form
draft-column-kind = Type
draft-column-subject = Subject
draft-column-saved = Saved
draft-column-actions = Actions
draft-no-subject = No subject
draft-continue-draft = Continue
draft-delete = Delete
draft-delete-label = Delete the draft “{ $subject }”
draft-delete-title = Delete the draft?
draft-delete-text = The draft “{ $subject }” and its attachments will be deleted. They cannot be restored.
draft-unknown-kind = Type not chosen
draft-open-failed = The draft could not be opened
