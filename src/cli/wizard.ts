/**
 * The wizard: in a terminal, asks what the flags left open. The mode comes first (listed from
 * MODES, so later modes follow dind, socket, shell), then only the questions that apply to it.
 * Every answer goes through resolveAnswers, the gate the flags go through, and every default is
 * what that gate fills in: in a folder without a .gitlab-dind.yml, Enter on every question gives exactly
 * what --yes gives; with one, its answers are the defaults and Enter all the way changes nothing.
 */
import path from 'node:path';
import { Answers, dropOtherModesDefaults, FLAG_OF, RawAnswers, resolveAnswers } from '../core/answers';
import { FieldError, UsageError } from '../core/errors';
import { Mode, MODES } from '../core/modes';
import { fieldOf, withoutRefused } from '../core/previous-answers';
import { planFor } from '../core/plan';
import * as v from '../core/validators';
import { CliIo } from './io';
import { DEFAULT_OUT, resolveOutFolder } from './out-folder';
import { CI_FILE } from '../core/project-paths';
import { foreignPipeline } from '../io/project';
import { Choice, Prompter, terminalPrompter } from './prompt';
import { askBuild, askBuildSource } from './wizard-build';
import { askComponent, askComponentImage, askComponentTest, includesComponent } from './wizard-component';
import { confirmWrites } from './wizard-confirm';
import { offerRegister } from './wizard-register';
import type { PlannedWrite } from '../io/write-files';

export interface WizardAnswers {
  raw: RawAnswers;
  /** Absolute output folder. */
  out: string;
}

/** A previous run's answers file, whose answers the wizard offers as its defaults. */
export interface Previous {
  /** As shown to the user. */
  file: string;
  answers: RawAnswers;
}

/** The wizard as init uses it: loaded only when it asks, so --yes never loads inquirer. */
export interface Wizard {
  /**
   * Asks what the flags left open: the output folder first unless --out gave it, then the rest, with the
   * answers of an earlier run in that folder (`previousIn`) as the defaults.
   */
  ask(given: RawAnswers, out: string | undefined, io: CliIo, previousIn: (folder: string) => Previous | undefined): Promise<WizardAnswers>;
  /** Shows the files about to be written; false: the user declined. */
  confirm(out: string, planned: PlannedWrite[], io: CliIo): Promise<boolean>;
  /** The last step, once the files are written: offers `gitlab-dind register`; undefined when not taken. */
  register?(out: string, io: CliIo): Promise<number | undefined>;
}

type TextField = Exclude<keyof Answers, 'mode' | 'tls'>;

/**
 * Why `value` cannot answer `field`, given what is decided so far; undefined when it can.
 * A complaint about a field not decided yet (the image, once a push registry is named) is not
 * this answer's fault: that field's own question comes later. Nor is one about a field that only an
 * earlier run decided (`movable`): the new answer wins, and that field gives way (Questions.settle).
 */
export function problemWith(
  field: keyof Answers,
  value: RawAnswers[keyof Answers],
  decided: RawAnswers,
  movable: ReadonlySet<keyof Answers> = new Set(),
): string | undefined {
  try {
    resolveAnswers({ ...decided, [field]: value });
    return undefined;
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    const about = fieldOf(err);
    if (about !== undefined && about !== field && (decided[about] === undefined || movable.has(about))) return undefined;
    // Under its own question the detail alone; about another answer, as the flag that gave it.
    return about === field && err instanceof FieldError ? err.detail : err.message;
  }
}

/** How a previous answer is said back: as the flag that would give it. */
function asFlag(field: keyof Answers, value: RawAnswers[keyof Answers]): string {
  const flag = FLAG_OF[field];
  if (typeof value === 'boolean') return value ? `--${flag}` : `--no-${flag}`;
  return `--${flag} ${JSON.stringify(Array.isArray(value) ? value.join(',') : value)}`;
}

class Questions {
  /** Fields whose value is a previous run's, not yet asked or given this run: they give way to new answers. */
  private readonly seeded = new Set<keyof Answers>();

  constructor(
    private readonly ask: Prompter,
    private readonly given: RawAnswers,
    readonly raw: RawAnswers,
    readonly note: (line: string) => void,
  ) {}

  /** Takes an answer, and drops what it leaves a previous run's answer in conflict with (else that question would refuse forever). */
  take<F extends keyof Answers>(field: F, value: RawAnswers[F]): void {
    this.raw[field] = value;
    this.seeded.delete(field);
    for (;;) {
      try {
        resolveAnswers(this.raw);
        return;
      } catch (err) {
        const about = err instanceof UsageError ? fieldOf(err) : undefined;
        if (about !== undefined && about !== field && this.raw[about] === undefined) return; // its own question comes later
        if (about === undefined || !this.seeded.has(about)) throw err; // problemWith let nothing else through
        this.note(`  (dropped the earlier ${asFlag(about, this.raw[about])}: it does not go with that answer)`);
        delete this.raw[about]; // one field fewer each time round: this ends
        this.seeded.delete(about);
      }
    }
  }

