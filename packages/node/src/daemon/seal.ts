import { type Address, bytesToHex, encodeAbiParameters, type Hex, keccak256 } from 'viem';

// The SDK has computeSeal/randomSalt (src/seal.ts) but does not export them from its entry
// point yet; these are the same formulas. Swap to the SDK's once exported.

/** keccak256(abi.encode(resultRoot, salt, node)), the seal JobMarket.commit expects. */
export function computeSeal(parameters: { resultRoot: Hex; salt: Hex; node: Address }): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: 'bytes32' }, { type: 'bytes32' }, { type: 'address' }],
      [parameters.resultRoot, parameters.salt, parameters.node],
    ),
  );
}

/** 32 random bytes for a seal's salt. */
export function randomSalt(): Hex {
  return bytesToHex(crypto.getRandomValues(new Uint8Array(32)));
}
