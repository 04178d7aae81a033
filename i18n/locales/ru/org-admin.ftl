# Requests without author and the organization members page.

authorless-requests = Запросы без автора
authorless-subtitle = Зарегистрированы поддержкой от имени организации или остались после отключения сотрудника
authorless-empty-title = Запросов без автора нет
authorless-empty-text = Здесь появятся запросы, которые поддержка зарегистрировала по телефону или письму, и запросы отключённых сотрудников.
column-contact = Контакт
column-assign = Автор
choose-author = Выберите сотрудника
assign-author = Назначить
take-myself = Взять себе
author-assigned = Автор назначен. Запрос перенесён в его «Мои запросы».
org-members = Сотрудники
org-members-subtitle = Сотрудники организации с доступом к порталу
column-name = Имя
column-role = Роль
column-state = Состояние
column-actions = Действия
member-active = Активен
member-inactive = Отключён
deactivate-member = Отключить
reactivate-member = Включить
it-is-you = это вы