  open(field: keyof Answers): boolean {
    return this.given[field] === undefined;
  }

  /** A switch given on this run (--dependency-proxy, not --no-dependency-proxy). */
  givenOn(field: keyof Answers): boolean {
    return this.given[field] === true;
  }

  /**
   * A text question whose default is what --yes would take given the answers so far (a previous run's
   * included); `whenEmpty` refuses an empty answer. `taken` turns a looser answer into the one meant
   * (a URL into a prefix), which is then said.
   */
  async text(
    field: TextField,
    message: string,
    whenEmpty?: (value: string) => string | undefined,
    taken?: (value: string) => { value: string; how: string },
  ): Promise<void> {
    const meant = (value: string) => (value !== '' && taken ? taken(value).value : value);
    const check = (value: string) => {
      const empty = value === '' ? whenEmpty?.(value) : undefined;
      return empty !== undefined ? `"" is not valid; expected ${empty}` : problemWith(field, meant(value), this.raw, this.seeded);
    };
    const answer = await this.ask.input(message, { default: whenEmpty ? this.kept(field) : this.fallback(field), check });
    if (meant(answer) !== answer) this.note(`  (took ${meant(answer)}: ${taken!(answer).how})`);
    this.take(field, meant(answer));
  }

  /** Another registry's image: its name starts with the host it is pushed to, which becomes --registry. */
  async pushImage(message: string): Promise<void> {
    const check = (value: string) => {
      const host = v.imageHost(value);
      if (host === undefined)
        return `${JSON.stringify(value)} is not valid; expected an image whose name starts with its registry's host, such as registry.example.com/group/app (docker.io/group/app for Docker Hub)`;
      return problemWith('image', value, { ...this.raw, registry: host }, this.seeded);
    };
    const image = await this.ask.input(message, { default: this.raw.registry ? this.kept('image') : undefined, check });
    const registry = v.imageHost(image)!;
    this.raw.registry = registry;
    this.seeded.delete('registry');
    this.take('image', image);
    this.note(`  (pushed to ${registry}, logged in with REGISTRY_USER and REGISTRY_PASSWORD)`);
  }

  /** For a question with no default of its own (a registry host): a previous run's answer, if it still fits. */
  private kept(field: TextField): string | undefined {
    const value = this.raw[field];
    return typeof value === 'string' && value !== '' && problemWith(field, value, this.raw) === undefined ? value : undefined;
  }

  /** What --yes would take for the field, given the answers so far. */
  private fallback(field: TextField): string | undefined {
    const value = resolveAnswers(this.raw)[field];
    const text = Array.isArray(value) ? value.join(',') : String(value);
    return text === '' ? undefined : text;
  }

  /** `current`: the answer taken so far (a previous run's), else the first choice. */
  select<T>(message: string, choices: Choice<T>[], current?: T): Promise<T> {
    const known = current !== undefined && choices.some((c) => c.value === current);
    return this.ask.select(message, choices, known ? current : choices[0].value);
  }

  /**
   * A previous run's answers become the defaults of what is still open, for the mode now chosen: the old
   * mode's defaults go (as in `generate` after a change of mode), its component too, and so does any answer this mode
   * refuses. Answers no question asks (--testcontainers, --runner-config, ...) are kept as they were.
   */
  seed(previous: RawAnswers): void {
    const seed: RawAnswers = dropOtherModesDefaults({ ...previous, mode: this.raw.mode });
    const before = previous.mode ?? 'dind';
    if (includesComponent(seed) && before !== this.raw.mode) {
      // A component is one mode's jobs (gitlab-dind component makes one per mode): another mode's runner cannot run them.
      this.note(`  (dropped the earlier ${asFlag('component', seed.component)}: it was for mode ${String(before)}, not ${String(this.raw.mode)})`);
      delete seed.component;
    }
    for (const field of Object.keys(this.given) as (keyof Answers)[]) delete seed[field];
    const { seed: kept, settled } = withoutRefused(seed, this.raw);
    if (!settled) return; // not the seed's fault: take none of it
    for (const field of Object.keys(kept) as (keyof Answers)[]) if (this.raw[field] === undefined) this.seeded.add(field);
    Object.assign(this.raw, { ...kept, ...this.raw });
  }
}

