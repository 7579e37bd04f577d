import { once } from 'node:events';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { finished } from 'node:stream/promises';
import type { BlobSource } from './blobStore.js';
import { StorageUnavailableError } from './errors.js';

export type HttpRequestParameters = {
  method: string;
  url: URL;
  headers?: Record<string, string> | undefined;
  body?: BlobSource | undefined;
  /** Called with each streamed body chunk right after it was handed to the socket. */
  onBodyChunk?: ((chunk: Uint8Array) => void) | undefined;
  signal?: AbortSignal | undefined;
};

/**
 * One HTTP request with a streamed body (backpressure respected). Resolves with the
 * response as soon as its head arrives, even while the body is still being sent — a
 * server may refuse an upload early (413) and that answer must reach the caller.
 */
export function httpRequest(parameters: HttpRequestParameters): Promise<IncomingMessage> {
  const { method, url, body } = parameters;
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let responded = false;
    const request = transport.request(url, {
      method,
      headers: parameters.headers ?? {},
      ...(parameters.signal ? { signal: parameters.signal } : {}),
    });
    request.on('response', (response) => {
      responded = true;
      resolve(response);
    });
    request.on('error', (error) => {
      if (responded) return;
      if (parameters.signal?.aborted) return reject(parameters.signal.reason);
      reject(
        new StorageUnavailableError(`Could not complete ${method} ${url.origin}${url.pathname}.`, {
          cause: error,
          details: error.message,
        }),
      );
    });
    if (body === undefined) {
      request.end();
    } else if (body instanceof Uint8Array) {
      request.setHeader('content-length', body.byteLength);
      request.end(body);
    } else {
      const pump = async () => {
        for await (const chunk of body) {
          if (responded || request.destroyed) return;
          const flushed = request.write(chunk);
          // Before waiting for the socket: the caller's work (hashing) overlaps the transfer.
          parameters.onBodyChunk?.(chunk);
          if (!flushed) await once(request, 'drain');
        }
        request.end();
      };
      pump().catch((error: unknown) => {
        if (!responded) request.destroy(error as Error);
      });
    }
  });
}

/**
 * Reads a whole response body, failing once it exceeds `maxBytes`. `onChunk` sees every
 * chunk as it arrives (to hash while the rest is still in flight).
 */
export async function readBody(
  response: IncomingMessage,
  maxBytes = Number.POSITIVE_INFINITY,
  onChunk?: (chunk: Buffer) => void,
): Promise<Buffer> {
  const declared = Number(response.headers['content-length'] ?? Number.NaN);
  const known = Number.isSafeInteger(declared) && declared >= 0;
  const limit = known ? declared : maxBytes;
  if (limit > maxBytes) {
    response.destroy();
    throw new RangeError(`response body of ${declared} bytes exceeds ${maxBytes}`);
  }
  // With the length known, each chunk is copied into place as it arrives instead of in a
  // second full pass (Buffer.concat) after the last one.
  const body = known ? Buffer.allocUnsafe(declared) : undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  // 'data' events (flowing mode) rather than `for await`: no promise per 64 KiB chunk and
  // no pausing of the socket each time the 16 KiB stream buffer overflows.
  response.on('data', (chunk: Buffer) => {
    if (size + chunk.byteLength > limit) {
      response.destroy(new RangeError(`response body exceeds ${limit} bytes`));
      return;
    }
    if (body) chunk.copy(body, size);
    else chunks.push(chunk);
    size += chunk.byteLength;
    onChunk?.(chunk);
  });
  await finished(response);
  if (body === undefined) return Buffer.concat(chunks, size);
  if (size !== declared)
    throw new RangeError(`response body ended at ${size} of ${declared} bytes`);
  return body;
}

/** Reads a small JSON body; `undefined` when it is not JSON. */
export async function readJson(response: IncomingMessage): Promise<unknown> {
  const text = (await readBody(response, 1 << 20)).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
