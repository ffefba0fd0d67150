import YAML from 'yaml';
import { addLocalInclude, includesLocal, missingStages } from '../../src/core/ci-include';

const PATH = 'ci/docker.gitlab-ci.yml';

function added(text: string): string {
  const r = addLocalInclude(text, PATH);
  if (r.kind !== 'added') throw new Error(`expected added, got ${JSON.stringify(r)}`);
  return r.text;
}

/** The lines of `after` that are not in `before`, when `before` is `after` with only those lines taken out. */
function insertedLines(before: string, after: string): string[] {
  const a = after.split('\n');
  const b = before.split('\n');
  const extra: string[] = [];
  let j = 0;
  for (const line of a) {
    if (j < b.length && line === b[j]) j++;
    else extra.push(line);
  }
  expect(j).toBe(b.length); // every line of the original, in order
  return extra;
}

const USER = `# Our pipeline: do not reorder, the anchors below are shared.
# Second header line.

variables: &vars
  NODE_VERSION: "22"   # LTS

stages: [lint, build, test, deploy]

.defaults: &defaults
  image: node:22
  variables: *vars

# Lints the code.
lint:
  <<: *defaults
  stage: lint
  script:
    - npm ci
    - npm run lint
`;

describe('addLocalInclude: no include yet', () => {
  it('adds an include block after the header, above the first key; every other line is as it was', () => {
    const out = added(USER);
    expect(insertedLines(USER, out)).toEqual(['include:', `  - local: ${PATH}`, '']);
    expect(out.indexOf('include:')).toBeLessThan(out.indexOf('variables: &vars'));
    expect(out.indexOf('include:')).toBeGreaterThan(out.indexOf('# Second header line.'));
    expect(YAML.parse(out).include).toEqual([{ local: PATH }]);
  });

  it('keeps comments that sit on the first key with that key', () => {
    const text = '# header\n\n# about lint\nlint:\n  script: [true]\n';
    expect(added(text)).toBe(`# header\n\ninclude:\n  - local: ${PATH}\n\n# about lint\nlint:\n  script: [true]\n`);
  });

  it('an empty file, a comment-only file, a file without a final newline, a document start marker', () => {
    expect(added('')).toBe(`include:\n  - local: ${PATH}\n`);
    expect(added('# nothing yet\n')).toBe(`# nothing yet\n\ninclude:\n  - local: ${PATH}\n`);
    expect(added('job:\n  script: [true]')).toBe(`include:\n  - local: ${PATH}\n\njob:\n  script: [true]`);
    expect(added('---\njob:\n  script: [true]\n')).toBe(`---\ninclude:\n  - local: ${PATH}\n\njob:\n  script: [true]\n`);
  });

  it('keeps CRLF line endings', () => {
    const out = added('job:\r\n  script: [true]\r\n');
    expect(out).toBe(`include:\r\n  - local: ${PATH}\r\n\r\njob:\r\n  script: [true]\r\n`);
  });

  it('quotes a path YAML would read as something else', () => {
    const r = addLocalInclude('job:\n  script: [true]\n', 'ci/my file: x.yml');
    expect(r.kind).toBe('added');
    expect(YAML.parse((r as { text: string }).text).include).toEqual([{ local: 'ci/my file: x.yml' }]);
  });
});

