/**
 * All or nothing across one run (SPEC): whatever file system call of the write phase fails (a full disk, a
 * read-only folder, a permission, an I/O error), every original is intact afterwards, byte for byte and
 * mode for mode, with no temporary file, no .bak and no new folder left; when nothing fails, every file is
 * new. The failing call is drawn at random among all the calls the write phase makes.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { ProblemError } from '../../src/core/errors';
import { applyWrites, OutputFile, planWrites } from '../../src/io/write-files';
import { tempDir, tree } from '../support/cli';
import { FC_PARAMS, RUNS } from '../support/arbitraries';

/** The calls the write phase makes to change the disk; any of them may fail. */
const CALLS = [
  'openSync',
  'writeFileSync',
  'fchmodSync',
  'fsyncSync',
  'closeSync',
  'mkdirSync',
  'linkSync',
  'copyFileSync',
  'renameSync',
  'readFileSync',
] as const;
const CODES = ['ENOSPC', 'EACCES', 'EROFS', 'EIO', 'EDQUOT', 'EPERM'] as const;
const NAMES = ['.gitlab-ci.yml', '.gitlab-dind.yml', 'gitlab-runner/config.toml', 'gitlab-runner/register.sh', 'deep/new/values.yaml'];

interface FileCase {
  name: string;
  /** What is on disk before, if anything, and its mode. */
  existing?: { contents: string; mode: number };
  owned: boolean;
  keepBackup: boolean;
  mode: number;
}

const fileCase = (name: string) =>
  fc.record({
    name: fc.constant(name),
    existing: fc.option(fc.record({ contents: fc.string({ maxLength: 40 }), mode: fc.constantFrom(0o600, 0o640, 0o644, 0o755) }), { nil: undefined }),
    owned: fc.boolean(),
    keepBackup: fc.boolean(),
    mode: fc.constantFrom(0o600, 0o644, 0o755),
  });

const scenario = fc.record({
  files: fc.subarray(NAMES, { minLength: 1 }).chain((names) => fc.tuple(...names.map(fileCase))),
  // Also a .bak already there, so the backup takes the next free name.
  bakTaken: fc.boolean(),
  // Which call of that kind fails: mostly one of the first few (there are as many renames as files).
  failAt: fc.oneof(fc.nat({ max: 5 }), fc.nat({ max: 5 }), fc.nat({ max: 60 })),
  call: fc.constantFrom(...CALLS),
  code: fc.constantFrom(...CODES),
});

/** Every file under dir with its mode, and every folder: what "intact" compares. */
function state(dir: string): Record<string, string> {
  const files = tree(dir, (full) => `${(fs.statSync(full).mode & 0o777).toString(8)} ${fs.readFileSync(full, 'utf8')}`);
  const dirs: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) {
        dirs.push(path.relative(dir, path.join(d, e.name)));
        walk(path.join(d, e.name));
      }
    }
  };
  walk(dir);
  return { ...files, '(folders)': dirs.sort().join(',') };
}

afterEach(() => jest.restoreAllMocks());

test('a failure at any point of the write phase leaves every original intact; no failure writes every file', () => {
  let failures = 0;
  let successes = 0;
  fc.assert(
    fc.property(scenario, ({ files, bakTaken, failAt, call, code }) => {
      const dir = tempDir('rollback-');
      try {
        const outputs: OutputFile[] = (files as FileCase[]).map((f) => {
          const full = path.join(dir, f.name);
          if (f.existing) {
            fs.mkdirSync(path.dirname(full), { recursive: true });
            fs.writeFileSync(full, f.existing.contents);
            fs.chmodSync(full, f.existing.mode);
            if (bakTaken) fs.writeFileSync(`${full}.bak`, 'an older backup\n');
          }
          return { path: full, display: f.name, contents: `new ${f.name}\n`, mode: f.mode, owned: () => f.owned, keepBackup: f.keepBackup };
        });
        const planned = planWrites(outputs, true);
        const before = state(dir);

        const real = fs[call] as (...args: unknown[]) => unknown;
        let calls = 0;
        jest.spyOn(fs, call).mockImplementation(((...args: unknown[]) => {
          if (calls++ === failAt) throw Object.assign(new Error(`${code}: simulated`), { code });
          return real.apply(fs, args);
        }) as never);
        let error: unknown;
        try {
          applyWrites(planned);
        } catch (e) {
          error = e;
        }
        jest.restoreAllMocks();

        if (error !== undefined) {
          failures += 1;
          expect(error).toBeInstanceOf(ProblemError);
          expect((error as Error).message).toMatch(/^could not (write|keep a copy of) \S+/);
          expect((error as Error).message).toMatch(/nothing was changed|every file already written was put back as it was/);
          expect((error as Error).message).not.toMatch(/\.tmp|\.old|gitlab-dind-\d+/);
          expect(state(dir)).toEqual(before);
        } else {
          successes += 1;
          for (const f of files as FileCase[]) expect(fs.readFileSync(path.join(dir, f.name), 'utf8')).toBe(`new ${f.name}\n`);
          expect(Object.keys(state(dir)).filter((n) => /gitlab-dind-\d+/.test(n))).toEqual([]);
        }
      } finally {
        jest.restoreAllMocks();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }),
    { numRuns: Math.max(200, RUNS), ...FC_PARAMS },
  );
  // The draw must reach both outcomes, or the property proves little.
  expect(failures).toBeGreaterThan(20);
  expect(successes).toBeGreaterThan(5);
});
