import type { Hex } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';

/** anvil's public development mnemonic: its accounts are funded with ETH on every start. */
export const DEVNET_MNEMONIC = 'test test test test test test test test test test test junk';

/** Private key of anvil development account `index` (0 deploys and holds the genesis GLT). */
export function devnetKey(index: number): Hex {
  const account = mnemonicToAccount(DEVNET_MNEMONIC, { addressIndex: index });
  const key = account.getHdKey().privateKey;
  if (!key) throw new Error(`no private key for devnet account ${index}`);
  return `0x${Buffer.from(key).toString('hex')}`;
}
