# Shared words: the page frame, roles, request statuses and types, number formatting.

app-name = Портал поддержки
skip-link = Перейти к содержимому
main-nav = Основная навигация
language-group = Язык интерфейса
support-team = Служба поддержки
sign-out = Выйти
create-request = Создать запрос
my-requests = Мои запросы
org-requests = Запросы организации
drafts = Черновики
queue = Очередь
footer = Портал технической поддержки клиентов
loading = Загрузка…
role-customer = Клиент
role-org_admin = Администратор организации
role-support_agent = Инженер поддержки
role-manager = Коммерческий менеджер
role-administrator = Администратор портала
status-new = Новый
status-in_progress = В работе
status-awaiting_customer = Ожидает ответа клиента
status-resolved = Решено
status-closed = Закрыт
kind-technical_support = Консультация по вопросам технической поддержки и обновлений
kind-services = Запрос на услуги
kind-commercial = Коммерческий запрос
kind-portal_services = Консультация по сервисам
kind-short-technical_support = Техподдержка
kind-short-services = Услуги
kind-short-commercial = Коммерческий
kind-short-portal_services = Сервисы портала
# Between the whole and the fractional part of a number: «1,2 МБ», «4,5».
decimal-separator = {","}
