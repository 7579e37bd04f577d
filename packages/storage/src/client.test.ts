import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it, type TestContext } from 'node:test';
import { cidForBytes } from '@gridlight/sdk/cid';
import { StorageClient } from './client.js';
import {
  BlobNotFoundError,
  BlobTooLargeError,
  CidMismatchError,
  StorageUnavailableError,
} from './errors.js';
import { FsBlobStore } from './fsBlobStore.js';
import { startGateway } from './gateway.js';
import { chunked, collect, seededBytes, tempDir } from './testing.js';

async function realGateway(t: TestContext, maxUploadBytes?: number) {
  const store = new FsBlobStore(await tempDir(t));
  const gateway = await startGateway({ store, maxUploadBytes });
  t.after(() => gateway.close());
  return { store, client: new StorageClient(gateway.url) };
}

/** A lying gateway: answers every request with `handler`. */
async function lyingGateway(
  t: TestContext,
  handler: Parameters<typeof createServer>[1],
): Promise<StorageClient> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  return new StorageClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
}

describe('StorageClient against the real gateway', () => {
  it('puts bytes and a stream and gets them back verified', async (t) => {
    const { client } = await realGateway(t);
    const bytes = seededBytes(700_000, 31);
    const cid = await client.put(bytes);
    assert.equal(cid, cidForBytes(bytes));
    assert.deepEqual(Buffer.from(await client.get(cid)), Buffer.from(bytes));

    const other = seededBytes(333_333, 32);
    const streamedCid = await client.put(chunked(other, 50_000));
    assert.equal(streamedCid, cidForBytes(other));
    assert.deepEqual(await collect(await client.getStream(streamedCid)), Buffer.from(other));
    assert.equal(await client.has(streamedCid), true);
    assert.equal(await client.has(cidForBytes(Buffer.from('nope'))), false);
  });

  it('round-trips a blob large enough to be hashed off the main thread', async (t) => {
    const { client } = await realGateway(t, 16 << 20);
    const bytes = seededBytes((9 << 20) + 7, 33);
    const cid = await client.put(bytes);
    assert.equal(cid, cidForBytes(bytes));
    assert.deepEqual(Buffer.from(await client.get(cid)), Buffer.from(bytes));
  });

  it('maps gateway errors to typed errors', async (t) => {
    const { client } = await realGateway(t, 1000);
    await assert.rejects(client.get(cidForBytes(Buffer.from('absent'))), BlobNotFoundError);
    await assert.rejects(client.put(seededBytes(1001)), BlobTooLargeError);
    await assert.rejects(client.put(chunked(seededBytes(5000), 100)), BlobTooLargeError);
  });

  it('reports an unreachable gateway as retryable', async () => {
    const client = new StorageClient('http://127.0.0.1:1');
    await assert.rejects(
      client.get(cidForBytes(Buffer.from('x'))),
      (error: unknown) => error instanceof StorageUnavailableError && error.retryable,
    );
  });
});

describe('StorageClient against a lying gateway', () => {
  it('rejects corrupted bytes on get and getStream with CidMismatchError', async (t) => {
    const good = Buffer.from('the real frame');
    const client = await lyingGateway(t, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end('a forged frame');
    });
    const cid = cidForBytes(good);
    await assert.rejects(
      client.get(cid),
      (error: unknown) => error instanceof CidMismatchError && error.expected === cid,
    );
    await assert.rejects(collect(await client.getStream(cid)), CidMismatchError);
  });

  it('rejects a large forged body (hashed off the main thread) and a cut-short one', async (t) => {
    const good = seededBytes(9 << 20, 34);
    const forged = Buffer.from(good);
    forged[forged.length - 1] = (forged[forged.length - 1] ?? 0) ^ 1;
    let requests = 0;
    const client = await lyingGateway(t, (_req, res) => {
      res.writeHead(200, { 'content-length': good.byteLength });
      // The first answer is complete but forged, the second is cut short.
      if (requests++ > 0) res.write(forged.subarray(0, 1 << 20), () => res.destroy());
      else res.end(forged);
    });
    const cid = cidForBytes(good);
    await assert.rejects(
      client.get(cid),
      (error: unknown) => error instanceof CidMismatchError && error.expected === cid,
    );
    await assert.rejects(client.get(cid), StorageUnavailableError);
  });

  it('rejects a put when the gateway reports another CID', async (t) => {
    const client = await lyingGateway(t, (req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ cid: cidForBytes(Buffer.from('other')), size: 3 }));
      });
    });
    await assert.rejects(client.put(Buffer.from('mine')), CidMismatchError);
  });
});
