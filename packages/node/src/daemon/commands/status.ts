import { parseArgs } from 'node:util';
import { getClaim, getNode, jobMarketAbi, loadDeployment } from '@gridlight/sdk';
import { formatUnits, getAddress, isAddress } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { ChainClient } from '../chain.js';
import { OptionsInvalidError } from '../errors.js';

/** `status`: prints the node's registry entry, stake, reputation and claims from the chain. */
export async function statusCommand(
  argv: string[],
  io: { stdout: NodeJS.WritableStream },
): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      'rpc-url': { type: 'string' },
      deployment: { type: 'string' },
      'private-key': { type: 'string' },
      address: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const rpcUrl = values['rpc-url'];
  if (!rpcUrl || !/^https?:\/\//.test(rpcUrl))
    throw new OptionsInvalidError('Missing option: --rpc-url URL');
  if (!values.deployment) throw new OptionsInvalidError('Missing option: --deployment FILE');
  const key = values['private-key'] ?? process.env.GRIDLIGHT_NODE_KEY;
  let address: `0x${string}`;
  if (values.address) {
    if (!isAddress(values.address))
      throw new OptionsInvalidError('Invalid option: --address must be an address');
    address = getAddress(values.address);
  } else if (key && /^0x[0-9a-fA-F]{64}$/.test(key)) {
    address = privateKeyToAccount(key as `0x${string}`).address;
  } else {
    throw new OptionsInvalidError('Missing option: --address, --private-key or GRIDLIGHT_NODE_KEY');
  }
  const deployment = await loadDeployment(values.deployment);
  const chain = new ChainClient({ rpcUrl, deployment });
  const [node, unbonding, reputation, balance] = await Promise.all([
    getNode(chain.client, { node: address }),
    chain.unbonding(address),
    chain.reputation(address),
    chain.balanceOf(address),
  ]);
  const logs = await chain.publicClient.getContractEvents({
    address: deployment.JobMarket,
    abi: jobMarketAbi,
    eventName: 'UnitsClaimed',
    fromBlock: BigInt(deployment.startBlock),
  });
  const claims = [];
  for (const log of logs) {
    if (log.args.node?.toLowerCase() !== address.toLowerCase() || log.args.claimId === undefined)
      continue;
    const c = await getClaim(chain.client, { claimId: log.args.claimId });
    claims.push({
      claimId: String(log.args.claimId),
      jobId: String(log.args.jobId),
      start: Number(log.args.start),
      count: Number(log.args.count),
      status: c.status,
    });
  }
  const report = {
    address,
    registered: node.registered,
    active: node.active,
    tier: node.scoreTier,
    region: node.region,
    endpoint: node.endpoint,
    benchmarkScore: node.benchmarkScore,
    balance: formatUnits(balance, 18),
    stake: {
      bonded: formatUnits(node.bonded, 18),
      locked: formatUnits(node.bonded - node.free, 18),
      free: formatUnits(node.free, 18),
      unbonding: formatUnits(unbonding, 18),
    },
    reputation,
    claims,
  };
  if (values.json) {
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  }
  const lines = [
    `node        ${address} (${node.registered ? (node.active ? 'active' : 'inactive') : 'not registered'})`,
    `tier        ${node.scoreTier}  region ${node.region || '-'}  score ${node.benchmarkScore}`,
    `endpoint    ${node.endpoint || '-'}`,
    `balance     ${report.balance} GLT`,
    `stake       ${report.stake.bonded} GLT bonded, ${report.stake.locked} locked, ${report.stake.free} free, ${report.stake.unbonding} unbonding`,
    `reputation  ${(reputation.score / 100).toFixed(2)} % (${reputation.accepted} accepted, ${reputation.late} late, ${reputation.rejected} rejected, ${reputation.slashed} slashed)`,
    `claims      ${claims.length}`,
    ...claims.map(
      (c) =>
        `  #${c.claimId}  job ${c.jobId}  units ${c.start}..${c.start + c.count - 1}  ${c.status}`,
    ),
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
