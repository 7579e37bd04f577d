import { type Address, getAddress, isAddress } from 'viem';
import { z } from 'zod';
import { DeploymentInvalidError } from './errors.js';

const address = z
  .string()
  .refine((value) => isAddress(value, { strict: false }), 'must be a 20-byte hex address')
  .transform((value) => getAddress(value) as Address);

/** The deployment JSON written by contracts/script/Deploy.s.sol. */
export const deploymentSchema = z.object({
  chainId: z.number().int().positive(),
  startBlock: z.number().int().nonnegative(),
  deployer: address,
  GridlightToken: address,
  TimelockController: address,
  GridlightGovernor: address,
  Staking: address,
  NodeRegistry: address,
  Reputation: address,
  JobMarket: address,
  RenderCertificate: address,
});

/** Chain id, first block and every contract address of a Gridlight deployment. */
export type Deployment = z.infer<typeof deploymentSchema>;

/**
 * Validates a deployment object (e.g. the parsed deployment JSON). Throws
 * `DeploymentInvalidError` naming the first bad key.
 *
 * @example
 * const deployment = parseDeployment(JSON.parse(text));
 */
export function parseDeployment(input: unknown, source = 'deployment'): Deployment {
  const result = deploymentSchema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map(
    (issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`,
  );
  throw new DeploymentInvalidError(`Invalid ${source}: ${issues[0]}.`, {
    metaMessages: [
      ...issues.map((line) => `- ${line}`),
      'Deploy with contracts/script/Deploy.s.sol, which writes this file.',
    ],
  });
}

/**
 * Reads and validates a deployment JSON file (Node only).
 *
 * @example
 * const deployment = await loadDeployment('.devnet/deployment.json');
 */
export async function loadDeployment(file: string): Promise<Deployment> {
  const { readFile } = await import('node:fs/promises');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new DeploymentInvalidError(`Cannot read deployment file ${file}.`, {
      cause,
      details: (cause as Error).message,
      metaMessages: ['Run `npm start` (local devnet) or pass the file the deploy script wrote.'],
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new DeploymentInvalidError(`Deployment file ${file} is not valid JSON.`, { cause });
  }
  return parseDeployment(json, `deployment file ${file}`);
}
