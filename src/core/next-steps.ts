/** What the user does after the files are written, per mode: printed by init and the wizard. */
import { Plan } from './plan';
import { shellWord } from './render/quote';

export function nextSteps(plan: Plan, paths: { ci: string; runner: string; register: string; answers: string; values?: string }): string[] {
  const { mode, answers } = plan;
  const steps: string[] = [];
  // A runner created without "Run untagged jobs" takes no job of a pipeline without tags.
  const tags =
    answers.tags.length > 0 ? ` with the tags ${answers.tags.map(shellWord).join(', ')}` : ' with "Run untagged jobs" ticked (the jobs have no tags)';
  steps.push(`Create the runner in GitLab (Settings > CI/CD > Runners > New project runner)${tags}; copy its token (glrt-...).`);
  for (const setup of mode.hostSetup) if (setup.startsWith('sudo')) steps.push(`On the runner host: ${setup}`);
  if (plan.runner.kubernetes && paths.values) {
    const ns = shellWord(plan.runner.kubernetes.namespace);
    steps.push(
      `Store the token: kubectl create secret generic gitlab-runner-token --namespace ${ns} --from-literal=runner-registration-token="" --from-literal=runner-token=glrt-...`,
    );
    steps.push(`Install the runner: helm install gitlab-runner gitlab/gitlab-runner --namespace ${ns} -f ${shellWord(paths.values)}`);
    steps.push(`  or register a runner outside the cluster: RUNNER_TOKEN=glrt-... sh ${shellWord(paths.register)}`);
  } else {
    steps.push(`On the runner host, register it: RUNNER_TOKEN=glrt-... sh ${shellWord(paths.register)}`);
    steps.push(`  or use ${paths.runner} as /etc/gitlab-runner/config.toml with RUNNER_TOKEN in the runner's environment (GitLab Runner 18.10+).`);
  }
  if (answers.registry) steps.push('Add the CI/CD variables REGISTRY_USER and REGISTRY_PASSWORD (masked) for the push registry.');
  steps.push(`Commit ${paths.ci} and ${paths.answers}.`);
  return steps;
}
