import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { type FileHandle, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pipeline, type Readable } from 'node:stream';
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
    // A write stream lets the thread pool write while the next chunks arrive and are hashed;
    // small network chunks are coalesced (writev) up to the high-water mark. `flush` fsyncs
    // the file before its descriptor is closed.
    const out = createWriteStream(tmpPath, {
      flags: 'wx',
      mode: 0o644,
      highWaterMark: WRITE_BUFFER,
      flush: true,
    });
    let writeError: Error | undefined;
    out.on('error', (error) => {
      writeError = error;
    });
    const closedEvent = once(out, 'close').catch(() => {});
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
      }
      out.end();
      await closedEvent;
      if (writeError) throw writeError;
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
      if (!out.closed) {
        out.destroy();
        await closedEvent;
      }
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
