import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';

// Plain JavaScript evaluated in the worker, so it runs the same from TypeScript sources
// (tsx) and from compiled output. One MessagePort per hash: closing it drops the hash.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
parentPort.on('message', (port) => {
  const hash = createHash('sha256');
  port.on('message', (chunks) => {
    if (chunks === null) {
      port.postMessage(hash.digest());
      port.close();
      return;
    }
    for (const chunk of chunks) hash.update(chunk);
  });
});
`;

/** Bytes collected before one message to the worker (a message costs tens of µs). */
const BATCH_BYTES = 1 << 20;

let shared: Worker | undefined;
const failWaiting = new Set<(error: Error) => void>();

function hashWorker(): Worker {
  if (shared) return shared;
  const worker = new Worker(WORKER_SOURCE, { eval: true });
  // Idle between downloads; it must not keep the process alive.
  worker.unref();
  const fail = (error: Error) => {
    if (shared === worker) shared = undefined;
    for (const reject of failWaiting) reject(error);
    failWaiting.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`hash worker exited with code ${code}`)));
  shared = worker;
  return worker;
}

/**
 * sha2-256 computed on a worker thread, for large downloads: the main thread is busy
 * receiving and copying, and hashing there would serialise with that work.
 *
 * `update` takes ownership of the chunk: a chunk that owns its whole ArrayBuffer is
 * transferred (detached here), others are copied. Call `digest` or `abandon` exactly once.
 */
export class OffThreadHash {
  readonly #port: MessagePort;
  #batch: Uint8Array[] = [];
  #transfer: ArrayBuffer[] = [];
  #bytes = 0;

  constructor() {
    const { port1, port2 } = new MessageChannel();
    hashWorker().postMessage(port2, [port2]);
    this.#port = port1;
  }

  update(chunk: Uint8Array): void {
    this.#batch.push(chunk);
    const { buffer } = chunk;
    // Only a buffer this chunk has to itself may move; pooled slices are copied instead.
    if (
      buffer instanceof ArrayBuffer &&
      chunk.byteOffset === 0 &&
      buffer.byteLength === chunk.byteLength
    ) {
      this.#transfer.push(buffer);
    }
    this.#bytes += chunk.byteLength;
    if (this.#bytes >= BATCH_BYTES) this.#flush();
  }

  digest(): Promise<Uint8Array> {
    this.#flush();
    return new Promise<Uint8Array>((resolve, reject) => {
      const fail = (error: Error) => {
        this.#port.close();
        reject(error);
      };
      failWaiting.add(fail);
      this.#port.once('message', (digest: Uint8Array) => {
        failWaiting.delete(fail);
        this.#port.close();
        resolve(digest);
      });
      this.#port.postMessage(null);
    });
  }

  /** Drops the hash (the download failed). */
  abandon(): void {
    this.#port.close();
  }

  #flush(): void {
    if (this.#batch.length === 0) return;
    this.#port.postMessage(this.#batch, this.#transfer);
    this.#batch = [];
    this.#transfer = [];
    this.#bytes = 0;
  }
}
