/**
 * Parse every rendered file back and hold it to the plan: it must parse, keep each user value
 * exactly, and keep its mode's rules. A failure here is a template bug, never written to disk.
 */
import TOML from '@iarna/toml';
import YAML from 'yaml';
import { TemplateError } from '../errors';
import { describeYamlError } from '../yaml-error';
import { MODE_RULES, RunnerSection } from '../mode-rules';
import { effectiveJobs, resolveExtends } from '../effective-jobs';
import { CERTS_VOLUME, Plan, RUNNER_TOKEN_REF, TESTCONTAINERS_JOB } from '../plan';
import { splitShellWords } from '../shell-words';
import { RenderedFile } from './render';
import { sameData } from '../canonical-json';

type Obj = Record<string, unknown>;

export function parseYaml(text: string, what: string): YAML.Document.Parsed {
  const doc = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) throw new TemplateError(what, describeYamlError(problem));
  return doc;
}

export function parseToml(text: string, what: string): Obj {
  try {
    return TOML.parse(text) as Obj;
  } catch (err) {
    const e = err as Error & { line?: number };
    throw new TemplateError(what, `line ${(e.line ?? 0) + 1}: ${e.message.split('\n')[0]}`);
  }
}

function expectEqual(template: string, what: string, actual: unknown, expected: unknown): void {
  if (!sameData(actual, expected)) {
    throw new TemplateError(template, `${what} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  }
}

/** What the check parsed, so that nothing after it has to parse the same text again. */
export interface ParsedRender {
  ci: YAML.Document.Parsed;
  runnerConfig: Obj;
}

export function checkPipeline(plan: Plan, file: RenderedFile): YAML.Document.Parsed {
  const doc = parseYaml(file.contents, file.template);
  const ci = doc.toJS() as Obj;
  if (typeof ci !== 'object' || ci === null) throw new TemplateError(file.template, 'the pipeline is not a mapping');
  const jobs = effectiveJobs(ci);
  expectEqual(file.template, 'jobs', jobs.map((j) => j.name).sort(), Object.keys(plan.ci.jobImages).sort());
  const runner = runnerSection(plan);
  for (const job of jobs) {
    const at = (key: string) => `job ${job.name} ${key}`;
    expectEqual(file.template, at('image'), job.image, plan.ci.jobImages[job.name] ?? undefined);
    expectEqual(file.template, at('tags'), job.tags, plan.ci.tags);
    expectEqual(file.template, at('IMAGE_NAME'), job.variables.IMAGE_NAME, plan.ci.imageName);
    expectEqual(file.template, at('PUSH_REGISTRY'), job.variables.PUSH_REGISTRY, plan.ci.pushRegistry || undefined);
    // docker-release copies registry-side with skopeo where a release image is planned: no daemon, so no daemon settings or rules.
    const daemonless = job.name === 'docker-release' && plan.ci.releaseImage !== null;
    expectEqual(file.template, at('DOCKER_HOST'), job.variables.DOCKER_HOST, daemonless ? undefined : (plan.ci.dockerHost ?? undefined));
    const version = plan.ci.releaseVersion && job.name === 'docker-release' ? plan.ci.releaseVersion : plan.ci.version;
    if (version) expectEqual(file.template, at(version.name), job.variables[version.name], version.value);
    if (daemonless) {
      expectEqual(file.template, at('services'), job.services, []);
      expectEqual(file.template, at('needs'), job.raw.needs, plan.ci.releaseNeeds);
      continue;
    }
    if (plan.ci.dindImage) {
      expectEqual(
        file.template,
        at('dind service'),
        job.services.map((s) => [s.name, s.alias]),
        [[plan.ci.dindImage.resolved, 'docker']],
      );
      expectEqual(file.template, at('dind service command'), job.services[0].command ?? [], plan.ci.serviceCommand);
    }
    for (const [name, value] of job.name === TESTCONTAINERS_JOB ? plan.ci.testcontainers!.variables : [])
      expectEqual(file.template, at(name), job.variables[name], value);
    const problems = MODE_RULES[plan.answers.mode](job, runner, plan.answers.tls);
    if (problems.length > 0) throw new TemplateError(file.template, problems[0]);
  }
  checkBuildInputs(plan, file.template, ci);
  return doc;
}

/** The words of the first script line of `job` that `starts` matches, as the job's shell reads them. */
function scriptWords(template: string, ci: Obj, job: string, starts: RegExp): string[] {
  const script = resolveExtends(ci, job).script;
  const line = Array.isArray(script) ? script.find((s): s is string => typeof s === 'string' && starts.test(s.trim())) : undefined;
  if (line === undefined) throw new TemplateError(template, `job ${job} has no script line matching ${starts}`);
  try {
    return splitShellWords(line.trim());
  } catch (err) {
    throw new TemplateError(template, `job ${job}: ${(err as Error).message}`);
  }
}

/** Every value of `flag` (`--file X`) among the words. */
function flagValues(words: string[], flag: string): string[] {
  return words.flatMap((w, i) => (w === flag ? [words[i + 1]] : []));
}

/** The build uses exactly the Dockerfile, context, target and build args answered; the test command is exactly the one given. */
function checkBuildInputs(plan: Plan, template: string, ci: Obj): void {
  const b = plan.ci.build;
  const mode = plan.answers.mode;
  if (mode === 'buildkit') {
    const words = scriptWords(template, ci, 'docker-build', /^buildctl-daemonless\.sh build /);
    expectEqual(template, 'buildctl --local', flagValues(words, '--local'), [`context=${b.context}`, `dockerfile=${b.dockerfileDir}`]);
    const opts = [
      ...(b.fileFlag ? [`filename=${b.dockerfileName}`] : []),
      ...(b.target ? [`target=${b.target}`] : []),
      ...b.buildArgs.map((n) => `build-arg:${n}=$${n}`),
    ];
    expectEqual(template, 'buildctl --opt', flagValues(words, '--opt'), opts);
  } else {
    const words = scriptWords(template, ci, 'docker-build', mode === 'buildah' ? /^buildah build / : /^docker build /);
    expectEqual(template, 'build --file', flagValues(words, '--file'), b.fileFlag ? [b.dockerfile] : []);
    expectEqual(template, 'build --target', flagValues(words, '--target'), b.target ? [b.target] : []);
    // BUILDKIT_INLINE_CACHE only where BuildKit reads it: the legacy builder warns that it went unused.
    const inline = mode !== 'buildah' && !plan.ci.legacyBuilder;
    expectEqual(template, 'build --build-arg', flagValues(words, '--build-arg'), [...(inline ? ['BUILDKIT_INLINE_CACHE=1'] : []), ...b.buildArgs]);
    expectEqual(template, 'build context', words[words.length - 1], b.context);
  }
  const test = plan.ci.imageTest;
  if (test?.command) {
    const expected = splitShellWords(test.command);
    const job = plan.ci.testInBuild ? 'docker-build' : 'docker-test';
    const words = test.image ? scriptWords(template, ci, job, /./) : scriptWords(template, ci, job, /^docker run --rm /).slice(4);
    expectEqual(template, 'docker-test command', words, expected);
  }
}

/** The runner as the plan describes it; the rendered config.toml is held to the plan separately. */
function runnerSection(plan: Plan): RunnerSection {
  const r = plan.runner;
  const image = r.image ?? undefined;
  const servicesPrivileged = r.servicesPrivileged ?? undefined;
  if (r.executor === 'kubernetes') {
    return {
      executor: r.executor,
      kubernetes: { privileged: r.privileged, servicesPrivileged, image, emptyDirs: r.kubernetes?.certsEmptyDir ? [CERTS_VOLUME] : [] },
    };
  }
  const docker = {
    privileged: r.privileged,
    services_privileged: servicesPrivileged,
    allowed_privileged_services: r.allowedPrivilegedServices,
    volumes: r.volumes,
    image,
    security_opt: r.securityOpt,
  };
  return { executor: r.executor, docker: r.executor === 'docker' ? docker : undefined };
}

function checkKubernetesSection(template: string, plan: Plan, section: Obj | undefined): void {
  const k = plan.runner.kubernetes!;
  expectEqual(template, 'kubernetes.namespace', section?.namespace, k.namespace);
  expectEqual(template, 'kubernetes.image', section?.image, plan.runner.image);
  expectEqual(template, 'kubernetes.privileged', section?.privileged, plan.runner.privileged);
  const serviceContext = section?.service_container_security_context as Obj | undefined;
  expectEqual(template, 'kubernetes.service_container_security_context.privileged', serviceContext?.privileged, plan.runner.servicesPrivileged ?? undefined);
  expectEqual(template, 'kubernetes.pull_policy', section?.pull_policy, plan.runner.pullPolicy);
  expectEqual(template, 'kubernetes.helper_image', section?.helper_image, plan.runner.helperImage ?? undefined);
  for (const [key, value] of k.resources) expectEqual(template, `kubernetes.${key}`, section?.[key], value);
  const emptyDirs = ((section?.volumes as Obj | undefined)?.empty_dir ?? []) as Obj[];
  const certs = k.certsEmptyDir ? [{ name: 'docker-certs', mount_path: CERTS_VOLUME, medium: 'Memory' }] : [];
  expectEqual(template, 'kubernetes.volumes.empty_dir', emptyDirs, certs);
}

function checkRunner(plan: Plan, file: RenderedFile): { config: Obj; runner: Obj } {
  const config = parseToml(file.contents, file.template);
  const r = plan.runner;
  expectEqual(file.template, 'concurrent', config.concurrent, r.concurrent);
  const runners = config.runners as Obj[] | undefined;
  expectEqual(file.template, 'number of [[runners]]', runners?.length, 1);
  const runner = runners![0];
  for (const key of ['name', 'url', 'token', 'executor'] as const) expectEqual(file.template, key, runner[key], r[key]);
  const docker = runner.docker as Obj | undefined;
  if (r.executor === 'docker') {
    expectEqual(file.template, 'docker.image', docker?.image, r.image);
    expectEqual(file.template, 'docker.privileged', docker?.privileged, r.privileged);
    expectEqual(file.template, 'docker.services_privileged', docker?.services_privileged, r.servicesPrivileged ?? undefined);
    expectEqual(
      file.template,
      'docker.allowed_privileged_services',
      docker?.allowed_privileged_services,
      r.allowedPrivilegedServices.length ? r.allowedPrivilegedServices : undefined,
    );
    expectEqual(file.template, 'docker.pull_policy', docker?.pull_policy, r.pullPolicy);
    expectEqual(file.template, 'docker.helper_image', docker?.helper_image, r.helperImage ?? undefined);
    expectEqual(file.template, 'docker.volumes', docker?.volumes, r.volumes);
    expectEqual(file.template, 'docker.security_opt', docker?.security_opt, r.securityOpt.length ? r.securityOpt : undefined);
    expectEqual(file.template, 'docker.extra_hosts', docker?.extra_hosts, r.extraHosts.length ? r.extraHosts : undefined);
  } else {
    expectEqual(file.template, '[runners.docker]', docker, undefined);
  }
  if (r.executor === 'kubernetes') checkKubernetesSection(file.template, plan, runner.kubernetes as Obj | undefined);
  expectEqual(file.template, '[runners.cache]', runner.cache, cacheTable(plan));
  return { config, runner };
}

/** `[runners.cache]` as the runner docs lay it out; never a credential (the runner reads those from its environment). */
function cacheTable(plan: Plan): Obj | undefined {
  const c = plan.runner.cache;
  if (!c) return undefined;
  const table: Obj = { Type: c.type, Shared: true };
  if (c.path) table.Path = c.path;
  if (c.type === 's3') table.s3 = { BucketName: c.bucket, AuthenticationType: 'iam' };
  if (c.type === 'gcs') table.gcs = { BucketName: c.bucket };
  if (c.type === 'azure') table.azure = { AccountName: c.account, ContainerName: c.bucket };
  return table;
}

/** values.yaml: the chart's keys, and runners.config equal to config.toml's runner but url and token. */
function checkValues(plan: Plan, file: RenderedFile, runner: Obj): void {
  const values = parseYaml(file.contents, file.template).toJS() as Obj;
  expectEqual(file.template, 'gitlabUrl', values.gitlabUrl, plan.runner.url);
  expectEqual(file.template, 'concurrent', values.concurrent, plan.runner.concurrent);
  expectEqual(file.template, 'rbac.create', (values.rbac as Obj | undefined)?.create, true);
  const runners = (values.runners ?? {}) as Obj;
  if (typeof runners.config !== 'string') throw new TemplateError(file.template, 'runners.config is not a TOML string');
  const section = parseToml(runners.config, `${file.template} runners.config`);
  const { url: _url, token: _token, ...expected } = runner;
  expectEqual(file.template, 'runners.config', section.runners, [expected]);
  if (JSON.stringify(values).includes('glrt-')) throw new TemplateError(file.template, 'holds a runner token');
}

function checkRegister(plan: Plan, file: RenderedFile): void {
  const start = file.contents.indexOf('gitlab-runner register');
  if (start < 0) throw new TemplateError(file.template, 'no gitlab-runner register command');
  let words: string[];
  try {
    words = splitShellWords(file.contents.slice(start).split(/(?<!\\)\n/)[0]);
  } catch (err) {
    throw new TemplateError(file.template, (err as Error).message);
  }
  expectEqual(file.template, 'register command', words, ['gitlab-runner', 'register', '--token', RUNNER_TOKEN_REF, ...plan.register.flat()]);
}

/** --component: the pipeline is the include alone, of that component with exactly the answers' inputs. */
function checkComponentInclude(plan: Plan, file: RenderedFile): YAML.Document.Parsed {
  const doc = parseYaml(file.contents, file.template);
  const c = plan.ci.component!;
  const inputs = Object.fromEntries(c.inputs.map((i) => [i.name, i.list ?? i.value]));
  expectEqual(file.template, 'the pipeline', doc.toJS(), { include: [{ component: c.ref, inputs }] });
  return doc;
}

export function checkRendered(plan: Plan, files: RenderedFile[]): ParsedRender {
  const byRole = (role: RenderedFile['role']) => files.find((f) => f.role === role);
  const ci = plan.ci.component ? checkComponentInclude(plan, byRole('ci')!) : checkPipeline(plan, byRole('ci')!);
  const { config, runner } = checkRunner(plan, byRole('runner')!);
  checkRegister(plan, byRole('register')!);
  const values = byRole('values');
  if (values) checkValues(plan, values, runner);
  else if (plan.templates.values) throw new TemplateError(plan.templates.values, 'was not rendered');
  return { ci, runnerConfig: config };
}
