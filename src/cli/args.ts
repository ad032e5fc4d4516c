// Command-line parsing: `<command> [--field value | --field=value]…` becomes the same request object a batch
// line carries, `{ cmd: <command>, field: value, … }`. A value that parses as JSON is that JSON value, any
// other value is the plain string (so `--data DEMO:ACME` is a string and `--params '{"timeperiod":9}'` an object).

/** A request as batch lines and flags both spell it. */
export type CliRequest = Record<string, unknown> & { cmd?: unknown };

/** What the command line asks for: the usage text, or one request (possibly `batch`). */
export type ParsedArgs = { kind: 'help' } | { kind: 'request'; request: CliRequest };

/** A malformed command line (exit code 2), as opposed to a request that failed (exit code 1). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The value of a flag: its JSON value when the text is valid JSON, else the text itself. */
export function flagValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Parses argv (without node and the script path); throws UsageError naming the offending argument. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') return { kind: 'help' };
  if (argv.length === 0) throw new UsageError('no command given');
  const [cmd, ...rest] = argv;
  if (cmd.startsWith('-')) throw new UsageError(`the command must come first, got ${cmd}`);
  const request: CliRequest = { cmd };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (!arg.startsWith('--') || arg.length === 2) throw new UsageError(`unexpected argument ${JSON.stringify(arg)}`);
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    let text: string;
    if (eq >= 0) text = arg.slice(eq + 1);
    else if (i + 1 < rest.length && !rest[i + 1].startsWith('--')) text = rest[++i];
    else throw new UsageError(`flag --${name} needs a value`);
    if (name === 'cmd') throw new UsageError('--cmd is not a flag: the command is the first argument');
    if (Object.hasOwn(request, name)) throw new UsageError(`flag --${name} is given twice`);
    request[name] = flagValue(text);
  }
  return { kind: 'request', request };
}
