/** Validates a parsed config.toml against the runner's schema, after the JSON round-trip it expects. */
import TOML from '@iarna/toml';
import { schemaErrors, validateRunner } from './schemas';

export function runnerSchemaErrors(text: string): string[] {
  return schemaErrors(validateRunner, JSON.parse(JSON.stringify(TOML.parse(text))));
}
