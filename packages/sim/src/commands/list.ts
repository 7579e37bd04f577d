import { BUILTIN_NAMES, builtinScenario } from '../core/builtins.js';
import type { Io } from './io.js';

/** `sim list`: built-in scenarios with one line each. */
export function listCommand(io: Io): number {
  for (const name of BUILTIN_NAMES)
    io.out(`${name.padEnd(22)} ${builtinScenario(name).description ?? ''}`);
  return 0;
}
