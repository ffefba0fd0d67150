/**
 * The pins this tool moves on upgrade, kept in one place.
 * DOCKER_VERSION: the newest Docker release as of 2026-11-24 (docs/reference.md, "Flags of init").
 */
export const DOCKER_VERSION = '29.10.1';

/** Docker releases before 23 publish no `-cli` tag (docs/modes.md, "The choices the tool makes"). */
export const FIRST_MAJOR_WITH_CLI_TAG = 23;

/** BuildKit is `docker build`'s default builder from Docker 23 on (Docker 23.0 release notes). */
export const FIRST_MAJOR_WITH_BUILDKIT = 23;

/** dind with TLS by default exists since 19.03; older daemons cannot serve the setups we write. */
export const OLDEST_SUPPORTED_MAJOR = 19;

/** Rootless builders (issue: builds without privileged mode). Tags seen published as of 2026-11. */
export const BUILDAH_VERSION = 'v1.43.1';
export const BUILDKIT_VERSION = 'v0.32.2';
/** Retags releases in the builder modes, where no Docker daemon exists. */
export const SKOPEO_VERSION = 'v1.22.2';
