/** `gitlab-dind modes`: the modes and their trade-offs. */
import { MODES } from '../../core/modes';
import { CliIo } from '../io';

export function modesCommand(io: CliIo): number {
  for (const m of MODES) {
    io.stdout(`${m.id}: ${m.title}\n`);
    io.stdout(`  ${m.tradeOff}\n`);
    io.stdout(`  executor:    ${m.executor}${m.privileged ? ', the dind service privileged' : ', not privileged'}\n`);
    io.stdout(`  isolation:   ${m.isolation}\n`);
    io.stdout(`  cache:       ${m.cache}\n`);
    io.stdout(`  concurrency: ${m.concurrency}\n`);
    for (const c of m.cannot) io.stdout(`  cannot:      ${c}\n`);
    for (const w of m.warnings) io.stdout(`  warning:     ${w}\n`);
    io.stdout('\n');
  }
  io.stdout('dind --no-tls: as dind, plain TCP on port 2375; deprecated upstream (the service gets --tls=false, else the daemon delays its start).\n');
  return 0;
}
