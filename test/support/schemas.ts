/**
 * GitLab's CI schema and the runner config schema (test/schemas, copied from ../shared/schemas), as ajv
 * validators. Compiling the two costs about 1.2 s of CPU, and jest gives each test file its own modules, so
 * each of the twenty files that import this would pay it: the first file of a run compiles them and keeps
 * ajv's standalone code (the very functions `compile` makes) in the run's temp root
 * (test/support/temp-root.js); the others load that, in about 30 ms.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { Options, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import standaloneCode from 'ajv/dist/standalone';
import ciSchema from '../schemas/gitlab-ci.json';
import runnerSchema from '../schemas/gitlab-runner-config.json';

/** The validator of `schema` with these ajv options (and ajv-formats' formats when asked), compiled once a run. */
function compiled(schema: object, options: Options, formats: boolean): ValidateFunction {
  const root = process.env.GITLAB_DIND_TEST_TEMP_ROOT;
  const key = createHash('sha256')
    .update(JSON.stringify([schema, options, formats]))
    .digest('hex');
  const kept = root && path.join(root, `ajv-${key}.js`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a file known only at run time
  if (kept && fs.existsSync(kept)) return require(kept) as ValidateFunction;
  const ajv = new Ajv({ ...options, code: { source: true } });
  if (formats) addFormats(ajv);
  const validate = ajv.compile(schema);
  if (kept) {
    // The code requires ajv's runtime helpers by package name: by absolute path here, as it lives outside the project.
    const code = standaloneCode(ajv, validate).replace(/require\("([^"]+)"\)/g, (_, id: string) => `require(${JSON.stringify(require.resolve(id))})`);
    // Written whole, then renamed: a file running beside this one reads all of it or none.
    const partial = `${kept}.${process.pid}.tmp`;
    fs.writeFileSync(partial, code);
    fs.renameSync(partial, kept);
  }
  return validate;
}

export const validateRunner = compiled(runnerSchema, {}, false);
export const validateCi = compiled(ciSchema, { strict: false }, true);

export function schemaErrors(validate: ValidateFunction, data: unknown): string[] {
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
