/** A repository as people have them: Dockerfiles here and there, and copies of other people's that must not be offered. */
import fs from 'node:fs';
import path from 'node:path';

export const APP_DOCKERFILE = [
  '# syntax=docker/dockerfile:1',
  'ARG NODE_VERSION=22',
  'FROM node:${NODE_VERSION} AS build',
  'ARG NPM_TOKEN',
  'RUN npm ci',
  'FROM nginx:1.27 AS prod',
  'COPY --from=build /app/dist /usr/share/nginx/html',
  '',
].join('\n');

/** Writes the repository under `dir`; returns the Dockerfiles a search should offer, in order. */
export function writeFixtureRepository(dir: string): string[] {
  const files: Record<string, string> = {
    'docker/app.Dockerfile': APP_DOCKERFILE,
    'docker/app.Dockerfile.dockerignore': 'node_modules\n',
    'services/api/Dockerfile': 'FROM golang:1.23\n',
    'services/api/Containerfile.dev': 'FROM golang:1.23\n',
    'node_modules/some-pkg/Dockerfile': 'FROM scratch\n',
    'vendor/lib/Dockerfile': 'FROM scratch\n',
    '.git/Dockerfile': 'FROM scratch\n',
    '.devcontainer/Dockerfile': 'FROM scratch\n',
    'a/b/c/d/Dockerfile': 'FROM scratch\n', // four folders down: past the search
    'README.md': '# app\n',
  };
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  fs.symlinkSync(path.join(dir, 'services'), path.join(dir, 'linked')); // a symlink is not followed
  return ['docker/app.Dockerfile', 'services/api/Containerfile.dev', 'services/api/Dockerfile'];
}
