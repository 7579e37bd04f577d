import { once } from 'node:events';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { BlobSource } from './blobStore.js';
import { StorageUnavailableError } from './errors.js';

export type HttpRequestParameters = {
  method: string;
  url: URL;
  headers?: Record<string, string> | undefined;
  body?: BlobSource | undefined;
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
          if (!request.write(chunk)) await once(request, 'drain');
        }
        request.end();
      };
      pump().catch((error: unknown) => {
        if (!responded) request.destroy(error as Error);
      });
    }
  });
}

/** Reads a whole response body, failing once it exceeds `maxBytes`. */
export async function readBody(
  response: IncomingMessage,
  maxBytes = Number.POSITIVE_INFINITY,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      response.destroy();
      throw new RangeError(`response body exceeds ${maxBytes} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
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
