/**
 * Splits a POSIX shell command line into words, enough to read back what we write: single and
 * double quotes, backslash-newline continuations. `$VAR` inside double quotes stays literal.
 */
export function splitShellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && line[i + 1] === '\n') {
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n') {
      if (word !== null) words.push(word);
      word = null;
      continue;
    }
    word ??= '';
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error('unterminated single quote');
      word += line.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && '"\\$`'.includes(line[j + 1])) j++;
        word += line[j];
      }
      if (j >= line.length) throw new Error('unterminated double quote');
      i = j;
    } else if (c === '\\') {
      word += line[++i] ?? '';
    } else {
      word += c;
    }
  }
  if (word !== null) words.push(word);
  return words;
}
