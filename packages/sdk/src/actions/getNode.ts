import type { Address, Hex } from 'viem';
import type { GridlightClient } from '../client.js';
import { nodeRegistryAbi, stakingAbi } from '../generated/abis.js';
import { readContract } from '../internal/write.js';

export type GetNodeParameters = { node: Address };

/** A node's registry entry and stake. */
export type GetNodeReturnType = {
  node: Address;
  registered: boolean;
  active: boolean;
  scoreTier: number;
  vramMb: number;
  benchmarkScore: number;
  registeredAt: number;
  region: string;
  encryptionKey: Hex;
  gpuModel: string;
  endpoint: string;
  /** Bonded stake (wei), including stake locked by work. */
  bonded: bigint;
  /** Bonded stake not locked by work (wei). */
  free: bigint;
};

type RawNode = {
  registered: boolean;
  active: boolean;
  scoreTier: number;
  vramMb: number;
  benchmarkScore: number;
  registeredAt: number;
  region: Hex;
  encryptionKey: Hex;
  gpuModel: string;
  endpoint: string;
};

/**
 * Reads a node's registry entry (`NodeRegistry.nodeOf`) and its stake (`Staking`).
 * An unregistered address has `registered: false`.
 *
 * @example
 * const node = await getNode(client, { node: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' });
 * node.endpoint; // 'http://127.0.0.1:9101'
 */
export async function getNode(
  client: GridlightClient,
  { node }: GetNodeParameters,
): Promise<GetNodeReturnType> {
  const [raw, bonded, free] = await Promise.all([
    readContract<RawNode>(client, {
      address: client.deployment.NodeRegistry,
      abi: nodeRegistryAbi,
      functionName: 'nodeOf',
      args: [node],
    }),
    readContract<bigint>(client, {
      address: client.deployment.Staking,
      abi: stakingAbi,
      functionName: 'bondedOf',
      args: [node],
    }),
    readContract<bigint>(client, {
      address: client.deployment.Staking,
      abi: stakingAbi,
      functionName: 'freeStakeOf',
      args: [node],
    }),
  ]);
  const region = Buffer.from(raw.region.slice(2), 'hex').toString('latin1').replace(/\0/g, '');
  return { node, ...raw, region, bonded, free };
}
