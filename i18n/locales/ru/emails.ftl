# Notification e-mails: the subject line, then the sentences of the body. Status names come from
# common.ftl (status-…), the same as on the pages.

email-greeting = Здравствуйте, { $name }!
email-request = Запрос № { $number } «{ $subject }»
email-open = Открыть запрос
email-unsubscribe = Не хотите получать письма об этом запросе? Отписаться
email-new-message-subject = Новое сообщение в запросе № { $number }
email-new-message = { $author } пишет:
email-status-changed-subject = Статус запроса № { $number }: { $to }
email-status-changed = Статус изменён: «{ $from }» → «{ $to }».
email-resolved-subject = Запрос № { $number } решён
email-resolved = Запрос переведён в статус «Решено». Если проблема осталась, ответьте в запросе до { $deadline } — он откроется снова.
email-closed-subject = Запрос № { $number } закрыт
email-closed = Запрос закрыт окончательно.
email-linked-subject = Связанный запрос № { $new-number }
email-linked = По запросу № { $number } создан связанный запрос № { $new-number }.
email-added-subject = Вас добавили в запрос № { $number }
email-added = Вас добавили в участники запроса № { $number }.
