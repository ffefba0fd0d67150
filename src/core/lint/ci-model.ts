/**
 * The pipeline as lint sees it: each job's effective settings (pipeline.ts, GitLab's rules)
 * together with the line of the key that gave each value.
 */
import { DocPath, EffectiveJob, effectiveJobs, extendsResolvable, settingOrigin, variableOrigin } from '../pipeline';
import { lineAt, seqItems, YamlSource } from './yaml-source';

export interface LocatedService {
  name: string;
  alias?: string;
  command?: unknown;
  variables: Record<string, string>;
  file: string;
  line: number;
}

export interface LintJob {
  name: string;
  file: string;
  /** Line of the job's own key. */
  line: number;
  image?: string;
  imageLine: number;
  services: LocatedService[];
  servicesLine: number;
  variables: Record<string, string>;
  varLine(name: string): number;
  /** script, before_script and after_script lines in the order they run. */
  scripts: { text: string; line: number }[];
}

function locatedServices(src: YamlSource, job: EffectiveJob, origin: DocPath | undefined): LocatedService[] {
  return job.services.map((s, i) => {
    const item: DocPath | undefined = origin ? [...origin, i] : undefined;
    // A service written as a mapping is reported at its `name:`; a plain string at its item.
    return { ...s, file: src.name, line: lineAt(src, item && [...item, 'name']) };
  });
}

/** Jobs extending a template this file does not define (it comes from an include) are skipped: their settings are unknown. */
export function lintJobs(src: YamlSource): LintJob[] {
  const ci = src.data;
  return effectiveJobs(ci).filter((job) => extendsResolvable(ci, job.name)).map((job) => {
    const origin = (key: string) => settingOrigin(ci, job.name, key, job.raw);
    const imageOrigin = origin('image');
    const servicesOrigin = origin('services');
    const script = (key: string) => seqItems(src, origin(key) ?? (key === 'script' ? [job.name, 'script'] : undefined));
    const varLines = new Map<string, number>();
    return {
      name: job.name,
      file: src.name,
      line: lineAt(src, [job.name]),
      image: job.image,
      imageLine: lineAt(src, imageOrigin ?? [job.name]),
      services: locatedServices(src, job, servicesOrigin),
      servicesLine: lineAt(src, servicesOrigin ?? [job.name]),
      variables: job.variables,
      varLine: (name) => {
        // Asked for by several rules; found once.
        if (!varLines.has(name)) varLines.set(name, lineAt(src, variableOrigin(ci, job.name, name, job.raw) ?? [job.name]));
        return varLines.get(name)!;
      },
      scripts: [...script('before_script'), ...script('script'), ...script('after_script')],
    };
  });
}
