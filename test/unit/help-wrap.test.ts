/** The word wrap the bundle gives yargs' help layout (cliui), in place of its cut every N characters. */
import fc from 'fast-check';
import { textWidth, wrapText } from '../../src/cli/help-wrap';
import { FC_PARAMS } from '../support/arbitraries';

test('breaks between words, never inside one that fits', () => {
  expect(wrapText('build mode: dind, socket, shell (default dind)', 20)).toBe('build mode: dind,\nsocket, shell\n(default dind)');
});

test('a word wider than the column is broken where it must be', () => {
  expect(wrapText('see harbor.example.com/devops now', 10)).toBe('see\nharbor.exa\nmple.com/d\nevops now');
});

test("keeps the text's own line breaks, and counts code points, not UTF-16 units", () => {
  expect(wrapText('a b\nc d', 3)).toBe('a b\nc d');
  expect(textWidth('→ 🐳')).toBe(3);
  expect(wrapText('🐳🐳 🐳🐳', 2)).toBe('🐳🐳\n🐳🐳');
});

test('any words, any width: no line wider than asked, and the same words in the same order', () => {
  const word = fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 15 }).filter((w) => !/\s/.test(w));
  fc.assert(
    fc.property(fc.array(word, { maxLength: 30 }), fc.integer({ min: 1, max: 40 }), (words, width) => {
      const out = wrapText(words.join(' '), width);
      for (const line of out.split('\n')) expect(textWidth(line)).toBeLessThanOrEqual(width);
      // Words that fit stay whole; the rest come back whole when their pieces are joined.
      expect(out.replace(/\n/g, ' ').split(' ').filter(Boolean).join('')).toBe(words.join(''));
      for (const w of words.filter((x) => textWidth(x) <= width)) expect(out.split(/[\n ]/)).toContain(w);
    }),
    FC_PARAMS,
  );
});
