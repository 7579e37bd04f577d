import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream';
import { parseCid } from '@gridlight/sdk/cid';
import { BaseError as SdkBaseError } from '@gridlight/sdk/errors';
import type { Logger } from 'pino';
import type { BlobStore } from './blobStore.js';
import {
  BaseError,
  BlobNotFoundError,
  BlobTooLargeError,
  CidInvalidError,
  CidMismatchError,
  CidUnsupportedError,
  RangeNotSatisfiableError,
} from './errors.js';
import { parseRangeHeader } from './range.js';

/** 1 GiB: the default upload limit when `maxUploadBytes` is not given. */
export const DEFAULT_MAX_UPLOAD_BYTES = 1024 ** 3;

export type GatewayOptions = {
  store: BlobStore;
  /** Interface to bind; loopback unless you mean to expose the store. */
  host?: string | undefined;
  /** 0 (the default) picks a free port. */
  port?: number | undefined;
  maxUploadBytes?: number | undefined;
  logger?: Logger | undefined;
};

export type Gateway = {
  /** Base URL, e.g. `http://127.0.0.1:8081`. */
  url: string;
  close(): Promise<void>;
};

const IMMUTABLE = 'public, max-age=31536000, immutable';
const SOCKET_BUFFER = 1 << 20;

/**
 * Serves a `BlobStore` over HTTP:
 * `PUT /blobs[?cid=<expected>]` → 201 `{cid, size}`; `GET|HEAD /ipfs/<cid>` with single
 * ranges; `GET /health`. Errors are JSON `{error, message}`.
 *
 * @example
 * const gateway = await startGateway({ store: new FsBlobStore('.devnet/blobs'), port: 8081 });
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { store, logger } = options;
  const maxUploadBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  // Stream buffers sized for 1 MiB file chunks: with the 16 KiB default an upload pauses
  // and resumes the socket after every 64 KiB read, and a download write is "full" at once.
  const server = createServer({ highWaterMark: SOCKET_BUFFER }, (req, res) => {
    const started = performance.now();
    res.on('close', () => {
      logger?.info(
        {
          method: req.method,
          url: req.url,
          status: res.statusCode,
          ms: Math.round(performance.now() - started),
          completed: res.writableFinished,
        },
        'request',
      );
    });
    route(req, res).catch((error: unknown) => sendError(req, res, error, logger));
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = req.url ?? '';
    // The raw request target is used on purpose: WHATWG URL parsing would resolve
    // `/ipfs/../x` to `/x` before we ever saw the dots.
    if (!raw.startsWith('/'))
      return sendJson(res, 400, { error: 'BadRequest', message: 'bad request target' });
    const queryStart = raw.indexOf('?');
    const path = queryStart === -1 ? raw : raw.slice(0, queryStart);
    const query = new URLSearchParams(queryStart === -1 ? '' : raw.slice(queryStart + 1));

    if (path === '/health') {
      if (!allow(req, res, ['GET', 'HEAD'])) return;
      return sendJson(res, 200, { status: 'ok' });
    }
    if (path === '/blobs') {
      if (!allow(req, res, ['PUT'])) return;
      return upload(req, res, query);
    }
    if (path.startsWith('/ipfs/')) {
      if (!allow(req, res, ['GET', 'HEAD'])) return;
      return serve(req, res, path.slice('/ipfs/'.length));
    }
    return sendJson(res, 404, { error: 'NotFound', message: `no route for ${path.slice(0, 100)}` });
  }

  async function upload(req: IncomingMessage, res: ServerResponse, query: URLSearchParams) {
    const expectedParam = query.get('cid');
    const expectedCid = expectedParam === null ? undefined : parseCid(expectedParam);
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxUploadBytes) {
      throw new BlobTooLargeError(maxUploadBytes, { details: `Content-Length is ${declared}` });
    }
    const result = await store.put(req, { maxBytes: maxUploadBytes, expectedCid });
    res.setHeader('location', `/ipfs/${result.cid}`);
    sendJson(res, 201, result);
  }

  async function serve(req: IncomingMessage, res: ServerResponse, segment: string) {
    const cid = parseCid(segment);
    const info = await store.stat(cid);
    if (!info) throw new BlobNotFoundError(cid.toString());
    const etag = `"${info.cid}"`;
    res.setHeader('etag', etag);
    res.setHeader('cache-control', IMMUTABLE);
    res.setHeader('accept-ranges', 'bytes');
    res.setHeader('x-content-type-options', 'nosniff');
    if (etagMatches(req.headers['if-none-match'], etag)) {
      res.writeHead(304).end();
      return;
    }
    const ifRange = req.headers['if-range'];
    const rangeHeader = ifRange === undefined || ifRange === etag ? req.headers.range : undefined;
    const range = parseRangeHeader(rangeHeader, info.size);
    if (range.kind === 'unsatisfiable') {
      res.setHeader('content-range', `bytes */${info.size}`);
      throw new RangeNotSatisfiableError(info.size, String(rangeHeader));
    }
    const headers: Record<string, string | number> = {
      'content-type': 'application/octet-stream',
    };
    let status = 200;
    if (range.kind === 'partial') {
      status = 206;
      headers['content-length'] = range.length;
      headers['content-range'] =
        `bytes ${range.offset}-${range.offset + range.length - 1}/${info.size}`;
    } else {
      headers['content-length'] = info.size;
    }
    if (req.method === 'HEAD') {
      res.writeHead(status, headers).end();
      return;
    }
    const body = await store.get(cid, {
      range: range.kind === 'partial' ? { offset: range.offset, length: range.length } : undefined,
    });
    res.writeHead(status, headers);
    pipeline(body, res, (error) => {
      // Headers are gone; the only honest signal left is to cut the response short.
      if (error && !res.destroyed) res.destroy(error);
      if (error && (error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') {
        logger?.warn({ err: error, cid: info.cid }, 'blob response aborted');
      }
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger?.info({ url, maxUploadBytes }, 'storage gateway listening');

  return {
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function allow(req: IncomingMessage, res: ServerResponse, methods: string[]): boolean {
  if (methods.includes(req.method ?? '')) return true;
  res.setHeader('allow', methods.join(', '));
  sendJson(res, 405, { error: 'MethodNotAllowed', message: `use ${methods.join(' or ')}` });
  return false;
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === etag || tag === '*');
}

/** HTTP status and JSON body for an error; anything unexpected is a 500 without details. */
export function errorResponse(error: unknown): { status: number; body: Record<string, unknown> } {
  const status = statusFor(error);
  if (status === 500 || !(error instanceof BaseError || error instanceof SdkBaseError)) {
    return { status: 500, body: { error: 'InternalError', message: 'internal storage error' } };
  }
  const body: Record<string, unknown> = { error: error.name, message: error.shortMessage };
  if (error instanceof CidMismatchError)
    Object.assign(body, { expected: error.expected, actual: error.actual });
  if (error instanceof BlobTooLargeError) body.maxBytes = error.maxBytes;
  if (error instanceof BlobNotFoundError) body.cid = error.cid;
  if (error instanceof RangeNotSatisfiableError) body.size = error.size;
  return { status, body };
}

function statusFor(error: unknown): number {
  if (error instanceof CidInvalidError || error instanceof CidUnsupportedError) return 400;
  if (error instanceof BlobNotFoundError) return 404;
  if (error instanceof BlobTooLargeError) return 413;
  if (error instanceof RangeNotSatisfiableError) return 416;
  if (error instanceof CidMismatchError) return 422;
  return 500;
}

function sendError(
  req: IncomingMessage,
  res: ServerResponse,
  error: unknown,
  logger: Logger | undefined,
): void {
  const { status, body } = errorResponse(error);
  if (status === 500) logger?.error({ err: error, url: req.url }, 'request failed');
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  // An unread request body (a refused upload) would poison a kept-alive connection.
  if (!req.complete) res.setHeader('connection', 'close');
  sendJson(res, status, body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}
