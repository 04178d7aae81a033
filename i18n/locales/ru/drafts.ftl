# Drafts: the autosave line, the «Сохранить черновик?» dialog and «Черновики».

drafts-subtitle = Запросы, которые вы начали, но ещё не отправили
drafts-empty-title = Черновиков нет
drafts-empty-text = Если прервать создание запроса, его можно сохранить как черновик — он появится здесь.
queue-subtitle = Запросы клиентов всех организаций
queue-empty-title = Очередь пуста
queue-empty-text = Новые запросы клиентов появятся здесь.
drafts-count = { $count } { $count ->
        [one] черновик
        [few] черновика
       *[many] черновиков
    }
draft-saved-at = Черновик сохранён в { $time }
draft-saved-locally = Черновик сохранён только на этом устройстве
draft-saving = Сохраняем черновик…
draft-leave-title = Сохранить черновик?
draft-leave-text = Запрос ещё не создан. Черновик можно будет продолжить в разделе «Черновики».
draft-save = Сохранить
draft-dont-save = Не сохранять
draft-back-to-form = Вернуться к форме
draft-column-kind = Тип
draft-column-subject = Тема
draft-column-saved = Сохранён
draft-column-actions = Действия
draft-no-subject = Без темы
draft-continue-draft = Продолжить
draft-delete = Удалить
draft-delete-label = Удалить черновик «{ $subject }»
draft-delete-title = Удалить черновик?
draft-delete-text = Черновик «{ $subject }» и его вложения будут удалены. Восстановить их будет нельзя.
draft-unknown-kind = Тип не выбран
draft-open-failed = Не удалось открыть черновик
