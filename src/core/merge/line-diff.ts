/** A unified diff of two texts, line by line (Myers' O(ND) algorithm), for `--diff`. */

type Op = { kind: ' ' | '-' | '+'; line: string };

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The shortest edit script from a to b. */
export function diffLines(a: string[], b: string[]): Op[] {
  const max = a.length + b.length;
  const v = new Map<number, number>([[1, 0]]);
  const trace: Map<number, number>[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(new Map(v));
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v.get(k - 1) ?? -1) < (v.get(k + 1) ?? -1));
      let x = down ? v.get(k + 1)! : v.get(k - 1)! + 1;
      let y = x - k;
      while (x < a.length && y < b.length && a[x] === b[y]) {
        x++;
        y++;
      }
      v.set(k, x);
      if (x >= a.length && y >= b.length) {
        found = true;
        break;
      }
    }
  }
  // Walk the trace back from the end to recover the edits.
  const ops: Op[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d];
    const k = x - y;
    const down = k === -d || (k !== d && (vd.get(k - 1) ?? -1) < (vd.get(k + 1) ?? -1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = vd.get(prevK) ?? 0;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: ' ', line: a[--x] });
      y--;
    }
    if (d > 0) {
      if (down) ops.push({ kind: '+', line: b[--y] });
      else ops.push({ kind: '-', line: a[--x] });
    }
  }
  return ops.reverse();
}

/** `--- a/name`, `+++ b/name` and hunks with `context` lines around each change; '' when equal. */
export function unifiedDiff(name: string, before: string, after: string, context = 3): string {
  const ops = diffLines(splitLines(before), splitLines(after));
  const changed = ops.map((op, i) => (op.kind === ' ' ? -1 : i)).filter((i) => i >= 0);
  if (changed.length === 0) return '';
  const out = [`--- a/${name}`, `+++ b/${name}`];
  let i = 0;
  while (i < changed.length) {
    let j = i;
    while (j + 1 < changed.length && changed[j + 1] - changed[j] <= 2 * context) j++;
    const start = Math.max(0, changed[i] - context);
    const end = Math.min(ops.length, changed[j] + context + 1);
    const before0 = ops.slice(0, start).filter((op) => op.kind !== '+').length;
    const after0 = ops.slice(0, start).filter((op) => op.kind !== '-').length;
    const hunk = ops.slice(start, end);
    const aLen = hunk.filter((op) => op.kind !== '+').length;
    const bLen = hunk.filter((op) => op.kind !== '-').length;
    out.push(`@@ -${aLen === 0 ? before0 : before0 + 1},${aLen} +${bLen === 0 ? after0 : after0 + 1},${bLen} @@`);
    for (const op of hunk) out.push(`${op.kind}${op.line}`);
    i = j + 1;
  }
  return `${out.join('\n')}\n`;
}
