import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { describe, it } from 'node:test';
import { cidForBytes } from '@gridlight/sdk/cid';
import {
  BlobCorruptError,
  BlobNotFoundError,
  BlobTooLargeError,
  CidInvalidError,
  CidMismatchError,
  RangeNotSatisfiableError,
} from './errors.js';
import { type CorruptBlobEvent, FsBlobStore } from './fsBlobStore.js';
import { chunked, collect, listFiles, seededBytes, tempDir } from './testing.js';

describe('FsBlobStore', () => {
  it('stores a stream under a sharded path derived from the digest and reads it back', async (t) => {
    const root = await tempDir(t);
    const store = new FsBlobStore(root);
    const bytes = seededBytes(300_000, 7);
    const { cid, size } = await store.put(chunked(bytes, 10_000));
    assert.equal(cid, cidForBytes(bytes));
    assert.equal(size, bytes.byteLength);
    const files = await listFiles(root);
    assert.equal(files.length, 1);
    const [file] = files;
    assert.match(file ?? '', /^blobs\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/);
    assert.deepEqual(await readFile(store.pathFor(cid)), Buffer.from(bytes));
    assert.deepEqual(await collect(await store.get(cid)), Buffer.from(bytes));
    assert.deepEqual(await store.stat(cid), { cid, size: bytes.byteLength });
    assert.equal(await store.has(cid), true);
  });

  it('stores the empty blob', async (t) => {
    const store = new FsBlobStore(await tempDir(t));
    const { cid, size } = await store.put(new Uint8Array());
    assert.equal(size, 0);
    assert.equal((await collect(await store.get(cid))).byteLength, 0);
  });

  it('serves a range while still verifying the whole file', async (t) => {
    const store = new FsBlobStore(await tempDir(t));
    const bytes = seededBytes(3 * (1 << 20) + 123, 3);
    const { cid } = await store.put(bytes);
    const offset = (1 << 20) - 10;
    const part = await collect(await store.get(cid, { range: { offset, length: (1 << 20) + 20 } }));
    assert.deepEqual(part, Buffer.from(bytes.subarray(offset, offset + (1 << 20) + 20)));
    const tail = await collect(await store.get(cid, { range: { offset: bytes.byteLength - 5 } }));
    assert.deepEqual(tail, Buffer.from(bytes.subarray(-5)));
    await assert.rejects(
      store.get(cid, { range: { offset: bytes.byteLength } }),
      RangeNotSatisfiableError,
    );
    await assert.rejects(
      store.get(cid, { range: { offset: 0, length: 0 } }),
      RangeNotSatisfiableError,
    );
  });

  it('rejects an oversized stream, removes the temp file and stores nothing', async (t) => {
    const root = await tempDir(t);
    const store = new FsBlobStore(root);
    const bytes = seededBytes(100_001);
    await assert.rejects(store.put(chunked(bytes, 4096), { maxBytes: 100_000 }), BlobTooLargeError);
    assert.deepEqual(await listFiles(root), []);
    assert.equal(await store.has(cidForBytes(bytes)), false);
    // Exactly at the limit is fine.
    const ok = await store.put(bytes.subarray(0, 100_000), { maxBytes: 100_000 });
    assert.equal(ok.size, 100_000);
  });

  it('rejects content that does not match the expected CID and stores nothing', async (t) => {
    const root = await tempDir(t);
    const store = new FsBlobStore(root);
    const expected = cidForBytes(Buffer.from('what the manifest promised'));
    await assert.rejects(
      store.put(Buffer.from('something else'), { expectedCid: expected }),
      (error: unknown) => error instanceof CidMismatchError && error.expected === expected,
    );
    assert.deepEqual(await listFiles(root), []);
    const good = await store.put(Buffer.from('what the manifest promised'), {
      expectedCid: expected,
    });
    assert.equal(good.cid, expected);
  });

  it('rejects a malformed expected CID before reading anything', async (t) => {
    const store = new FsBlobStore(await tempDir(t));
    let pulled = false;
    const source = (async function* () {
      pulled = true;
      yield Buffer.from('x');
    })();
    await assert.rejects(store.put(source, { expectedCid: 'not-a-cid' }), CidInvalidError);
    assert.equal(pulled, false);
  });

  it('fails the read stream of a corrupted file, reports it and quarantines it', async (t) => {
    const root = await tempDir(t);
    const events: CorruptBlobEvent[] = [];
    const store = new FsBlobStore(root, { onCorrupt: (event) => events.push(event) });
    const bytes = seededBytes(2 * (1 << 20) + 17, 11);
    const { cid } = await store.put(bytes);
    const path = store.pathFor(cid);
    const onDisk = await readFile(path);
    onDisk[onDisk.length - 1] = (onDisk[onDisk.length - 1] ?? 0) ^ 0x01; // one flipped bit
    await writeFile(path, onDisk);

    const stream = await store.get(cid);
    await assert.rejects(
      collect(stream),
      (error: unknown) => error instanceof BlobCorruptError && error.expected === cid,
    );
    assert.equal(events.length, 1);
    assert.equal(events[0]?.cid, cid);
    assert.equal(await store.has(cid), false, 'corrupt copy is no longer advertised');
    assert.ok((await listFiles(root)).some((file) => file.startsWith('quarantine/')));

    // A range read of a corrupt file fails too, even though the range itself is intact.
    await store.put(bytes);
    const again = await readFile(path);
    again[0] = (again[0] ?? 0) ^ 0xff;
    await writeFile(path, again);
    await assert.rejects(
      collect(await store.get(cid, { range: { offset: 100, length: 10 } })),
      BlobCorruptError,
    );

    // Re-uploading the right bytes repairs the store.
    await store.put(bytes);
    assert.deepEqual(await collect(await store.get(cid)), Buffer.from(bytes));
  });

  it('lets parallel puts of the same blob all succeed with one intact copy', async (t) => {
    const root = await tempDir(t);
    const store = new FsBlobStore(root);
    const bytes = seededBytes(1 << 20, 5);
    const results = await Promise.all(
      Array.from({ length: 16 }, () => store.put(chunked(bytes, 64 * 1024))),
    );
    const cid = cidForBytes(bytes);
    assert.ok(results.every((result) => result.cid === cid && result.size === bytes.byteLength));
    assert.deepEqual(await listFiles(root), [
      relative(root, store.pathFor(cid)).split(sep).join('/'),
    ]);
    assert.deepEqual(await collect(await store.get(cid)), Buffer.from(bytes));
  });

  it('derives paths inside the root from the digest only', async (t) => {
    const root = await tempDir(t);
    const store = new FsBlobStore(root);
    for (let i = 0; i < 50; i++) {
      const path = store.pathFor(cidForBytes(seededBytes(8, i + 1)));
      assert.ok(path.startsWith(`${root}${sep}blobs${sep}`));
      assert.doesNotMatch(path.slice(root.length), /\.\./);
    }
    for (const attack of ['../../etc/passwd', '..%2F..%2Fetc%2Fpasswd', '/etc/passwd']) {
      assert.throws(() => store.pathFor(attack), CidInvalidError);
      await assert.rejects(store.get(attack), CidInvalidError);
      await assert.rejects(store.has(attack), CidInvalidError);
    }
  });

  it('reports absent blobs and deletes', async (t) => {
    const store = new FsBlobStore(await tempDir(t));
    const cid = cidForBytes(Buffer.from('never stored'));
    await assert.rejects(store.get(cid), BlobNotFoundError);
    assert.equal(await store.stat(cid), undefined);
    assert.equal(await store.delete(cid), false);
    const stored = await store.put(Buffer.from('soon gone'));
    assert.equal(await store.delete(stored.cid), true);
    assert.equal(await store.has(stored.cid), false);
  });

  it('cleans up when the source stream fails midway', async (t) => {
    const root = await tempDir(t);
    const store = new FsBlobStore(root);
    const source = (async function* () {
      yield Buffer.alloc(1000, 1);
      throw new Error('client went away');
    })();
    await assert.rejects(store.put(source), /client went away/);
    assert.deepEqual(await listFiles(root), []);
  });
});
