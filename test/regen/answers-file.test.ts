import { ANSWERS_SCHEMA, parseAnswersFile, serializeAnswersFile } from '../../src/core/answers-file';
import { resolveAnswers } from '../../src/core/answers';
import { UsageError } from '../../src/core/errors';
import { freshRecord } from '../../src/core/merge';
import { renderAnswers } from '../../src/core/render';
import { loadTemplates } from '../../src/io/templates';
import { MODE_CASES } from '../support/render';
import { render } from '../support/render-texts';

const answers = resolveAnswers({ tags: 'docker' });

describe('the answers file', () => {
  it('records every answer and a fingerprint per part, and reads back what it wrote (schema 2)', () => {
    const r = render({ tags: 'docker' });
    const files = { '.gitlab-ci.yml': freshRecord('ci', r.ci, r.runnerName), 'gitlab-runner/config.toml': freshRecord('runner', r.runner, r.runnerName) };
    const text = serializeAnswersFile({ schema: ANSWERS_SCHEMA, tool: '0.1.0', answers, files });
    expect(ANSWERS_SCHEMA).toBe(2);
    expect(Object.keys(files['.gitlab-ci.yml'].parts!)).toEqual(['.docker-base', 'docker-build', 'docker-test', 'docker-release']);
    expect(Object.keys(files['gitlab-runner/config.toml'].parts!)).toContain('runners[name="dind-tls"].docker.image');
    expect(parseAnswersFile(text, '0.1.0')).toEqual({ schema: 2, tool: '0.1.0', answers, files });
  });

  it.each(MODE_CASES)('records the same for $name from the check\'s own parse as from parsing the files anew', ({ raw }) => {
    const resolved = resolveAnswers(raw);
    const { files, parsed } = renderAnswers(resolved, loadTemplates(undefined));
    for (const f of files) expect(freshRecord(f.role, f.contents, resolved.runnerName, parsed)).toEqual(freshRecord(f.role, f.contents, resolved.runnerName));
  });

  it('still reads schema 1, whose files hold one fingerprint each', () => {
    const text = `schema: 1\ntool: 0.1.0\nanswers:\n  mode: socket\nfiles:\n  .gitlab-ci.yml: sha256:${'a'.repeat(64)}\n`;
    expect(parseAnswersFile(text, '0.1.0').files).toEqual({ '.gitlab-ci.yml': { file: `sha256:${'a'.repeat(64)}` } });
  });

  it.each([
    ['a newer schema', 'schema: 3\ntool: 0.1.0\n', /schema 3 is newer/],
    ['a newer tool', 'schema: 2\ntool: 0.2.0\nanswers: {}\n', /written by gitlab-dind 0\.2\.0, newer than this one \(0\.1\.0\)/],
    ['YAML that does not parse', 'schema: 2\nanswers: [\n', /does not parse: line \d+/],
    ['no schema', 'mode: dind\n', /not an answers file/],
    ['a bad answer', 'schema: 2\ntool: 0.1.0\nanswers:\n  docker-version: latest\n', /answers\.docker-version: "latest" is not valid/],
    ['a bad fingerprint', 'schema: 2\ntool: 0.1.0\nanswers: {}\nfiles:\n  x: { file: md5 }\n', /files\.x\.file: not a fingerprint/],
  ])('refuses %s as bad input', (_what, text, message) => {
    expect(() => parseAnswersFile(text, '0.1.0')).toThrow(UsageError);
    expect(() => parseAnswersFile(text, '0.1.0')).toThrow(message);
  });
});
