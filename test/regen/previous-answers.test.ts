/** init over an earlier run's .gitlab-dind.yml: its answers are the defaults, --yes too. */
import { resolveAnswers } from '../../src/core/answers';
import { answerChanges, overPrevious } from '../../src/core/previous-answers';

describe('overPrevious', () => {
  const shell = resolveAnswers({ mode: 'shell', tags: 'build-host', concurrent: '2' });

  it('no flags: the earlier answers as they were, the mode too', () => {
    const { raw, dropped } = overPrevious(shell, {});
    expect(resolveAnswers(raw)).toEqual(shell);
    expect(dropped).toEqual([]);
  });

  it('a flag wins over its earlier answer; the others stay', () => {
    const next = resolveAnswers(overPrevious(shell, { concurrent: '8' }).raw);
    expect(next).toMatchObject({ mode: 'shell', concurrent: 8, tags: ['build-host'], runnerName: shell.runnerName });
  });

  it('--mode changes the mode; the runner keeps its name (and token), answers the new mode refuses go', () => {
    const dind = resolveAnswers({ mode: 'dind', tls: false });
    const { raw } = overPrevious(dind, { mode: 'socket' });
    const socket = resolveAnswers(raw);
    expect(socket.mode).toBe('socket');
    expect(socket.runnerName).toBe(dind.runnerName);
    const k8s = resolveAnswers({ mode: 'kubernetes', namespace: 'ci' });
    const back = overPrevious(k8s, { mode: 'dind' });
    expect(resolveAnswers(back.raw)).toMatchObject({ mode: 'dind', namespace: '' });
    expect(back.dropped).toEqual(['namespace']); // refused outside kubernetes: it goes, and is named
  });

  it('a flag the earlier answers clash with: the earlier answer goes and is named', () => {
    const pushed = resolveAnswers({ registry: 'registry.example.com', image: 'registry.example.com/g/app' });
    const { raw, dropped } = overPrevious(pushed, { image: '$CI_REGISTRY_IMAGE' });
    expect(resolveAnswers(raw)).toMatchObject({ image: '$CI_REGISTRY_IMAGE', registry: '' });
    expect(dropped).toEqual(['registry']);
  });
});

describe('answerChanges', () => {
  it('one line per answer that differs', () => {
    const a = resolveAnswers({ mode: 'shell' });
    const b = resolveAnswers(overPrevious(a, { mode: 'dind' }).raw);
    expect(answerChanges(a, b)).toEqual(expect.arrayContaining(['mode: shell → dind']));
    expect(answerChanges(a, a)).toEqual([]);
  });
});
