/** GitLab's CI schema and the runner config schema (test/schemas, copied from ../shared/schemas). */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import ciSchema from '../schemas/gitlab-ci.json';
import runnerSchema from '../schemas/gitlab-runner-config.json';

const runnerAjv = new Ajv();
const ciAjv = new Ajv({ strict: false });
addFormats(ciAjv);

export const validateRunner = runnerAjv.compile(runnerSchema);
export const validateCi = ciAjv.compile(ciSchema);

export function schemaErrors(validate: typeof validateRunner, data: unknown): string[] {
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
