import { type Hex, stringToHex } from 'viem';
import { z } from 'zod';
import type { GridlightClient } from '../client.js';
import { BaseError } from '../errors.js';
import { nodeRegistryAbi } from '../generated/abis.js';
import { eventOf } from '../internal/events.js';
import { writeContract } from '../internal/write.js';

/** What an operator declares about its node (validated before sending). */
export const nodeParamsSchema = z.object({
  gpuModel: z.string().max(64),
  vramMb: z.number().int().min(0).max(0xffff_ffff),
  benchmarkScore: z.number().int().min(0).max(0xffff_ffff),
  /** X25519 public key (32 bytes) that private scene keys are wrapped to. */
  encryptionKey: z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'must be a 32-byte hex key'),
  /** ISO 3166-1 alpha-2, e.g. "DE". */
  region: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code, e.g. "DE"'),
  endpoint: z.string().max(256).default(''),
});

export type RegisterNodeParameters = z.input<typeof nodeParamsSchema>;

export type RegisterNodeReturnType = { tier: number; hash: Hex };

/** The node declaration is invalid (checked before any transaction). */
export class NodeParamsInvalidError extends BaseError {
  override name = 'NodeParamsInvalidError';
}

/**
 * Validates a node declaration and maps it to NodeRegistry's `NodeParams` struct
 * (shared by `registerNode` and `updateNode`).
 */
export function toNodeParamsStruct(parameters: RegisterNodeParameters) {
  const parsed = nodeParamsSchema.safeParse(parameters);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new NodeParamsInvalidError(
      `Invalid node declaration: ${issue?.path.join('.') ?? '(root)'}: ${issue?.message}.`,
    );
  }
  const p = parsed.data;
  return {
    gpuModel: p.gpuModel,
    vramMb: p.vramMb,
    benchmarkScore: p.benchmarkScore,
    encryptionKey: p.encryptionKey as Hex,
    region: stringToHex(p.region, { size: 2 }),
    endpoint: p.endpoint,
  };
}

/**
 * Registers the account as a render node (GPU, benchmark score, encryption key, region).
 *
 * @example
 * await registerNode(nodeClient, {
 *   gpuModel: 'NVIDIA RTX 4090', vramMb: 24576, benchmarkScore: 1500,
 *   encryptionKey: '0x…', region: 'DE', endpoint: 'https://node.example',
 * });
 */
export async function registerNode(
  client: GridlightClient,
  parameters: RegisterNodeParameters,
): Promise<RegisterNodeReturnType> {
  const { hash, receipt } = await writeContract(client, 'registerNode', {
    address: client.deployment.NodeRegistry,
    abi: nodeRegistryAbi,
    functionName: 'register',
    args: [toNodeParamsStruct(parameters)],
  });
  const event = eventOf(receipt, nodeRegistryAbi, 'NodeRegistered', hash);
  return { tier: event.args.scoreTier, hash };
}
