import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { runStorageCommand } from './cli.js';
import { StorageClient } from './client.js';
import { CliUsageError } from './errors.js';
import type { Gateway } from './gateway.js';
import { listFiles, tempDir } from './testing.js';

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      text += String(chunk);
      callback();
    },
  });
  return { stream, text: () => text };
}

describe('runStorageCommand', () => {
  it('serve stores blobs under --dir (relative to cwd) and stops on abort', async (t) => {
    const cwd = await tempDir(t);
    const controller = new AbortController();
    const out = sink();
    let gateway: Gateway | undefined;
    const running = runStorageCommand(
      ['serve', '--dir', '.devnet/blobs', '--port', '0', '--log-level', 'silent'],
      { signal: controller.signal, stdout: out.stream, cwd, onListening: (g) => (gateway = g) },
    );
    while (!gateway) await new Promise((r) => setTimeout(r, 10));
    assert.match(out.text(), /storage gateway on http:\/\/127\.0\.0\.1:\d+/);
    const cid = await new StorageClient(gateway.url).put(Buffer.from('via cli'));
    assert.equal((await listFiles(`${cwd}/.devnet/blobs`)).length, 1);
    controller.abort();
    assert.equal(await running, 0);
    await assert.rejects(new StorageClient(gateway.url).get(cid));
  });

  it('rejects missing or invalid options with CliUsageError', async () => {
    await assert.rejects(
      runStorageCommand(['serve']),
      (e: unknown) => e instanceof CliUsageError && /--dir/.test(e.message),
    );
    await assert.rejects(
      runStorageCommand(['serve', '--dir', 'x', '--port', 'abc']),
      CliUsageError,
    );
    await assert.rejects(runStorageCommand(['serve', '--dir', 'x', '--bogus']), CliUsageError);
    await assert.rejects(runStorageCommand(['explode']), CliUsageError);
  });
});
