// Unit test of the Kubo adapter against a tiny fake of Kubo's HTTP RPC API. It checks the
// adapter's requests and its distrust of the answers; it is not a test of IPFS itself.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it, type TestContext } from 'node:test';
import { cidForBytes } from '@gridlight/sdk/cid';
import {
  BlobCorruptError,
  BlobNotFoundError,
  BlobTooLargeError,
  CidMismatchError,
  StorageUnavailableError,
} from './errors.js';
import { IpfsKuboStore, KUBO_SINGLE_BLOCK_BYTES } from './kuboStore.js';
import { chunked, collect, seededBytes } from './testing.js';

type FakeKubo = {
  url: string;
  blocks: Map<string, Buffer>;
  requests: Array<{ method: string; path: string; query: URLSearchParams }>;
  /** Tamper hooks. */
  lie: { addHash?: string; catBytes?: Buffer };
};

async function startFakeKubo(t: TestContext): Promise<FakeKubo> {
  const blocks = new Map<string, Buffer>();
  const requests: FakeKubo['requests'] = [];
  const lie: FakeKubo['lie'] = {};
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://kubo');
    requests.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams });
    const body = Buffer.concat(await collectRequest(req));
    const fail = (message: string) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ Message: message, Code: 0, Type: 'error' }));
    };
    if (req.method !== 'POST') {
      res.writeHead(405).end();
      return;
    }
    const arg = url.searchParams.get('arg') ?? '';
    switch (url.pathname) {
      case '/api/v0/add': {
        const data = parseMultipart(body, String(req.headers['content-type']));
        const hash = lie.addHash ?? rawCid(data);
        blocks.set(hash, data);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(`${JSON.stringify({ Name: 'blob', Hash: hash, Size: String(data.length) })}\n`);
        return;
      }
      case '/api/v0/block/stat': {
        const block = blocks.get(arg);
        if (!block) return fail('block was not found locally (offline): ipld: could not find node');
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ Key: arg, Size: block.length }));
        return;
      }
      case '/api/v0/cat': {
        const block = blocks.get(arg);
        if (!block) return fail('block not found');
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(lie.catBytes ?? block);
        return;
      }
      case '/api/v0/pin/rm':
        return blocks.has(arg)
          ? res.writeHead(200).end('{}')
          : fail('not pinned or pinned indirectly');
      case '/api/v0/block/rm':
        blocks.delete(arg);
        res.writeHead(200).end(JSON.stringify({ Hash: arg }));
        return;
      default:
        res.writeHead(404).end('404 page not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    blocks,
    requests,
    lie,
  };
}

async function collectRequest(req: IncomingMessage): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of req) chunks.push(chunk as Buffer);
  } catch {
    // client aborted (oversized upload)
  }
  return chunks;
}

function parseMultipart(body: Buffer, contentType: string): Buffer {
  const boundary = /boundary=(.+)$/.exec(contentType)?.[1];
  assert.ok(boundary, 'multipart boundary');
  const headerEnd = body.indexOf('\r\n\r\n') + 4;
  const closing = body.lastIndexOf(`\r\n--${boundary}--`);
  assert.ok(headerEnd > 4 && closing >= headerEnd, 'well-formed multipart body');
  return body.subarray(headerEnd, closing);
}

// Independent of the code under test: raw CIDv1 built by hand.
function rawCid(bytes: Uint8Array): string {
  const digest = createHash('sha256').update(bytes).digest();
  const binary = Buffer.concat([Buffer.from([0x01, 0x55, 0x12, 0x20]), digest]);
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let out = 'b';
  let value = 0;
  let bits = 0;
  for (const byte of binary) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

describe('IpfsKuboStore (unit test against a fake Kubo RPC server)', () => {
  it('adds with cid-version=1 and raw-leaves and gets the same CID as the fs store', async (t) => {
    const kubo = await startFakeKubo(t);
    const store = new IpfsKuboStore(kubo.url);
    const bytes = seededBytes(200_000, 41);
    const result = await store.put(chunked(bytes, 16_384));
    assert.deepEqual(result, { cid: cidForBytes(bytes), size: bytes.byteLength });
    const add = kubo.requests.find((request) => request.path === '/api/v0/add');
    assert.equal(add?.method, 'POST');
    assert.equal(add?.query.get('cid-version'), '1');
    assert.equal(add?.query.get('raw-leaves'), 'true');
    assert.deepEqual(kubo.blocks.get(result.cid), Buffer.from(bytes));

    assert.deepEqual(await collect(await store.get(result.cid)), Buffer.from(bytes));
    const part = await collect(await store.get(result.cid, { range: { offset: 10, length: 5 } }));
    assert.deepEqual(part, Buffer.from(bytes.subarray(10, 15)));
    assert.deepEqual(await store.stat(result.cid), { cid: result.cid, size: bytes.byteLength });
    assert.equal(await store.delete(result.cid), true);
    assert.equal(await store.has(result.cid), false);
    assert.equal(await store.delete(result.cid), false);
  });

  it('reports absent blobs as not found', async (t) => {
    const store = new IpfsKuboStore((await startFakeKubo(t)).url);
    await assert.rejects(store.get(cidForBytes(Buffer.from('absent'))), BlobNotFoundError);
  });

  it('refuses blobs larger than one Kubo block before Kubo stores them', async (t) => {
    const kubo = await startFakeKubo(t);
    const store = new IpfsKuboStore(kubo.url);
    const bytes = seededBytes(KUBO_SINGLE_BLOCK_BYTES + 1, 42);
    await assert.rejects(store.put(chunked(bytes, 65_536)), BlobTooLargeError);
    assert.equal(kubo.blocks.size, 0);
  });

  it('rejects a CID from Kubo that does not match the bytes', async (t) => {
    const kubo = await startFakeKubo(t);
    kubo.lie.addHash = cidForBytes(Buffer.from('something else'));
    const store = new IpfsKuboStore(kubo.url);
    await assert.rejects(store.put(Buffer.from('mine')), CidMismatchError);
  });

  it('rejects an upload that does not match the expected CID', async (t) => {
    const kubo = await startFakeKubo(t);
    const store = new IpfsKuboStore(kubo.url);
    const expected = cidForBytes(Buffer.from('promised'));
    await assert.rejects(
      store.put(Buffer.from('delivered'), { expectedCid: expected }),
      (error: unknown) => error instanceof CidMismatchError && error.expected === expected,
    );
  });

  it('fails the read stream when Kubo serves bytes that do not match the CID', async (t) => {
    const kubo = await startFakeKubo(t);
    const store = new IpfsKuboStore(kubo.url);
    const { cid } = await store.put(Buffer.from('true bytes'));
    kubo.lie.catBytes = Buffer.from('false bytes');
    await assert.rejects(collect(await store.get(cid)), BlobCorruptError);
  });

  it('turns Kubo errors and outages into StorageUnavailableError', async (t) => {
    const kubo = await startFakeKubo(t);
    const broken = new IpfsKuboStore(`${kubo.url}/not-kubo`);
    await assert.rejects(broken.put(Buffer.from('x')), StorageUnavailableError);
    const down = new IpfsKuboStore('http://127.0.0.1:1');
    await assert.rejects(
      down.has(cidForBytes(Buffer.from('x'))),
      (error: unknown) => error instanceof StorageUnavailableError && error.retryable,
    );
  });
});
