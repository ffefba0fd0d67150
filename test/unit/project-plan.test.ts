/**
 * planProject, the one flow of init, generate and upgrade, called as a function: the disk is what the test
 * hands in (the project folder does not exist), and the report of writes through main(argv, io).
 */
import fs from 'node:fs';
import path from 'node:path';
import { resolveAnswers } from '../../src/core/answers';
import { parseAnswersFile } from '../../src/core/answers-file';
import { OnDisk, planProject, PlanSettings, PreviousRun } from '../../src/core/project-plan';
import { projectPaths } from '../../src/core/project-paths';
import { Renderer } from '../../src/core/render/runtime';
import { loadRenderer } from '../../src/io/templates';
import { tempDir } from '../support/cli';
import { runMain } from '../support/main-in-process';

const OUT = '/nowhere/project'; // never created: planProject reads and writes nothing
const answers = resolveAnswers({ mode: 'dind' });
const paths = projectPaths(OUT, answers, 'default');
const nothing: OnDisk = { files: {}, present: new Set() };
let renderer: Renderer;
beforeAll(async () => {
  renderer = await loadRenderer(undefined);
});
const settings = (over: Partial<PlanSettings> = {}): PlanSettings => ({ paths, renderer, toolVersion: '0.1.0', flow: 'init', force: false, ...over });

/** The project as init writes it into an empty folder: the files on disk, and the answers file's record. */
async function initialised(): Promise<{ disk: OnDisk; previous: PreviousRun }> {
  const { outputs } = await planProject(answers, nothing, { kind: 'none' }, settings());
  const text = (display: string) => outputs.find((o) => o.display === display)!.contents;
  const recorded = text('.gitlab-dind.yml');
  return {
    disk: { files: { ci: text('.gitlab-ci.yml'), runner: text('gitlab-runner/config.toml'), register: text('gitlab-runner/register.sh') }, present: new Set() },
    previous: { kind: 'ours', file: parseAnswersFile(recorded, '0.1.0'), text: recorded },
  };
}

test('init into an empty folder: the three files and the answers file, nothing to say, nothing read from disk', async () => {
  const plan = await planProject(answers, nothing, { kind: 'none' }, settings());
  expect(plan.outputs.map((o) => o.display)).toEqual(['.gitlab-ci.yml', 'gitlab-runner/config.toml', 'gitlab-runner/register.sh', '.gitlab-dind.yml']);
  expect(plan.outputs.map((o) => o.path)).toEqual([
    path.join(OUT, '.gitlab-ci.yml'),
    path.join(OUT, 'gitlab-runner/config.toml'),
    path.join(OUT, 'gitlab-runner/register.sh'),
    path.join(OUT, '.gitlab-dind.yml'),
  ]);
  expect(plan.notes).toEqual([]);
  expect(plan.issues).toEqual([]);
  expect(plan.plan.mode.id).toBe('dind');
  expect(fs.existsSync(OUT)).toBe(false);
});

test('generate over what init wrote changes nothing: every output is the text on disk', async () => {
  const { disk, previous } = await initialised();
  const plan = await planProject(answers, disk, previous, settings({ flow: 'generate' }));
  const onDisk = [disk.files.ci, disk.files.runner, disk.files.register, previous.kind === 'ours' ? previous.text : ''];
  expect(plan.outputs.map((o) => o.contents)).toEqual(onDisk);
  expect(plan.notes).toEqual([]);
});

