import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CliError } from '../errors.js';

const require = createRequire(import.meta.url);

/** Foundry's npm packages ship one binary package per platform. */
function platform(): string {
  const os = process.platform === 'darwin' ? 'darwin' : process.platform === 'linux' ? 'linux' : '';
  const arch = process.arch === 'x64' ? 'amd64' : process.arch === 'arm64' ? 'arm64' : '';
  if (!os || !arch)
    throw new CliError(`Foundry has no binaries for ${process.platform}/${process.arch}.`);
  return `${os}-${arch}`;
}

/**
 * Path of a Foundry binary. We call the platform binary, not the npm wrapper in
 * node_modules/.bin, because the wrapper always exits 0 and would hide failures.
 */
export function foundryBinary(tool: 'anvil' | 'forge' | 'cast'): string {
  const pkg = `@foundry-rs/${tool}-${platform()}/package.json`;
  try {
    return join(dirname(require.resolve(pkg)), 'bin', tool);
  } catch {
    throw new CliError(`${tool} is not installed (missing ${pkg}).`, {
      hint: 'Run `npm ci` at the repository root.',
    });
  }
}

/** The repository root (this file is packages/cli/src/devnet/foundry.ts). */
export const repoRoot = join(dirname(new URL(import.meta.url).pathname), '..', '..', '..', '..');
