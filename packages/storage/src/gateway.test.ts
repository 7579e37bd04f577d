import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { cidForBytes } from '@gridlight/sdk/cid';
import type { BlobStore } from './blobStore.js';
import { BlobCorruptError } from './errors.js';
import { FsBlobStore } from './fsBlobStore.js';
import { startGateway } from './gateway.js';
import { collect, listFiles, seededBytes, tempDir } from './testing.js';

type RawResponse = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

/** Sends the request target byte-for-byte (no URL normalisation, unlike fetch). */
function raw(
  base: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: Uint8Array } = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: hostname,
      port,
      method,
      path,
      headers: options.headers ?? {},
    });
    req.on('error', reject);
    req.on('response', (res) => {
      collect(res).then(
        (body) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }),
        reject,
      );
    });
    req.end(options.body);
  });
}

function json(response: RawResponse): { error: string; message: string } & Record<string, unknown> {
  assert.match(String(response.headers['content-type']), /application\/json/);
  return JSON.parse(response.body.toString('utf8'));
}

/** Wraps a store and records every call, to prove a request never reached it. */
function recording(store: BlobStore): { store: BlobStore; calls: string[] } {
  const calls: string[] = [];
  const proxy = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(property));
        return value.apply(target, args);
      };
    },
  });
  return { store: proxy, calls };
}

async function setup(t: TestContext, maxUploadBytes = 10 * 1024 * 1024) {
  const dir = await tempDir(t);
  const root = join(dir, 'store');
  const fsStore = new FsBlobStore(root);
  const { store, calls } = recording(fsStore);
  const gateway = await startGateway({ store, port: 0, maxUploadBytes });
  t.after(() => gateway.close());
  return { dir, root, fsStore, calls, url: gateway.url };
}

