/**
 * Boots the web app: reads the session, draws the header (navigation,
 * workspace switcher, sign out) and hands the address to the router.
 */
import { apiContext, messageOf, send } from './api.js';
import { h, link } from './core/dom.js';
import { Router, type RouteDef } from './core/router.js';
import { clearSession, loadSession, onSessionChange, session, switchWorkspace } from './core/session.js';
import { forgetMe } from './core/people.js';
import { follow } from './core/live.js';
import { clearHeldErasures, installHeldErasures, syncHeldErasures } from './core/held-erasures.js';
import { installReadableMessages } from './forms/messages.js';
import { forgetGraph } from './graph/graph-data.js';
import { boardView } from './views/board.view.js';
import { calibrationView } from './views/calibration.view.js';
import { contactView } from './views/contact.view.js';
import { duplicatesView } from './views/duplicates.view.js';
import { explorerView } from './views/explorer.view.js';
import { importView } from './views/import.view.js';
import { invitationView, resetPasswordView } from './views/account-links.view.js';
import { loginView, setupView } from './views/login.view.js';
import { mistakesView } from './views/mistakes.view.js';
import { listsView } from './views/lists.view.js';
import { problemView } from './views/problem.js';
import { quadrantView } from './views/quadrant.view.js';
import { reportsView } from './views/reports.view.js';
import { tableView } from './views/table.view.js';
import { workspacesView } from './views/workspaces.view.js';
import { teamView } from './views/team.view.js';
import { accountView } from './views/account.view.js';

installReadableMessages();
const outlet = document.getElementById('app')!;
const shell = document.getElementById('shell')!;

const NAV: [string, string][] = [
  ['/explorer', 'Explorer'],
  ['/table', 'Table'],
  ['/board', 'Nurture board'],
  ['/quadrant', 'Quadrant'],
  ['/mistakes', 'Mistakes'],
  ['/lists', 'Lists'],
  ['/reports', 'Reports'],
  ['/calibration', 'Calibration'],
  ['/import', 'Import'],
  ['/duplicates', 'Duplicates'],
  ['/team', 'Team'],
  ['/workspaces', 'Workspaces'],
];

const go = (path: string) => router.go(path);

const routes: RouteDef[] = [
  { pattern: '/', view: () => ({ el: h('div'), title: 'Nurture' }) },
  { pattern: '/login', public: true, view: (m) => loginView(m, go) },
  { pattern: '/setup', public: true, view: () => setupView(go) },
  { pattern: '/invite', public: true, view: () => invitationView(go) },
  { pattern: '/reset-password', public: true, view: () => resetPasswordView() },
  { pattern: '/explorer', view: (m) => explorerView(m) },
  { pattern: '/table', view: (m) => tableView(m) },
  { pattern: '/board', view: () => boardView() },
  { pattern: '/quadrant', view: () => quadrantView(go) },
  { pattern: '/people/:id', view: (m) => contactView(m, go) },
  { pattern: '/mistakes', view: (m) => mistakesView(m) },
  { pattern: '/lists', view: () => listsView() },
  { pattern: '/reports', view: () => reportsView() },
  { pattern: '/calibration', view: () => calibrationView() },
  { pattern: '/import', view: () => importView() },
  { pattern: '/duplicates', view: () => duplicatesView() },
  { pattern: '/workspaces', view: () => workspacesView() },
  { pattern: '/team', view: () => teamView() },
  { pattern: '/account', view: () => accountView(go) },
];

const router = new Router(
  routes,
  outlet,
  (route, m) => {
    if (m.path === '/') return session() ? '/explorer' : '/login';
    if (!route.public && !session()) return `/login?next=${encodeURIComponent(m.path + location.search)}`;
    if (m.path === '/login' && session()) return '/explorer';
    return null;
  },
  (e) => problemView(e, 'Something went wrong'),
);

/** Draws the header; a redraw for a session change keeps the phone menu as it was, a navigation folds it. */
function drawShell(keepMenu = false): void {
  const s = session();
  if (!s) {
    shell.replaceChildren();
    return;
  }
  const here = location.pathname;
  const menu = h(
    'button',
    {
      type: 'button',
      class: 'menu-button',
      'aria-expanded': String(keepMenu && shell.classList.contains('menu-open')),
      'aria-controls': 'main-nav',
    },
    'Menu',
  );
  const nav = h(
    'nav',
    { 'aria-label': 'Main', id: 'main-nav' },
    h(
      'ul',
      null,
      NAV.map(([path, label]) => {
        const a = link(path, label);
        if (here === path || (path === '/explorer' && here.startsWith('/people/')))
          a.setAttribute('aria-current', 'page');
        return h('li', null, a);
      }),
    ),
  );
  const select = h(
    'select',
    { id: 'workspace-switch', 'aria-label': 'Workspace' },
    s.info.workspaces.map((w) => h('option', { value: w.workspace.id }, `${w.workspace.name} (${w.role})`)),
  );
  select.value = s.workspaceId ?? '';
  select.addEventListener('change', () => switchWorkspace(select.value));
  const out = h('button', { type: 'button', class: 'link-button' }, 'Sign out');
  out.addEventListener('click', () => {
    void send('POST', '/api/v1/auth/logout', undefined, null)
      .catch(() => undefined)
      .finally(() => {
        clearSession();
        router.go('/login');
      });
  });
  menu.addEventListener('click', () => {
    const open = menu.getAttribute('aria-expanded') !== 'true';
    menu.setAttribute('aria-expanded', String(open));
    shell.classList.toggle('menu-open', open);
    if (open) (nav.querySelector('a') as HTMLElement | null)?.focus();
  });
  if (menu.getAttribute('aria-expanded') !== 'true') shell.classList.remove('menu-open');
  shell.replaceChildren(
    menu,
    nav,
    h(
      'div',
      { class: 'account' },
      h('label', { for: 'workspace-switch', class: 'visually-hidden' }, 'Workspace'),
      select,
      (() => {
        // The user's name opens their account page (password, sessions, tokens, sign-in log).
        const a = link('/account', h('span', { class: 'user-name' }, s.info.user.name));
        a.setAttribute('aria-label', `Your account: ${s.info.user.name}`);
        a.classList.add('account-link');
        if (here === '/account') a.setAttribute('aria-current', 'page');
        return a;
      })(),
      out,
    ),
  );
}

let lastWorkspace: string | null = null;
onSessionChange((s) => {
  const ws = s?.workspaceId ?? null;
  if (ws !== lastWorkspace) {
    forgetGraph();
    forgetMe();
    const had = lastWorkspace !== null;
    lastWorkspace = ws;
    follow(ws);
    clearHeldErasures();
    if (s) void syncHeldErasures();
    // Switching workspace redraws the current view with the other network.
    if (had && s) void router.render();
  }
  drawShell(true);
});
document.addEventListener('nurture:navigated', () => drawShell());
installHeldErasures(go);

apiContext.onUnauthenticated = () => {
  if (!session()) return;
  clearSession();
  router.go(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
};

loadSession()
  .then(() => router.render())
  .catch((e: unknown) =>
    outlet.replaceChildren(h('p', { class: 'status bad' }, `The server did not answer: ${messageOf(e)}`)),
  );
