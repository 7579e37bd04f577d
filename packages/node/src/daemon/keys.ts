import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Hex } from 'viem';

/** File (in the work dir) holding the node's X25519 private key, PKCS#8 PEM, mode 0600. */
export const ENCRYPTION_KEY_FILE = 'x25519.key';

/**
 * Loads the node's X25519 key pair from the work dir, or creates it (private key written
 * with mode 0600). Returns the raw 32-byte public key for NodeRegistry's `encryptionKey`.
 * Uses node:crypto's X25519, so no extra dependency.
 */
export async function loadOrCreateEncryptionKey(
  workDir: string,
): Promise<{ publicKey: Hex; file: string }> {
  const file = join(workDir, ENCRYPTION_KEY_FILE);
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const { privateKey } = generateKeyPairSync('x25519');
    pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await writeFile(file, pem, { mode: 0o600, flag: 'wx' });
  }
  await chmod(file, 0o600);
  const jwk = createPublicKey(createPrivateKey(pem)).export({ format: 'jwk' });
  const raw = Buffer.from(String(jwk.x), 'base64url');
  return { publicKey: `0x${raw.toString('hex')}` as Hex, file };
}
