import { writeFile } from 'node:fs/promises';
import { scenarioJsonSchema } from '../core/schema.js';
import type { Io } from './io.js';

/** `sim schema [--out file]`: the scenario JSON Schema generated from the zod schema. */
export async function schemaCommand(io: Io, out: string | undefined): Promise<number> {
  const text = `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
  if (out) {
    await writeFile(out, text);
    io.out(`wrote ${out}`);
  } else io.out(text.trimEnd());
  return 0;
}
