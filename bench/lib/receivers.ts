/**
 * The events scenario's two webhook receivers: one steady, one answering 503 in every other
 * `flapWindowMs` window (counted from when they started). Both verify every signature
 * (standardwebhooks) and note each delivery's lag from the transaction's recordedAt.
 * They run in a child process (receiver-worker.ts) unless BENCH_RECEIVERS=inprocess: in the
 * bench's own process they share an event loop with the paced load generator, whose busy
 * moments then count as delivery lag.
 */
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';

export interface Delivery {
  seq: string;
  ok: boolean;
  verified: boolean;
  lagMs: number;
}

export interface Receivers {
  urls: string[];
  setSecrets(secrets: string[]): Promise<void>;
  /** Distinct events (after seq `after`, when given) each receiver answered 2xx to. */
  progress(after?: string): Promise<number[]>;
  /** Every request each receiver got; closes them. */
  final(): Promise<Delivery[][]>;
  where: 'child process' | 'bench process';
}

export const distinctOks = (got: Delivery[]): string[] => {
  const seen = new Set<string>();
  return got.filter((d) => d.ok && !seen.has(d.seq) && seen.add(d.seq)).map((d) => d.seq);
};

/** The receivers in the calling process. */
export async function localReceivers(flapWindowMs: number): Promise<Omit<Receivers, 'where'>> {
  const started = Date.now();
  const make = (down: () => boolean) => {
    const got: Delivery[] = [];
    const state: { wh: Webhook | undefined } = { wh: undefined };
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString('utf8');
      });
      req.on('end', () => {
        const at = Date.now();
        let verified = false;
        try {
          state.wh?.verify(body, req.headers as Record<string, string>);
          verified = true;
        } catch {
          verified = false;
        }
        const event = JSON.parse(body) as { seq: string; data: { transaction?: { recordedAt: string } } };
        const ok = !down();
        const recordedAt = event.data.transaction ? Date.parse(event.data.transaction.recordedAt) : at;
        got.push({ seq: event.seq, ok, verified, lagMs: at - recordedAt });
        res.writeHead(ok ? 204 : 503).end();
      });
    });
    return { got, state, server };
  };
  const all = [make(() => false), make(() => Math.floor((Date.now() - started) / flapWindowMs) % 2 === 1)];
  const urls: string[] = [];
  for (const r of all) {
    await new Promise<void>((resolve) => r.server.listen(0, '127.0.0.1', resolve));
    urls.push(`http://127.0.0.1:${(r.server.address() as AddressInfo).port}/hook`);
  }
  return {
    urls,
    setSecrets: async (secrets) => {
      secrets.forEach((s, i) => {
        const r = all[i];
        if (r) r.state.wh = new Webhook(s);
      });
    },
    progress: async (after) => all.map((r) => distinctOks(r.got).filter((seq) => after === undefined || BigInt(seq) > BigInt(after)).length),
    final: async () => {
      for (const r of all) {
        r.server.closeAllConnections();
        r.server.close();
      }
      return all.map((r) => r.got);
    },
  };
}

/** The receivers in a child process of their own, driven over IPC. */
async function childReceivers(flapWindowMs: number): Promise<Receivers> {
  const child = fork(join(import.meta.dirname, 'receiver-worker.ts'), [JSON.stringify({ flapWindowMs })], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = <T>(key: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const onMessage = (m: Record<string, unknown>) => {
        if (!(key in m)) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(m[key] as T);
      };
      const onExit = (code: number | null) => reject(new Error(`the receivers' process exited (${code}) before answering ${key}`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const urls = await next<string[]>('urls');
  return {
    where: 'child process',
    urls,
    setSecrets: async (secrets) => {
      child.send({ secrets });
      await next<boolean>('secretsSet');
    },
    progress: async (after) => {
      child.send({ report: 'progress', after });
      return next<number[]>('progress');
    },
    final: async () => {
      child.send({ report: 'final' });
      return next<Delivery[][]>('final');
    },
  };
}

export async function startReceivers(flapWindowMs: number): Promise<Receivers> {
  if (process.env.BENCH_RECEIVERS === 'inprocess') return { ...(await localReceivers(flapWindowMs)), where: 'bench process' };
  return childReceivers(flapWindowMs);
}
