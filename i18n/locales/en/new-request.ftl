# The request creation form, its type chooser and attachments.

choose-type = Choose the type of request
change-type = Change type
renew-services = Renew the certificate with a commercial request
renew-services-subject = Renewal of the services certificate
form-sections = Form sections
tab-parameters = Product parameters
tab-description = Request description
tab-attachments = Attachments
tab-has-errors = this section has errors
subject-label = Subject
subject-hint = 5 to 200 characters: the problem or question in short
description-label = Description
cancel = Cancel
creating-request = Creating the request…
form-needs-javascript = To send the request, turn on JavaScript in your browser: the form uses it to upload files and keep your draft.
product-label = Product
version-label = Version
update-label = Update
certificate-label = Certificate
choose-placeholder = — choose —
no-updates = This version has no updates
no-certificate-for-product = Your organization has no active support certificate for this product.
open-commercial = Open a commercial request
classification-label = Request classification
not-chosen = Not chosen
choose-classification = Choose
classification-search = Search the classification
request-created-text = Support's answers will appear in the request's chat; notifications come by e-mail.
create-another = Create another
open-request = Go to the request
services-expired = Unavailable: the services certificate expired on { $date }.
services-not-yet = Unavailable: the services certificate becomes valid on { $date }.
characters-left = { $count } { $count ->
        [one] character
       *[other] characters
    } left
certificate-option = { $number }, valid until { $valid-to }
request-created = Request No. { $number } created
attachments-label = Attachments
attachments-drop-hint = Drag files here or
attachments-choose = Choose files
attachments-limits = Up to 20 files, each no larger than 50 MB, 200 MB in total
attachment-remove = Remove
attachment-remove-label = Remove file { $name }
attachment-progress-label = Uploading { $name }
attachment-too-large = The file is larger than 50 MB. Make it smaller or split it into parts.
attachment-type-not-allowed = Files of this type cannot be attached. Allowed: images, PDF, text and logs, Office documents, archives.
attachment-type-mismatch = The file's content does not match its extension. Allowed: images, PDF, text and logs, Office documents, archives.
attachment-empty = The file is empty; there is nothing to attach.
attachments-too-many = You can attach at most 20 files.
attachments-too-large-total = All files together must not exceed 200 MB.
attachment-upload-failed = Could not upload the file. Please try again.
file-size = { $value } { $unit ->
        [b] B
        [kb] KB
       *[mb] MB
    }
kind-hint-technical_support = Installation, configuration, errors and updates under a support certificate
kind-hint-services = Implementation, migration, training and audit under a services certificate
kind-hint-commercial = Licence renewal or purchase, demo licences — answered by an account manager
kind-hint-portal_services = Questions about this portal
