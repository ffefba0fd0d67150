/**
 * `docker build -f FILE CONTEXT` (and buildx, buildah, podman, buildctl) naming a Dockerfile or a
 * context the repository does not have: the build fails on first push. Judged only when a
 * repository folder is linted, and only where lint can be sure: a path with a variable, a
 * wildcard or a URL is skipped, and so is every build after a command that might have made the
 * path (a build tool, a redirect into the project, artifacts or cache from other jobs) or after a
 * change of folder lint cannot follow.
 */
import path from 'node:path';
import { LintJob } from '../ci-model';
import { finding } from '../facts';
import { parseScript, SimpleCommand, Word } from '../shell-commands';
import { Finding, RepositoryPaths, Where } from '../types';

type Tool = 'docker' | 'buildah' | 'buildctl';

interface Build {
  tool: Tool;
  /** As written, for the message. */
  command: string;
  file?: string;
  context?: string;
  /** buildctl: --local dockerfile=DIR and --opt filename=NAME. */
  dockerfileDir?: string;
  filename?: string;
  /** Writes files (--output / -o): later commands may find them. */
  writes: boolean;
}

/** The CPU limits docker build and buildah build both take, with a value. */
const CPU_VALUE = ['--cpu-period', '--cpu-quota', '-c', '--cpu-shares', '--cpuset-cpus', '--cpuset-mems'];
/** Options of docker build / buildx build that take a value (the rest of their options are flags). */
const DOCKER_VALUE = new Set([
  '--add-host',
  '--allow',
  '--annotation',
  '--attest',
  '--build-arg',
  '--build-context',
  '--builder',
  '--cache-from',
  '--cache-to',
  '--call',
  '--cgroup-parent',
  ...CPU_VALUE,
  '-f',
  '--file',
  '--iidfile',
  '--isolation',
  '--label',
  '-m',
  '--memory',
  '--memory-swap',
  '--metadata-file',
  '--network',
  '--no-cache-filter',
  '-o',
  '--output',
  '--platform',
  '--progress',
  '--provenance',
  '--sbom',
  '--secret',
  '--security-opt',
  '--shm-size',
  '--ssh',
  '-t',
  '--tag',
  '--target',
  '--ulimit',
]);
const DOCKER_FLAG = new Set([
  '--pull',
  '--no-cache',
  '-q',
  '--quiet',
  '--rm',
  '--force-rm',
  '--squash',
  '--compress',
  '--disable-content-trust',
  '--stream',
  '--load',
  '--push',
  '--check',
  '-D',
  '--debug',
]);
const BUILDAH_VALUE = new Set([
  '--add-host',
  '--annotation',
  '--arch',
  '--authfile',
  '--build-arg',
  '--build-arg-file',
  '--build-context',
  '--cache-from',
  '--cache-to',
  '--cache-ttl',
  '--cap-add',
  '--cap-drop',
  '--cert-dir',
  '--cgroup-parent',
  '--cgroupns',
  '--cpp-flag',
  ...CPU_VALUE,
  '--creds',
  '--decryption-key',
  '--device',
  '--dns',
  '--dns-option',
  '--dns-search',
  '--env',
  '-f',
  '--file',
  '--format',
  '--from',
  '--group-add',
  '--hooks-dir',
  '--ignorefile',
  '--iidfile',
  '--ipc',
  '--isolation',
  '--jobs',
  '--label',
  '--layer-label',
  '--logfile',
  '--manifest',
  '-m',
  '--memory',
  '--memory-swap',
  '--network',
  '--os',
  '--os-feature',
  '--os-version',
  '-o',
  '--output',
  '--pid',
  '--platform',
  '--retry',
  '--retry-delay',
  '--runtime',
  '--runtime-flag',
  '--secret',
  '--security-opt',
  '--shm-size',
  '--sign-by',
  '--ssh',
  '-t',
  '--tag',
  '--target',
  '--timestamp',
  '--ulimit',
  '--unsetenv',
  '--unsetlabel',
  '--userns',
  '--userns-uid-map',
  '--userns-gid-map',
  '--uts',
  '--variant',
  '-v',
  '--volume',
]);
const BUILDAH_FLAG = new Set([
  '--layers',
  '--no-cache',
  '--pull',
  '--pull-always',
  '--pull-never',
  '--rm',
  '--force-rm',
  '-q',
  '--quiet',
  '--squash',
  '--squash-all',
  '--stdin',
  '--tls-verify',
  '--compress',
  '--disable-compression',
  '-D',
  '--no-hosts',
  '--omit-history',
  '--identity-label',
  '--skip-unused-stages',
  '--http-proxy',
  '--all-platforms',
  '--disable-content-trust',
  '--inherit-labels',
  '--logsplit',
]);
/** docker's own options before the command. */
const DOCKER_GLOBAL_VALUE = new Set(['-H', '--host', '--config', '-c', '--context', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey', '--builder']);
const DOCKER_GLOBAL_FLAG = new Set(['-D', '--debug', '--tls', '--tlsverify']);

/** Words before the command itself that leave it the same command. */
const PREFIXES = new Set(['sudo', 'time', 'exec', 'command', 'nohup', 'env', '!', 'if', 'then', 'else', 'elif', 'do', 'while', 'until', '{']);
const isAssignment = (w: Word): boolean => /^[A-Za-z_][A-Za-z0-9_]*=/.test(w.value);

/** The command's own words: assignments, `sudo`, `if` and the like dropped. */
function commandWords(c: SimpleCommand): Word[] {
  let i = 0;
  while (i < c.words.length && (isAssignment(c.words[i]) || PREFIXES.has(c.words[i].value))) i++;
  return c.words.slice(i);
}

/** Options parsed against the tables; undefined when one is unknown (lint does not guess what it takes). */
function options(args: Word[], valued: Set<string>, flags: Set<string>): { values: [string, string][]; positional: string[] } | undefined {
  const values: [string, string][] = [];
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i].value;
    if (w === '--') {
      positional.push(...args.slice(i + 1).map((a) => a.value));
      break;
    }
    if (!w.startsWith('-') || w === '-') {
      positional.push(w);
      continue;
    }
    const eq = w.indexOf('=');
    const name = eq > 0 ? w.slice(0, eq) : w;
    if (valued.has(name)) {
      if (eq > 0) values.push([name, w.slice(eq + 1)]);
      else if (i + 1 < args.length) values.push([name, args[++i].value]);
      else return undefined;
    } else if (flags.has(name)) {
      continue;
    } else if (/^-[a-zA-Z]./.test(w) && valued.has(w.slice(0, 2))) {
      values.push([w.slice(0, 2), w.slice(2)]); // -fDockerfile
    } else return undefined;
  }
  return { values, positional };
}

