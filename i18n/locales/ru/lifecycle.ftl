# Request actions: subscribe, share, close, rating, linked requests, PDF.

lifecycle-actions-title = Действия
lifecycle-subscribe = Подписаться
lifecycle-unsubscribe = Отписаться
lifecycle-share = Поделиться
lifecycle-share-title = Поделиться запросом
lifecycle-share-search = Имя или e-mail коллеги
lifecycle-share-nobody-found = Коллег с таким именем или e-mail не найдено
lifecycle-share-add = Добавить
lifecycle-share-choose = Отметьте хотя бы одного коллегу
lifecycle-share-done = Коллеги добавлены в участники запроса
lifecycle-close = Закрыть запрос
lifecycle-close-title = Закрыть запрос?
lifecycle-close-text = Запрос будет закрыт окончательно. Детали, описание и переписка останутся доступны для чтения.
lifecycle-close-confirm = Закрыть запрос
lifecycle-reopen-until = Можно возобновить, оставив комментарий, до { $time } { $day } { $month ->
        [1] января
        [2] февраля
        [3] марта
        [4] апреля
        [5] мая
        [6] июня
        [7] июля
        [8] августа
        [9] сентября
        [10] октября
        [11] ноября
       *[12] декабря
    }
lifecycle-rate-title = Оцените работу поддержки
lifecycle-rate-stars = Оценка
lifecycle-rate-star = { $stars } из 5
lifecycle-rate-comment = Комментарий (необязательно)
lifecycle-rate-save = Отправить оценку
lifecycle-rate-change = Изменить оценку
lifecycle-rate-saved = Спасибо за оценку!
lifecycle-rate-final = Запрос закрыт — оценка окончательная
lifecycle-ratings-title = Оценки клиентов
lifecycle-ratings-none = Оценок пока нет
lifecycle-average-rating = Средняя оценка: { $average } ({ $count } { $count ->
        [one] оценка
        [few] оценки
       *[many] оценок
    })
lifecycle-linked-create = Создать связанный запрос
lifecycle-linked-continues = Продолжает запрос
lifecycle-linked-continued-by = Связанные запросы:
lifecycle-linked-hint = Новый запрос получит тип и параметры продукта запроса № { $number } и тему «Связан с № { $number }». Переписка не копируется.
lifecycle-linked-info = Дополнительная информация
lifecycle-linked-submit = Создать запрос
lifecycle-linked-created = Создан запрос № { $number }
lifecycle-linked-open = Открыть запрос
lifecycle-download-pdf = Скачать в PDF
lifecycle-closed-composer = Запрос закрыт — в него больше нельзя писать. Продолжить обсуждение можно в связанном запросе.
