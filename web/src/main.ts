import { HealthSchema } from '../../shared/index.js';
import { getJson } from './api.js';

const app = document.getElementById('app')!;

function render(text: string, ok: boolean): void {
  const box = document.createElement('p');
  box.className = ok ? 'status' : 'status bad';
  box.textContent = text;
  app.replaceChildren(box);
}

getJson('/api/v1/health', HealthSchema)
  .then((h) => render(`Server ${h.version} is up; store: ${h.store} (${h.reachable ? 'reachable' : 'not reachable'}).`, h.reachable))
  .catch((e: unknown) => render(`The server did not answer: ${e instanceof Error ? e.message : String(e)}`, false));
