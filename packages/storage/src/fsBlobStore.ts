import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { type FileHandle, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pipeline, type Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { type CidLike, cidFromSha256, digestHex, toCid } from '@gridlight/sdk/cid';
import type { CID } from 'multiformats/cid';
import type { Logger } from 'pino';
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
} from './errors.js';
import { createVerifyingStream } from './verify.js';

/** Reported when a stored blob fails verification on read. */
export type CorruptBlobEvent = {
  cid: string;
  actual: string;
  path: string;
  quarantinedTo?: string;
};

export type FsBlobStoreOptions = {
  logger?: Logger | undefined;
  /** Default size limit for `put` when the call gives none. */
  maxBytes?: number | undefined;
  /**
   * Re-hash every read and fail the stream when the file does not match its CID
   * (default true). Ranged reads then read the whole file. See docs/storage.md.
   */
  verifyReads?: boolean | undefined;
  /** Called once per corrupt blob found on read, after it was moved to quarantine. */
  onCorrupt?: ((event: CorruptBlobEvent) => void) | undefined;
};

const READ_CHUNK = 1 << 20;
const WRITE_BUFFER = 4 << 20;
/** Bytes written between background `fdatasync`s during an upload. */
const EARLY_SYNC_BYTES = 16 << 20;

/**
 * Content-addressed blobs on the local filesystem. Layout under `rootDir`:
 * `blobs/ab/cd/<sha256 hex>` (sharded by the first two digest bytes), `tmp/` for uploads
 * in flight (same filesystem, so the final rename is atomic) and `quarantine/` for files
 * that failed verification. Paths come from the parsed CID's digest only.
 */
export class FsBlobStore implements BlobStore {
  readonly rootDir: string;
  readonly #logger: Logger | undefined;
  readonly #maxBytes: number;
  readonly #verifyReads: boolean;
  readonly #onCorrupt: ((event: CorruptBlobEvent) => void) | undefined;

  constructor(rootDir: string, options: FsBlobStoreOptions = {}) {
    this.rootDir = resolve(rootDir);
    this.#logger = options.logger;
    this.#maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
    this.#verifyReads = options.verifyReads ?? true;
    this.#onCorrupt = options.onCorrupt;
  }

  /** Where the blob with this CID lives; built from the digest's hex, nothing else. */
  pathFor(cid: CidLike): string {
    const hex = digestHex(toCid(cid));
    return join(this.rootDir, 'blobs', hex.slice(0, 2), hex.slice(2, 4), hex);
  }

