import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { pipeline, type Readable } from 'node:stream';
import { type CidLike, cidFromSha256, toCid } from '@gridlight/sdk/cid';
import type { Logger } from 'pino';
import { z } from 'zod';
import {
  type BlobSource,
  type BlobStat,
  type BlobStore,
  type GetOptions,
  type PutOptions,
  type PutResult,
  resolveRange,
} from './blobStore.js';
import {
  BlobCorruptError,
  BlobNotFoundError,
  BlobTooLargeError,
  CidMismatchError,
  StorageUnavailableError,
} from './errors.js';
import { httpRequest, readBody, readJson } from './http.js';
import { createVerifyingStream } from './verify.js';

/**
 * Largest blob this adapter stores: one Kubo chunk. Up to this size, `ipfs add` with raw
 * leaves yields the raw-codec CID of the bytes — the same CID as `FsBlobStore`. Beyond it
 * Kubo builds a dag-pb root with another CID (see docs/storage.md).
 */
export const KUBO_SINGLE_BLOCK_BYTES = 1024 * 1024;

const addLineSchema = z.object({
  Hash: z.string(),
  Size: z.union([z.string(), z.number()]).optional(),
});
const blockStatSchema = z.object({ Key: z.string(), Size: z.number().int().nonnegative() });
const kuboErrorSchema = z.object({ Message: z.string() }).loose();

export type IpfsKuboStoreOptions = {
  logger?: Logger | undefined;
  /** Per-call default; never above `KUBO_SINGLE_BLOCK_BYTES`. */
  maxBytes?: number | undefined;
};

/**
 * `BlobStore` on a Kubo node through its HTTP RPC API (`/api/v0/add`, `/api/v0/cat`,
 * `/api/v0/block/stat`), so IPFS can stand in for the filesystem store with the same CIDs.
 * Kubo is not trusted either: uploads are hashed locally, reads re-hashed.
 *
 * @example
 * const store = new IpfsKuboStore('http://127.0.0.1:5001');
 */
export class IpfsKuboStore implements BlobStore {
  readonly apiUrl: URL;
  readonly #logger: Logger | undefined;
  readonly #maxBytes: number;

  constructor(apiUrl: string | URL, options: IpfsKuboStoreOptions = {}) {
    this.apiUrl = new URL(apiUrl);
    this.#logger = options.logger;
    this.#maxBytes = Math.min(options.maxBytes ?? KUBO_SINGLE_BLOCK_BYTES, KUBO_SINGLE_BLOCK_BYTES);
  }

  async put(source: BlobSource, options: PutOptions = {}): Promise<PutResult> {
    const expected = options.expectedCid === undefined ? undefined : toCid(options.expectedCid);
    const maxBytes = Math.min(options.maxBytes ?? this.#maxBytes, this.#maxBytes);
    const boundary = `gridlight-${randomUUID()}`;
    const hash = createHash('sha256');
    let size = 0;
    let tooLarge: BlobTooLargeError | undefined;
    const body = (async function* () {
      yield Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="blob"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
      );
      for await (const chunk of source instanceof Uint8Array ? [source] : source) {
        size += chunk.byteLength;
        if (size > maxBytes) {
          tooLarge = new BlobTooLargeError(maxBytes);
          throw tooLarge;
        }
        hash.update(chunk);
        yield chunk;
      }
      yield Buffer.from(`\r\n--${boundary}--\r\n`);
    })();
    let response: IncomingMessage;
    try {
      response = await this.#rpc(
        'add',
        {
          'cid-version': '1',
          'raw-leaves': 'true',
          hash: 'sha2-256',
          chunker: `size-${KUBO_SINGLE_BLOCK_BYTES}`,
          pin: 'true',
          progress: 'false',
        },
        { body, contentType: `multipart/form-data; boundary=${boundary}`, signal: options.signal },
      );
    } catch (error) {
      throw tooLarge ?? error;
    }
    const text = (await readBody(response, 1 << 20)).toString('utf8').trim();
    const lastLine = text.split('\n').at(-1) ?? '';
    const added = addLineSchema.parse(JSON.parse(lastLine));
    const local = cidFromSha256(hash.digest()).toString();
    if (expected && expected.toString() !== local) {
      await this.#unpin(added.Hash);
      throw new CidMismatchError(expected.toString(), local, { details: 'upload rejected' });
    }
    if (added.Hash !== local) {
      throw new CidMismatchError(local, added.Hash, { details: 'Kubo reported another CID' });
    }
    this.#logger?.debug({ cid: local, size }, 'blob added to kubo');
    return { cid: local, size };
  }

  async get(cidLike: CidLike, options: GetOptions = {}): Promise<Readable> {
    const cid = toCid(cidLike);
    const info = await this.stat(cid);
    if (!info) throw new BlobNotFoundError(cid.toString());
    const { offset, length } = resolveRange(options.range, info.size);
    const response = await this.#rpc('cat', { arg: cid.toString() }, { signal: options.signal });
    const verifier = createVerifyingStream(cid, {
      offset,
      length,
      onMismatch: (actual) => {
        this.#logger?.error(
          { cid: cid.toString(), actual: actual.toString() },
          'kubo served bytes that do not match the CID',
        );
        return new BlobCorruptError(cid.toString(), actual.toString(), {
          details: 'served by Kubo',
        });
      },
    });
    return pipeline(response, verifier, () => {});
  }

  async has(cid: CidLike): Promise<boolean> {
    return (await this.stat(cid)) !== undefined;
  }

  async stat(cidLike: CidLike): Promise<BlobStat | undefined> {
    const cid = toCid(cidLike).toString();
    // offline: "do we hold it", without a network search that can hang for minutes.
    const response = await this.#rpc(
      'block/stat',
      { arg: cid, offline: 'true' },
      { allowNotFound: true },
    );
    if (response.statusCode !== 200) {
      response.resume();
      return undefined;
    }
    const parsed = blockStatSchema.parse(await readJson(response));
    return { cid, size: parsed.Size };
  }

  async delete(cidLike: CidLike): Promise<boolean> {
    const cid = toCid(cidLike).toString();
    if (!(await this.has(cid))) return false;
    await this.#unpin(cid);
    const response = await this.#rpc('block/rm', { arg: cid, force: 'true' });
    response.resume();
    return true;
  }

  async #unpin(cid: string): Promise<void> {
    const response = await this.#rpc('pin/rm', { arg: cid }, { allowNotFound: true });
    response.resume();
  }

  /** POSTs to `/api/v0/<command>`; a Kubo error becomes `StorageUnavailableError`. */
  async #rpc(
    command: string,
    query: Record<string, string>,
    options: {
      body?: BlobSource;
      contentType?: string;
      signal?: AbortSignal | undefined;
      allowNotFound?: boolean;
    } = {},
  ): Promise<IncomingMessage> {
    const base = this.apiUrl.pathname.replace(/\/+$/, '');
    const url = new URL(`${base}/api/v0/${command}`, this.apiUrl);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    const response = await httpRequest({
      method: 'POST',
      url,
      headers: options.contentType ? { 'content-type': options.contentType } : {},
      body: options.body,
      signal: options.signal,
    });
    if (response.statusCode === 200) return response;
    const parsed = kuboErrorSchema.safeParse(await readJson(response).catch(() => undefined));
    const message = parsed.success ? parsed.data.Message : `HTTP ${response.statusCode}`;
    if (options.allowNotFound && /not found|not pinned/i.test(message)) return response;
    throw new StorageUnavailableError(`Kubo ${command} failed: ${message}`, {
      details: `${url.origin}${url.pathname}`,
    });
  }
}
