// Throwaway mock of the portal's UI contract, only to exercise the harness.
const http = require('http');
const { URL, URLSearchParams } = require('url');
const PORT = Number(process.env.PORT || 3199);
const users = {
  'client@romashka.test': { name: 'Иван Петров', role: 'customer', org: 'ООО «Ромашка»' },
  'colleague@romashka.test': { name: 'Мария Соколова', role: 'customer', org: 'ООО «Ромашка»' },
  'admin@romashka.test': { name: 'Ольга Кузнецова', role: 'org_admin', org: 'ООО «Ромашка»' },
  'client@vector.test': { name: 'Сергей Волков', role: 'customer', org: 'АО «Вектор»' },
  'client@lyutik.test': { name: 'Анна Лютикова', role: 'customer', org: 'ИП Лютиков' },
  'agent@support.test': { name: 'Алексей Смирнов', role: 'support_agent' },
  'manager@support.test': { name: 'Елена Морозова', role: 'manager' },
};
const sessions = new Map();
const T = {
  ru: { signin: 'Вход', pw: 'Пароль', btn: 'Войти', err: 'Неверный email или пароль', my: 'Мои запросы', org: 'Запросы организации', drafts: 'Черновики', queue: 'Очередь', create: 'Создать запрос', out: 'Выйти', langForm: 'Язык интерфейса', team: 'Служба поддержки', emptyMy: 'У вас пока нет запросов', emptyOrg: 'В организации пока нет запросов', emptyDrafts: 'Черновиков нет', emptyQueue: 'Очередь пуста', denied: 'Нет доступа', skip: 'Перейти к содержимому', nav: 'Основная навигация' },
  en: { signin: 'Sign in', pw: 'Password', btn: 'Sign in', err: 'Wrong email or password', my: 'My requests', org: 'Organization requests', drafts: 'Drafts', queue: 'Queue', create: 'Create request', out: 'Sign out', langForm: 'Interface language', team: 'Support team', emptyMy: 'You have no requests yet', emptyOrg: 'Your organization has no requests yet', emptyDrafts: 'No drafts', emptyQueue: 'The queue is empty', denied: 'Access denied', skip: 'Skip to content', nav: 'Main navigation' },
};
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const cookies = (req) => Object.fromEntries((req.headers.cookie || '').split(/;\s*/).filter(Boolean).map((c) => { const i = c.indexOf('='); return [c.slice(0, i), decodeURIComponent(c.slice(i + 1))]; }));
const staff = (u) => u.role === 'support_agent' || u.role === 'manager';
function page(lang, user, path, body) {
  const t = T[lang];
  const link = (href, text) => `<a href="${href}"${href === path ? ' aria-current="page"' : ''}>${text}</a>`;
  const header = `<header class="app-header">
    ${user ? `<span class="app-header__user">${esc(user.name)}</span><span class="app-header__org">${esc(staff(user) ? t.team : user.org)}</span>` : ''}
    <form method="post" action="/lang" aria-label="${t.langForm}"><input type="hidden" name="back" value="${esc(path)}">
      <button name="lang" value="ru" aria-pressed="${lang === 'ru'}">RU</button><button name="lang" value="en" aria-pressed="${lang === 'en'}">EN</button></form>
    ${user ? `<form method="post" action="/logout"><button>${t.out}</button></form>` : ''}
  </header>
  ${user ? `<nav aria-label="${t.nav}">${staff(user) ? link('/queue', t.queue) : link('/requests/my', t.my) + link('/requests/org', t.org) + link('/drafts', t.drafts) + link('/requests/new', t.create)}</nav>` : ''}`;
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>Portal</title>
  <style>body{font-family:sans-serif;margin:0} header,nav,main{padding:8px} .skip{position:absolute;left:-9999px}.skip:focus{left:8px} a{margin-right:8px}</style></head>
  <body><a class="skip" href="#content">${t.skip}</a>${header}<main id="content">${body}</main>
  <script>setTimeout(function(){document.body.dataset.hydrated='true'}, 300)</script></body></html>`;
}
function loginBody(lang, next, email, error) {
  const t = T[lang];
  return `<h1>${t.signin}</h1>${error ? `<p role="alert">${t.err}</p>` : ''}<form method="post" action="/login">
  <input type="hidden" name="next" value="${esc(next || '')}">
  <label>Email <input name="email" type="email" value="${esc(email || '')}"></label>
  <label>${t.pw} <input name="password" type="password"></label><button>${t.btn}</button></form>`;
}
function readBody(req) { return new Promise((r) => { let d = ''; req.on('data', (c) => (d += c)); req.on('end', () => r(new URLSearchParams(d))); }); }
http.createServer(async (req, res) => {
  const url = new URL(req.url, `http://${req.headers.host}`);
  const c = cookies(req);
  const email = sessions.get(c.sid);
  const user = email && users[email];
  let lang = c.lang === 'en' ? 'en' : 'ru';
  const send = (status, html, headers = {}) => { res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers }); res.end(html); };
  const redirect = (to, setCookie) => { res.writeHead(303, { location: to, ...(setCookie ? { 'set-cookie': setCookie } : {}) }); res.end(); };
  if (req.method === 'POST' && url.pathname === '/login') {
    const f = await readBody(req);
    const u = users[f.get('email')];
    if (!u || f.get('password') !== 'demo-password') return send(401, page(lang, null, '/login', loginBody(lang, f.get('next'), f.get('email'), true)));
    const sid = Math.random().toString(36).slice(2);
    sessions.set(sid, f.get('email'));
    const sc = [`sid=${sid}; Path=/; HttpOnly`];
    if (u.lang) sc.push(`lang=${u.lang}; Path=/`);
    return redirect(f.get('next') || (staff(u) ? '/queue' : '/requests/my'), sc);
  }
  if (req.method === 'POST' && url.pathname === '/logout') { sessions.delete(c.sid); return redirect('/login', 'sid=; Path=/; Max-Age=0'); }
  if (req.method === 'POST' && url.pathname === '/lang') {
    const f = await readBody(req);
    const l = f.get('lang') === 'en' ? 'en' : 'ru';
    if (user) user.lang = l;
    return redirect(f.get('back') || '/login', `lang=${l}; Path=/`);
  }
  if (url.pathname === '/login') return send(200, page(lang, null, '/login', loginBody(lang, url.searchParams.get('next'))));
  const routes = { '/requests/my': ['c', 'emptyMy'], '/requests/org': ['c', 'emptyOrg'], '/drafts': ['c', 'emptyDrafts'], '/requests/new': ['c', null], '/queue': ['s', 'emptyQueue'] };
  const r = routes[url.pathname];
  if (!r) return send(404, 'not found');
  if (!user) return redirect('/login?next=' + encodeURIComponent(url.pathname));
  const t = T[lang];
  if ((r[0] === 's') !== staff(user)) return send(403, page(lang, user, url.pathname, `<h1>${t.denied}</h1>`));
  return send(200, page(lang, user, url.pathname, `<h1>${t[r[1] ? 'my' : 'create']}</h1>${r[1] ? `<h2>${t[r[1]]}</h2>` : ''}`));
}).listen(PORT, '127.0.0.1', () => console.log('mock on', PORT));
