// CLI entry point (`npm run --silent cli -- <command> [--flags]`). stdout carries exactly one JSON answer
// per request and nothing else; errors go to stderr with a non-zero exit code. See docs/cli.md.
import { format } from 'node:util';
import type { Writable } from 'node:stream';
import { createEngine } from '../engine/index';
import { loadKernelsNode } from '../kernels/node';
import type { EngineApi } from '../shared/engine-api';
import { UsageError, parseArgs } from './args';
import { errorMessage, runBatch } from './batch';
import { COMMANDS, COMMAND_NAMES, runRequest, type CliContext } from './commands';
import { writeJsonLine } from './json';
import { LazyStoreResampler } from './resampler';
import { USAGE } from './usage';

// Whatever a dependency logs must not corrupt the JSON on stdout: console output goes to stderr.
for (const level of ['log', 'info', 'debug', 'warn'] as const) {
  console[level] = (...args: unknown[]) => void process.stderr.write(format(...args) + '\n');
}
// A reader that stops early (`| head`) is not an error of ours.
process.stdout.on('error', (e: NodeJS.ErrnoException) => process.exit(e.code === 'EPIPE' ? 0 : 1));

/** Runs the command line and returns the exit code: 0 ok, 1 failed request, 2 bad command line. */
async function main(argv: readonly string[]): Promise<number> {
  let request: Record<string, unknown>;
  try {
    const parsed = parseArgs(argv);
    if (parsed.kind === 'help') {
      await write(process.stdout, USAGE);
      return 0;
    }
    request = parsed.request;
    checkCommandLine(request);
  } catch (e) {
    await write(process.stderr, `error: ${errorMessage(e)}\nRun with --help for usage.\n`);
    return 2;
  }
  let engine: Promise<EngineApi> | null = null;
  const resampler = new LazyStoreResampler();
  const ctx: CliContext = { engine: () => (engine ??= loadKernelsNode().then(createEngine)), resampler };
  try {
    if (request.cmd === 'batch') await runBatch(ctx, process.stdin, process.stdout);
    else await writeJsonLine(process.stdout, await runRequest(request, ctx));
    return 0;
  } catch (e) {
    await write(process.stderr, `error: ${errorMessage(e)}\n`);
    return 1;
  } finally {
    // The answer is already out; a failure to release the in-memory store must not change the outcome.
    await resampler.close().catch(() => undefined);
  }
}

/** Unknown commands and flags are command-line errors (exit 2), reported with the valid names. */
function checkCommandLine(req: Record<string, unknown>): void {
  const cmd = req.cmd as string;
  if (cmd !== 'batch' && !Object.hasOwn(COMMANDS, cmd)) {
    throw new UsageError(`unknown command ${JSON.stringify(cmd)}; valid commands: ${COMMAND_NAMES.join(', ')}`);
  }
  const fields = cmd === 'batch' ? [] : COMMANDS[cmd].fields;
  for (const k of Object.keys(req)) {
    if (k !== 'cmd' && k !== 'id' && !fields.includes(k)) {
      const valid = fields.length ? fields.map((f) => `--${f}`).join(', ') : '(none)';
      throw new UsageError(`${cmd}: unknown flag --${k}; valid flags: ${valid}`);
    }
  }
}

function write(out: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => out.write(text, (err) => (err ? reject(err) : resolve())));
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`error: ${errorMessage(e)}\n`);
    process.exit(1);
  },
);
