import type { Hex } from 'viem';
import type { GridlightClient } from '../client.js';
import { nodeRegistryAbi } from '../generated/abis.js';
import { eventOf } from '../internal/events.js';
import { writeContract } from '../internal/write.js';
import { type RegisterNodeParameters, toNodeParamsStruct } from './registerNode.js';

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
  const { hash, receipt } = await writeContract(client, 'updateNode', {
    address: client.deployment.NodeRegistry,
    abi: nodeRegistryAbi,
    functionName: 'update',
    args: [toNodeParamsStruct(parameters)],
  });
  const event = eventOf(receipt, nodeRegistryAbi, 'NodeUpdated', hash);
  return { tier: event.args.scoreTier, hash };
}