describe('gateway', () => {
  it('binds to 127.0.0.1 on a random port and answers /health', async (t) => {
    const { url } = await setup(t);
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await raw(url, 'GET', '/health');
    assert.equal(response.status, 200);
    assert.deepEqual(json(response), { status: 'ok' });
  });

  it('round-trips a blob: PUT /blobs then GET and HEAD /ipfs/<cid>', async (t) => {
    const { url } = await setup(t);
    const bytes = seededBytes(1_500_000, 21);
    const put = await raw(url, 'PUT', '/blobs', { body: bytes });
    assert.equal(put.status, 201);
    const cid = cidForBytes(bytes);
    assert.deepEqual(json(put), { cid, size: bytes.byteLength });
    assert.equal(put.headers.location, `/ipfs/${cid}`);

    const get = await raw(url, 'GET', `/ipfs/${cid}`);
    assert.equal(get.status, 200);
    assert.deepEqual(get.body, Buffer.from(bytes));
    assert.equal(get.headers['content-type'], 'application/octet-stream');
    assert.equal(get.headers.etag, `"${cid}"`);
    assert.match(String(get.headers['cache-control']), /immutable/);
    assert.equal(get.headers['content-length'], String(bytes.byteLength));

    const head = await raw(url, 'HEAD', `/ipfs/${cid}`);
    assert.equal(head.status, 200);
    assert.equal(head.body.byteLength, 0);
    assert.equal(head.headers['content-length'], String(bytes.byteLength));

    const cached = await raw(url, 'GET', `/ipfs/${cid}`, {
      headers: { 'if-none-match': `"${cid}"` },
    });
    assert.equal(cached.status, 304);
  });

  it('serves single ranges with 206 and refuses unsatisfiable ones with 416', async (t) => {
    const { url } = await setup(t);
    const bytes = seededBytes(5000, 4);
    const cid = cidForBytes(bytes);
    assert.equal((await raw(url, 'PUT', '/blobs', { body: bytes })).status, 201);

    const cases: Array<[string, number, number]> = [
      ['bytes=0-99', 0, 100],
      ['bytes=4990-', 4990, 10],
      ['bytes=-7', 4993, 7],
      ['bytes=4999-999999', 4999, 1],
    ];
    for (const [header, offset, length] of cases) {
      const response = await raw(url, 'GET', `/ipfs/${cid}`, { headers: { range: header } });
      assert.equal(response.status, 206, header);
      assert.deepEqual(response.body, Buffer.from(bytes.subarray(offset, offset + length)), header);
      assert.equal(
        response.headers['content-range'],
        `bytes ${offset}-${offset + length - 1}/5000`,
        header,
      );
      assert.equal(response.headers['content-length'], String(length));
    }

    const unsatisfiable = await raw(url, 'GET', `/ipfs/${cid}`, {
      headers: { range: 'bytes=5000-' },
    });
    assert.equal(unsatisfiable.status, 416);
    assert.equal(unsatisfiable.headers['content-range'], 'bytes */5000');
    assert.equal(json(unsatisfiable).error, 'RangeNotSatisfiableError');

    // Several ranges are not supported: the RFC lets a server answer with the whole blob.
    const multi = await raw(url, 'GET', `/ipfs/${cid}`, { headers: { range: 'bytes=0-1,5-6' } });
    assert.equal(multi.status, 200);
    assert.equal(multi.body.byteLength, 5000);
  });

  it('answers 404 for an absent blob and 400 for a malformed CID', async (t) => {
    const { url } = await setup(t);
    const absent = await raw(url, 'GET', `/ipfs/${cidForBytes(Buffer.from('absent'))}`);
    assert.equal(absent.status, 404);
    assert.equal(json(absent).error, 'BlobNotFoundError');
    const malformed = await raw(url, 'GET', '/ipfs/not-a-cid');
    assert.equal(malformed.status, 400);
    assert.equal(json(malformed).error, 'CidInvalidError');
    assert.ok(json(malformed).message.length > 0);
    const dagPb = await raw(
      url,
      'GET',
      '/ipfs/bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi',
    );
    assert.equal(dagPb.status, 400);
    assert.equal(json(dagPb).error, 'CidUnsupportedError');
  });

  it('refuses path traversal with 400 and never reaches the store or files outside the root', async (t) => {
    const { url, dir, calls } = await setup(t);
    await writeFile(join(dir, 'secret.txt'), 'TOP-SECRET');
    const attacks = [
      '/ipfs/../../etc/passwd',
      '/ipfs/../secret.txt',
      '/ipfs/..%2F..%2Fetc%2Fpasswd',
      '/ipfs/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/ipfs/%2E%2E/secret.txt',
      '/ipfs/..%5c..%5csecret.txt',
      '/ipfs/bafkrei..%2f..%2fsecret.txt',
      '/ipfs/%252e%252e%252fsecret.txt',
      '/ipfs//etc/passwd',
    ];
    for (const attack of attacks) {
      const response = await raw(url, 'GET', attack);
      assert.equal(response.status, 400, attack);
      assert.doesNotMatch(response.body.toString('utf8'), /TOP-SECRET|root:/, attack);
      assert.equal(json(response).error, 'CidInvalidError', attack);
    }
    // Absolute-form and normalised-away targets never get to the blob routes either.
    assert.equal((await raw(url, 'GET', '/../etc/passwd')).status, 404);
    assert.deepEqual(calls, [], 'the store must not have been called');
  });

  it('rejects oversized uploads with 413 and stores nothing (declared and streamed)', async (t) => {
    const { url, root, fsStore } = await setup(t, 64 * 1024);
    const bytes = seededBytes(64 * 1024 + 1, 8);
    const declared = await raw(url, 'PUT', '/blobs', { body: bytes });
    assert.equal(declared.status, 413);
    assert.equal(json(declared).error, 'BlobTooLargeError');
    assert.equal(json(declared).maxBytes, 64 * 1024);

    // Chunked upload with no Content-Length: the limit is enforced while streaming.
    const streamed = await new Promise<RawResponse>((resolve, reject) => {
      const { hostname, port } = new URL(url);
      const req = http.request({ host: hostname, port, method: 'PUT', path: '/blobs' });
      req.on('error', reject);
      req.on('response', (res) =>
        collect(res).then(
          (body) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }),
          reject,
        ),
      );
      req.write(bytes.subarray(0, 40_000));
      setTimeout(() => req.end(bytes.subarray(40_000)), 20);
    });
    assert.equal(streamed.status, 413);
    assert.equal(await fsStore.has(cidForBytes(bytes)), false);
    assert.deepEqual(await listFiles(root), []);
  });

  it('rejects an upload whose content does not match ?cid= with 422 and stores nothing', async (t) => {
    const { url, root } = await setup(t);
    const promised = cidForBytes(Buffer.from('promised'));
    const response = await raw(url, 'PUT', `/blobs?cid=${promised}`, {
      body: Buffer.from('delivered'),
    });
    assert.equal(response.status, 422);
    const body = json(response);
    assert.equal(body.error, 'CidMismatchError');
    assert.equal(body.expected, promised);
    assert.equal(body.actual, cidForBytes(Buffer.from('delivered')));
    assert.deepEqual(await listFiles(root), []);

    const bad = await raw(url, 'PUT', '/blobs?cid=../../x', { body: Buffer.from('x') });
    assert.equal(bad.status, 400);
    const ok = await raw(url, 'PUT', `/blobs?cid=${promised}`, { body: Buffer.from('promised') });
    assert.equal(ok.status, 201);
  });

  it('cuts the response short when the stored file is corrupt', async (t) => {
    const { url, fsStore } = await setup(t);
    const bytes = seededBytes(3 * (1 << 20), 9);
    const { cid } = await fsStore.put(bytes);
    const tampered = Buffer.from(bytes);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
    await writeFile(fsStore.pathFor(cid), tampered);
    await assert.rejects(raw(url, 'GET', `/ipfs/${cid}`), /aborted|socket hang up|ECONNRESET/);
    // The corrupt copy was quarantined, so the gateway now says it does not have it.
    assert.equal((await raw(url, 'GET', `/ipfs/${cid}`)).status, 404);
    // Sanity: the store-level error is the typed one.
    await fsStore.put(bytes);
    await writeFile(fsStore.pathFor(cid), tampered);
    await assert.rejects(collect(await fsStore.get(cid)), BlobCorruptError);
  });

  it('handles parallel uploads of the same blob', async (t) => {
    const { url, root, fsStore } = await setup(t);
    const bytes = seededBytes(2 * (1 << 20), 12);
    const cid = cidForBytes(bytes);
    const responses = await Promise.all(
      Array.from({ length: 12 }, () => raw(url, 'PUT', '/blobs', { body: bytes })),
    );
    for (const response of responses) {
      assert.equal(response.status, 201);
      assert.equal(json(response).cid, cid);
    }
    assert.equal((await listFiles(root)).length, 1);
    assert.deepEqual(await collect(await fsStore.get(cid)), Buffer.from(bytes));
  });

  it('answers 405 for the wrong method and 404 for unknown routes', async (t) => {
    const { url } = await setup(t);
    const wrong = await raw(url, 'DELETE', `/ipfs/${cidForBytes(Buffer.from('x'))}`);
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.allow, 'GET, HEAD');
    assert.equal((await raw(url, 'GET', '/nope')).status, 404);
  });
});