test("generate keeps the user's edit of a managed part, says so (worded for --check too), and reports it as an issue", async () => {
  const { disk, previous } = await initialised();
  const edited = disk.files.ci!.replace(/DOCKER_VERSION: "?([0-9.]+)"?/, 'DOCKER_VERSION: "27.0.0"');
  expect(edited).not.toBe(disk.files.ci);
  const withEdit: OnDisk = { ...disk, files: { ...disk.files, ci: edited } };
  const plan = await planProject(answers, withEdit, previous, settings({ flow: 'generate' }));
  expect(plan.outputs[0].contents).toBe(edited);
  expect(plan.issues).toEqual([{ display: '.gitlab-ci.yml', issue: expect.objectContaining({ kind: 'edited', forced: false }) }]);
  expect(plan.notes.map((n) => n.text)).toEqual([expect.stringMatching(/^kept your edit of \.gitlab-ci\.yml .*(--accept|an answer covers it).*\)$/)]);
  const checked = await planProject(answers, withEdit, previous, settings({ flow: 'generate', check: true }));
  expect(checked.notes.map((n) => n.text)).toEqual([
    expect.stringMatching(/^changed by hand: \.gitlab-ci\.yml .*differs from what \.gitlab-dind\.yml renders; /),
  ]);
});

test('generate says a recorded file it no longer writes that is still there, and one that lives on another host', async () => {
  const { disk, previous } = await initialised();
  if (previous.kind !== 'ours') throw new Error('init recorded nothing');
  const record = { ...previous.file, files: { ...previous.file.files, 'gitlab-runner/values.yaml': { file: 'x', parts: {} } } };
  const plan = await planProject(
    answers,
    { ...disk, present: new Set(['gitlab-runner/values.yaml']) },
    { ...previous, file: record },
    settings({ flow: 'generate' }),
  );
  expect(plan.notes.map((n) => n.text)).toContain(
    'gitlab-runner/values.yaml: no longer written with these answers (--mode dind, runner-config gitlab-runner/config.toml); left as it is (delete it if nothing uses it)',
  );
  const absolute = resolveAnswers({ mode: 'dind', runnerConfig: '/etc/gitlab-runner/config.toml' });
  const elsewhere = { ...record, files: { ...previous.file.files, '/etc/gitlab-runner/config.toml': previous.file.files['gitlab-runner/config.toml'] } };
  const away = await planProject(
    absolute,
    { files: { ci: disk.files.ci, register: disk.files.register }, present: new Set() },
    { ...previous, file: elsewhere },
    settings({ flow: 'generate', paths: projectPaths(OUT, absolute, 'answers file') }),
  );
  expect(away.notes[0].text).toBe(
    '/etc/gitlab-runner/config.toml: not on this machine; left as it is (run gitlab-dind generate on the runner host to update it)',
  );
  expect(away.outputs.map((o) => o.display)).not.toContain('/etc/gitlab-runner/config.toml');
});

test("init merges its runner into a runner config already there (another runner's kept)", async () => {
  const host = 'concurrent = 4\n\n[[runners]]\n  name = "other"\n  url = "https://gitlab.example.com/"\n  executor = "shell"\n';
  const plan = await planProject(answers, { files: { runner: host }, present: new Set() }, { kind: 'none' }, settings());
  const runner = plan.outputs.find((o) => o.display === 'gitlab-runner/config.toml')!;
  expect(runner.contents).toContain('name = "other"');
  expect(runner.contents).toContain(`name = "${answers.runnerName}"`);
  expect(runner.owned('anything')).toBe(true);
});

test('one report of writes: a file replaced with --force is "updated", as generate says it, and its .bak named', async () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, '.gitlab-ci.yml'), 'stages: [mine]\n');
  const r = await runMain(['init', '--yes', '--force'], dir);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('updated .gitlab-ci.yml\n');
  expect(r.stdout).toContain('kept the previous file as .gitlab-ci.yml.bak\n');
  expect(r.stdout).toContain('created gitlab-runner/config.toml\n');
  fs.writeFileSync(path.join(dir, '.gitlab-ci.yml'), 'stages: [mine, again]\n');
  // A new render of a part the user deleted: both changed it, which is what --force settles.
  const answersFile = path.join(dir, '.gitlab-dind.yml');
  fs.writeFileSync(answersFile, fs.readFileSync(answersFile, 'utf8').replace('tags: []', 'tags: [docker]'));
  const g = await runMain(['generate', '--force'], dir);
  expect(g.stdout).toContain('updated .gitlab-ci.yml\n');
  expect(g.stdout).toContain('unchanged gitlab-runner/config.toml\n');
});
