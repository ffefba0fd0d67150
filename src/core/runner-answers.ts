/**
 * The runner-side answers of issue 18: how jobs pull images (--pull-policy), where the shared cache lives
 * (--cache), where quay.io images come from (--quay-registry) and the old all-privileged form
 * (--legacy-privileged). Validators return the "expected ..." half of a one-line message, as validators.ts.
 */

/** GitLab Runner's pull policies (docs: executors/docker.md "Configure how runners pull images"). */
export const PULL_POLICIES = ['always', 'if-not-present', 'never'] as const;
export type PullPolicy = (typeof PULL_POLICIES)[number];

/**
 * The runner docs' own "multiple pull policies" example: `always` keeps images current (their default), and
 * `if-not-present` after it runs the copy already on the host when a pull fails (registry down, Docker Hub's
 * rate limit). The fallback can serve a private image to a job without access to it (runner security docs),
 * acceptable on the trusted-team runners these modes call for; a shared runner takes `always` alone.
 */
export const DEFAULT_PULL_POLICY: PullPolicy[] = ['always', 'if-not-present'];

const PULL_POLICY_EXPECTED = `pull policies separated by commas, each once, from ${PULL_POLICIES.join(', ')} (such as always,if-not-present)`;

/** A list of pull policies (a flag's comma-separated text, or the answers file's list). */
export function parsePullPolicy(value: unknown): { policies?: PullPolicy[]; expected?: string } {
  // Spaces after commas are fine; any other blank (a tab, a line break) is refused, not trimmed away.
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',').map((p) => p.replace(/^ +| +$/g, '')) : undefined;
  if (!items || items.length === 0 || items.some((p) => typeof p !== 'string' || !(PULL_POLICIES as readonly string[]).includes(p)))
    return { expected: PULL_POLICY_EXPECTED };
  if (new Set(items).size !== items.length) return { expected: PULL_POLICY_EXPECTED };
  return { policies: items as PullPolicy[] };
}

/** A distributed cache, as `[runners.cache]` of the runner config takes it. */
export interface CacheTarget {
  type: 's3' | 'gcs' | 'azure';
  /** S3/GCS bucket, or the Azure storage container. */
  bucket: string;
  /** Azure only: the storage account the container is in ('' elsewhere). */
  account: string;
  /** Folder inside the bucket ('' = its root). */
  path: string;
}

const CACHE_EXPECTED =
  's3://BUCKET[/PREFIX], gs://BUCKET[/PREFIX] or azure://ACCOUNT/CONTAINER[/PREFIX] (lowercase names, no credentials: the runner reads those from its environment)';

// S3 and GCS bucket names: 3 to 63 lowercase letters, digits, dots and hyphens (GCS also _), alphanumeric at both ends.
const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const GCS_BUCKET = /^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/;
// Azure: a storage account is 3 to 24 lowercase letters and digits; a container 3 to 63, single hyphens inside.
const AZURE_ACCOUNT = /^[a-z0-9]{3,24}$/;
const AZURE_CONTAINER = /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/;
const PATH_SEGMENT = /^[A-Za-z0-9._-]+$/;

/** `s3://bucket/prefix` and its kin → the cache's parts; undefined with the expected form when it is not one. */
export function parseCacheUrl(value: string): { cache?: CacheTarget; expected?: string } {
  const m = /^(s3|gs|azure):\/\/([^/]*)(?:\/(.*))?$/.exec(value);
  if (!m || value.length > 1000 || value.endsWith('/')) return { expected: CACHE_EXPECTED };
  const [, scheme, first, rest = ''] = m;
  const parts = rest === '' ? [] : rest.split('/');
  if (parts.some((p) => !PATH_SEGMENT.test(p) || p === '.' || p === '..')) return { expected: CACHE_EXPECTED };
  if (scheme === 'azure') {
    const [container, ...prefix] = parts;
    if (!AZURE_ACCOUNT.test(first) || container === undefined || !AZURE_CONTAINER.test(container)) return { expected: CACHE_EXPECTED };
    return { cache: { type: 'azure', account: first, bucket: container, path: prefix.join('/') } };
  }
  const ok = scheme === 's3' ? S3_BUCKET.test(first) && !first.includes('..') : GCS_BUCKET.test(first) && !first.includes('..');
  if (!ok) return { expected: CACHE_EXPECTED };
  return { cache: { type: scheme === 's3' ? 's3' : 'gcs', bucket: first, account: '', path: parts.join('/') } };
}

export function checkCacheUrl(value: string): string | undefined {
  return parseCacheUrl(value).expected;
}
