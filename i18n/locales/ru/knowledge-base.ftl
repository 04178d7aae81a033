# Knowledge base: the staff list, the editor, the reader and the suggestions under the subject.

kb-nav = База знаний
kb-subtitle = Опубликованные статьи клиенты видят в подсказках при создании запроса.
kb-create = Создать статью
kb-search-placeholder = Слова из заголовка или текста
kb-empty-title = Статей пока нет
kb-empty-text = Создайте первую статью — после публикации клиенты увидят её в подсказках.
kb-found-articles = Найдено: { $count } { $count ->
        [one] статья
        [few] статьи
       *[many] статей
    }
kb-column-title = Заголовок
kb-column-scope = Продукт и версия
kb-column-helped = Помогла
kb-column-actions = Действия
kb-all-products = Все продукты
kb-all-versions = Все версии
kb-published = Опубликована
kb-unpublished = Не опубликована
kb-publish = Опубликовать
kb-unpublish = Снять с публикации
kb-edit = Изменить
kb-previous-page = Предыдущая страница
kb-page-of = Страница { $page } из { $pages }
kb-new-title = Новая статья
kb-edit-title = Редактирование статьи
kb-title-label = Заголовок
kb-body-label = Текст
kb-body-hint = Разметка Markdown: **полужирный**, списки, ссылки, `код`. HTML не поддерживается.
kb-tags-label = Теги
kb-tags-hint = Через запятую, например: печать, cups
kb-published-label = Опубликовано
kb-published-hint = Опубликованную статью клиенты видят в подсказках и по ссылке
kb-save = Сохранить
kb-saving = Сохраняем…
kb-saved = Статья сохранена
kb-back-to-list = К списку статей
kb-article-not-found-title = Статья не найдена
kb-article-not-found-text = Возможно, её сняли с публикации или в ссылке опечатка.
kb-updated = Обновлена { $at }
kb-unpublished-note = Статья не опубликована: клиенты её не видят.
suggestions-title = Возможно, решение уже есть
suggestions-keys = ↑ ↓ — выбор, Enter — открыть, Esc — скрыть
suggestions-found = Найдено { $count } { $count ->
        [one] решение
        [few] решения
       *[many] решений
    }
similar-requests-title = Похожие запросы вашей организации
similar-request-number = № { $number }
article-close = Закрыть статью
article-back-to-form = Вернуться к запросу
article-solved = Это решило мою проблему
