// A loopback JSON-RPC HTTP proxy that injects connection faults (issue #5, scenario 6).
// Listens on 127.0.0.1 only, caps request bodies and open requests, and closes itself after
// `lifetimeMs` so a hung test cannot leave it behind.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * - `pass`: forward the request and its answer.
 * - `drop`: destroy the connection without answering. A transaction broadcast
 *   (`eth_sendRawTransaction`) is forwarded first, so it lands on chain while its answer is
 *   lost: the sender must not send it again.
 * - `stall`: hold the request `stallMs`, then forward it.
 */
export type ProxyMode = 'pass' | 'drop' | 'stall';

export type FaultyRpcProxy = {
  url: string;
  mode: ProxyMode;
  stallMs: number;
  /** Requests seen in each mode. */
  counts: Record<ProxyMode, number>;
  /** Broadcasts that reached the chain but whose answer was dropped. */
  droppedBroadcasts: number;
  /**
   * In any mode: a signed transaction (`eth_sendRawTransaction`'s parameter) for which this
   * returns true is forwarded and its answer dropped.
   */
  swallowAnswer?: ((rawTransaction: string) => boolean) | undefined;
  close(): Promise<void>;
};

const MAX_BODY = 4 * 1024 * 1024;
const MAX_OPEN = 256;

export async function startFaultyRpcProxy(
  upstream: string,
  options: { lifetimeMs: number; stallMs?: number },
): Promise<FaultyRpcProxy> {
  const sockets = new Set<Socket>();
  let open = 0;
  const forward = async (body: Buffer): Promise<{ status: number; text: string }> => {
    const res = await fetch(upstream, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(30_000),
    });
    return { status: res.status, text: await res.text() };
  };
  type Call = { method?: unknown; params?: unknown };
  const calls = (body: Buffer): Call[] => {
    try {
      const parsed = JSON.parse(body.toString()) as Call | Call[];
      return Array.isArray(parsed) ? parsed : [parsed];
    } catch {
      return [];
    }
  };
  const broadcasts = (body: Buffer): string[] =>
    calls(body)
      .filter((c) => c.method === 'eth_sendRawTransaction' && Array.isArray(c.params))
      .map((c) => String((c.params as unknown[])[0]));

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) {
        res.writeHead(413).end();
        return;
      }
      chunks.push(chunk as Buffer);
    }
    const body = Buffer.concat(chunks);
    const mode = proxy.mode;
    proxy.counts[mode]++;
    const raw = broadcasts(body);
    if (mode === 'drop' || raw.some((r) => proxy.swallowAnswer?.(r))) {
      if (raw.length > 0) {
        await forward(body).catch(() => undefined);
        proxy.droppedBroadcasts++;
      }
      req.socket.destroy();
      return;
    }
    if (mode === 'stall') await new Promise((r) => setTimeout(r, proxy.stallMs));
    const answer = await forward(body);
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.text);
  };

  const server = createServer((req, res) => {
    if (open >= MAX_OPEN || req.method !== 'POST') {
      res.writeHead(503).end();
      return;
    }
    open++;
    handle(req, res)
      .catch(() => req.socket.destroy())
      .finally(() => {
        open--;
      });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= new Promise<void>((resolve) => {
      clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
    return closed;
  };
  const timer = setTimeout(() => void close(), options.lifetimeMs);
  timer.unref();
  const proxy: FaultyRpcProxy = {
    url: `http://127.0.0.1:${port}`,
    mode: 'pass',
    stallMs: options.stallMs ?? 3000,
    counts: { pass: 0, drop: 0, stall: 0 },
    droppedBroadcasts: 0,
    close,
  };
  return proxy;
}
