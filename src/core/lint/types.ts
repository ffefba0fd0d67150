/** What lint reports (docs/lint-rules.md, "Formats"): one finding per problem, at the line of the key at fault. */
export type Severity = 'error' | 'warning';

export interface Finding {
  rule: string;
  severity: Severity;
  file: string;
  /** 1-based line of the key at fault. */
  line: number;
  message: string;
  fix: string;
}

/** A file handed to lint: the name it is reported under and its text. */
export interface SourceFile {
  name: string;
  text: string;
}

/** A place in one of the linted files. */
export interface Where {
  file: string;
  line: number;
}

/** What a repository holds at a path from its root; `unknown` when lint cannot tell (outside it, a submodule, ignored). */
export type PathKind = 'file' | 'folder' | 'missing' | 'unknown';

/** Asked of the repository being linted (given by the CLI edge; core reads no files). `path` is from its root, `/`-separated, normalized, '' the root. */
export type RepositoryPaths = (path: string) => PathKind;
