import { readFile } from 'node:fs/promises';
import { BUILTIN_NAMES, builtinScenario } from '../core/builtins.js';
import { BaseError } from '../core/errors.js';
import { parseScenario, type Scenario } from '../core/schema.js';

/** The CLI's output layer: the only place the simulator writes to the terminal. */
export type Io = { out: (line: string) => void; err: (line: string) => void };

export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Loads a built-in name or a JSON scenario file and validates it. */
export async function loadScenario(ref: string): Promise<Scenario> {
  if (BUILTIN_NAMES.includes(ref)) return parseScenario(builtinScenario(ref), ref);
  let text: string;
  try {
    text = await readFile(ref, 'utf8');
  } catch (cause) {
    throw new BaseError(`Cannot read scenario "${ref}"`, {
      cause,
      details: `Not a file and not a built-in scenario (${BUILTIN_NAMES.join(', ')}).`,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new BaseError(`Scenario file ${ref} is not valid JSON`, {
      cause,
      details: (cause as Error).message,
    });
  }
  return parseScenario(json, ref);
}
