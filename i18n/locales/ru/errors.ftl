# Errors every page can show.

field-required = Заполните это поле
email-invalid = Введите адрес электронной почты, например ivan@example.ru
invalid-input = Проверьте введённые данные
internal-error = Что-то пошло не так. Повторите попытку чуть позже.
temporarily-unavailable = Сервис временно недоступен: нет связи с базой данных. Ничего не потеряно — повторите действие через минуту.
storage-full = На сервере закончилось место для файлов. Файл не сохранён; попробуйте позже или сообщите администратору.
network-error = Нет связи с сервером. Проверьте подключение и повторите попытку.
forbidden-title = Нет доступа
forbidden-text = У вашей учётной записи нет доступа к этой странице.
not-found-title = Страница не найдена
not-found-text = Возможно, ссылка устарела или в адресе опечатка.
go-home = На главную
# The answer (HTTP 403, plain text) to a write sent from another site.
cross-site-refused = Запрос отклонён: он отправлен с другого сайта.
