import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { diffLines, unifiedDiff } from '../../src/core/merge/line-diff';

function lcsLength(a: string[], b: string[]): number {
  const row = new Array(b.length + 1).fill(0);
  for (const x of a) {
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j];
      row[j] = x === b[j - 1] ? diag + 1 : Math.max(row[j], row[j - 1]);
      diag = up;
    }
  }
  return row[b.length];
}

describe('line diff', () => {
  it('gives a shortest edit script that rebuilds both sides (random cases)', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let round = 0; round < 300; round++) {
      const a = Array.from({ length: rnd(12) }, () => 'abcd'[rnd(4)]);
      const b = Array.from({ length: rnd(12) }, () => 'abcd'[rnd(4)]);
      const ops = diffLines(a, b);
      expect(ops.filter((o) => o.kind !== '+').map((o) => o.line)).toEqual(a);
      expect(ops.filter((o) => o.kind !== '-').map((o) => o.line)).toEqual(b);
      expect(ops.filter((o) => o.kind === ' ').length).toBe(lcsLength(a, b));
    }
  });

  it('is empty for equal texts', () => {
    expect(unifiedDiff('f', 'a\nb\n', 'a\nb\n')).toBe('');
  });

  it('writes hunks that patch(1) applies', () => {
    const before = Array.from({ length: 40 }, (_, i) => `line ${i}`);
    const after = [...before];
    after[3] = 'changed 3';
    after.splice(20, 2);
    after.splice(35, 0, 'inserted');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diff-'));
    fs.writeFileSync(path.join(dir, 'f.txt'), `${before.join('\n')}\n`);
    const diff = unifiedDiff('f.txt', `${before.join('\n')}\n`, `${after.join('\n')}\n`);
    expect(diff.split('\n').filter((l) => l.startsWith('@@'))).toHaveLength(3);
    const result = spawnSync('patch', ['-p1', '--no-backup-if-mismatch'], { cwd: dir, input: diff, encoding: 'utf8' });
    if (result.error) throw result.error;
    expect(result.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'f.txt'), 'utf8')).toBe(`${after.join('\n')}\n`);
  });
});
