import {
  type Abi,
  ContractFunctionRevertedError,
  decodeErrorResult,
  formatUnits,
  type Hex,
  HttpRequestError,
  TimeoutError,
  BaseError as ViemBaseError,
} from 'viem';
import { ContractRevertError, RpcUnavailableError } from './errors.js';
import {
  gridlightGovernorAbi,
  gridlightTokenAbi,
  jobMarketAbi,
  nodeRegistryAbi,
  renderCertificateAbi,
  reputationAbi,
  stakingAbi,
  timelockControllerAbi,
} from './generated/abis.js';

type AbiError = Extract<Abi[number], { type: 'error' }>;

/** Every custom error of every Gridlight contract (a call can revert with a callee's error). */
export const gridlightErrorsAbi: readonly AbiError[] = dedupe(
  [
    jobMarketAbi,
    stakingAbi,
    nodeRegistryAbi,
    reputationAbi,
    gridlightTokenAbi,
    renderCertificateAbi,
    gridlightGovernorAbi,
    timelockControllerAbi,
  ].flatMap((abi) => (abi as Abi).filter((item): item is AbiError => item.type === 'error')),
);

const jobStatus = ['None', 'Open', 'Cancelled', 'Completed', 'Closed'];
const taskStatus = ['None', 'Open', 'Verifying', 'Rejected', 'Disputed', 'Accepted', 'Failed'];
const claimStatus = [
  'None',
  'Claimed',
  'Committed',
  'Revealed',
  'Accepted',
  'Rejected',
  'Expired',
  'Released',
];
const glt = (v: unknown) => `${formatUnits(BigInt(v as bigint), 18)} GLT`;
const time = (v: unknown) => new Date(Number(v) * 1000).toISOString();
const named = (names: string[], v: unknown) => names[Number(v)] ?? String(v);

// Words for the errors a user meets; any other error is shown as name(arg=value, …).
const describers: Record<string, (a: readonly unknown[]) => string> = {
  InvalidJobParam: ([field]) => `job parameter "${field}" is invalid`,
  BudgetOverflow: () => 'unitCount × pricePerUnit × replication does not fit in 96 bits',
  UnknownJob: ([job]) => `job ${job} does not exist`,
  UnknownClaim: ([claim]) => `claim ${claim} does not exist`,
  JobNotOpen: ([job, status]) => `job ${job} is not open (${named(jobStatus, status)})`,
  NotRequester: ([job, caller]) => `${caller} is not the requester of job ${job}`,
  NodeNotEligible: ([node, job, reason]) => `node ${node} may not work on job ${job} (${reason})`,
  NoUnitsAvailable: ([job]) => `job ${job} has no units left to claim`,
  ZeroUnits: () => 'at least one unit must be claimed',
  NotClaimOwner: ([claim, caller]) => `${caller} does not own claim ${claim}`,
  WrongClaimStatus: ([claim, status]) =>
    `claim ${claim} is ${named(claimStatus, status)}, which does not allow this step`,
  WrongTaskStatus: ([task, status]) =>
    `task ${task} is ${named(taskStatus, status)}, which does not allow this step`,
  ClaimExpired: ([claim, at]) => `claim ${claim} expired at ${time(at)}`,
  ClaimNotExpired: ([claim, at]) => `claim ${claim} does not expire before ${time(at)}`,
  SealMismatch: ([claim]) => `the revealed root and salt do not open claim ${claim}'s seal`,
  EmptyCommitment: () => 'a seal or result root may not be zero',
  NotVerifier: ([claim, caller]) => `${caller} is not the selected verifier of claim ${claim}`,
  WindowClosed: ([claim, at]) => `the window for claim ${claim} closed at ${time(at)}`,
  WindowOpen: ([claim, at]) => `the window for claim ${claim} is open until ${time(at)}`,
  SelfDealing: ([node]) => `node ${node} may not verify or challenge its own work`,
  JobIncomplete: ([job, accepted, total]) =>
    `job ${job} has ${accepted} of ${total} units accepted`,
  LengthMismatch: () => 'array arguments have different lengths',
  InsufficientFreeStake: ([node, available, requested]) =>
    `node ${node} has ${glt(available)} of free stake, ${glt(requested)} needed`,
  UnbondingNotFinished: ([node, at]) => `stake of ${node} is unbonding until ${time(at)}`,
  NothingToWithdraw: ([node]) => `${node} has nothing unbonding to withdraw`,
  ZeroAmount: () => 'the amount must not be zero',
  AlreadyRegistered: ([node]) => `node ${node} is already registered`,
  NotRegistered: ([node]) => `node ${node} is not registered`,
  InvalidRegion: ([region]) => `region ${region} is not two upper-case letters`,
  MissingEncryptionKey: () => 'the node needs a non-zero X25519 encryption key',
  FieldTooLong: ([field, length, max]) => `${field} is ${length} bytes, at most ${max} allowed`,
  ERC20InsufficientBalance: ([sender, balance, needed]) =>
    `${sender} has ${glt(balance)}, ${glt(needed)} needed`,
  ERC20InsufficientAllowance: ([spender, allowance, needed]) =>
    `${spender} may spend ${glt(allowance)}, ${glt(needed)} needed (approve or sign a permit)`,
  ERC2612ExpiredSignature: ([deadline]) => `the permit expired at ${time(deadline)}`,
  ERC2612InvalidSigner: ([signer, owner]) => `the permit was signed by ${signer}, not ${owner}`,
  UnknownCertificate: ([id]) => `certificate ${id} does not exist`,
  Error: ([reason]) => String(reason),
  Panic: ([code]) => `panic 0x${BigInt(code as bigint).toString(16)}`,
};

