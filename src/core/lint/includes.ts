/**
 * `include:` entries of a pipeline file, as GitLab reads them: one string or a list; a string is a
 * local file unless it is a URL; a mapping with `local:` is a local file; remote, project, template
 * and component includes live elsewhere and cannot be followed from a checkout.
 */
import { parseYamlSource } from './yaml-source';
import { SourceFile } from './types';

/** An `include: component:` entry: the component's name (after the project path, before @) and its inputs. */
export interface ComponentInclude {
  ref: string;
  name: string;
  inputs: Record<string, unknown>;
}

export interface Includes {
  /** `local:` paths as written (from the repository root, wildcards allowed). */
  local: string[];
  /** How many entries name files outside the repository (remote, project, template, component). */
  elsewhere: number;
  /** The component entries among those (lint --component-dir may resolve them). */
  components: ComponentInclude[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function includesOf(file: SourceFile): Includes {
  // `include:` is a top-level key: a file with no such line has none, and is not parsed twice for it.
  if (!/^['"]?include['"]?\s*:/m.test(file.text)) return { local: [], elsewhere: 0, components: [] };
  const raw = parseYamlSource(file.name, file.text).data.include;
  const entries = raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw];
  const out: Includes = { local: [], elsewhere: 0, components: [] };
  for (const entry of entries) {
    if (typeof entry === 'string') {
      if (/^https?:\/\//i.test(entry)) out.elsewhere++;
      else out.local.push(entry);
    } else if (isObj(entry) && typeof entry.local === 'string') out.local.push(entry.local);
    else {
      out.elsewhere++;
      const name = isObj(entry) && typeof entry.component === 'string' ? /\/([^/@]+)@[^/]*$/.exec(entry.component)?.[1] : undefined;
      if (name) out.components.push({ ref: entry.component as string, name, inputs: isObj(entry.inputs) ? entry.inputs : {} });
    }
  }
  return out;
}
