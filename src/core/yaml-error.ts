import YAML from 'yaml';

/** `line N: message` of a YAML parse error, on one line. */
export function describeYamlError(e: YAML.YAMLError): string {
  const line = e.linePos?.[0].line;
  return `${line ? `line ${line}: ` : ''}${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`;
}
