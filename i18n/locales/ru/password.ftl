# «Задать пароль»: the page of an invitation or password-reset link (/password/set).

password-set-title = Задайте пароль
password-reset-title = Новый пароль
password-set-lead = Не короче 10 символов; пароль не должен быть легко угадываемым. После сохранения вы войдёте в портал.
password-account-label = Учётная запись
password-new-label = Пароль
password-repeat-label = Повторите пароль
password-save = Сохранить пароль
password-saving = Сохраняем…
password-link-title = Ссылка не работает
password-to-sign-in = На страницу входа
