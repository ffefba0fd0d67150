/** "Did you mean": the nearest known command or flag to a mistyped one, by edit distance. */

/** Edits (insert, delete, substitute, swap two neighbours) turning a into b. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The closest candidate, when close enough to be a typo (about one edit in three letters); undefined otherwise. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = editDistance(w, name.toLowerCase());
    if (best === undefined || distance < best.distance) best = { name, distance };
  }
  if (!best || best.distance === 0) return undefined;
  const limit = Math.max(1, Math.floor(Math.max(w.length, best.name.length) / 3));
  return best.distance <= limit ? best.name : undefined;
}

const kebab = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/** " (did you mean X?)" when `word` is close to one of `known`; '' otherwise. */
export function didYouMean(word: string, known: readonly string[], prefix = ''): string {
  const match = closest(word, known);
  return match ? ` (did you mean ${prefix}${match}?)` : '';
}

/** The same for a long flag as typed (`--dockerVersio`, `--dockr-version`), among the known long flags. */
export function didYouMeanFlag(typed: string, flags: readonly string[]): string {
  const name = /^--([A-Za-z][\w-]*)/.exec(typed)?.[1];
  return name === undefined
    ? ''
    : didYouMean(
        kebab(name),
        flags.filter((f) => f.length > 1),
        '--',
      );
}
