/**
 * The runner's `config.toml`: the tool owns the global keys its template writes (`concurrent`) and
 * the keys it writes in the runner it manages, found by name. Every other runner, the token, id,
 * token timestamps, unknown keys and global sections are the user's and are kept as they are.
 */
import TOML from '@iarna/toml';
import { UsageError } from '../errors';
import { decide } from './decide';
import { canonicalJson, dataPrint, sha256 } from '../record/fingerprint';
import { findRunner, isTable, leavesOf, runnerParts, runnerPath, Table } from '../record/runner-parts';

export { runnerParts, runnerPath };
import { MergeInput, MergeOutcome, PartIssue, recordedText } from './outcome';
import { editTomlText, runnerBlock, TomlEdit } from './toml-edit';
import { runnerCommentBlocks, runnerComments, TOML_HEADER } from '../record/runner-comments';

export function parseRunnerConfig(text: string, display: string): Table {
  try {
    return TOML.parse(text) as Table;
  } catch (err) {
    const e = err as Error & { line?: number; col?: number };
    const where = e.line === undefined ? '' : `line ${e.line + 1}: `;
    throw new UsageError(`${display}: does not parse: ${where}${e.message.split('\n')[0]}; fix it, then run again`);
  }
}

function getAt(root: Table, keys: string[]): unknown {
  return keys.reduce<unknown>((t, key) => (isTable(t) ? t[key] : undefined), root);
}

/** A value as TOML-ish text for messages; absent is `(none)`. */
function show(value: unknown): string {
  if (value === undefined) return '(none)';
  const text = value instanceof Date ? value.toISOString() : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function setAt(root: Table, keys: string[], value: unknown): void {
  let table = root;
  for (const key of keys.slice(0, -1)) {
    if (!isTable(table[key])) table[key] = {};
    table = table[key] as Table;
  }
  table[keys[keys.length - 1]] = value;
}

function deleteAt(root: Table, keys: string[]): void {
  const table = getAt(root, keys.slice(0, -1));
  if (isTable(table)) delete table[keys[keys.length - 1]];
}

/** A `#` outside strings: the parser drops comments, so a merge that rewrites the file loses them. */
export function hasTomlComment(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '#') return true;
    if (c !== '"' && c !== "'") continue;
    const triple = text.startsWith(c.repeat(3), i);
    const close = triple ? c.repeat(3) : c;
    for (i += close.length; i < text.length && !text.startsWith(close, i); i++) {
      if (c === '"' && text[i] === '\\') i++;
      else if (!triple && text[i] === '\n') break;
    }
    i += close.length - 1;
  }
  return false;
}

/** Whether TOML text parses to exactly this data (canonical JSON): the check on every edit before it is written. */
function readsAs(text: string, wanted: string): boolean {
  try {
    return canonicalJson(TOML.parse(text)) === wanted;
  } catch {
    return false;
  }
}

/**
 * Comments that belong to a managed part (right above its key, and the file's header) go with the part:
 * where the tool wrote them (as recorded) and the render has others, the render's replace them. A file the
 * tool did not write keeps its comments; the user's own comments (not as recorded) stay too.
 */
function commentPlan(input: MergeInput) {
  const mine = runnerCommentBlocks(input.current!, input.runnerName);
  const next = runnerCommentBlocks(input.rendered, input.runnerName);
  const recorded = input.record?.comments;
  const print = (lines: string[] | undefined) => sha256((lines ?? []).join('\n'));
  const same = (a: string[] | undefined, b: string[] | undefined) => print(a) === print(b);
  const record: Record<string, string> = {};
  const ours = (id: string): boolean => {
    if (!input.record) return false;
    const block = mine.get(id) ?? [];
    // A record from before comments were recorded: the tool's file, if its header says so.
    if (!recorded) return (mine.get(TOML_HEADER) ?? []).some((l) => l.startsWith('# Written by gitlab-dind'));
    return recorded[id] !== undefined && recorded[id] === print(block);
  };
  return {
    replaceable: (id: string): boolean => !same(mine.get(id), next.get(id)) && ours(id),
    next: (id: string): string[] => next.get(id) ?? [],
    /** What to record: the comment the tool may replace later, its own; none where the comment there is the user's. */
    taken(id: string, replaced: boolean): void {
      if (replaced || same(mine.get(id), next.get(id))) record[id] = print(next.get(id));
      else if (ours(id)) record[id] = print(mine.get(id));
    },
    record: () => record,
  };
}

