// Batch mode: one JSON request per input line, one JSON answer per output line, in order. A bad line
// (invalid JSON, unknown command, failing request) gets `{"ok":false,"error":…}` and the batch goes on.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { runRequest, type CliContext } from './commands';
import { writeJsonLine } from './json';

/** Answers every non-blank line of `input` on `output` in order; resolves at end of input. */
export async function runBatch(ctx: CliContext, input: Readable, output: Writable): Promise<void> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    let id: unknown;
    let answer: Record<string, unknown>;
    try {
      let req: unknown;
      try {
        req = JSON.parse(line);
      } catch (e) {
        throw new Error(`invalid JSON: ${(e as Error).message}`);
      }
      if (typeof req === 'object' && req !== null) id = (req as Record<string, unknown>).id;
      answer = await runRequest(req, ctx);
    } catch (e) {
      answer = id === undefined ? { ok: false, error: errorMessage(e) } : { ok: false, id, error: errorMessage(e) };
    }
    await writeJsonLine(output, answer);
  }
}

/** The text shown for a thrown value: an Error's message, else the value as a string. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
