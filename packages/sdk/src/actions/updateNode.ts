import { type Hex, stringToHex } from 'viem';
import type { GridlightClient } from '../client.js';
import { nodeRegistryAbi } from '../generated/abis.js';
import { eventOf } from '../internal/events.js';
import { writeContract } from '../internal/write.js';
import {
  NodeParamsInvalidError,
  nodeParamsSchema,
  type RegisterNodeParameters,
} from './registerNode.js';

/** The full new declaration (every field is replaced, as in `registerNode`). */
export type UpdateNodeParameters = RegisterNodeParameters;

export type UpdateNodeReturnType = { tier: number; hash: Hex };

/**
 * Replaces a registered node's declaration (GPU, benchmark score, encryption key, region,
 * endpoint), e.g. after a new benchmark or a move to another endpoint.
 *
 * @example
 * await updateNode(nodeClient, {
 *   gpuModel: 'NVIDIA RTX 4090', vramMb: 24576, benchmarkScore: 1600,
 *   encryptionKey: '0x…', region: 'DE', endpoint: 'https://node.example',
 * });
 */
export async function updateNode(
  client: GridlightClient,
  parameters: UpdateNodeParameters,
): Promise<UpdateNodeReturnType> {
  const parsed = nodeParamsSchema.safeParse(parameters);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new NodeParamsInvalidError(
      `Invalid node declaration: ${issue?.path.join('.') ?? '(root)'}: ${issue?.message}.`,
    );
  }
  const p = parsed.data;
  const { hash, receipt } = await writeContract(client, 'updateNode', {
    address: client.deployment.NodeRegistry,
    abi: nodeRegistryAbi,
    functionName: 'update',
    args: [
      {
        gpuModel: p.gpuModel,
        vramMb: p.vramMb,
        benchmarkScore: p.benchmarkScore,
        encryptionKey: p.encryptionKey as Hex,
        region: stringToHex(p.region, { size: 2 }),
        endpoint: p.endpoint,
      },
    ],
  });
  const event = eventOf(receipt, nodeRegistryAbi, 'NodeUpdated', hash);
  return { tier: event.args.scoreTier, hash };
}
