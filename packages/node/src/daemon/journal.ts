import { type FileHandle, mkdir, open, readFile, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Hex } from 'viem';
import { JournalError } from './errors.js';

/** One rendered unit of a claim, as recorded and as published in the result index. */
export type FrameRecord = { unit: number; frame: number; pixelHash: Hex; cid: string };

/**
 * One line of the journal. Claim ids are decimal strings (JSON has no bigint). The order of
 * a claim's lines is its life: claimed → frame… → indexed → commit-intent (salt, before the
 * transaction is sent) → committed → revealed, or closed at any point.
 */
export type JournalEntry =
  | {
      t: 'claimed';
      claimId: string;
      jobId: string;
      taskIndex: number;
      start: number;
      count: number;
    }
  | ({ t: 'frame'; claimId: string } & FrameRecord)
  | { t: 'indexed'; claimId: string; resultIndexCid: string; root: Hex }
  | { t: 'commit-intent'; claimId: string; root: Hex; salt: Hex; seal: Hex }
  | { t: 'committed'; claimId: string; tx: Hex }
  | { t: 'revealed'; claimId: string; tx: Hex }
  | { t: 'closed'; claimId: string; reason: string }
  | { t: 'verdict-intent'; claimId: string; accept: boolean; reason: string }
  | { t: 'verdict'; claimId: string; accept: boolean; tx: Hex };

/** A claim as rebuilt from the journal. */
export type ClaimRecord = {
  claimId: string;
  jobId: string;
  taskIndex: number;
  start: number;
  count: number;
  /** Rendered units by unit index. */
  frames: Map<number, FrameRecord>;
  resultIndexCid?: string | undefined;
  root?: Hex | undefined;
  commit?: { root: Hex; salt: Hex; seal: Hex } | undefined;
  commitTx?: Hex | undefined;
  revealTx?: Hex | undefined;
  closed?: string | undefined;
};

/** A verification duty as rebuilt from the journal. */
export type VerdictRecord = {
  claimId: string;
  accept: boolean;
  reason: string;
  tx?: Hex | undefined;
};

/** Everything the journal knows, by claim id. */
export type JournalState = {
  claims: Map<string, ClaimRecord>;
  verdicts: Map<string, VerdictRecord>;
};

/** Folds journal entries into per-claim state (later lines win). */
export function replayJournal(entries: readonly JournalEntry[]): JournalState {
  const claims = new Map<string, ClaimRecord>();
  const verdicts = new Map<string, VerdictRecord>();
  for (const e of entries) {
    if (e.t === 'verdict-intent') {
      verdicts.set(e.claimId, { claimId: e.claimId, accept: e.accept, reason: e.reason });
      continue;
    }
    if (e.t === 'verdict') {
      const v = verdicts.get(e.claimId);
      verdicts.set(e.claimId, {
        claimId: e.claimId,
        accept: e.accept,
        reason: v?.reason ?? '',
        tx: e.tx,
      });
      continue;
    }
    if (e.t === 'claimed') {
      claims.set(e.claimId, {
        claimId: e.claimId,
        jobId: e.jobId,
        taskIndex: e.taskIndex,
        start: e.start,
        count: e.count,
        frames: new Map(),
      });
      continue;
    }
    const c = claims.get(e.claimId);
    if (!c) continue; // a line for a claim we never recorded claiming: ignore
    switch (e.t) {
      case 'frame':
        c.frames.set(e.unit, { unit: e.unit, frame: e.frame, pixelHash: e.pixelHash, cid: e.cid });
        break;
      case 'indexed':
        c.resultIndexCid = e.resultIndexCid;
        c.root = e.root;
        break;
      case 'commit-intent':
        // Never replaced once written: the salt of the first intent is the one that may be on chain.
        c.commit ??= { root: e.root, salt: e.salt, seal: e.seal };
        break;
      case 'committed':
        c.commitTx = e.tx;
        break;
      case 'revealed':
        c.revealTx = e.tx;
        break;
      case 'closed':
        c.closed = e.reason;
        break;
    }
  }
  return { claims, verdicts };
}

/**
 * Parses journal text. A torn tail (the process died mid-write: an unterminated last line,
 * or a bad last line) is dropped and reported through `validBytes`; its append never
 * resolved, so nothing was done on its strength. A bad line before good ones is corruption
 * and throws.
 */
export function parseJournal(
  text: string,
  file = 'journal',
): { entries: JournalEntry[]; validBytes: number; droppedTail: boolean } {
  const entries: JournalEntry[] = [];
  const pieces = text.split('\n');
  // The piece after the last newline is unterminated: never acknowledged, always dropped.
  const unterminated = pieces.pop() ?? '';
  let validBytes = 0;
  for (let i = 0; i < pieces.length; i++) {
    const line = pieces[i] as string;
    if (line.trim() !== '') {
      const entry = parseLine(line);
      if (!entry) {
        const rest = pieces.slice(i + 1).every((p) => p.trim() === '');
        if (rest) return { entries, validBytes, droppedTail: true };
        throw new JournalError(`${file} is corrupt at line ${i + 1}.`, {
          metaMessages: [
            'Only a torn last line is repaired automatically.',
            'Move the file aside to start over (claims in flight will then expire).',
          ],
          details: line.slice(0, 200),
        });
      }
      entries.push(entry);
    }
    validBytes += Buffer.byteLength(line) + 1;
  }
  return { entries, validBytes, droppedTail: unterminated.length > 0 };
}

