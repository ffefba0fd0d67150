/**
 * The documentation holds together: the README stays short, every relative link in the README and docs/
 * leads to a file that is there (and to a heading that is there, when it names one), and the import
 * direction docs/ARCHITECTURE.md draws is the one the code has.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const README_LIMIT = 10240;

function markdownFiles(): string[] {
  const docs = fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md'));
  return ['README.md', ...docs.map((f) => path.join('docs', f))];
}

/** The text outside fenced code blocks and inline code, where a link is a link. */
function prose(text: string): string {
  return text.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens; repeats get -1, -2. */
function anchorsOf(text: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, heading] of text.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const base = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** Each relative link of a Markdown file that does not lead where it says, as `file: target (why)`. */
export function brokenLinks(file: string, text: string, exists: (p: string) => boolean, read: (p: string) => string): string[] {
  const broken: string[] = [];
  for (const [, target] of prose(text).matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: ...
    const [rawPath, anchor] = target.split('#', 2);
    const resolved = rawPath === '' ? file : path.normalize(path.join(path.dirname(file), decodeURI(rawPath)));
    if (resolved.startsWith('..')) broken.push(`${file}: ${target} (leaves the repository)`);
    else if (!exists(resolved)) broken.push(`${file}: ${target} (no such file)`);
    else if (anchor && resolved.endsWith('.md') && !anchorsOf(read(resolved)).has(anchor)) broken.push(`${file}: ${target} (no such heading)`);
  }
  return broken;
}

const exists = (p: string) => fs.existsSync(path.join(ROOT, p));
const read = (p: string) => fs.readFileSync(path.join(ROOT, p), 'utf8');

it(`the README is at most ${README_LIMIT} bytes (the rest is in docs/)`, () => {
  expect(fs.statSync(path.join(ROOT, 'README.md')).size).toBeLessThanOrEqual(README_LIMIT);
});

it('every relative link in the README and docs/*.md leads to a file (and heading) that is there', () => {
  const files = markdownFiles();
  expect(files.length).toBeGreaterThan(5);
  expect(files.flatMap((f) => brokenLinks(f, read(f), exists, read))).toEqual([]);
});

it('the link check finds a missing file, a missing heading and a path out of the repository', () => {
  const docs = { 'docs/a.md': '# Title\n\n## Two words\n' };
  const has = (p: string) => p in docs;
  const get = (p: string) => docs[p as keyof typeof docs];
  const text = [
    '[ok](a.md) [ok](a.md#two-words) [ok](#title) [web](https://example.com/x.md)',
    '`[code](nowhere.md)`',
    '```\n[fenced](nowhere.md)\n```',
    '[gone](b.md) [heading](a.md#three) [out](../../x.md)',
  ].join('\n');
  expect(brokenLinks('docs/a.md', text, has, get)).toEqual([
    'docs/a.md: b.md (no such file)',
    'docs/a.md: a.md#three (no such heading)',
    'docs/a.md: ../../x.md (leaves the repository)',
  ]);
});

describe('the import direction docs/ARCHITECTURE.md draws: cli → io → core, core → nothing', () => {
  function layerImports(): { from: string; to: string; file: string }[] {
    const found: { from: string; to: string; file: string }[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
        const rel = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(rel);
        else if (rel.endsWith('.ts')) {
          for (const [, spec] of read(rel).matchAll(/(?:\bfrom|\bimport\s*\()\s*'(\.[^']*)'/g)) {
            const target = path.normalize(path.join(path.dirname(rel), spec));
            found.push({ from: rel.split(path.sep)[1], to: target.split(path.sep)[1], file: `${rel} → ${spec}` });
          }
        }
      }
    };
    walk('src');
    return found;
  }
  const imports = layerImports();

  it('reads the imports (a check over nothing would pass)', () => {
    expect(imports.filter((i) => i.from === 'cli' && i.to === 'core').length).toBeGreaterThan(10);
    expect(imports.filter((i) => i.from === 'io' && i.to === 'core').length).toBeGreaterThan(5);
  });

  it('src/core imports neither src/io nor src/cli; src/io does not import src/cli', () => {
    const allowed: Record<string, string[]> = { cli: ['cli', 'io', 'core'], io: ['io', 'core'], core: ['core'] };
    expect(imports.filter((i) => !allowed[i.from]?.includes(i.to)).map((i) => i.file)).toEqual([]);
  });
});

/** Every source file under src/, recursively, relative to ROOT. */
function sourceFiles(dir = path.join(ROOT, 'src')): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : [path.relative(ROOT, path.join(dir, e.name))]));
}

test("docs/ARCHITECTURE.md's map names every file of src/ (a row `name.ts`, or `folder/*.ts` for a folder of one role)", () => {
  const map = fs.readFileSync(path.join(ROOT, 'docs', 'ARCHITECTURE.md'), 'utf8');
  // The first cell of each row: one name, or several (`dind.ts`, `tls.ts`, ...) sharing a role.
  const rows = [...map.matchAll(/^\| ([^|]*\.ts`[^|]*) \|/gm)].flatMap((m) => [...m[1].matchAll(/`([A-Za-z0-9_./*-]+\.ts)`/g)].map((n) => n[1]));
  const named = (file: string) =>
    rows.some((row) => new RegExp(`(^|/)${row.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`).test(file.split(path.sep).join('/')));
  expect(sourceFiles().filter((f) => f.endsWith('.ts') && !named(f))).toEqual([]);
});