const last = (values: [string, string][], ...names: string[]): string | undefined =>
  values
    .filter(([n]) => names.includes(n))
    .map(([, v]) => v)
    .pop();

/** The build a command runs, if it is one lint reads. */
function buildOf(words: Word[]): Build | undefined {
  if (words.length === 0) return undefined;
  const name = path.posix.basename(words[0].value);
  const command = words.map((w) => w.raw).join(' ');
  let rest = words.slice(1);
  let tool: Tool;
  if (name === 'docker' || name === 'podman') {
    while (rest.length && rest[0].value.startsWith('-')) {
      const flag = rest[0].value.split('=')[0];
      if (DOCKER_GLOBAL_VALUE.has(flag) && !rest[0].value.includes('=')) rest = rest.slice(2);
      else if (DOCKER_GLOBAL_VALUE.has(flag) || DOCKER_GLOBAL_FLAG.has(flag)) rest = rest.slice(1);
      else return undefined;
    }
    const sub = rest.map((w) => w.value);
    if (sub[0] === 'build') rest = rest.slice(1);
    else if ((sub[0] === 'image' || sub[0] === 'builder') && sub[1] === 'build') rest = rest.slice(2);
    else if (sub[0] === 'buildx' && (sub[1] === 'build' || sub[1] === 'b')) rest = rest.slice(2);
    else return undefined;
    tool = name === 'podman' ? 'buildah' : 'docker';
  } else if (name === 'buildx' && (rest[0]?.value === 'build' || rest[0]?.value === 'b')) {
    rest = rest.slice(1);
    tool = 'docker';
  } else if (name === 'buildah' && ['build', 'bud', 'build-using-dockerfile'].includes(rest[0]?.value ?? '')) {
    rest = rest.slice(1);
    tool = 'buildah';
  } else if ((name === 'buildctl' || name === 'buildctl-daemonless.sh') && rest.some((w) => w.value === 'build')) {
    return buildctlOf(rest, command);
  } else return undefined;
  const parsed = tool === 'docker' ? options(rest, DOCKER_VALUE, DOCKER_FLAG) : options(rest, BUILDAH_VALUE, BUILDAH_FLAG);
  if (!parsed || parsed.positional.length > 1) return undefined;
  const writes = last(parsed.values, '-o', '--output') !== undefined;
  // buildah builds the current folder when no context is given; docker requires one.
  const context = parsed.positional[0] ?? (tool === 'buildah' ? '.' : undefined);
  if (context === undefined) return undefined;
  return { tool, command, file: last(parsed.values, '-f', '--file'), context, writes };
}

