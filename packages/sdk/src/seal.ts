import { type Address, bytesToHex, encodeAbiParameters, type Hex, keccak256 } from 'viem';

/**
 * The commitment a node posts before revealing: keccak256(abi.encode(resultRoot, salt, node)).
 * The node's address is inside, so another node cannot reuse a copied seal.
 *
 * @example
 * const seal = computeSeal({ resultRoot: tree.root, salt: randomSalt(), node: account.address });
 */
export function computeSeal(parameters: { resultRoot: Hex; salt: Hex; node: Address }): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: 'bytes32' }, { type: 'bytes32' }, { type: 'address' }],
      [parameters.resultRoot, parameters.salt, parameters.node],
    ),
  );
}

/** 32 random bytes for a seal's salt (keep it until the reveal). */
export function randomSalt(): Hex {
  return bytesToHex(crypto.getRandomValues(new Uint8Array(32)));
}
