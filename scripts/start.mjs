#!/usr/bin/env node
// `npm start`: build the kernels and the production app, serve dist/ on localhost, print `App: <url>` first, then
// start the market-data proxy (proxy/node.ts) next to it and print `Proxy: <url>`. The app reaches the proxy
// same-origin through the preview server's `/api` proxy (vite.config.ts).
// Options: --port N (exactly that port; else $PORT or 4173, the next free port if busy), --no-build (serve the
// existing dist/), --no-proxy (do not start the proxy). The proxy listens on $PROXY_PORT (default 8787); if that
// port is busy, start says so and continues without it. Without POLYGON_API_KEY the app works on demo data.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { build, preview } from 'vite';

const argv = process.argv.slice(2);
if (argv.includes('--help')) {
  process.stdout.write(
    'Usage: npm start [-- --port N] [-- --no-build] [-- --no-proxy]\n' +
      'Builds the kernels and the app, serves dist/ and prints "App: http://localhost:PORT/", then starts the\n' +
      'market-data proxy on $PROXY_PORT (default 8787) and prints "Proxy: http://localhost:PROXY_PORT/".\n',
  );
  process.exit(0);
}
const portArg = argv.indexOf('--port');
const proxyPort = Number(process.env.PROXY_PORT ?? 8787);
if (!Number.isInteger(proxyPort) || proxyPort < 1 || proxyPort > 65535) {
  console.error(`start: invalid PROXY_PORT ${process.env.PROXY_PORT}`);
  process.exit(2);
}
process.env.PROXY_PORT = String(proxyPort); // vite.config.ts points /api at it
const port = Number(portArg >= 0 ? argv[portArg + 1] : process.env.PORT ?? 4173);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`start: invalid port ${argv[portArg + 1] ?? process.env.PORT}`);
  process.exit(2);
}

if (!argv.includes('--no-build')) {
  execFileSync(process.execPath, ['scripts/build-kernels.mjs', '--if-stale', '--quiet'], { stdio: 'inherit' });
  await build({ logLevel: 'error' });
} else if (!existsSync('dist/index.html')) {
  console.error('start: dist/ is missing; run without --no-build');
  process.exit(2);
}
const server = await preview({ logLevel: 'silent', preview: { port, strictPort: portArg >= 0, host: 'localhost' } });
const addr = server.httpServer.address();
const actualPort = typeof addr === 'object' && addr ? addr.port : port;
process.stdout.write(`App: http://localhost:${actualPort}/\n`);

let child = null;
const killChild = () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
};
process.on('exit', killChild);
const stop = () => {
  killChild();
  server.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
if (!argv.includes('--no-proxy')) child = await startProxy(actualPort);

/** True when nothing listens on 127.0.0.1:`p`. */
function portFree(p) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(p, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** Starts proxy/node.ts as a child allowing the app's origin; resolves with it, or null (reported) when it cannot run. */
async function startProxy(appPort) {
  if (!(await portFree(proxyPort))) {
    process.stdout.write(`proxy: port ${proxyPort} is busy; continuing without starting the proxy (/api goes to whatever listens there; set PROXY_PORT or use --no-proxy)\n`);
    return null;
  }
  const origins = [...(process.env.ALLOWED_ORIGINS ?? '').split(','), `http://localhost:${appPort}`, `http://127.0.0.1:${appPort}`]
    .map((o) => o.trim())
    .filter((o, i, all) => o !== '' && all.indexOf(o) === i);
  const proc = spawn(process.execPath, ['--import', 'tsx', 'proxy/node.ts'], {
    env: { ...process.env, PROXY_PORT: String(proxyPort), ALLOWED_ORIGINS: origins.join(','), PROXY_EXIT_WITH_PARENT: '1' },
    stdio: ['pipe', 'pipe', 'pipe'], // stdin: the proxy exits when it closes (this process died)
  });
  const ready = await new Promise((resolve) => {
    let buf = '';
    const timer = setTimeout(() => resolve('timeout'), 30_000);
    proc.stdout.on('data', (d) => {
      buf += d.toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.startsWith('Proxy: ')) {
          clearTimeout(timer);
          process.stdout.write(`Proxy: http://localhost:${proxyPort}/\n`);
          resolve('ok');
        } else if (line.startsWith('warning:')) process.stdout.write(`proxy ${line}\n`);
        else process.stderr.write(`[proxy] ${line}\n`);
      }
    });
    proc.stderr.on('data', (d) => process.stderr.write(`[proxy] ${d}`));
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(`exit ${code ?? signal}`);
    });
  });
  if (ready !== 'ok') {
    if (ready === 'timeout') proc.kill('SIGTERM');
    process.stdout.write(`proxy: could not start (${ready === 'timeout' ? 'no answer in 30 s' : ready}); continuing without it\n`);
    return null;
  }
  if (!process.env.POLYGON_API_KEY) process.stdout.write('proxy: no POLYGON_API_KEY set: the app uses demo data (and the keyless Yahoo backup)\n');
  proc.on('exit', (code, signal) => {
    if (code !== 0 && signal !== 'SIGTERM') process.stderr.write(`proxy: exited (${code ?? signal}); the app continues without it\n`);
  });
  return proc;
}
