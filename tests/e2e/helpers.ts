// Shared Playwright helpers: what a page logs and requests, and whether a request stayed on this machine.
import type { Page } from '@playwright/test';

/** Records console errors, page errors and every request URL the page makes. */
export function watch(page: Page) {
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  page.on('worker', (w) => w.on('console', (m) => m.type() === 'error' && errors.push(`worker: ${m.text()}`)));
  return { errors, requests };
}

/** True when a URL stays on this machine (or never touches the network at all). */
export function isLocal(url: string): boolean {
  const u = new URL(url);
  if (u.protocol === 'data:' || u.protocol === 'blob:') return true;
  return ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
}
