/** GitLab's deep merge (extends, include), shared by the effective-job model and lint's include merge. */
import { deepMerge, resolveExtends } from '../../src/core/effective-jobs';

test('hashes merge key by key, the later side winning', () => {
  expect(deepMerge({ a: 1, v: { X: '1', Y: '2' } }, { v: { Y: '3' }, b: [1] })).toEqual({ a: 1, v: { X: '1', Y: '3' }, b: [1] });
});

test('a key named __proto__ (as a YAML parser keeps it) stays a key and does not set the prototype', () => {
  const base = JSON.parse('{".tpl": {"variables": {"__proto__": {"polluted": true}, "A": "1"}}, "job": {"extends": ".tpl", "script": ["x"]}}');
  const merged = deepMerge({}, JSON.parse('{"__proto__": {"image": "docker:latest"}}'));
  expect(Object.keys(merged)).toEqual(['__proto__']);
  expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
  const job = resolveExtends(base, 'job') as { variables: Record<string, unknown> };
  expect(Object.keys(job.variables).sort()).toEqual(['A', '__proto__']);
  expect((job.variables as { polluted?: unknown }).polluted).toBeUndefined();
});
