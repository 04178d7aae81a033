# Staff form that registers a request on behalf of an organization (/queue/new).

on-behalf-title = Регистрация запроса
on-behalf-subtitle = Запрос от организации по телефону или письму. Автора назначит администратор организации.
on-behalf-open-form = Зарегистрировать запрос
on-behalf-organization-label = Организация
on-behalf-kind-label = Тип запроса
on-behalf-contact-legend = Контактное лицо
on-behalf-contact-hint = Кому перезвонить или написать, пока у запроса нет автора на портале.
on-behalf-contact-name-label = Имя и должность
on-behalf-contact-email-label = E-mail
on-behalf-submit = Зарегистрировать
on-behalf-submitting = Регистрируем…
on-behalf-choose-organization-first = Сначала выберите организацию
on-behalf-no-services-certificate = У организации нет действующего сертификата на услуги
on-behalf-registered = Запрос № { $number } зарегистрирован
on-behalf-registered-text = Запрос появился в «Запросах без автора» организации; её администратор назначит автора.
on-behalf-register-another = Зарегистрировать ещё