/** The modes the flags given allow (--mtu rules out all but dind and kubernetes): choosing another would only fail. */
function modeChoices(given: RawAnswers): Choice<Mode>[] {
  const allowed = MODES.filter((m) => problemWith('mode', m.id, given) === undefined);
  // One line each, so all fit an 80×24 terminal: the trade-off shows under the list for the highlighted one.
  return allowed.map((m) => ({ value: m.id, name: m.id, short: m.id, description: m.tradeOff }));
}

/** Asked of the gate rather than restated: does this mode run docker images, a dind service, TLS, pods, a builder? */
function modeFacts(mode: Mode): { docker: boolean; images: boolean; dindService: boolean; tls: boolean; kubernetes: boolean; builder: boolean } {
  const defaults = resolveAnswers({ mode });
  const { ci } = planFor(defaults);
  return {
    docker: ci.cliImage !== null,
    images: ci.cliImage !== null || ci.builderImage !== null,
    dindService: ci.dindImage !== null,
    tls: problemWith('tls', false, { mode }) === undefined,
    kubernetes: defaults.namespace !== '',
    builder: defaults.builderVersion !== '',
  };
}

const POD_RESOURCES: [TextField, string][] = [
  ['buildResources', 'build container'],
  ['serviceResources', 'dind service container (it does the building)'],
  ['helperResources', 'helper container'],
];

async function askDocker(q: Questions, mode: Mode): Promise<void> {
  const { tls, imageRegistry } = q.raw;
  const facts = modeFacts(mode);
  if (facts.builder && q.open('builderVersion')) await q.text('builderVersion', `Version of the ${mode === 'buildah' ? 'Buildah' : 'BuildKit'} image`);
  if (facts.docker && q.open('dockerVersion')) {
    const message = facts.dindService
      ? 'Docker version (tag of docker:V-cli and docker:V-dind)'
      : "Docker version of the runner host's engine (tag of the docker:V-cli job image)";
    await q.text('dockerVersion', message);
  }
  if (facts.tls && q.open('tls')) {
    q.take(
      'tls',
      await q.select(
        'TLS between the job and its Docker daemon?',
        [
          { value: true, name: 'TLS on: port 2376, certificates shared through /certs/client (recommended)', short: 'TLS on' },
          { value: false, name: 'TLS off: port 2375 (deprecated upstream)', short: 'TLS off' },
        ],
        tls,
      ),
    );
  }
  // --dependency-proxy given: the images come through it; a mirror would only be refused, again and again.
  // A component fixes where its images come from.
  if (facts.images && q.open('imageRegistry') && !q.givenOn('dependencyProxy') && !includesComponent(q.raw)) {
    const mirror = await q.select(
      'Where are the docker images pulled from?',
      [
        { value: false, name: 'Docker Hub', short: 'Docker Hub' },
        { value: true, name: 'a mirror or proxy prefix of Docker Hub, such as a Harbor proxy-cache project', short: 'a mirror' },
      ],
      typeof imageRegistry === 'string' && imageRegistry !== '',
    );
    if (mirror)
      await q.text(
        'imageRegistry',
        'Mirror prefix of Docker Hub (host[:port][/path], e.g. harbor.example.com/dockerhub)',
        v.checkImageRegistryPrefix,
        prefixFromUrl,
      );
    else q.take('imageRegistry', ''); // Docker Hub, whatever a previous run had
  }
  if (facts.kubernetes) {
    if (q.open('namespace')) await q.text('namespace', 'Kubernetes namespace of the job pods');
    for (const [field, what] of POD_RESOURCES) {
      if (q.open(field)) await q.text(field, `Requests[:limits] of the ${what}: cpu=REQ[:LIMIT],memory=REQ[:LIMIT]`);
    }
  }
}

/** A mirror typed as a URL (`https://harbor.example.com/dockerhub/`): its host and path are the prefix. */
function prefixFromUrl(value: string): { value: string; how: string } {
  const scheme = /^https?:\/\//i.exec(value)?.[0];
  const prefix = value.slice(scheme?.length ?? 0).replace(/\/+$/, '');
  const dropped = [scheme, prefix.length < value.length - (scheme?.length ?? 0) ? 'the trailing /' : undefined].filter(Boolean);
  return { value: prefix, how: `the host and path, without ${dropped.join(' and ')}` };
}