export function mergeRunnerConfig(input: MergeInput): MergeOutcome {
  const nextParts = runnerParts(input.rendered, input.runnerName);
  const record: { file: string; parts: Record<string, string>; comments?: Record<string, string> } = {
    file: sha256(input.rendered),
    parts: nextParts,
    comments: runnerComments(input.rendered, input.runnerName),
  };
  const done = { issues: [], backup: false, notes: [], moved: [] };
  // Absent, or exactly as the tool wrote it: the new render, comments and all.
  if (input.current === undefined || input.record?.file === sha256(input.current)) return { contents: input.rendered, record, ...done };

  const current = parseRunnerConfig(input.current, input.display);
  const merged = parseRunnerConfig(input.current, input.display); // a second copy to edit: datetimes keep their TOML kind
  const next = TOML.parse(input.rendered) as Table;
  const lastWritten = recordedText(input);
  const recorded = input.record?.parts ?? (lastWritten === undefined ? undefined : runnerParts(lastWritten, input.runnerName));
  const parts: Record<string, string> = {};
  const accepted: Record<string, string> = {};
  const issues: PartIssue[] = [];
  const notes: string[] = [];
  const { globals, runner } = leavesOf(next, input.runnerName);
  let targets = globals.map((l) => ({ leaf: l, root: merged }));
  let mine = findRunner(merged, input.runnerName);
  // What changes, for editing the file's own text (comments and layout kept) rather than re-serialising it.
  const edits: TomlEdit[] = [];
  let added: string | undefined;
  let addedRunner: string[] = [];
  let mineIndex: number | undefined;
  const others = Array.isArray(current.runners) ? (current.runners as Table[]).filter((r) => isTable(r)) : [];
  const wasThere = recorded !== undefined && Object.keys(recorded).some((id) => id.startsWith(`${runnerPath(input.runnerName)}.`));
  if (!mine && wasThere && others.length === 1 && typeof others[0].name === 'string' && !input.force) {
    // The one runner, renamed by hand: not a second runner to add. runner-name in .gitlab-dind.yml is the answer for it.
    issues.push({
      path: `${runnerPath(input.runnerName)}.name`,
      kind: 'edited',
      forced: false,
      values: { yours: show(others[0].name), render: show(input.runnerName) },
    });
    return {
      contents: input.current,
      record: { file: input.record!.file, parts: recorded, ...(input.record!.comments ? { comments: input.record!.comments } : {}) },
      ...done,
      issues,
      notes,
    };
  }
  if (!mine) {
    mine = { ...findRunner(next, input.runnerName)! };
    merged.runners = [...(Array.isArray(merged.runners) ? merged.runners : []), mine];
    notes.push(`${input.display}: added the runner ${JSON.stringify(input.runnerName)}; its other runners are kept as they were`);
    for (const l of runner) parts[l.id] = dataPrint(l.value);
    addedRunner = runner.map((l) => l.id);
    added = runnerBlock(input.rendered, input.runnerName) ?? '';
  } else {
    targets = [...targets, ...runner.map((l) => ({ leaf: l, root: mine! }))];
    mineIndex = (merged.runners as unknown[]).indexOf(mine);
    // A real token on the host stays; only a runner without one gets the $RUNNER_TOKEN reference.
    if (typeof mine.token !== 'string' || mine.token === '') {
      mine.token = findRunner(next, input.runnerName)!.token;
      edits.push({ runner: mineIndex, keys: ['token'], value: mine.token });
    }
  }
  const userPrints = runnerParts(input.current, input.runnerName);
  const comments = commentPlan(input);
  for (const id of addedRunner) comments.taken(id, true);
  for (const { leaf, root } of targets) {
    const prints = {
      known: recorded !== undefined,
      recorded: recorded?.[leaf.id],
      user: userPrints[leaf.id],
      next: dataPrint(leaf.value),
      accepted: input.record?.accepted?.[leaf.id],
      accept: input.accept?.(leaf.id),
    };
    const verdict = decide(prints, input.force);
    if (verdict.accepted && prints.user !== undefined) accepted[leaf.id] = prints.user;
    if (verdict.issue) {
      const values = { yours: show(getAt(root, leaf.keys)), render: show(leaf.value) };
      issues.push({ path: leaf.id, kind: verdict.issue, forced: verdict.forced, ...(verdict.accepted ? { accepted: true } : {}), values });
    }
    if (verdict.record === 'next') parts[leaf.id] = prints.next;
    if (verdict.record === 'recorded' && prints.recorded !== undefined) parts[leaf.id] = prints.recorded;
    const at = root === merged ? undefined : mineIndex;
    const comment = comments.replaceable(leaf.id) ? comments.next(leaf.id) : undefined;
    if (verdict.action === 'take') {
      setAt(root, leaf.keys, leaf.value);
      edits.push({ runner: at, keys: leaf.keys, value: leaf.value, comment });
      comments.taken(leaf.id, comment !== undefined);
    } else if (comment && prints.user === prints.next) {
      // The value is as rendered, its comment the tool's own from before: the render's comment now.
      edits.push({ runner: at, keys: leaf.keys, value: leaf.value, comment, commentOnly: true });
      comments.taken(leaf.id, true);
    } else comments.taken(leaf.id, false);
  }
  // A key the tool wrote last time that the new render no longer has (services_privileged after a change from
  // dind to socket) goes with its comment, unless the user changed it: then it is theirs and stays.
  if (recorded && mineIndex !== undefined) {
    const nextIds = new Set(runner.map((l) => l.id));
    for (const leaf of leavesOf(current, input.runnerName).runner) {
      if (nextIds.has(leaf.id) || recorded[leaf.id] === undefined || userPrints[leaf.id] !== recorded[leaf.id]) continue;
      deleteAt(mine, leaf.keys);
      edits.push({ runner: mineIndex, keys: leaf.keys, value: undefined, remove: true, comment: comments.replaceable(leaf.id) ? [] : undefined });
    }
  }
  const header = added === undefined && comments.replaceable(TOML_HEADER) ? comments.next(TOML_HEADER) : undefined;
  comments.taken(TOML_HEADER, header !== undefined);
  Object.assign(record, { comments: comments.record() });
  const commentEdits = header !== undefined || edits.some((e) => e.comment);
  if (commentEdits && canonicalJson(merged) === canonicalJson(current)) {
    const edited = editTomlText(input.current, edits, undefined, header);
    if (edited !== undefined && readsAs(edited, canonicalJson(current)))
      return { contents: edited, record: { ...record, parts, ...(Object.keys(accepted).length > 0 ? { accepted } : {}) }, ...done, issues, notes };
  }
  if (canonicalJson(merged) === canonicalJson(current))
    return { contents: input.current, record: { ...record, parts, ...(Object.keys(accepted).length > 0 ? { accepted } : {}) }, ...done, issues, notes };
  const wanted = canonicalJson(merged);
  const edited = added === '' ? undefined : editTomlText(input.current, edits, added, header);
  if (edited !== undefined && readsAs(edited, wanted)) {
    return {
      contents: edited,
      record: { ...record, parts, ...(Object.keys(accepted).length > 0 ? { accepted } : {}) },
      issues,
      backup: issues.some((i) => i.forced),
      notes,
      moved: [],
    };
  }
  const contents = TOML.stringify(merged as TOML.JsonMap);
  if (!readsAs(contents, wanted)) throw new Error(`${input.display}: the merged runner config does not read back as written`);
  const commentsLost = hasTomlComment(input.current);
  if (commentsLost) notes.push(`${input.display}: its comments are not kept (the TOML parser drops them); the file as it was is kept as a .bak`);
  return {
    contents,
    record: { ...record, parts, ...(Object.keys(accepted).length > 0 ? { accepted } : {}) },
    issues,
    backup: commentsLost || issues.some((i) => i.forced),
    notes,
    moved: [],
  };
}
