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
password-new-link = Запросить новую ссылку

# «Забыли пароль?» (/password/forgot): the same answer whether the address has an account or not.
password-forgot-link = Забыли пароль?
password-forgot-title = Восстановление пароля
password-forgot-lead = Укажите e-mail, с которым вы входите в портал, — мы пришлём ссылку, чтобы задать новый пароль.
password-forgot-send = Отправить ссылку
password-forgot-sending = Отправляем…
password-forgot-sent-title = Проверьте почту
password-forgot-sent = Если этот адрес зарегистрирован в портале, на него отправлено письмо со ссылкой для нового пароля. Ссылка действует 1 час и открывается один раз. Письма нет — проверьте папку «Спам» или запросите ссылку ещё раз через несколько минут.
