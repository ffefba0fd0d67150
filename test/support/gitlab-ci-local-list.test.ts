/**
 * gitlabCiLocalList shares a verdict between jest workers through a `.claim` file: a worker that claimed a
 * pipeline and then failed must leave no claim, or the other worker waits its 2 minutes on a verdict that
 * never comes.
 */
import fs from 'node:fs';
import { gitlabCiLocalList, tempDir } from './cli';

test('a claim is removed when the claiming worker throws before writing its verdict', () => {
  const root = tempDir();
  const saved = process.env.GITLAB_DIND_TEST_TEMP_ROOT;
  process.env.GITLAB_DIND_TEST_TEMP_ROOT = root;
  // The listing's own temp folder cannot be made (a full disk, say): the first step after the claim.
  const mkdtemp = jest.spyOn(fs, 'mkdtempSync').mockImplementation(() => {
    throw new Error('ENOSPC: no space left on device');
  });
  try {
    expect(() => gitlabCiLocalList('job:\n  script: [true]\n')).toThrow('ENOSPC');
    expect(mkdtemp).toHaveBeenCalledTimes(1);
  } finally {
    mkdtemp.mockRestore();
    if (saved === undefined) delete process.env.GITLAB_DIND_TEST_TEMP_ROOT;
    else process.env.GITLAB_DIND_TEST_TEMP_ROOT = saved;
  }
  expect(fs.readdirSync(root)).toEqual([]);
  fs.rmSync(root, { recursive: true, force: true });
});
