import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { JournalError } from './errors.js';
import { Journal, type JournalEntry, parseJournal, replayJournal } from './journal.js';

const root = `0x${'11'.repeat(32)}` as const;
const salt = `0x${'22'.repeat(32)}` as const;
const seal = `0x${'33'.repeat(32)}` as const;
const tx = `0x${'44'.repeat(32)}` as const;

async function tempFile(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gridlight-journal-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return join(dir, 'journal.jsonl');
}

test('journal writes, fsyncs and replays a claim', async (t) => {
  const file = await tempFile(t);
  const journal = await Journal.open(file);
  await journal.append({
    t: 'claimed',
    claimId: '7',
    jobId: '1',
    taskIndex: 0,
    start: 2,
    count: 2,
  });
  await journal.append({ t: 'frame', claimId: '7', unit: 2, frame: 3, pixelHash: root, cid: 'a' });
  await journal.append({ t: 'commit-intent', claimId: '7', root, salt, seal });
  assert.equal(journal.state.claims.get('7')?.commit?.salt, salt);
  await journal.close();

  const again = await Journal.open(file);
  const claim = again.state.claims.get('7');
  assert.ok(claim);
  assert.equal(claim.start, 2);
  assert.equal(claim.frames.get(2)?.frame, 3);
  assert.deepEqual(claim.commit, { root, salt, seal });
  assert.equal(claim.commitTx, undefined);
  assert.equal(again.droppedTail, false);
  await again.append({ t: 'committed', claimId: '7', tx });
  await again.close();
  const third = await Journal.open(file);
  assert.equal(third.state.claims.get('7')?.commitTx, tx);
  await third.close();
});

test('journal keeps the first commit intent: the salt that may be on chain', () => {
  const other = `0x${'55'.repeat(32)}` as const;
  const state = replayJournal([
    { t: 'claimed', claimId: '1', jobId: '1', taskIndex: 0, start: 0, count: 1 },
    { t: 'commit-intent', claimId: '1', root, salt, seal },
    { t: 'commit-intent', claimId: '1', root, salt: other, seal },
  ]);
  assert.equal(state.claims.get('1')?.commit?.salt, salt);
});

test('journal tolerates a torn trailing line and truncates it', async (t) => {
  const file = await tempFile(t);
  const good: JournalEntry = {
    t: 'claimed',
    claimId: '3',
    jobId: '1',
    taskIndex: 0,
    start: 0,
    count: 1,
  };
  await writeFile(file, `${JSON.stringify(good)}\n{"t":"commit-intent","claimId":"3","ro`);
  const journal = await Journal.open(file);
  assert.equal(journal.droppedTail, true);
  assert.ok(journal.state.claims.has('3'));
  assert.equal(journal.state.claims.get('3')?.commit, undefined);
  await journal.append({ t: 'closed', claimId: '3', reason: 'test' });
  await journal.close();
  const lines = (await readFile(file, 'utf8')).trim().split('\n');
  assert.equal(lines.length, 2);
  for (const line of lines) JSON.parse(line);
});

test('journal tolerates a bad terminated last line', async (t) => {
  const file = await tempFile(t);
  const good: JournalEntry = {
    t: 'claimed',
    claimId: '4',
    jobId: '1',
    taskIndex: 0,
    start: 0,
    count: 1,
  };
  await writeFile(file, `${JSON.stringify(good)}\n`);
  await appendFile(file, 'garbage\n\n');
  const journal = await Journal.open(file);
  assert.equal(journal.droppedTail, true);
  assert.ok(journal.state.claims.has('4'));
  await journal.close();
  assert.equal(await readFile(file, 'utf8'), `${JSON.stringify(good)}\n`);
});

test('journal refuses corruption before good lines', () => {
  const good = JSON.stringify({
    t: 'claimed',
    claimId: '5',
    jobId: '1',
    taskIndex: 0,
    start: 0,
    count: 1,
  });
  assert.throws(() => parseJournal(`${good}\nnot json\n${good}\n`), JournalError);
});

test('journal records verdicts', () => {
  const state = replayJournal([
    { t: 'verdict-intent', claimId: '9', accept: true, reason: 'similar' },
    { t: 'verdict', claimId: '9', accept: true, tx },
  ]);
  assert.deepEqual(state.verdicts.get('9'), { claimId: '9', accept: true, reason: 'similar', tx });
});
