# The sign-in page and its refusals.

sign-in-title = Вход
sign-in-lead = Войдите, чтобы открыть запросы вашей организации и написать в поддержку.
email = Email
password = Пароль
sign-in-button = Войти
signing-in = Входим…
wrong-credentials = Неверный email или пароль
throttled = Слишком много неудачных попыток входа. Повторите через { $count } { $count ->
        [one] минуту
        [few] минуты
       *[many] минут
    }.
rate-limited = Слишком много запросов подряд. Повторите через { $count } { $unit ->
        [seconds] { $count ->
            [one] секунду
            [few] секунды
           *[many] секунд
        }
       *[minutes] { $count ->
            [one] минуту
            [few] минуты
           *[many] минут
        }
    }.
session-expired = Сеанс завершён. Войдите снова.
demo-title = Демо-доступ
demo-text = Пароль всех демонстрационных учётных записей: demo-password
demo-account = Учётная запись
demo-role = Роль
