/** Pitfalls in the docker lines of a job's scripts. */
import { LintJob } from '../ci-model';
import { finding } from '../facts';
import { Finding } from '../types';

/** `docker login ... -p X` / `--password X`: Docker itself warns, the password shows in the process list and may reach the log. */
const LOGIN_PASSWORD = /\bdocker\s+login\b[^\n|;&]*?\s(-p|--password(?!-stdin))(?=[\s='"$]|$)/;

export function loginPasswordArgument(job: LintJob): Finding[] {
  return job.scripts
    .filter((s) => LOGIN_PASSWORD.test(s.text))
    .map((s) =>
      finding(
        'docker-login-password-arg',
        'warning',
        s,
        'docker login gets the password as an argument: it shows in the host\'s process list and can reach the job log (Docker warns "Using --password via the CLI is insecure")',
        'pipe it in: echo "$CI_REGISTRY_PASSWORD" | docker login -u "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"',
      ),
    );
}

/**
 * `export V=$(cmd)`: export's own status (0) replaces the command's, so a failed `cmd` does not stop
 * the job (errexit sees only export) and V is empty: `docker build -t image:$V` then tags and pushes
 * `image:` or fails late with a confusing "invalid reference format".
 */
const MASKED_ASSIGNMENT = /(?:^|[;&|]\s*|\s)(export|local|readonly|declare|typeset)(?:\s+-\w+)*\s+([A-Za-z_][A-Za-z0-9_]*)=["']?(?:\$\(|`)\s*([\w./-]*)/gm;
/** Commands that do not fail on a missing file or an unreachable host: text shaping of what the job already has. */
const CANNOT_REALLY_FAIL = new Set(['echo', 'printf', 'date', 'basename', 'dirname', 'expr', 'tr']);
const DOCKER_TAGGING = /\bdocker\s+(?:(?:image\s+)?build|buildx\s+build|(?:image\s+)?tag|(?:image\s+)?push)\b/;

export function maskedTagCommand(job: LintJob): Finding[] {
  const out: Finding[] = [];
  job.scripts.forEach((s, i) => {
    for (const m of s.text.matchAll(MASKED_ASSIGNMENT)) {
      const [, keyword, name, command] = m;
      if (CANNOT_REALLY_FAIL.has(command)) continue;
      const uses = new RegExp(`\\$(\\{${name}[}:]|${name}(?![A-Za-z0-9_]))`);
      // Used later in this script item (a multi-line block) or in a later item.
      const after = [s.text.slice((m.index ?? 0) + m[0].length), ...job.scripts.slice(i + 1).map((x) => x.text)];
      if (!after.some((text) => text.split('\n').some((line) => DOCKER_TAGGING.test(line) && uses.test(line)))) continue;
      out.push(
        finding(
          'docker-tag-masked-failure',
          'warning',
          s,
          `${keyword} ${name}=$(...) hides the command's failure (the status is ${keyword}'s), so a docker tag built from $${name} can be empty: the job tags and pushes the wrong image or fails late`,
          `assign first, then export: ${name}=$(...); export ${name} (or check it: test -n "$${name}")`,
        ),
      );
    }
  });
  return out;
}
