import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { DaemonMetrics } from './metrics.js';

export type NodeServer = {
  /** Base URL, e.g. `http://127.0.0.1:9464`; published as the node's registry endpoint. */
  url: string;
  close(): Promise<void>;
};

/**
 * The node's small HTTP server: `GET /metrics` (Prometheus text), `GET /results/<claimId>`
 * (`{claimId, resultIndexCid}` of a revealed or committed claim, 404 otherwise) and
 * `GET /health`.
 */
export async function startNodeServer(options: {
  host: string;
  port: number;
  metrics: DaemonMetrics;
  /** The result index CID of a claim, if this node produced it. */
  resultIndexOf: (claimId: string) => string | undefined;
  logger?: Logger | undefined;
}): Promise<NodeServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(405, 'application/json', JSON.stringify({ error: 'MethodNotAllowed' }));
    }
    if (path === '/metrics') {
      return send(200, 'text/plain; version=0.0.4; charset=utf-8', options.metrics.render());
    }
    if (path === '/health') return send(200, 'application/json', '{"ok":true}');
    const match = /^\/results\/(\d{1,20})$/.exec(path);
    if (match) {
      const claimId = BigInt(match[1] as string).toString();
      const cid = options.resultIndexOf(claimId);
      if (!cid) {
        return send(404, 'application/json', JSON.stringify({ error: 'NotFound', claimId }));
      }
      return send(200, 'application/json', JSON.stringify({ claimId, resultIndexCid: cid }));
    }
    return send(404, 'application/json', JSON.stringify({ error: 'NotFound' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  options.logger?.info({ url }, 'metrics and results server listening');
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
