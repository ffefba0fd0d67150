/** What lint reports (SPEC "Lint findings"): one finding per problem, at the line of the key at fault. */
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
