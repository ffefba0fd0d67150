/**
 * dind-needs-privileged knows the least-privilege split the tool writes: a dind service privileged through
 * services_privileged within allowed_privileged_services (Docker) or the service containers' security context
 * (Kubernetes) is fine; one the allowlist leaves out, or a context set false, is not.
 */
import { dindCi, dockerRunner, k8sValues, of, run, RUNNER, VALUES } from './helpers';
import { render } from '../support/render-texts';

const SPLIT = ['services_privileged = true', 'allowed_privileged_services = ["docker:*-dind"]'];

describe('dind-needs-privileged with only the service privileged', () => {
  test("the tool's own files lint clean: dind, through a mirror, through the Dependency Proxy, kubernetes", () => {
    const cases = [
      {},
      { imageRegistry: 'harbor.example.com/dockerhub' },
      { dependencyProxy: true },
      { mode: 'kubernetes' as const },
      { mode: 'kubernetes' as const, tls: false },
    ];
    for (const raw of cases) {
      const files = render(raw);
      expect([raw, of('dind-needs-privileged', run(files.ci, files.runner))]).toEqual([raw, []]);
      if (files.values) expect([raw, of('dind-needs-privileged', run(files.ci, files.values, VALUES))]).toEqual([raw, []]);
    }
  });

  test('docker: services_privileged with an allowlist that names the dind image is enough', () => {
    expect(of('dind-needs-privileged', run(dindCi(), dockerRunner({ privileged: 'false', extra: SPLIT })))).toEqual([]);
  });

  test('docker: an allowlist that leaves the dind image out is an error at its line, with a pattern that fits', () => {
    const findings = run(
      dindCi({ service: 'harbor.example.com/hub/docker:29.10.1-dind' }),
      dockerRunner({ privileged: 'false', extra: ['services_privileged = true', 'allowed_privileged_services = ["docker:*-dind"]'] }),
    );
    expect(of('dind-needs-privileged', findings)).toEqual([`${RUNNER}:11 error`]);
    const f = findings.find((x) => x.rule === 'dind-needs-privileged')!;
    expect(f.message).toMatch(/the dind service harbor\.example\.com\/hub\/docker:29\.10\.1-dind is not in allowed_privileged_services/);
    expect(f.fix).toMatch(/"harbor\.example\.com\/hub\/docker:\*-dind"/);
  });

  test('docker: services_privileged = false is an error at its line, even with privileged = true for the job', () => {
    expect(of('dind-needs-privileged', run(dindCi(), dockerRunner({ privileged: 'true', extra: ['services_privileged = false'] })))).toEqual([
      `${RUNNER}:10 error`,
    ]);
  });

  test("kubernetes: the service containers' security context decides for the dind service", () => {
    const ok = k8sValues({ privileged: 'false', extra: ['[runners.kubernetes.service_container_security_context]', '  privileged = true'] });
    expect(of('dind-needs-privileged', run(dindCi(), ok, VALUES))).toEqual([]);
    const off = k8sValues({ privileged: 'true', extra: ['[runners.kubernetes.service_container_security_context]', '  privileged = false'] });
    const findings = run(dindCi(), off, VALUES);
    expect(of('dind-needs-privileged', findings)).toEqual([`${VALUES}:11 error`]);
    expect(findings.find((x) => x.rule === 'dind-needs-privileged')!.message).toMatch(/\[runners\.kubernetes\.service_container_security_context\]/);
  });
});
