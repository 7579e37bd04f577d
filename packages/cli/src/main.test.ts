import assert from 'node:assert/strict';
import { test } from 'node:test';
import { main } from './main.js';
import { bar, glt } from './output.js';
import { Sink } from './testing/harness.js';

/** Runs the CLI in-process and returns its exit code and what it wrote to stderr. */

async function runCli(argv: string[]): Promise<{ code: number; stderr: string }> {
  const stdout = new Sink();
  const stderr = new Sink();
  return { code: await main(argv, { stdout, stderr }), stderr: stderr.text };
}

test('an unknown command exits 1 with one line and no stack trace', async () => {
  const { code, stderr } = await runCli(['render-everything']);
  assert.equal(code, 1);
  assert.match(stderr, /^gridlight: Unknown command "render-everything"\./);
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
});

test('an unknown flag names the flag', async () => {
  const { code, stderr } = await runCli(['devnet', '--nodez', '3']);
  assert.equal(code, 1);
  assert.match(stderr, /--nodez/);
});

test('job submit without a chain says what is unreachable, in one line', async () => {
  const { code, stderr } = await runCli([
    'job',
    'status',
    '1',
    '--rpc-url',
    'http://127.0.0.1:1',
    '--deployment',
    '/nonexistent/deployment.json',
  ]);
  assert.equal(code, 1);
  assert.match(stderr, /deployment/i);
  assert.doesNotMatch(stderr, /\n\s+at /);
});

test('devnet rejects a node count out of range before starting anything', async () => {
  const { code, stderr } = await runCli(['devnet', '--nodes', 'many']);
  assert.equal(code, 1);
  assert.match(stderr, /--nodes must be a positive whole number \(got "many"\)/);
});

test('glt and bar format for people', () => {
  assert.equal(glt(10n ** 18n * 12n + 5n * 10n ** 17n), '12.5 GLT');
  assert.equal(glt(0n), '0 GLT');
  assert.equal(bar(3, 12, 12), '[###.........] 3/12');
});
