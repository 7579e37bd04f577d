import { getNode, requestUnbond, stake, withdraw } from '@gridlight/sdk';
import { parseEther } from 'viem';
import { chainFlags, clientsFrom } from '../context.js';
import { CliError } from '../errors.js';
import { parseFlags } from '../main.js';
import { glt, type Output } from '../output.js';

/** `gridlight node stake|unbond <GLT>`, `gridlight node withdraw`: the operator's stake. */
export async function stakeCommand(sub: string, args: string[], out: Output): Promise<number> {
  const { values, positionals } = parseFlags(args, { ...chainFlags });
  const { client } = await clientsFrom(values);
  const amountOf = (): bigint => {
    const raw = positionals[0];
    try {
      if (!raw) throw new Error('missing');
      const amount = parseEther(raw);
      if (amount <= 0n) throw new Error('not positive');
      return amount;
    } catch {
      throw new CliError(
        `Give a positive GLT amount, e.g. \`gridlight node ${sub} 1000\` (got "${raw ?? ''}").`,
      );
    }
  };
  if (sub === 'stake') await stake(client, { amount: amountOf() });
  else if (sub === 'unbond') await requestUnbond(client, { amount: amountOf() });
  else await withdraw(client);
  const address = client.account?.address;
  if (address) {
    const node = await getNode(client, { node: address });
    out.info(`${sub} done: bonded ${glt(node.bonded)}, free ${glt(node.free)}`);
  }
  return 0;
}