  async put(source: BlobSource, options: PutOptions = {}): Promise<PutResult> {
    const expected = options.expectedCid === undefined ? undefined : toCid(options.expectedCid);
    const maxBytes = Math.min(options.maxBytes ?? Number.POSITIVE_INFINITY, this.#maxBytes);
    const tmpDir = join(this.rootDir, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmpPath = join(tmpDir, `${randomUUID()}.part`);
    const handle = await open(tmpPath, 'wx', 0o644);
    // A write stream lets the thread pool write while the next chunks arrive and are hashed;
    // small network chunks are coalesced (writev) up to the high-water mark. The handle
    // stays ours (autoClose off) so we can sync it while the stream writes.
    const out = handle.createWriteStream({ highWaterMark: WRITE_BUFFER, autoClose: false });
    let writeError: Error | undefined;
    out.on('error', (error) => {
      writeError = error;
    });
    const early = new EarlySync(handle);
    let renamed = false;
    try {
      const hash = createHash('sha256');
      let size = 0;
      for await (const chunk of chunksOf(source)) {
        options.signal?.throwIfAborted();
        if (writeError) throw writeError;
        size += chunk.byteLength;
        if (size > maxBytes) throw new BlobTooLargeError(maxBytes);
        hash.update(chunk);
        if (!out.write(chunk)) await once(out, 'drain');
        early.wrote(chunk.byteLength);
      }
      out.end();
      await finished(out);
      await early.settled();
      // Durable before anyone is told it is stored: data and size, then the rename below.
      await handle.sync();
      const cid = cidFromSha256(hash.digest());
      if (expected && expected.toString() !== cid.toString()) {
        throw new CidMismatchError(expected.toString(), cid.toString(), {
          details: 'upload rejected, nothing stored',
        });
      }
      const finalPath = this.pathFor(cid);
      await mkdir(dirname(finalPath), { recursive: true });
      // Replacing an existing file is deliberate: the new copy was just verified, so a
      // re-upload repairs a corrupt one; concurrent puts of the same bytes all win.
      await rename(tmpPath, finalPath);
      renamed = true;
      await syncDir(dirname(finalPath));
      this.#logger?.debug({ cid: cid.toString(), size }, 'blob stored');
      return { cid: cid.toString(), size };
    } finally {
      if (!out.destroyed) out.destroy();
      // Closing waits for any write or sync still in flight on the handle.
      await handle.close().catch(() => {});
      if (!renamed) await rm(tmpPath, { force: true });
    }
  }

  async get(cidLike: CidLike, options: GetOptions = {}): Promise<Readable> {
    const cid = toCid(cidLike);
    const path = this.pathFor(cid);
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      if (isNotFound(error)) throw new BlobNotFoundError(cid.toString(), { cause: error });
      throw error;
    }
    try {
      const info = await handle.stat();
      const { offset, length } = resolveRange(options.range, info.size);
      if (!this.#verifyReads) {
        return handle.createReadStream({
          start: offset,
          end: offset + length - 1,
          highWaterMark: READ_CHUNK,
          ...(options.signal ? { signal: options.signal } : {}),
        });
      }
      const file = handle.createReadStream({
        highWaterMark: READ_CHUNK,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const verifier = createVerifyingStream(cid, {
        offset,
        length,
        onMismatch: (actual) => this.#reportCorrupt(cid, actual, path, info),
      });
      // pipeline destroys the file stream if the consumer goes away early.
      return pipeline(file, verifier, () => {});
    } catch (error) {
      await handle.close().catch(() => {});
      throw error;
    }
  }

  async has(cid: CidLike): Promise<boolean> {
    return (await this.stat(cid)) !== undefined;
  }

  async stat(cidLike: CidLike): Promise<BlobStat | undefined> {
    const cid = toCid(cidLike);
    try {
      const info = await stat(this.pathFor(cid));
      return info.isFile() ? { cid: cid.toString(), size: info.size } : undefined;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async delete(cidLike: CidLike): Promise<boolean> {
    const path = this.pathFor(cidLike);
    try {
      await rm(path);
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async #reportCorrupt(
    cid: CID,
    actual: CID,
    path: string,
    opened: { ino: number; dev: number },
  ): Promise<Error> {
    const event: CorruptBlobEvent = { cid: cid.toString(), actual: actual.toString(), path };
    try {
      // Only move the file we read: a concurrent put may already have replaced it with a
      // good copy, which must stay.
      const current = await stat(path);
      if (current.ino === opened.ino && current.dev === opened.dev) {
        const quarantineDir = join(this.rootDir, 'quarantine');
        await mkdir(quarantineDir, { recursive: true });
        const target = join(quarantineDir, `${digestHex(cid)}.${Date.now()}`);
        await rename(path, target);
        event.quarantinedTo = target;
      }
    } catch (error) {
      this.#logger?.warn({ err: error, cid: event.cid }, 'could not quarantine corrupt blob');
    }
    this.#logger?.error(event, 'stored blob does not match its CID');
    this.#onCorrupt?.(event);
    return new BlobCorruptError(event.cid, event.actual, { details: `file ${path}` });
  }
}

async function* chunksOf(source: BlobSource): AsyncIterable<Uint8Array> {
  if (source instanceof Uint8Array) {
    yield source;
    return;
  }
  for await (const chunk of source as AsyncIterable<unknown>) {
    if (typeof chunk === 'string') throw new TypeError('blob source yielded a string, need bytes');
    yield chunk as Uint8Array;
  }
}

/**
 * Starts an `fdatasync` every `EARLY_SYNC_BYTES` while an upload is still arriving, so the
 * disk works alongside the network and the final fsync (which the client waits for) only
 * has the tail left. One sync at a time; its failure fails the upload, because after a
 * failed fsync Linux may report the next one clean although the data was lost.
 */
class EarlySync {
  readonly #handle: FileHandle;
  #unsynced = 0;
  #inFlight: Promise<void> | undefined;
  #error: unknown;

  constructor(handle: FileHandle) {
    this.#handle = handle;
  }

  wrote(bytes: number): void {
    this.#unsynced += bytes;
    if (this.#error !== undefined) throw this.#error;
    if (this.#unsynced < EARLY_SYNC_BYTES || this.#inFlight) return;
    this.#unsynced = 0;
    this.#inFlight = this.#handle.datasync().then(
      () => {
        this.#inFlight = undefined;
      },
      (error: unknown) => {
        this.#inFlight = undefined;
        this.#error = error;
      },
    );
  }

  /** Waits for the sync in flight and rethrows any failure. */
  async settled(): Promise<void> {
    await this.#inFlight;
    if (this.#error !== undefined) throw this.#error;
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException)?.code === 'ENOENT';
}
