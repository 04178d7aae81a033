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

# Account e-mails: an invitation and a password reset, each with a single-use «Задать пароль» link.
email-invitation-subject = Приглашение в портал поддержки
email-invitation = Для вас создана учётная запись в портале поддержки: здесь можно создавать запросы и переписываться со специалистами. Чтобы начать, задайте пароль по ссылке ниже — она действует 7 дней и открывается один раз.
email-invitation-organization = Организация: { $organization }
email-invitation-open = Задать пароль
email-reset-subject = Восстановление пароля
email-reset = Для вашей учётной записи запрошено восстановление пароля. Задайте новый пароль по ссылке ниже — она действует 1 час и открывается один раз. Если вы не запрашивали восстановление, ничего делать не нужно: пароль останется прежним.
email-reset-open = Задать новый пароль
email-link-sign-in = Страница входа
email-link-footer = Письмо отправлено автоматически, отвечать на него не нужно.
