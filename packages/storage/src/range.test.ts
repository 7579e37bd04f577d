import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRangeHeader } from './range.js';

describe('parseRangeHeader', () => {
  const size = 1000;
  const cases: Array<[string | undefined, ReturnType<typeof parseRangeHeader>]> = [
    [undefined, { kind: 'full' }],
    ['bytes=0-0', { kind: 'partial', offset: 0, length: 1 }],
    ['bytes=10-19', { kind: 'partial', offset: 10, length: 10 }],
    ['bytes=990-', { kind: 'partial', offset: 990, length: 10 }],
    ['bytes=-10', { kind: 'partial', offset: 990, length: 10 }],
    ['bytes=-5000', { kind: 'partial', offset: 0, length: 1000 }],
    ['bytes=500-99999', { kind: 'partial', offset: 500, length: 500 }],
    ['bytes=1000-', { kind: 'unsatisfiable' }],
    ['bytes=1000-1001', { kind: 'unsatisfiable' }],
    ['bytes=-0', { kind: 'unsatisfiable' }],
    ['bytes=20-10', { kind: 'full' }],
    ['bytes=0-1,4-5', { kind: 'full' }],
    ['items=0-1', { kind: 'full' }],
    ['bytes=-', { kind: 'full' }],
    ['bytes=99999999999999999999-', { kind: 'full' }],
  ];
  for (const [header, expected] of cases) {
    it(`${String(header)} → ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(parseRangeHeader(header, size), expected);
    });
  }
  it('treats every range of an empty blob as unsatisfiable', () => {
    assert.deepEqual(parseRangeHeader('bytes=0-', 0), { kind: 'unsatisfiable' });
    assert.deepEqual(parseRangeHeader('bytes=-1', 0), { kind: 'unsatisfiable' });
  });
});