/**
 * One line describing a custom error and its arguments in words.
 *
 * @example
 * describeRevert('NodeNotEligible', ['0xabc…', 3n, 'reputation'])
 * // 'node 0xabc… may not work on job 3 (reputation)'
 */
export function describeRevert(errorName: string, args: readonly unknown[]): string {
  const describe = describers[errorName];
  if (describe) return describe(args);
  const abiError = gridlightErrorsAbi.find((item) => item.name === errorName);
  const parts = args.map((arg, i) => {
    const name = abiError?.inputs[i]?.name;
    return name ? `${name}=${String(arg)}` : String(arg);
  });
  return `${errorName}(${parts.join(', ')})`;
}

/** Decodes raw revert data against every Gridlight error; undefined if unknown. */
export function decodeRevertData(
  data: Hex,
): { errorName: string; args: readonly unknown[] } | undefined {
  try {
    const decoded = decodeErrorResult({ abi: gridlightErrorsAbi, data });
    return { errorName: decoded.errorName, args: decoded.args ?? [] };
  } catch {
    return undefined;
  }
}

/**
 * Turns whatever a viem call threw into an SDK error: a `ContractRevertError` for reverts
 * (decoded against every Gridlight contract's errors), an `RpcUnavailableError` for
 * transport failures; anything else is returned unchanged.
 */
export function toGridlightError(error: unknown, functionName?: string): unknown {
  if (!(error instanceof ViemBaseError)) return error;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError) as
    | ContractFunctionRevertedError
    | undefined;
  if (reverted) {
    let decoded =
      reverted.data?.errorName !== undefined
        ? { errorName: reverted.data.errorName, args: reverted.data.args ?? [] }
        : undefined;
    if (!decoded && reverted.raw) decoded = decodeRevertData(reverted.raw);
    if (!decoded && reverted.reason) decoded = { errorName: 'Error', args: [reverted.reason] };
    if (decoded) {
      return new ContractRevertError(
        decoded.errorName,
        decoded.args,
        describeRevert(decoded.errorName, decoded.args),
        { cause: error, functionName, details: error.shortMessage },
      );
    }
    return new ContractRevertError(
      'UnknownRevert',
      [],
      `${functionName ?? 'the call'} reverted${reverted.raw ? ` with data ${reverted.raw}` : ' without a reason'}`,
      { cause: error, functionName },
    );
  }
  const transport = error.walk((e) => e instanceof HttpRequestError || e instanceof TimeoutError);
  if (transport) {
    return new RpcUnavailableError(`The RPC endpoint did not answer: ${error.shortMessage}`, {
      cause: error,
      metaMessages: ['Check the RPC URL and that the node is running; then try again.'],
    });
  }
  return error;
}

function dedupe(errors: AbiError[]): AbiError[] {
  const seen = new Set<string>();
  return errors.filter((item) => {
    const key = `${item.name}(${item.inputs.map((input) => input.type).join(',')})`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
