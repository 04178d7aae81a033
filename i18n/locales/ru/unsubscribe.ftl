# The page an e-mail's «Отписаться» link opens (no sign-in needed).

unsubscribe-title = Отписка от уведомлений
unsubscribe-button = Отписаться
unsubscribe-invalid = Ссылка для отписки недействительна: она повреждена или относится к другому запросу. Откройте ссылку из последнего письма целиком или отпишитесь на странице запроса.
unsubscribe-failed = Не удалось отписаться из-за ошибки на сервере. Попробуйте ещё раз позже.
unsubscribe-question = Больше не присылать письма о запросе № { $number } «{ $subject }»?
unsubscribe-done = Вы отписались от писем о запросе № { $number } «{ $subject }». Письма о других запросах приходят как прежде.
