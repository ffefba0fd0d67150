import TOML from '@iarna/toml';
import YAML from 'yaml';
import { shellWord, tomlValue, yamlString, commentText } from '../../src/core/render/quote';
import { splitShellWords } from '../../src/core/shell-words';

const TRICKY = [
  'plain',
  'with "double" and \'single\' quotes',
  'hash # not a comment',
  'colon: space',
  'key: value # both',
  '{{ braces }} and [brackets], commas',
  'back\\slash \\n not a newline',
  'line\nbreak',
  'tab\tand\rreturn',
  'unicode: größe 日本語 🚀',
  'C1 control \u0085 and \u009f and DEL \u007f',
  '$CI_REGISTRY_IMAGE and ${VAR}',
  '*alias &anchor !tag %directive @at `tick`',
  '- leading dash',
  '',
  ' leading and trailing ',
  'null',
  'true',
  '0x10',
  '\u2028 line separator',
];

describe('yamlString', () => {
  test.each(TRICKY)('round-trips %j through a YAML parser', (s) => {
    const doc = YAML.parseDocument(`key: ${yamlString(s)}\n`, { uniqueKeys: true });
    expect(doc.errors).toEqual([]);
    expect(doc.toJS().key).toBe(s);
  });
});

describe('tomlValue', () => {
  test.each(TRICKY)('round-trips %j through a TOML parser', (s) => {
    expect(TOML.parse(`key = ${tomlValue(s)}\n`).key).toBe(s);
  });
  test('writes arrays, integers and booleans', () => {
    expect(TOML.parse(`a = ${tomlValue(['x', 'y"z'])}\nb = ${tomlValue(4)}\nc = ${tomlValue(false)}\n`)).toEqual({ a: ['x', 'y"z'], b: 4, c: false });
  });
  test('refuses what TOML cannot hold exactly', () => {
    expect(() => tomlValue(1.5)).toThrow();
    expect(() => tomlValue(null)).toThrow();
  });
});

describe('shellWord', () => {
  test.each(TRICKY.filter((s) => !s.includes('\r')))('round-trips %j through a shell word splitter', (s) => {
    expect(splitShellWords(`cmd ${shellWord(s)} end`)).toEqual(['cmd', s, 'end']);
  });
  test('leaves plainly safe words bare', () => {
    expect(shellWord('docker:29.10.1-cli')).toBe('docker:29.10.1-cli');
    expect(shellWord('a b')).toBe("'a b'");
  });
});

describe('commentText', () => {
  test('refuses text that would leave the comment', () => {
    expect(commentText('one line')).toBe('one line');
    expect(() => commentText('two\nlines')).toThrow();
  });
});
