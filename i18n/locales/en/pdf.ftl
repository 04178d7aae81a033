# “Download PDF”: the printable copy of a request. Its title, status and type names, the chat's
# system lines and file sizes come from the page's messages (request-title, status-…, kind-…,
# chat-…, file-size).

pdf-file-name = Request-{ $number }.pdf
pdf-kind = Type
pdf-status = Status
pdf-organization = Organization
pdf-created = Created
pdf-updated = Updated
pdf-product = Product
pdf-version = Version
pdf-update = Update
pdf-certificate = Certificate
pdf-classification = Classification
pdf-author = Author
pdf-contact = Contact person
pdf-participants = Participants
pdf-no-participants = No participants
pdf-description = Description
pdf-chat = Chat
pdf-no-messages = No messages
pdf-deleted-user = Deleted user
pdf-attachment = Attachment: { $name } ({ $size })
pdf-attachments = Attachments
pdf-no-files = No files
pdf-system-event = System event
pdf-page = Page { $page }
pdf-role-customer = customer
pdf-role-org_admin = organization admin
pdf-role-support_agent = support engineer
pdf-role-manager = account manager
pdf-role-administrator = portal administrator
pdf-participant-initiator = initiator
pdf-participant-shared = participant
pdf-participant-responsible = responsible
