import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { pipeline, type Readable } from 'node:stream';
import { type CidLike, cidFromSha256, toCid } from '@gridlight/sdk/cid';
import { z } from 'zod';
import type { BlobSource } from './blobStore.js';
import {
  BlobNotFoundError,
  BlobTooLargeError,
  CidInvalidError,
  CidMismatchError,
  CidUnsupportedError,
  RangeNotSatisfiableError,
  StorageResponseError,
  StorageUnavailableError,
} from './errors.js';
import { OffThreadHash } from './hashWorker.js';
import { httpRequest, readBody, readJson } from './http.js';
import { createVerifyingStream } from './verify.js';

const putResponseSchema = z.object({ cid: z.string(), size: z.number().int().nonnegative() });
const errorResponseSchema = z
  .object({
    error: z.string(),
    message: z.string(),
    expected: z.string().optional(),
    actual: z.string().optional(),
    maxBytes: z.number().optional(),
    size: z.number().optional(),
  })
  .loose();

export type StorageClientOptions = {
  /** Largest body `get` will buffer (default 2 GiB). */
  maxBytes?: number | undefined;
};

export type ClientRequestOptions = { signal?: AbortSignal | undefined };

/**
 * Talks to a storage gateway and trusts nothing it says: the CID of every upload is
 * computed locally and compared, and every download is re-hashed against its CID.
 *
 * @example
 * const client = new StorageClient('http://127.0.0.1:8081');
 * const cid = await client.put(new TextEncoder().encode('frame'));
 * const bytes = await client.get(cid);
 */
export class StorageClient {
  readonly url: URL;
  readonly #maxBytes: number;

  constructor(url: string | URL, options: StorageClientOptions = {}) {
    this.url = new URL(url);
    this.#maxBytes = options.maxBytes ?? 2 * 1024 ** 3;
  }

  /** Uploads bytes or a stream; resolves with the CID once the gateway's answer matches ours. */
  async put(source: BlobSource, options: ClientRequestOptions = {}): Promise<string> {
    const hash = createHash('sha256');
    const body: AsyncIterable<Uint8Array> =
      source instanceof Uint8Array ? slicesOf(source, UPLOAD_SLICE) : source;
    const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
    if (source instanceof Uint8Array) headers['content-length'] = String(source.byteLength);
    const response = await httpRequest({
      method: 'PUT',
      url: this.#endpoint('/blobs'),
      headers,
      body,
      // Each slice is hashed just after it is written, while the socket drains it.
      onBodyChunk: (chunk) => hash.update(chunk),
      signal: options.signal,
    });
    if (response.statusCode !== 201) throw await responseError(response);
    const result = putResponseSchema.parse(await readJson(response));
    const local = cidFromSha256(hash.digest()).toString();
    if (result.cid !== local) {
      throw new CidMismatchError(local, result.cid, {
        details: 'the gateway reported another CID',
      });
    }
    return local;
  }

  /** Downloads a whole blob and checks it against its CID (`CidMismatchError` if not). */
  async get(cidLike: CidLike, options: ClientRequestOptions = {}): Promise<Uint8Array> {
    const cid = toCid(cidLike);
    const response = await this.#fetch(cid.toString(), options);
    const declared = Number(response.headers['content-length']);
    const hash = declared >= OFF_THREAD_HASH_BYTES ? new OffThreadHash() : createHash('sha256');
    let bytes: Buffer;
    try {
      // Hashed chunk by chunk as it arrives rather than in one pass after the last byte.
      bytes = await readBody(response, this.#maxBytes, (chunk) => hash.update(chunk));
    } catch (error) {
      if (hash instanceof OffThreadHash) hash.abandon();
      throw new StorageUnavailableError(`Download of ${cid} was cut short.`, {
        cause: error,
        details: 'the gateway may have found the stored copy corrupt',
      });
    }
    const actual = cidFromSha256(await hash.digest()).toString();
    if (actual !== cid.toString()) throw new CidMismatchError(cid.toString(), actual);
    return bytes;
  }

  /**
   * Streams a whole blob; the stream errors with `CidMismatchError` at its end when the
   * bytes do not match. Consumers must not act on the data before the stream ends cleanly.
   */
  async getStream(cidLike: CidLike, options: ClientRequestOptions = {}): Promise<Readable> {
    const cid = toCid(cidLike);
    const response = await this.#fetch(cid.toString(), options);
    const verifier = createVerifyingStream(cid, {
      onMismatch: (actual) => new CidMismatchError(cid.toString(), actual.toString()),
    });
    return pipeline(response, verifier, () => {});
  }

  /** Whether the gateway holds the blob (HEAD). */
  async has(cidLike: CidLike, options: ClientRequestOptions = {}): Promise<boolean> {
    const cid = toCid(cidLike);
    const response = await httpRequest({
      method: 'HEAD',
      url: this.#endpoint(`/ipfs/${cid}`),
      signal: options.signal,
    });
    response.resume();
    if (response.statusCode === 200) return true;
    if (response.statusCode === 404) return false;
    throw await responseError(response);
  }

  async #fetch(cid: string, options: ClientRequestOptions): Promise<IncomingMessage> {
    const response = await httpRequest({
      method: 'GET',
      url: this.#endpoint(`/ipfs/${cid}`),
      signal: options.signal,
    });
    if (response.statusCode !== 200) throw await responseError(response);
    return response;
  }

  #endpoint(path: string): URL {
    const base = this.url.pathname.replace(/\/+$/, '');
    return new URL(`${base}${path}`, this.url);
  }
}

const UPLOAD_SLICE = 1 << 20;
/**
 * Downloads at least this large are hashed on a worker thread: receiving (node:http copies
 * every chunk) and assembling the body already keep the main thread busy. Smaller ones are
 * not worth the messages.
 */
const OFF_THREAD_HASH_BYTES = 8 << 20;

async function* slicesOf(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let offset = 0; offset < bytes.byteLength; offset += size) {
    yield bytes.subarray(offset, offset + size);
  }
}

/** Maps a gateway error response back onto the error classes the store threw. */
async function responseError(response: IncomingMessage): Promise<Error> {
  const status = response.statusCode ?? 0;
  const parsed = errorResponseSchema.safeParse(await readJson(response).catch(() => undefined));
  const body = parsed.success ? parsed.data : undefined;
  const message = body?.message ?? response.statusMessage ?? 'no message';
  switch (body?.error) {
    case 'CidInvalidError':
      return new CidInvalidError(message);
    case 'CidUnsupportedError':
      return new CidUnsupportedError(message, 'rejected by gateway');
    case 'CidMismatchError':
      return new CidMismatchError(body.expected ?? '?', body.actual ?? '?');
    case 'BlobTooLargeError':
      return new BlobTooLargeError(body.maxBytes ?? Number.NaN);
    case 'BlobNotFoundError':
      return new BlobNotFoundError(String(body.cid ?? '?'));
    case 'RangeNotSatisfiableError':
      return new RangeNotSatisfiableError(body.size ?? Number.NaN, 'requested');
  }
  if (status >= 500) return new StorageUnavailableError(`Gateway error ${status}: ${message}`);
  return new StorageResponseError(status, message);
}
