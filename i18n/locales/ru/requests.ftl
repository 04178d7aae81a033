# Request lists: «Мои запросы», «Запросы организации», «Очередь», their filters and tables.

my-requests-subtitle = Запросы, которые вы создали или в которых участвуете
my-empty-title = У вас пока нет запросов
my-empty-text = Здесь появятся запросы, которые вы создали или в которых участвуете.
org-requests-subtitle = Все запросы сотрудников вашей организации
org-empty-title = В организации пока нет запросов
org-empty-text = Здесь будут видны запросы всех сотрудников вашей организации.
column-number = №
column-subject = Тема
column-kind = Тип
column-product = Продукт
column-status = Статус
column-organization = Организация
column-created = Создан
column-updated = Обновлён
no-author = Без автора
nothing-found-title = Ничего не найдено
nothing-found-text = Измените условия поиска или сбросьте фильтры.
filters-label = Поиск и фильтры
search-label = Поиск
search-placeholder = Номер или слова из темы
members-search-placeholder = Имя или e-mail
any-status = Любой
any-kind = Любой
sort-label = Сортировка
sort-updated = Сначала недавно обновлённые
sort-created = Сначала новые
apply-filters = Найти
reset-filters = Сбросить
found-requests = Найдено: { $count } { $count ->
        [one] запрос
        [few] запроса
       *[many] запросов
    }
pagination-label = Страницы списка
first-page = В начало
next-page = Следующая страница
any-organization = Любая
assignment-label = Ответственный
assignment-any = Все
assignment-mine = Назначенные мне
assignment-unassigned = Не назначенные
