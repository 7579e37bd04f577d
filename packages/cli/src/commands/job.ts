import { resolve } from 'node:path';
import { cancelJob, finalizeJob, getJob } from '@gridlight/sdk';
import { parseEther } from 'viem';
import { chainFlags, clientsFrom } from '../context.js';
import { CliError } from '../errors.js';
import { downloadJob, submitJob, waitForJob } from '../jobs.js';
import { parseFlags } from '../main.js';
import { glt, type Output } from '../output.js';

function jobIdOf(positionals: string[]): bigint {
  const raw = positionals[0];
  if (!raw || !/^\d+$/.test(raw))
    throw new CliError('Give the job id, e.g. `gridlight job status 1`.');
  return BigInt(raw);
}

function intFlag(values: Record<string, unknown>, name: string, fallback: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new CliError(`--${name} must be a whole number (got "${raw}").`);
  return n;
}

/** `gridlight job submit|status|download|cancel`. */
export async function jobCommand(args: string[], out: Output): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseFlags(rest, {
    ...chainFlags,
    frames: { type: 'string' },
    samples: { type: 'string' },
    seed: { type: 'string' },
    width: { type: 'string' },
    height: { type: 'string' },
    price: { type: 'string' },
    deadline: { type: 'string' },
    verification: { type: 'string' },
    replication: { type: 'string' },
    'min-tier': { type: 'string' },
    'claim-ttl': { type: 'string' },
    wait: { type: 'boolean' },
    out: { type: 'string' },
  });
  const { client, storage } = await clientsFrom(values);
  switch (sub) {
    case 'submit': {
      const scenePath = positionals[0];
      if (!scenePath)
        throw new CliError(
          'Give the scene, e.g. `gridlight job submit scene.blend --frames 1-48`.',
        );
      if (typeof values.frames !== 'string')
        throw new CliError('--frames is required, e.g. --frames 1-48.');
      const verification = (values.verification as string | undefined) ?? 'spot-check';
      if (!['spot-check', 'optimistic', 'replicated'].includes(verification)) {
        throw new CliError(
          `--verification must be spot-check, optimistic or replicated (got "${verification}").`,
        );
      }
      let price: bigint;
      try {
        price = parseEther((values.price as string | undefined) ?? '10');
      } catch {
        throw new CliError(
          `--price must be a GLT amount such as 10 or 0.5 (got "${values.price}").`,
        );
      }
      const submitted = await submitJob(client, storage, {
        scenePath: resolve(scenePath),
        frames: values.frames,
        width: intFlag(values, 'width', 320),
        height: intFlag(values, 'height', 180),
        samples: intFlag(values, 'samples', 16),
        seed: intFlag(values, 'seed', 0),
        pricePerUnit: price,
        deadlineSeconds: intFlag(values, 'deadline', 3600),
        verification: verification as 'spot-check',
        replication: intFlag(values, 'replication', verification === 'replicated' ? 3 : 1),
        minTier: intFlag(values, 'min-tier', 0),
        claimTtl: intFlag(values, 'claim-ttl', 1800),
      });
      out.info(
        `job ${submitted.jobId} created: ${glt(submitted.budget)} escrowed, scene ${submitted.sceneCid}`,
      );
      if (values.wait || values.out) {
        await waitForJob(client, submitted.jobId, out, { timeoutMs: 30 * 60_000 });
        await finalizeJob(client, { jobId: submitted.jobId });
        out.info(
          `job ${submitted.jobId} finalized; certificate #${submitted.jobId} minted to the requester`,
        );
        if (typeof values.out === 'string')
          await downloadJob(client, storage, submitted.jobId, resolve(values.out), out);
      }
      if (out.jsonMode) out.json(submitted);
      return 0;
    }
    case 'status': {
      const job = await getJob(client, { jobId: jobIdOf(positionals) });
      if (job.status === 'None') throw new CliError(`Job ${positionals[0]} does not exist.`);
      if (out.jsonMode) out.json(job);
      else {
        out.info(`job ${job.jobId}: ${job.status}, ${job.mode}`);
        out.info(
          `  units     ${job.unitsAccepted}/${job.unitCount} accepted, ${job.unitsInFlight} in flight`,
        );
        out.info(`  price     ${glt(job.pricePerUnit)} per unit, escrow left ${glt(job.escrow)}`);
        out.info(`  deadline  ${new Date(job.deadline * 1000).toISOString()}`);
        if (job.status === 'Completed') out.info(`  frames    root ${job.framesRoot}`);
      }
      return 0;
    }
    case 'download': {
      if (typeof values.out !== 'string') throw new CliError('--out <dir> is required.');
      await downloadJob(client, storage, jobIdOf(positionals), resolve(values.out), out);
      return 0;
    }
    case 'cancel': {
      const jobId = jobIdOf(positionals);
      await cancelJob(client, { jobId });
      out.info(`job ${jobId} cancelled; untouched units refunded`);
      return 0;
    }
    default:
      throw new CliError(`Unknown job command "${sub ?? ''}".`, {
        hint: 'Use submit, status, download or cancel.',
      });
  }
}