function parseLine(line: string): JournalEntry | undefined {
  try {
    const parsed: unknown = JSON.parse(line);
    if (
      parsed !== null &&
      typeof parsed === 'object' &&
      typeof (parsed as { t?: unknown }).t === 'string' &&
      typeof (parsed as { claimId?: unknown }).claimId === 'string'
    ) {
      return parsed as JournalEntry;
    }
  } catch {
    // fall through
  }
  return undefined;
}

/**
 * Append-only JSON-lines journal with an fsync after every line, so a line that `append`
 * resolved for survives a crash. Appends are serialized.
 *
 * @example
 * const journal = await Journal.open(join(workDir, 'journal.jsonl'));
 * await journal.append({ t: 'commit-intent', claimId: '7', root, salt, seal });
 */
export class Journal {
  readonly file: string;
  readonly #handle: FileHandle;
  #state: JournalState;
  #tail: Promise<void> = Promise.resolve();
  #closed = false;
  /** Whether opening dropped a torn last line. */
  readonly droppedTail: boolean;

  private constructor(file: string, handle: FileHandle, state: JournalState, droppedTail: boolean) {
    this.file = file;
    this.#handle = handle;
    this.#state = state;
    this.droppedTail = droppedTail;
  }

  /** Opens (or creates) the journal, repairs a torn last line, and replays it. */
  static async open(file: string): Promise<Journal> {
    await mkdir(dirname(file), { recursive: true });
    let text = '';
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new JournalError(`Cannot read ${file}.`, { cause: error });
      }
    }
    const { entries, validBytes, droppedTail } = parseJournal(text, file);
    // Cut the torn tail so the next line starts clean.
    if (droppedTail) await truncate(file, validBytes);
    const handle = await open(file, 'a', 0o600);
    return new Journal(file, handle, replayJournal(entries), droppedTail);
  }

  /** The state replayed from disk plus every line appended since. */
  get state(): JournalState {
    return this.#state;
  }

  /** Writes one line and fsyncs it; resolves when it is durable. */
  append(entry: JournalEntry): Promise<void> {
    if (this.#closed) return Promise.reject(new JournalError('The journal is closed.'));
    const line = `${JSON.stringify(entry)}\n`;
    const run = this.#tail.then(async () => {
      await this.#handle.write(line);
      await this.#handle.sync();
      this.#state = replayInto(this.#state, entry);
    });
    this.#tail = run.catch(() => undefined);
    return run.catch((cause) => {
      throw new JournalError(`Cannot write ${this.file}.`, { cause });
    });
  }

  /** Waits for pending appends and closes the file. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#tail;
    await this.#handle.sync().catch(() => undefined);
    await this.#handle.close();
  }
}

function replayInto(state: JournalState, entry: JournalEntry): JournalState {
  // Replaying one entry on top of the current state: rebuild only the touched record.
  const single = replayJournal([...recordToEntries(state, entry.claimId), entry]);
  const claim = single.claims.get(entry.claimId);
  if (claim) state.claims.set(entry.claimId, claim);
  const verdict = single.verdicts.get(entry.claimId);
  if (verdict) state.verdicts.set(entry.claimId, verdict);
  return state;
}

function recordToEntries(state: JournalState, claimId: string): JournalEntry[] {
  const out: JournalEntry[] = [];
  const c = state.claims.get(claimId);
  if (c) {
    out.push({
      t: 'claimed',
      claimId,
      jobId: c.jobId,
      taskIndex: c.taskIndex,
      start: c.start,
      count: c.count,
    });
    for (const f of c.frames.values()) out.push({ t: 'frame', claimId, ...f });
    if (c.resultIndexCid && c.root) {
      out.push({ t: 'indexed', claimId, resultIndexCid: c.resultIndexCid, root: c.root });
    }
    if (c.commit) out.push({ t: 'commit-intent', claimId, ...c.commit });
    if (c.commitTx) out.push({ t: 'committed', claimId, tx: c.commitTx });
    if (c.revealTx) out.push({ t: 'revealed', claimId, tx: c.revealTx });
    if (c.closed) out.push({ t: 'closed', claimId, reason: c.closed });
  }
  const v = state.verdicts.get(claimId);
  if (v) {
    out.push({ t: 'verdict-intent', claimId, accept: v.accept, reason: v.reason });
    if (v.tx) out.push({ t: 'verdict', claimId, accept: v.accept, tx: v.tx });
  }
  return out;
}
