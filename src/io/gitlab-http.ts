/**
 * Sends one request to GitLab's REST API with the access token as its PRIVATE-TOKEN header: bounded in
 * time (the whole exchange, not only the connection) and in size (a body past the cap is not read), and
 * no redirect followed (the token would go along to wherever it leads). Messages never hold the token.
 */
import http from 'node:http';
import https from 'node:https';
import { ApiAnswer, ApiRequest } from '../core/gitlab-api';
import { ProblemError } from '../core/errors';

export interface SendLimits {
  timeoutMs: number;
  maxBytes: number;
}

/** Far above any answer of these endpoints (a few hundred bytes), far below what strains memory. */
export const MAX_ANSWER_BYTES = 1024 * 1024;

function networkWords(err: NodeJS.ErrnoException): string {
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'no such host',
    EAI_AGAIN: 'the host name could not be looked up',
    ECONNRESET: 'the connection was reset',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    CERT_HAS_EXPIRED: "the server's TLS certificate has expired",
    DEPTH_ZERO_SELF_SIGNED_CERT: "the server's TLS certificate is self-signed (set NODE_EXTRA_CA_CERTS to its CA file)",
    SELF_SIGNED_CERT_IN_CHAIN: "the server's TLS certificate is not trusted (set NODE_EXTRA_CA_CERTS to its CA file)",
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's TLS certificate is not trusted (set NODE_EXTRA_CA_CERTS to its CA file)",
    ERR_TLS_CERT_ALTNAME_INVALID: "the server's TLS certificate is for another host name",
  };
  return (err.code && known[err.code]) ?? err.code ?? 'the request failed';
}

/** No (complete) answer came; `mayHaveArrived`: the request may have reached GitLab all the same (a timeout, a reset). */
export class NoAnswerError extends ProblemError {
  constructor(
    message: string,
    readonly mayHaveArrived: boolean,
  ) {
    super(message);
  }
}

/** A server that echoes the access token back (in an error message, a redirect) does not get it printed. */
function withoutToken(text: string | undefined, token: string): string | undefined {
  return text === undefined ? undefined : text.split(token).join('[redacted]');
}

export function sendToGitlab(request: ApiRequest, token: string, limits: SendLimits): Promise<ApiAnswer> {
  const url = new URL(request.url);
  const where = `${url.protocol}//${url.host}`;
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const headers: Record<string, string> = { 'PRIVATE-TOKEN': token, Accept: 'application/json', 'User-Agent': 'gitlab-dind' };
    if (request.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(request.body));
    }
    const req = client.request(url, { method: request.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size + chunk.length > limits.maxBytes) {
          // Past the cap: what came is enough to say so; the rest is not read.
          settle(() => resolve({ status: res.statusCode ?? 0, body: '', cut: true, location: withoutToken(res.headers.location, token) }));
          req.destroy();
          return;
        }
        chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => {
        const body = withoutToken(Buffer.concat(chunks).toString('utf8'), token)!;
        settle(() => resolve({ status: res.statusCode ?? 0, body, cut: false, location: withoutToken(res.headers.location, token) }));
      });
      res.on('error', (err) => settle(() => reject(new NoAnswerError(`${request.method} ${where}: ${networkWords(err)}; nothing written`, true))));
    });
    const timer = setTimeout(() => {
      settle(() =>
        reject(new NoAnswerError(`${request.method} ${where}: no complete answer within ${limits.timeoutMs / 1000} s (--timeout); nothing written`, true)),
      );
      req.destroy();
    }, limits.timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) =>
      // Refused or unresolved: never sent. Reset mid-way: it may have arrived.
      settle(() =>
        reject(new NoAnswerError(`${request.method} ${where}: ${networkWords(err)}; nothing written`, err.code === 'ECONNRESET' || err.code === 'EPIPE')),
      ),
    );
    req.end(request.body);
  });
}
