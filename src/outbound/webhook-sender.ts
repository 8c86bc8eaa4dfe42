/**
 * The one place the service calls out: a webhook POST, signed per Standard Webhooks, to a
 * URL an admin registered. It refuses private, loopback and link-local targets unless the
 * configuration allows them (WEBHOOK_ALLOW_PRIVATE_TARGETS), checking the addresses the name
 * resolves to at connect time, so a name that later resolves inside (DNS rebinding) is still
 * refused. It never follows a redirect, and gives each attempt a deadline.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';
import { Webhook } from 'standardwebhooks';

const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) {
  PRIVATE.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96]] as const) {
  PRIVATE.addSubnet(net, bits, 'ipv6');
}

/** Whether an address is one a webhook may not reach without WEBHOOK_ALLOW_PRIVATE_TARGETS. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return PRIVATE.check(address, 'ipv4');
  if (family !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return PRIVATE.check(mapped[1], 'ipv4');
  return PRIVATE.check(address, 'ipv6');
}

/** Why a URL may not be registered, or undefined when it may. Names are checked again at each delivery. */
export function refuseTarget(raw: string, allowPrivate: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http or https URL';
  if (url.username || url.password) return 'must not carry credentials';
  if (url.hash) return 'must not have a fragment';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) !== 0 && isPrivateAddress(host)))) {
    return 'is a private, loopback or link-local address (WEBHOOK_ALLOW_PRIVATE_TARGETS is off)';
  }
  return undefined;
}

/** Signers by secret (a signer decodes its secret once), forgetting all past a bound. */
const SIGNERS = new Map<string, Webhook>();
const SIGNERS_MAX = 1000;
function signer(secret: string): Webhook {
  let found = SIGNERS.get(secret);
  if (!found) {
    if (SIGNERS.size >= SIGNERS_MAX) SIGNERS.clear();
    found = new Webhook(secret);
    SIGNERS.set(secret, found);
  }
  return found;
}

/** The Standard Webhooks headers for a payload, signed with each secret (several during a rotation). */
export function signedHeaders(secrets: readonly string[], messageId: string, at: Date, body: string): Record<string, string> {
  const signatures = secrets.map((s) => signer(s).sign(messageId, at, body));
  return {
    'webhook-id': messageId,
    'webhook-timestamp': Math.floor(at.getTime() / 1000).toString(),
    'webhook-signature': signatures.join(' '),
  };
}

/**
 * Connections kept open between attempts: an endpoint gets its events one after another.
 * A kept socket was checked when it connected; a new one is checked again (lookup below).
 */
const AGENTS = { http: new http.Agent({ keepAlive: true, maxSockets: 64 }), https: new https.Agent({ keepAlive: true, maxSockets: 64 }) };

export interface SendResult {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** Bytes of a receiver's answer read (and thrown away) at most. */
const RESPONSE_BYTES_MAX = 64 * 1024;

/**
 * POSTs `body` and reports what came back: a status (any, 3xx included: redirects are not
 * followed) or why none did. Never throws.
 */
export function send(
  target: string,
  body: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; allowPrivate: boolean },
): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    // Made before settle() can run: a target refused before any request starts settles at once.
    const timer: { deadline?: NodeJS.Timeout } = {};
    let settled = false;
    const settle = (r: Omit<SendResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer.deadline);
      resolve({ ...r, durationMs: elapsed() });
    };
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      settle({ statusCode: null, error: 'not a URL' });
      return;
    }
    const lookup = (hostname: string, opts: object, callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void) => {
      dnsLookup(hostname, { ...opts, all: true }, (error, addresses) => {
        if (error) return callback(error, []);
        const refused = addresses.find((a) => !options.allowPrivate && isPrivateAddress(a.address));
        if (refused) return callback(new Error(`${hostname} resolves to ${refused.address}, a private address`), []);
        if ((opts as { all?: boolean }).all) return callback(null, addresses);
        const first = addresses[0];
        if (!first) return callback(new Error(`${hostname} has no address`), []);
        callback(null, first.address, first.family);
      });
    };
    const hostIsIp = isIP(url.hostname.replace(/^\[|\]$/g, '')) !== 0;
    if (hostIsIp && !options.allowPrivate && isPrivateAddress(url.hostname.replace(/^\[|\]$/g, ''))) {
      settle({ statusCode: null, error: `${url.hostname} is a private address` });
      return;
    }
    const request = (url.protocol === 'https:' ? https : http).request(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'timebank-ledger-webhooks/1', 'content-length': Buffer.byteLength(body) },
      lookup: lookup as never,
      agent: url.protocol === 'https:' ? AGENTS.https : AGENTS.http,
    });
    timer.deadline = setTimeout(() => {
      request.destroy(new Error(`no answer within ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    request.on('error', (error) => settle({ statusCode: null, error: error.message.slice(0, 500) }));
    request.on('response', (response) => {
      let read = 0;
      response.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > RESPONSE_BYTES_MAX) response.destroy();
      });
      const done = () => settle({ statusCode: response.statusCode ?? null, error: null });
      response.on('end', done);
      response.on('close', done);
      response.on('error', done);
    });
    request.end(body);
  });
}
