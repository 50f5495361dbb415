import './styles.css';
import { currentSession, signOut, whenUnauthorized } from './api';
import { h, notice, show } from './dom';
import { dashboardPage } from './pages/dashboard';
import { forecastPage } from './pages/forecast';
import { inventoryPage } from './pages/inventory';
import { loginPage } from './pages/login';
import { recommendationsPage } from './pages/recommendations';
import { segmentsPage } from './pages/segments';
import { trainingPage } from './pages/training';

type Page = (root: HTMLElement) => Promise<void>;

const PAGES: { path: string; title: string; page: Page }[] = [
  { path: '/', title: 'Dashboard', page: dashboardPage },
  { path: '/forecast', title: 'Forecast', page: forecastPage },
  { path: '/segments', title: 'Segments', page: segmentsPage },
  { path: '/inventory', title: 'Inventory', page: inventoryPage },
  { path: '/recommendations', title: 'Recommendations', page: recommendationsPage },
  { path: '/training', title: 'Training', page: trainingPage },
];

const app = document.getElementById('app')!;
const main = h('main', { id: 'main', tabindex: -1 });
const nav = h('nav', { 'aria-label': 'Pages' });
const who = h('span', { class: 'who' });
const signOutButton = h('button', { type: 'button', class: 'link' }, 'Sign out');
const header = h(
  'header',
  { class: 'top' },
  h('a', { href: '/', class: 'brand', 'data-link': true }, 'boutique-ml'),
  nav,
  h('div', { class: 'account' }, who, signOutButton),
);
app.append(header, main);

function go(path: string, replace = false): void {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  void render();
}

/** Shows the login page, then returns to where the admin was. */
function login(message: string | null): void {
  const here = location.pathname === '/login' ? '/' : location.pathname + location.search;
  header.hidden = true;
  document.title = 'Sign in · boutique-ml';
  if (location.pathname !== '/login') {
    history.replaceState(null, '', `/login?next=${encodeURIComponent(here)}`);
  }
  loginPage(main, message, () => {
    const next = new URLSearchParams(location.search).get('next') ?? '/';
    // Only a path of this app: never an absolute URL someone put in the link.
    go(next.startsWith('/') && !next.startsWith('//') ? next : '/', true);
  });
}

let rendering = 0;
async function render(): Promise<void> {
  const session = currentSession();
  if (!session) {
    login(null);
    return;
  }
  if (location.pathname === '/login') history.replaceState(null, '', '/');
  const entry = PAGES.find((p) => p.path === location.pathname);
  header.hidden = false;
  who.textContent = session.username;
  show(
    nav,
    h(
      'ul',
      {},
      ...PAGES.map((p) =>
        h(
          'li',
          {},
          h('a', { href: p.path, 'data-link': true, 'aria-current': p === entry ? 'page' : null }, p.title),
        ),
      ),
    ),
  );
  if (!entry) {
    document.title = 'Not found · boutique-ml';
    show(main, h('h1', {}, 'Not found'), h('p', {}, 'There is no such page.'));
    return;
  }
  document.title = `${entry.title} · boutique-ml`;
  const mine = ++rendering;
  const page = h('div', { class: 'page' }, h('p', { class: 'muted', role: 'status' }, 'Loading…'));
  show(main, page);
  main.setAttribute('aria-busy', 'true');
  // Move focus to the new page so keyboard and screen-reader users start at its top.
  main.focus({ preventScroll: true });
  try {
    await entry.page(page);
  } catch (err) {
    if (mine !== rendering) return;
    if (currentSession()) show(main, h('h1', {}, entry.title), notice((err as Error).message, 'error'));
  } finally {
    if (mine === rendering) main.removeAttribute('aria-busy');
  }
}

// In-app links change the page without reloading; modified clicks (new tab) keep the browser's way.
document.addEventListener('click', (event) => {
  const link = (event.target as Element).closest('a[data-link]');
  if (!link || event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  go(link.getAttribute('href') ?? '/');
});
window.addEventListener('popstate', () => void render());
signOutButton.addEventListener('click', () => {
  signOut();
  history.pushState(null, '', '/login');
  login('Signed out.');
});
whenUnauthorized((message) => login(message));

void render();
