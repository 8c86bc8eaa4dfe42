import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** What the receiver does with one request: answer a status, never answer, or redirect. */
export type Behaviour = number | 'hang' | 'redirect';

export interface Received {
  seq: string;
  id: string;
  type: string;
  data: Record<string, unknown>;
  /** The secrets (of those given) whose signature verified. */
  verifiedWith: string[];
  status: number | 'hang' | 'redirect';
}

/**
 * A real HTTP receiver on 127.0.0.1 for webhook tests: it answers each request as `behave`
 * says, and verifies every signature with the standardwebhooks library against the secrets
 * it is told (a request no secret verifies is recorded with verifiedWith empty).
 */
export class Receiver {
  readonly requests: Received[] = [];
  secrets: string[] = [];
  behave: (n: number, body: { seq: string }) => Behaviour = () => 200;
  /** Requests that reached the redirect's target: never, if redirects are not followed. */
  redirectedHits = 0;
  private server: Server | undefined;
  private readonly hanging = new Set<IncomingMessage>();

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      if (req.url === '/redirected') {
        this.redirectedHits += 1;
        res.writeHead(200).end();
        return;
      }
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      req.on('end', () => {
        const parsed = JSON.parse(body) as { seq: string; id: string; type: string; data: Record<string, unknown> };
        const headers = {
          'webhook-id': String(req.headers['webhook-id']),
          'webhook-timestamp': String(req.headers['webhook-timestamp']),
          'webhook-signature': String(req.headers['webhook-signature']),
        };
        const verifiedWith = this.secrets.filter((secret) => {
          try {
            new Webhook(secret).verify(body, headers);
            return true;
          } catch {
            return false;
          }
        });
        const behaviour = this.behave(this.requests.length, parsed);
        this.requests.push({ seq: parsed.seq, id: parsed.id, type: parsed.type, data: parsed.data, verifiedWith, status: behaviour });
        if (behaviour === 'hang') {
          this.hanging.add(req);
          return;
        }
        if (behaviour === 'redirect') {
          res.writeHead(302, { location: '/redirected' }).end();
          return;
        }
        res.writeHead(behaviour, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}/hook`;
  }

  /** The seqs answered 2xx, in the order they arrived. */
  delivered(): string[] {
    return this.requests.filter((r) => typeof r.status === 'number' && r.status >= 200 && r.status < 300).map((r) => r.seq);
  }

  async stop(): Promise<void> {
    for (const req of this.hanging) req.socket.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
