/**
 * Word wrapping for yargs' help. yargs' ES module build lays out help with cliui's ES module glue, whose
 * wrap breaks lines every N characters, mid-word ("(default d" / "ind)"); its CommonJS build uses
 * wrap-ansi. The bundle gives cliui this wrap instead (scripts/build.js): whole words, and a word wider
 * than the column broken where it must be, as wrap-ansi does with { hard: true }. Help text has no
 * terminal colours, so widths are counted in code points, as that glue counts them.
 */

export function textWidth(text: string): number {
  return [...text].length;
}

/** Breaks a word wider than `width` into pieces of `width` code points. */
function pieces(word: string, width: number): string[] {
  const chars = [...word];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += width) out.push(chars.slice(i, i + width).join(''));
  return out;
}

function wrapLine(line: string, width: number): string[] {
  const rows: string[] = [];
  let row = '';
  for (const word of line.split(' ').filter((w) => w !== '')) {
    const candidate = row === '' ? word : `${row} ${word}`;
    if (textWidth(candidate) <= width) {
      row = candidate;
      continue;
    }
    if (row !== '') rows.push(row);
    row = '';
    if (textWidth(word) <= width) {
      row = word;
      continue;
    }
    const parts = pieces(word, width);
    rows.push(...parts.slice(0, -1));
    row = parts[parts.length - 1];
  }
  rows.push(row);
  return rows;
}

/** Lines of at most `width` code points, broken between words; the text's own line breaks are kept. */
export function wrapText(text: string, width: number): string {
  if (!(width > 0)) return text;
  return text
    .split('\n')
    .flatMap((line) => wrapLine(line, width))
    .join('\n');
}
