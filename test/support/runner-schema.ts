/** Validates a parsed config.toml against the runner's schema, after the JSON round-trip it expects. */
import Ajv from 'ajv';
import TOML from '@iarna/toml';
import schema from '../schemas/gitlab-runner-config.json';

const validate = new Ajv().compile(schema);

export function runnerSchemaErrors(text: string): string[] {
  const data = JSON.parse(JSON.stringify(TOML.parse(text)));
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
