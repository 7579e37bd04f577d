// A loopback HTTP proxy in front of a storage gateway that, while `corrupt` is on, flips
// bytes in `GET /ipfs/<cid>` response bodies without changing their length, so only the
// client's CID check can tell. Test-only; listens on 127.0.0.1.
import { createServer, request, type Server } from 'node:http';
import type { Socket } from 'node:net';

export type CorruptingProxy = {
  url: string;
  /** While true, GET /ipfs/<cid> bodies are served with flipped bytes. */
  corrupt: boolean;
  /** Responses served corrupted so far. */
  corrupted: number;
  /** Requests forwarded so far. */
  forwarded: number;
  close(): Promise<void>;
};

/** Largest body the proxy buffers to corrupt (anything bigger is refused with 502). */
const MAX_BODY = 64 * 1024 * 1024;
const MAX_CONNECTIONS = 64;
const TIMEOUT_MS = 30_000;

/** Flips a few bytes spread over the body (same length). */
export function flipBytes(body: Buffer): Buffer {
  const out = Buffer.from(body);
  if (out.length === 0) return out;
  for (const at of [0, out.length >> 1, out.length - 1]) out[at] = (out[at] ?? 0) ^ 0xff;
  return out;
}

export async function startCorruptingProxy(target: string): Promise<CorruptingProxy> {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  const state: CorruptingProxy = {
    url: '',
    corrupt: false,
    corrupted: 0,
    forwarded: 0,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((req, res) => {
    state.forwarded++;
    const headers = { ...req.headers, host: upstream.host };
    const up = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers,
        timeout: TIMEOUT_MS,
      },
      (upRes) => {
        const tamper =
          state.corrupt &&
          req.method === 'GET' &&
          /^\/ipfs\/[^/?]+/.test(req.url ?? '') &&
          upRes.statusCode === 200;
        if (!tamper) {
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          upRes.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        upRes.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY) {
            upRes.destroy();
            res.writeHead(502).end('body too large to corrupt');
            return;
          }
          chunks.push(chunk);
        });
        upRes.on('end', () => {
          if (res.headersSent) return;
          const body = flipBytes(Buffer.concat(chunks));
          const out = { ...upRes.headers };
          delete out['transfer-encoding'];
          out['content-length'] = String(body.length);
          state.corrupted++;
          res.writeHead(upRes.statusCode ?? 200, out);
          res.end(body);
        });
        upRes.on('error', () => res.destroy());
      },
    );
    up.on('timeout', () => up.destroy(new Error('upstream timeout')));
    up.on('error', () => {
      if (!res.headersSent) res.writeHead(502).end('upstream unreachable');
      else res.destroy();
    });
    req.pipe(up);
  });
  server.maxConnections = MAX_CONNECTIONS;
  server.requestTimeout = TIMEOUT_MS;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  state.url = `http://127.0.0.1:${port}`;
  return state;
}