/** buildctl build --frontend dockerfile.v0 --local context=DIR --local dockerfile=DIR [--opt filename=NAME]. */
function buildctlOf(args: Word[], command: string): Build | undefined {
  const flag = (name: string): string[] => {
    const out: string[] = [];
    args.forEach((w, i) => {
      if (w.value === name && i + 1 < args.length) out.push(args[i + 1].value);
      else if (w.value.startsWith(`${name}=`)) out.push(w.value.slice(name.length + 1));
    });
    return out;
  };
  const frontend = flag('--frontend')[0];
  if (frontend !== 'dockerfile.v0') return undefined;
  const locals = new Map(flag('--local').map((l) => [l.split('=')[0], l.slice(l.indexOf('=') + 1)] as const));
  const filename = flag('--opt')
    .filter((o) => o.startsWith('filename='))
    .map((o) => o.slice('filename='.length))
    .pop();
  const writes = flag('--output')
    .concat(flag('-o'))
    .some((o) => /type=(local|tar|oci|docker)\b/.test(o) && /\bdest=/.test(o));
  if (!locals.has('context') || !locals.has('dockerfile')) return undefined;
  return { tool: 'buildctl', command, context: locals.get('context'), dockerfileDir: locals.get('dockerfile'), filename, writes };
}

/** Holds a variable, a command, a wildcard, a brace or a home folder: its value is not in the file. */
const dynamic = (p: string): boolean => /[$`*?[\]{}~]/.test(p);
const remote = (p: string): boolean => p === '-' || /:\/\/|^git@|^github\.com\/|\.git(#|$)|#/.test(p);

const MAX_PATH = 4096;

/** A path as written, from the repository root, given the folder the shell is in; undefined when lint cannot tell. */
function fromRoot(cwd: string, written: string): string | undefined {
  // $CI_PROJECT_DIR is the repository root, wherever the job is.
  const fromProject = /^\$\{?CI_PROJECT_DIR\}?(?=\/|$)/.exec(written);
  const p = fromProject ? written.slice(fromProject[0].length).replace(/^\/+/, '') : written;
  if (dynamic(p) || remote(p) || (!fromProject && p.startsWith('/'))) return undefined;
  const joined = fromProject ? p : path.posix.join(cwd, p);
  const normal = path.posix.normalize(joined || '.').replace(/\/+$/, '');
  // Deeper than any real repository: not followed (and each join stays short).
  if (normal === '..' || normal.startsWith('../') || normal.length > MAX_PATH) return undefined;
  return normal === '.' ? '' : normal;
}

/** Commands that leave the project folder as it is (what they install or print goes elsewhere). */
const HARMLESS = new Set([
  'echo',
  'printf',
  'true',
  'false',
  ':',
  'export',
  'unset',
  'set',
  'shopt',
  'ulimit',
  'umask',
  'alias',
  'exit',
  'return',
  'sleep',
  'wait',
  'ls',
  'pwd',
  'env',
  'printenv',
  'cat',
  'head',
  'tail',
  'grep',
  'egrep',
  'fgrep',
  'wc',
  'id',
  'whoami',
  'hostname',
  'uname',
  'date',
  'which',
  'type',
  'hash',
  'test',
  '[',
  '[[',
  ']]',
  'apk',
  'apt-get',
  'apt',
  'yum',
  'dnf',
  'microdnf',
  'zypper',
  'seq',
  'base64',
  'tr',
  'cut',
  'sort',
  'uniq',
  'jq',
  'basename',
  'dirname',
  'realpath',
  'readlink',
  'stat',
  'df',
  'du',
  'free',
  'nproc',
  'rm',
  'rmdir',
  'chmod',
  'chown',
  'fi',
  'done',
  'esac',
  '}',
  'for',
  'case',
  'then',
  'do',
  'else',
  'break',
  'continue',
  'shift',
  'read',
  'local',
  'declare',
  'typeset',
  'readonly',
  'trap',
  'docker-credential-gcr',
  'skopeo',
  'sha256sum',
  'md5sum',
  'sha1sum',
  'expr',
  'dockerd-entrypoint.sh',
  'update-ca-certificates',
]);
/** docker / podman / buildah subcommands that write nothing into the project folder. */
const REGISTRY_SUBCOMMANDS = new Set([
  'login',
  'logout',
  'pull',
  'push',
  'tag',
  'info',
  'version',
  'images',
  'image',
  'inspect',
  'ps',
  'logs',
  'rmi',
  'stop',
  'rm',
  'kill',
  'wait',
  'search',
  'system',
  'context',
  'manifest',
  'network',
  'buildx',
  'trust',
  'containers',
]);
const GIT_READS = new Set([
  'describe',
  'rev-parse',
  'log',
  'config',
  'status',
  'diff',
  'show',
  'fetch',
  'remote',
  'ls-files',
  'ls-remote',
  'tag',
  'branch',
  'version',
  '--version',
]);
/** What a $(...) may run without touching the project folder. */
const SUBSTITUTION_OK = new Set([...HARMLESS, 'git', 'docker', 'sed', 'awk', 'yq']);
const FILE_MAKERS = new Set(['mkdir', 'touch', 'cp', 'mv', 'ln', 'tee', 'install']);
const DOCKER_TOOLS = new Set(['docker', 'podman', 'buildah']);

/** Outside the project folder: the home folder, an absolute path, a device. */
const outsideProject = (target: string): boolean => /^(~|\$\{?HOME\}?(\/|$)|\/)/.test(target) && !/^\$\{?CI_PROJECT_DIR/.test(target);

/** The command may create or change files in the project folder. */
function mayWrite(words: Word[], c: SimpleCommand): boolean {
  if (c.redirects.some((r) => r.op.includes('>') && !outsideProject(r.target))) return true;
  if (words.length === 0) return false;
  const name = path.posix.basename(words[0].value);
  const args = words.slice(1).map((w) => w.value);
  if (HARMLESS.has(name)) return false;
  if (DOCKER_TOOLS.has(name)) {
    const sub = args.find((a) => !a.startsWith('-'));
    return sub === undefined || !REGISTRY_SUBCOMMANDS.has(sub) || (sub === 'buildx' && args.includes('bake'));
  }
  if (name === 'git') return !GIT_READS.has(args[0] ?? '');
  if (FILE_MAKERS.has(name)) {
    const targets = args.filter((a) => !a.startsWith('-'));
    const written = name === 'mkdir' || name === 'touch' || name === 'tee' ? targets : targets.slice(-1);
    return !written.every(outsideProject);
  }
  return true;
}

function substitutionWrites(inner: string): boolean {
  if (inner.startsWith('(')) return false; // $((arithmetic))
  const first = parseScript(inner).commands.map((c) => commandWords(c)[0]?.value);
  return first.some((w) => w !== undefined && !SUBSTITUTION_OK.has(path.posix.basename(w)));
}

/** Any of these in a script item: what runs, and in which folder, depends on something lint does not follow. */
const COMPOUND = new Set(['if', 'while', 'until', 'for', 'case', 'select', 'function', '[', '[[', 'test', '{']);

interface Missing {
  what: string;
  fix: string;
}

/** What the repository lacks of this build, judged from folder `cwd`. */
function missingOf(build: Build, cwd: string, repo: RepositoryPaths): Missing[] {
  const out: Missing[] = [];
  const context = build.context === undefined ? undefined : fromRoot(cwd, build.context);
  if (build.context !== undefined && context === undefined) return [];
  const contextKind = context === undefined ? 'unknown' : repo(context);
  const shownCwd = cwd === '' ? 'the project folder' : `${cwd}/, where the job has cd'd`;
  const from = (written: string | undefined) => (cwd === '' || written === undefined || /^\$\{?CI_PROJECT_DIR/.test(written) ? '' : ` (from ${shownCwd})`);
  const contextBad = contextKind === 'missing' || (contextKind === 'file' && build.tool !== 'buildah');
  if (contextBad) {
    out.push({
      what: `the context ${build.context}${from(build.context)} ${contextKind === 'file' ? 'is a file, not a folder' : 'is not a folder in the repository'}`,
      fix: `name the folder the build copies from, from ${shownCwd}: usually . or the Dockerfile's folder`,
    });
  }
  if (build.tool === 'buildctl') {
    const dir = fromRoot(cwd, build.dockerfileDir!);
    if (dir === undefined || (build.filename !== undefined && (dynamic(build.filename) || remote(build.filename)))) return out;
    const dirKind = repo(dir);
    if (dirKind === 'missing' || dirKind === 'file') {
      out.push({
        what: `--local dockerfile=${build.dockerfileDir}${from(build.dockerfileDir)} is not a folder in the repository`,
        fix: 'name the folder that holds the Dockerfile',
      });
      return out;
    }
    if (dirKind !== 'folder') return out;
    const names = build.filename === undefined ? ['Dockerfile', 'dockerfile'] : [build.filename];
    const kinds = names.map((n) => repo(path.posix.join(dir, n).replace(/^\.$/, '')));
    if (kinds.every((k) => k === 'missing'))
      out.push({
        what: `the Dockerfile ${path.posix.join(build.dockerfileDir!, names[0])}${from(build.dockerfileDir)} (--local dockerfile, --opt filename) is not in the repository`,
        fix: 'name the Dockerfile the repository has: --local dockerfile=ITS_FOLDER --opt filename=ITS_NAME',
      });
    return out;
  }
  if (build.file !== undefined) {
    if (dynamic(build.file) || remote(build.file)) return out;
    // docker reads -f from the current folder, buildah may also from the context: either will do.
    const candidates = [fromRoot(cwd, build.file), ...(context !== undefined && !build.file.startsWith('/') ? [fromRoot(context, build.file)] : [])];
    if (candidates.some((c) => c === undefined)) return out;
    if (candidates.every((c) => repo(c!) === 'missing')) {
      out.push({
        what: `the Dockerfile ${build.file}${from(build.file)} (-f) is not in the repository`,
        fix: `name a Dockerfile the repository has (the path is from ${shownCwd}), or add ${build.file}`,
      });
    }
  } else if (contextKind === 'folder') {
    // No -f: the Dockerfile in the context (docker also takes dockerfile; buildah and podman Containerfile).
    const names = build.tool === 'buildah' ? ['Containerfile', 'Dockerfile', 'containerfile', 'dockerfile'] : ['Dockerfile', 'dockerfile'];
    if (names.every((n) => repo(path.posix.join(context!, n).replace(/^\.$/, '')) === 'missing')) {
      out.push({
        what: `there is no Dockerfile in the context ${build.context}${from(build.context)}`,
        fix: `add ${path.posix.join(build.context!, 'Dockerfile')}, or name the one the repository has with -f`,
      });
    }
  }
  return out;
}

/** A path someone else may leave there: another job's artifacts or cache. */
const handedOver = (job: LintJob, p: string | undefined): boolean => job.handedOver === 'any' || (p !== undefined && job.handedOver.has(p.split('/')[0]));

export function buildPathMissing(job: LintJob, repo: RepositoryPaths | undefined): Finding[] {
  // No repository folder, or a job that checks nothing out: nothing to judge against.
  if (!repo || job.variables.GIT_STRATEGY === 'none') return [];
  const out: Finding[] = [];
  let cwd: string | undefined = '';
  let written = false;
  const report = (where: Where, build: Build, m: Missing) =>
    out.push(
      finding(
        'docker-build-path-missing',
        'warning',
        where,
        `${build.command.length > 80 ? `${build.command.slice(0, 77)}...` : build.command}: ${m.what}, so the build fails`,
        m.fix,
      ),
    );
  for (let i = 0; i < job.scripts.length; i++) {
    const item = job.scripts[i];
    if (i === job.afterScriptStart) cwd = ''; // after_script: a new shell in the project folder
    const parsed = parseScript(item.text);
    if (parsed.heredoc) return out;
    if (parsed.substitutions.some(substitutionWrites)) written = true;
    const compound = parsed.commands.some(
      (c) =>
        c.before === '(' ||
        c.after === ')' ||
        COMPOUND.has(c.words.find((w) => !isAssignment(w))?.value ?? '') ||
        c.words.some((w) => w.value === 'then' || w.value === 'do'),
    );
    for (const c of parsed.commands) {
      const words = commandWords(c);
      const name = words.length ? path.posix.basename(words[0].value) : '';
      if (name === 'cd' || name === 'pushd' || name === 'popd' || name === 'source' || name === '.') {
        const plain = name === 'cd' && !compound && !['||', '|', '&'].includes(c.before) && !['|', '&', '||'].includes(c.after) && words.length === 2;
        cwd = plain && cwd !== undefined ? fromRoot(cwd, words[1].value) : undefined;
        if (name !== 'cd') written = true;
        continue;
      }
      const build = buildOf(words);
      if (build) {
        const judged = !written && cwd !== undefined && !compound && c.before !== '||' && c.after !== '||' && !c.redirects.some((r) => r.op.startsWith('<'));
        if (judged) {
          const paths = [build.context, build.file, build.dockerfileDir].filter((p): p is string => p !== undefined).map((p) => fromRoot(cwd!, p));
          if (!paths.some((p) => handedOver(job, p))) for (const m of missingOf(build, cwd!, repo)) report(item, build, m);
        }
        if (build.writes || c.redirects.some((r) => r.op.includes('>') && !outsideProject(r.target))) written = true;
        continue;
      }
      if (mayWrite(words, c)) written = true;
    }
  }
  return out;
}
