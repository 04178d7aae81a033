# The request creation form, its type chooser and attachments.

choose-type = Выберите тип запроса
change-type = Изменить тип
renew-services = Продлить сертификат — оформить коммерческий запрос
renew-services-subject = Продление сертификата на услуги
form-sections = Разделы формы
tab-parameters = Параметры продукта
tab-description = Описание запроса
tab-attachments = Вложения
tab-has-errors = в разделе есть ошибки
subject-label = Тема запроса
subject-hint = От 5 до 200 символов: коротко, в чём проблема или вопрос
description-label = Описание
cancel = Отмена
creating-request = Создаём запрос…
form-needs-javascript = Чтобы отправить запрос, включите JavaScript в браузере: форма загружает файлы и сохраняет черновик с его помощью.
product-label = Продукт
version-label = Версия
update-label = Обновление
certificate-label = Сертификат
choose-placeholder = — выберите —
no-updates = У версии нет обновлений
no-certificate-for-product = У вашей организации нет действующего сертификата технической поддержки на этот продукт.
open-commercial = Оформить коммерческий запрос
classification-label = Классификация запроса
not-chosen = Не выбрана
choose-classification = Выбрать
classification-search = Поиск по классификации
request-created-text = Ответы поддержки появятся в чате запроса, а уведомления придут на почту.
create-another = Создать ещё один
open-request = Перейти к запросу
services-expired = Недоступно: срок действия сертификата на услуги истёк { $date }.
services-not-yet = Недоступно: сертификат на услуги начнёт действовать { $date }.
characters-left = Осталось { $count } { $count ->
        [one] символ
        [few] символа
       *[many] символов
    }
certificate-option = { $number }, действует до { $valid-to }
request-created = Запрос № { $number } создан
attachments-label = Вложения
attachments-drop-hint = Перетащите файлы сюда или
attachments-choose = Выбрать файлы
attachments-limits = До 20 файлов, каждый не больше 50 МБ, всего не больше 200 МБ
attachment-remove = Удалить
attachment-remove-label = Удалить файл { $name }
attachment-progress-label = Загрузка файла { $name }
attachment-too-large = Файл больше 50 МБ. Уменьшите его или разделите на части.
attachment-type-not-allowed = Этот тип файлов нельзя прикрепить. Можно: изображения, PDF, текст и журналы, документы Office, архивы.
attachment-type-mismatch = Содержимое файла не соответствует его расширению. Можно: изображения, PDF, текст и журналы, документы Office, архивы.
attachment-empty = Файл пустой — прикреплять нечего.
attachments-too-many = Можно прикрепить не больше 20 файлов.
attachments-too-large-total = Все файлы вместе должны быть не больше 200 МБ.
attachment-upload-failed = Не удалось загрузить файл. Повторите попытку.
file-size = { $value } { $unit ->
        [b] Б
        [kb] КБ
       *[mb] МБ
    }
kind-hint-technical_support = Установка, настройка, ошибки и обновления продуктов по сертификату технической поддержки
kind-hint-services = Внедрение, миграция, обучение и аудит по сертификату на услуги
kind-hint-commercial = Продление и покупка лицензий, демонстрационные лицензии — ответит коммерческий менеджер
kind-hint-portal_services = Вопросы о работе этого портала