async function askPushTarget(q: Questions): Promise<void> {
  // The image is asked, not the host: its name starts with the host anyway, which is derived from it.
  if (!q.open('registry') || !q.open('image')) return;
  const other = await q.select(
    'Where does the built image go?',
    [
      { value: false, name: "GitLab's container registry of the project ($CI_REGISTRY_IMAGE)", short: "GitLab's registry" },
      { value: true, name: 'another registry (logged in with CI/CD variables REGISTRY_USER, REGISTRY_PASSWORD)', short: 'another registry' },
    ],
    typeof q.raw.registry === 'string' && q.raw.registry !== '',
  );
  if (other) await q.pushImage('Image to build and push, its registry host first (e.g. registry.example.com/group/app)');
  else {
    // GitLab's registry: a previous run's other registry and its image go; an image of its own in this registry stays.
    if (typeof q.raw.registry === 'string' && q.raw.registry !== '') delete q.raw.image;
    q.take('registry', '');
    // As for the context: nothing to ask unless an earlier run chose an image other than the default, kept by Enter.
    if (resolveAnswers(q.raw).image !== resolveAnswers({ mode: q.raw.mode }).image) await q.text('image', 'Image to build, without tag');
  }
}

async function askRunner(q: Questions): Promise<void> {
  if (q.open('tags')) await q.text('tags', 'Runner tags, comma-separated (Enter for none)');
  if (q.open('gitlabUrl')) await q.text('gitlabUrl', 'GitLab URL');
  if (q.open('runnerName')) await q.text('runnerName', 'Runner name');
  if (q.open('concurrent')) await q.text('concurrent', 'Jobs the runner runs at once (concurrent)');
}

function outProblem(value: string, cwd: string): string | undefined {
  try {
    resolveOutFolder(value, cwd);
    return undefined;
  } catch (err) {
    if (err instanceof FieldError) return err.detail;
    if (err instanceof UsageError) return err.message;
    throw err;
  }
}

/** A .gitlab-ci.yml this tool did not write is the repository's own: the jobs go to a file of their own, included from it. */
async function askCiFile(q: Questions, ask: Prompter): Promise<void> {
  const check = (value: string) =>
    value.replace(/^(\.\/)+/, '') === CI_FILE
      ? `${CI_FILE} is your pipeline; expected another file (init --force would replace yours)`
      : problemWith('ciFile', value, q.raw);
  const file = await ask.input(`This folder's ${CI_FILE} was not written by gitlab-dind. File for the jobs, included from your ${CI_FILE} (its only change)`, {
    default: 'ci/docker.gitlab-ci.yml',
    check,
  });
  q.take('ciFile', file);
}

export async function askMissing(
  given: RawAnswers,
  out: string | undefined,
  ask: Prompter,
  io: CliIo,
  previousIn: (folder: string) => Previous | undefined,
): Promise<WizardAnswers> {
  io.stdout('gitlab-dind writes .gitlab-ci.yml and the GitLab Runner config. Enter takes the default; Ctrl-C quits, writing nothing.\n');
  // The folder first: it is the repository whose Dockerfiles are offered, and where an earlier run's answers are.
  const folder =
    out ?? resolveOutFolder(await ask.input('Folder to write the files in', { default: DEFAULT_OUT, check: (value) => outProblem(value, io.cwd) }), io.cwd);
  const previous = previousIn(folder);
  if (previous) io.stdout(`The defaults are the answers in ${previous.file}.\n`);
  const q = new Questions(ask, given, { ...given }, (line) => io.stdout(`${line}\n`));
  if (q.open('mode'))
    q.raw.mode = await q.select('Build mode (gitlab-dind modes explains each)', modeChoices(given), previous?.answers.mode as Mode | undefined);
  if (previous) q.seed(previous.answers);
  // Not when a flag given is one a component fixes (--target, ...): that answer would only be refused.
  await askComponent(q, problemWith('component', 'group/project/name@1.0.0', { ...given, mode: q.raw.mode }) === undefined);
  await askDocker(q, resolveAnswers(q.raw).mode);
  const shownFolder = path.relative(io.cwd, folder) || '.';
  const say = (line: string) => io.stdout(`${line}\n`);
  if (includesComponent(q.raw)) {
    // A component fixes where the image goes, the stage, the build args and the kind of test: its inputs are asked.
    await askComponentImage(q);
    await askBuildSource(q, folder, shownFolder, say);
    await askComponentTest(q);
  } else {
    await askPushTarget(q);
    await askBuild(q, folder, shownFolder, say);
  }
  await askRunner(q);
  if (q.raw.ciFile === undefined && foreignPipeline(folder)) await askCiFile(q, ask);
  return { raw: q.raw, out: folder };
}

export function terminalWizard(ask: Prompter = terminalPrompter): Wizard {
  return {
    ask: (given, out, io, previousIn) => askMissing(given, out, ask, io, previousIn),
    confirm: (out, planned, io) => confirmWrites(out, planned, ask, io),
    register: (out, io) => offerRegister(out, io, ask, io.env.GITLAB_TOKEN),
  };
}
