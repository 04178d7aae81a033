# «Скачать в PDF»: the printable copy of a request. Its title, status and type names, the chat's
# system lines and file sizes come from the page's messages (request-title, status-…, kind-…,
# chat-…, file-size).

pdf-file-name = Запрос-{ $number }.pdf
pdf-kind = Тип
pdf-status = Статус
pdf-organization = Организация
pdf-created = Создан
pdf-updated = Обновлён
pdf-product = Продукт
pdf-version = Версия
pdf-update = Обновление
pdf-certificate = Сертификат
pdf-classification = Классификация
pdf-author = Автор
pdf-contact = Контактное лицо
pdf-participants = Участники
pdf-no-participants = Нет участников
pdf-description = Описание
pdf-chat = Переписка
pdf-no-messages = Сообщений нет
pdf-deleted-user = Пользователь удалён
pdf-attachment = Вложение: { $name } ({ $size })
pdf-attachments = Вложения
pdf-no-files = Файлов нет
pdf-system-event = Системное событие
pdf-page = Стр. { $page }
pdf-role-customer = клиент
pdf-role-org_admin = администратор организации
pdf-role-support_agent = инженер поддержки
pdf-role-manager = коммерческий менеджер
pdf-role-administrator = администратор портала
pdf-participant-initiator = инициатор
pdf-participant-shared = участник
pdf-participant-responsible = ответственный
