/**
 * A small history router: paths map to views, in-app links and
 * back/forward change the view without reloading. A view is built for each
 * visit and destroyed when the user leaves it (workers, listeners).
 */
export interface View {
  el: HTMLElement;
  title: string;
  destroy?: () => void;
  /** Where focus goes when the view opens (its heading by default). */
  focus?: HTMLElement;
}

export interface RouteMatch {
  params: Record<string, string>;
  query: URLSearchParams;
  path: string;
}

export interface RouteDef {
  pattern: string;
  /** Reachable without signing in. */
  public?: boolean;
  view: (m: RouteMatch) => View | Promise<View>;
}

type Compiled = RouteDef & { re: RegExp; keys: string[] };

export class Router {
  private readonly routes: Compiled[];
  private currentView: View | null = null;
  private visit = 0;
  private shown: string | null = null;

  constructor(
    routes: RouteDef[],
    private readonly outlet: HTMLElement,
    private readonly guard: (route: RouteDef, m: RouteMatch) => string | null,
    private readonly onError: (e: unknown) => HTMLElement,
  ) {
    this.routes = routes.map((r) => {
      const keys: string[] = [];
      const re = new RegExp(
        `^${r.pattern.replace(/:([a-zA-Z]+)/g, (_m, k: string) => {
          keys.push(k);
          return '([^/]+)';
        })}/?$`,
      );
      return { ...r, re, keys };
    });
    window.addEventListener('popstate', () => {
      // A change of the #fragment alone (the skip link) is not a new page.
      if (location.pathname + location.search !== this.shown) void this.render();
    });
    document.addEventListener('click', (e) => {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const a = (e.target as Element | null)?.closest?.('a[data-link]');
      if (!(a instanceof HTMLAnchorElement)) return;
      e.preventDefault();
      this.go(a.getAttribute('href') ?? '/');
    });
  }

  go(path: string, options: { replace?: boolean } = {}): void {
    if (options.replace) history.replaceState(null, '', path);
    else history.pushState(null, '', path);
    void this.render();
  }

  /** Renders the view of the current address. */
  async render(): Promise<void> {
    const visit = ++this.visit;
    const path = location.pathname;
    this.shown = path + location.search;
    const query = new URLSearchParams(location.search);
    let match: { route: Compiled; m: RouteMatch } | null = null;
    for (const route of this.routes) {
      const found = route.re.exec(path);
      if (found) {
        const params: Record<string, string> = {};
        route.keys.forEach((k, i) => {
          params[k] = decodeURIComponent(found[i + 1] ?? '');
        });
        match = { route, m: { params, query, path } };
        break;
      }
    }
    if (!match) {
      this.go('/explorer', { replace: true });
      return;
    }
    const redirect = this.guard(match.route, match.m);
    if (redirect) {
      this.go(redirect, { replace: true });
      return;
    }
    this.currentView?.destroy?.();
    this.currentView = null;
    let view: View;
    try {
      view = await match.route.view(match.m);
    } catch (e) {
      view = { el: this.onError(e), title: 'Something went wrong' };
    }
    if (visit !== this.visit) {
      view.destroy?.();
      return;
    }
    this.currentView = view;
    this.outlet.replaceChildren(view.el);
    document.title = `${view.title} · Nurture`;
    const target = view.focus ?? view.el.querySelector<HTMLElement>('h2');
    if (target) {
      if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
      target.focus({ preventScroll: true });
    }
    document.dispatchEvent(new CustomEvent('nurture:navigated', { detail: { path } }));
  }
}
