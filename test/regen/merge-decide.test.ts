import { decide } from '../../src/core/merge/decide';
import { canonicalJson, dataPrint } from '../../src/core/record/fingerprint';

describe('fingerprints of data', () => {
  it('ignore key order and tell values apart', () => {
    expect(canonicalJson({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe(canonicalJson({ a: [1, { c: 3, d: 2 }], b: 1 }));
    expect(dataPrint({ a: '1' })).not.toBe(dataPrint({ a: 1 }));
    expect(dataPrint([1, 2])).not.toBe(dataPrint([2, 1]));
  });
});

describe('the three-way rule for one part', () => {
  const [R, U, N] = ['sha256:r', 'sha256:u', 'sha256:n'];
  it.each([
    ['user left it, render moved: take the render', { known: true, recorded: R, user: R, next: N }, false, { action: 'take', record: 'next' }],
    [
      'user edited, render did not: keep, report edited',
      { known: true, recorded: R, user: U, next: R },
      false,
      { action: 'keep', issue: 'edited', record: 'recorded' },
    ],
    ['both changed: keep, report conflict', { known: true, recorded: R, user: U, next: N }, false, { action: 'keep', issue: 'conflict', record: 'recorded' }],
    ['both changed, --force: take, forced', { known: true, recorded: R, user: U, next: N }, true, { action: 'take', issue: 'conflict', forced: true }],
    ['both changed the same way: keep', { known: true, recorded: R, user: N, next: N }, false, { action: 'keep', record: 'next' }],
    [
      'user removed it, render unchanged: stays removed, edited',
      { known: true, recorded: R, user: undefined, next: R },
      false,
      { action: 'keep', issue: 'edited' },
    ],
    ['new part: added', { known: true, recorded: undefined, user: undefined, next: N }, false, { action: 'take', record: 'next' }],
    ['render dropped it, user left it: dropped', { known: true, recorded: R, user: R, next: undefined }, false, { action: 'drop', record: 'none' }],
    ['render dropped it, user edited: theirs now', { known: true, recorded: R, user: U, next: undefined }, false, { action: 'keep', record: 'none' }],
    ['no baseline, differs: conflict', { known: false, user: U, next: N }, false, { action: 'keep', issue: 'conflict', record: 'none' }],
    ['no baseline, absent: added', { known: false, user: undefined, next: N }, false, { action: 'take' }],
  ])('%s', (_name, prints, force, expected) => {
    expect(decide(prints, force)).toMatchObject(expected);
  });
});
