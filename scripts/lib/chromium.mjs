// Finds the Chromium that Playwright drives: $CHROMIUM_PATH, else Debian's /usr/bin/chromium.
// ensureChromium() installs Debian's package when missing and we are root with apt; otherwise it explains what to do.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

/** Launch arguments for headless Chromium on this closed-network machine (no background requests). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Path of the Chromium to use, or null when none is found. */
export function findChromium() {
  const env = process.env.CHROMIUM_PATH;
  if (env) return existsSync(env) ? env : null;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : null;
}

/** Returns a Chromium path, installing Debian's `chromium` first if we are root with apt-get; exits with advice otherwise. */
export function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  if (process.env.CHROMIUM_PATH) {
    console.error(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist. Point it at a Chromium or Chrome binary.`);
    process.exit(2);
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  let hasApt = false;
  try { execSync('command -v apt-get', { stdio: 'ignore', shell: '/bin/bash' }); hasApt = true; } catch { /* no apt */ }
  if (isRoot && hasApt) {
    console.error('Chromium not found: installing Debian package `chromium` (apt-get)…');
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null', { stdio: 'inherit', shell: '/bin/bash' });
    if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  }
  console.error(
    'No Chromium found for the browser tests. Install one (Debian/Ubuntu: `sudo apt-get install chromium`) ' +
      'or set CHROMIUM_PATH=/path/to/chromium (any Chromium/Chrome build), then run `npm test` again.',
  );
  process.exit(2);
}
