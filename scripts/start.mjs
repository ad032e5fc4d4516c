#!/usr/bin/env node
// `npm start`: build the kernels and the production app, serve dist/ on localhost, print `App: <url>` first.
// Options: --port N (exactly that port; else $PORT or 4173, the next free port if busy), --no-build (serve the existing dist/).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { build, preview } from 'vite';

const argv = process.argv.slice(2);
if (argv.includes('--help')) {
  process.stdout.write('Usage: npm start [-- --port N] [-- --no-build]\nBuilds the kernels and the app, serves dist/ and prints "App: http://localhost:PORT/".\n');
  process.exit(0);
}
const portArg = argv.indexOf('--port');
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
const stop = () => server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
