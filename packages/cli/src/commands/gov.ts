import {
  castVote,
  delegateVotes,
  type GovernedContract,
  getProposal,
  governedContracts,
  proposeCall,
  queueProposal,
  type VoteSupport,
  voteSupport,
} from '@gridlight/sdk';
import { type Address, isAddress } from 'viem';
import { chainFlags, clientsFrom } from '../context.js';
import { CliError } from '../errors.js';
import { parseFlags } from '../main.js';
import type { Output } from '../output.js';

function proposalIdOf(positionals: string[]): bigint {
  const raw = positionals[0];
  if (!raw || !/^\d+$/.test(raw)) throw new CliError('Give the proposal id (a decimal number).');
  return BigInt(raw);
}

/** JSON arguments; whole numbers become bigint so uint parameters of any size encode. */
function parseArgsJson(raw: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new CliError(`--args must be a JSON array, e.g. '[86400]' (got ${raw}).`);
  }
  if (!Array.isArray(parsed)) throw new CliError(`--args must be a JSON array (got ${raw}).`);
  const convert = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(convert)
      : typeof v === 'number' && Number.isInteger(v)
        ? BigInt(v)
        : typeof v === 'string' && /^\d+$/.test(v)
          ? BigInt(v)
          : v;
  return parsed.map(convert);
}

/** `gridlight gov delegate|propose|vote|queue|execute|status`. */
export async function govCommand(args: string[], out: Output): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseFlags(rest, {
    ...chainFlags,
    to: { type: 'string' },
    contract: { type: 'string' },
    signature: { type: 'string' },
    args: { type: 'string' },
    description: { type: 'string' },
  });
  const { client } = await clientsFrom(values);
  switch (sub) {
    case 'delegate': {
      const to = values.to as string | undefined;
      if (to !== undefined && !isAddress(to))
        throw new CliError(`--to must be an address (got "${to}").`);
      const { delegatee } = await delegateVotes(client, { to: to as Address | undefined });
      out.info(`votes delegated to ${delegatee}`);
      if (out.jsonMode) out.json({ delegatee });
      return 0;
    }
    case 'propose': {
      const contract = values.contract as string | undefined;
      if (!contract || !governedContracts.includes(contract as GovernedContract)) {
        throw new CliError(
          `--contract must be one of ${governedContracts.join(', ')} (got "${contract ?? ''}").`,
        );
      }
      if (typeof values.signature !== 'string') {
        throw new CliError(
          '--signature is required, e.g. --signature "setUnbondingPeriod(uint256)".',
        );
      }
      const description =
        (values.description as string | undefined) ?? `${contract}.${values.signature}`;
      const { proposalId } = await proposeCall(client, {
        contract: contract as GovernedContract,
        signature: values.signature,
        args: parseArgsJson((values.args as string | undefined) ?? '[]'),
        description,
      });
      out.info(`proposal ${proposalId} created: ${description}`);
      if (out.jsonMode) out.json({ proposalId });
      return 0;
    }
    case 'vote': {
      const proposalId = proposalIdOf(positionals);
      const support = positionals[1] as VoteSupport | undefined;
      if (!support || !(support in voteSupport))
        throw new CliError('Say how to vote: for, against or abstain.');
      await castVote(client, { proposalId, support });
      out.info(`voted ${support} on proposal ${proposalId}`);
      return 0;
    }
    case 'queue':
    case 'execute': {
      const proposalId = proposalIdOf(positionals);
      const p = await getProposal(client, { proposalId });
      const ready = sub === 'queue' ? p.state === 'Succeeded' : p.state === 'Queued';
      if (!ready) {
        const when =
          p.state === 'Queued' && p.eta > 0n
            ? ` (executable from ${new Date(Number(p.eta) * 1000).toISOString()})`
            : '';
        throw new CliError(
          `Proposal ${proposalId} is ${p.state}; it cannot be ${sub}d now${when}.`,
        );
      }
      await queueProposal(client, { proposalId, step: sub });
      out.info(`proposal ${proposalId} ${sub === 'queue' ? 'queued in the timelock' : 'executed'}`);
      return 0;
    }
    case 'status': {
      const p = await getProposal(client, { proposalId: proposalIdOf(positionals) });
      if (out.jsonMode) out.json(p);
      else {
        out.info(`proposal ${p.proposalId}: ${p.state} — ${p.description}`);
        out.info(
          `  votes  for ${p.votes.for}, against ${p.votes.against}, abstain ${p.votes.abstain} (quorum ${p.quorum ?? 'set at the snapshot'})`,
        );
        out.info(
          `  voting until block ${p.deadline}${p.eta > 0n ? `, executable from ${new Date(Number(p.eta) * 1000).toISOString()}` : ''}`,
        );
      }
      return 0;
    }
    default:
      throw new CliError(`Unknown gov command "${sub ?? ''}".`, {
        hint: 'Use delegate, propose, vote, queue, execute or status.',
      });
  }
}
