// Storage throughput over loopback: one 100 MB blob uploaded and downloaded through the
// real gateway (FsBlobStore with fsync and read verification) by StorageClient (which
// computes the CID before trusting the upload and re-hashes the download).
// The gateway runs in its own process (as in production); INPROC=1 puts client and gateway
// on one event loop instead.
// Run: npx tsx bench/storage-bench.ts   (SEED=n, RUNS=n, MB=n, INPROC=1 to vary)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cidForBytes, FsBlobStore, StorageClient, startGateway } from '@gridlight/storage';

const MB = 1_000_000;
const sizeMb = Number(process.env.MB ?? 100);
const runs = Number(process.env.RUNS ?? 3);
const seed = Number(process.env.SEED ?? 1);

function seededBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  const words = new Uint32Array(out.buffer, 0, Math.floor(length / 4));
  let x = seed >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  return out;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const inProcess = process.env.INPROC === '1';

/** Starts `storage serve` in a child process and waits for its URL. */
async function startChildGateway(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const bin = new URL('../packages/storage/src/bin.ts', import.meta.url).pathname;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', bin, 'serve', '--dir', dir, '--port', '0', '--log-level', 'warn'],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, INIT_CWD: process.cwd() } },
  );
  let output = '';
  for await (const chunk of child.stdout) {
    output += String(chunk);
    const match = /on (http:\/\/\S+)/.exec(output);
    if (match?.[1]) {
      const url = match[1];
      child.stdout.resume();
      return {
        url,
        close: async () => {
          child.kill('SIGTERM');
          if (child.exitCode === null) await once(child, 'exit');
        },
      };
    }
  }
  throw new Error(`gateway did not start: ${output}`);
}

const dir = await mkdtemp(join(tmpdir(), 'gridlight-storage-bench-'));
const gateway = inProcess
  ? await startGateway({ store: new FsBlobStore(dir), maxUploadBytes: 2 * sizeMb * MB })
  : await startChildGateway(dir);
try {
  const client = new StorageClient(gateway.url);
  const bytes = seededBytes(sizeMb * MB);
  const expected = cidForBytes(bytes);
  const upload: number[] = [];
  const download: number[] = [];
  for (let run = 0; run < runs; run++) {
    let started = performance.now();
    const cid = await client.put(bytes);
    upload.push(sizeMb / ((performance.now() - started) / 1000));
    if (cid !== expected) throw new Error(`unexpected CID ${cid}`);

    started = performance.now();
    const back = await client.get(cid);
    download.push(sizeMb / ((performance.now() - started) / 1000));
    if (back.byteLength !== bytes.byteLength) throw new Error('short download');
  }
  const line = (name: string, values: number[]) =>
    `${name.padEnd(9)} median ${median(values).toFixed(0)} MB/s  (runs: ${values.map((v) => v.toFixed(0)).join(', ')})`;
  process.stdout.write(
    `storage bench: ${sizeMb} MB blob, ${runs} runs, loopback, gateway ${inProcess ? 'in-process' : 'in a child process'}, ` +
      `CID verified both ways (node ${process.version})\n` +
      `${line('upload', upload)}\n${line('download', download)}\n`,
  );
} finally {
  await gateway.close();
  await rm(dir, { recursive: true, force: true });
}
