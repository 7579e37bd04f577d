import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getJob, pixelHash, verifyFrame } from '@gridlight/sdk';
import { chainFlags, clientsFrom } from '../context.js';
import { CliError } from '../errors.js';
import { downloadJob } from '../jobs.js';
import { parseFlags } from '../main.js';
import type { Output } from '../output.js';
import { createOutput } from '../output.js';

/** `gridlight cert verify <frame.png> --job <id> --unit <n>`: proves a frame on chain. */
export async function certCommand(args: string[], out: Output): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'verify')
    throw new CliError(`Unknown cert command "${sub ?? ''}".`, { hint: 'Use `cert verify`.' });
  const { values, positionals } = parseFlags(rest, {
    ...chainFlags,
    job: { type: 'string' },
    unit: { type: 'string' },
  });
  const file = positionals[0];
  if (!file)
    throw new CliError(
      'Give the frame PNG, e.g. `gridlight cert verify frame-0001.png --job 1 --unit 0`.',
    );
  if (typeof values.job !== 'string' || !/^\d+$/.test(values.job))
    throw new CliError('--job <id> is required.');
  if (typeof values.unit !== 'string' || !/^\d+$/.test(values.unit))
    throw new CliError("--unit <n> is required (the frame's unit index in the job).");
  const { client, storage } = await clientsFrom(values);
  const jobId = BigInt(values.job);
  const unit = Number(values.unit);
  const job = await getJob(client, { jobId });
  if (job.status !== 'Completed')
    throw new CliError(`Job ${jobId} has no certificate (status ${job.status}).`);
  let png: Uint8Array;
  try {
    png = await readFile(file);
  } catch (error) {
    throw new CliError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  const hash = pixelHash(png);
  // The proof comes from the published results (each checked against the frame root).
  const dir = await mkdtemp(join(tmpdir(), 'gridlight-cert-'));
  try {
    const { proofs } = await downloadJob(client, storage, jobId, dir, createOutput({ json: true }));
    const entry = proofs.get(unit);
    if (!entry) throw new CliError(`Unit ${unit} is not part of job ${jobId}.`);
    const ok = await verifyFrame(client, {
      jobId,
      frameIndex: unit,
      pixelHash: hash,
      proof: entry.proof,
    });
    if (out.jsonMode) out.json({ jobId, unit, pixelHash: hash, verified: ok });
    else
      out.info(
        ok
          ? `✓ ${file} is unit ${unit} of certificate #${jobId}`
          : `✗ ${file} is NOT unit ${unit} of certificate #${jobId}`,
      );
    return ok ? 0 : 2;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