describe('addLocalInclude: extends an existing include', () => {
  it('a block list: one line appended after its last item, at its indent', () => {
    const text = 'include:\n  - local: a.yml\n  - project: grp/x\n    file: y.yml   # pinned\n\njob:\n  script: [true]\n';
    const out = added(text);
    expect(insertedLines(text, out)).toEqual([`  - local: ${PATH}`]);
    expect(out).toContain(`    file: y.yml   # pinned\n  - local: ${PATH}\n`);
  });

  it("a block list with its dashes at the key's column", () => {
    const text = 'include:\n- a.yml\njob:\n  script: [true]\n';
    expect(added(text)).toBe(`include:\n- a.yml\n- local: ${PATH}\njob:\n  script: [true]\n`);
  });

  it('a flow list: the entry before its closing bracket', () => {
    expect(added('include: [a.yml, b.yml]  # two\n')).toBe(`include: [a.yml, b.yml, { local: ${PATH} }]  # two\n`);
    expect(added('include: [a.yml,]\n')).toBe(`include: [a.yml, { local: ${PATH} }]\n`);
    expect(added('include: []\n')).toBe(`include: [{ local: ${PATH} }]\n`);
    expect(added('include: [\n  a.yml,\n  b.yml\n]\n')).toBe(`include: [\n  a.yml,\n  b.yml, { local: ${PATH} }\n]\n`);
  });

  it('a string: becomes a list holding it and the new entry; its comment stays on the include line', () => {
    expect(added("include: 'a.yml'  # shared\njob:\n  script: [true]\n")).toBe(`include:  # shared\n  - 'a.yml'\n  - local: ${PATH}\njob:\n  script: [true]\n`);
    expect(added('include: a.yml')).toBe(`include:\n  - a.yml\n  - local: ${PATH}`);
  });

  it('a block mapping: becomes the first item of a list, its lines moved in by two spaces', () => {
    const text = 'include:\n  project: grp/x\n  # which file\n  file: y.yml\njob:\n  script: [true]\n';
    expect(added(text)).toBe(`include:\n  - project: grp/x\n    # which file\n    file: y.yml\n  - local: ${PATH}\njob:\n  script: [true]\n`);
  });

  it('a flow mapping: wrapped in a flow list', () => {
    expect(added('include: { local: a.yml }\n')).toBe(`include: [{ local: a.yml }, { local: ${PATH} }]\n`);
  });

  it('an include: with nothing after it', () => {
    expect(added('include:\njob:\n  script: [true]\n')).toBe(`include:\n  - local: ${PATH}\njob:\n  script: [true]\n`);
  });

  it('already included (as a string or as local:, with or without ./): no change', () => {
    for (const text of [`include: ${PATH}\n`, `include:\n  - local: ./${PATH}\n`, `include: [{ local: /${PATH} }]\n`]) {
      expect(addLocalInclude(text, PATH)).toEqual({ kind: 'already', text });
      expect(includesLocal(text, PATH)).toBe(true);
    }
    expect(includesLocal('include: other.yml\n', PATH)).toBe(false);
  });
});

describe('addLocalInclude: refuses what it cannot extend in place, saying why', () => {
  it.each([
    ['an alias', 'x: &inc [a.yml]\ninclude: *inc\n', /alias \(\*inc\)/],
    ['an anchored list', 'include: &inc\n  - a.yml\n', /anchor \(&inc\)/],
    ['a tag', 'include: !reference [x, y]\n', /tag/],
    ['two documents', 'spec:\n  inputs: {}\n---\njob:\n  script: [true]\n', /more than one YAML document/],
    ['a flow top level', '{ job: { script: [true] } }\n', /flow mapping/],
    ['a list at the top', '- a\n- b\n', /not a mapping/],
    ['a block scalar', 'include: |\n  a.yml\n', /block scalar/],
    ['broken YAML', 'job: [\n', /does not parse/],
  ])('%s', (_name, text, reason) => {
    const r = addLocalInclude(text, PATH);
    expect(r.kind).toBe('refused');
    expect((r as { reason: string }).reason).toMatch(reason);
  });
});

describe('missingStages', () => {
  const ours = { 'docker-build': 'build', 'docker-test': 'test', 'docker-release': 'deploy' };

  it("none when the user has no stages: (GitLab's defaults hold ours) or lists them all", () => {
    expect(missingStages('job:\n  script: [true]\n', ours)).toBeUndefined();
    expect(missingStages('stages: [build, test, deploy, review]\n', ours)).toBeUndefined();
  });

  it("names the missing stages, the jobs in them, and the list that fixes it in GitLab's order", () => {
    expect(missingStages('stages:\n  - lint\n  - test\n  - publish\n', ours)).toEqual({
      missing: ['build', 'deploy'],
      jobs: ['docker-build', 'docker-release'],
      fixed: ['lint', 'build', 'test', 'deploy', 'publish'],
    });
  });
});
