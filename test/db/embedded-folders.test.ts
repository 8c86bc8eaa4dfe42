import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import t from 'tap';
import { startEmbedded } from '../../src/db/embedded.js';

/**
 * Run as root, the embedded PostgreSQL runs as the postgres account, which must pass through
 * every folder above DATA_DIR. A newcomer cloning into root's home or a mktemp folder (0700)
 * must still be able to `npm start`: such a folder of root's gets the search bit for others,
 * and nothing more.
 */
if (process.getuid?.() !== 0) {
  t.skip('this checks what happens when the service runs as root (as CI and containers do)', () => {});
} else {
  t.test('a DATA_DIR inside a 0700 folder of root\'s: the cluster starts, and the folder gains o+x only', async (t) => {
    const parent = mkdtempSync(join(tmpdir(), 'tbl-fold-'));
    t.teardown(() => rmSync(parent, { recursive: true, force: true }));
    t.equal((statSync(parent).mode & 0o777).toString(8), '700', 'mkdtemp made it 0700');
    const dataDir = join(parent, 'data');
    mkdirSync(dataDir);
    const cluster = await startEmbedded(dataDir, { purpose: 'service', durable: false });
    try {
      const client = new pg.Client({ connectionString: cluster.url() });
      await client.connect();
      const r = await client.query<{ one: number }>('SELECT 1 AS one');
      await client.end();
      t.equal(r.rows[0]?.one, 1, 'the cluster answers through its socket');
    } finally {
      await cluster.stop();
    }
    t.equal((statSync(parent).mode & 0o777).toString(8), '701', 'the folder above gained the search bit for others, nothing else');
    t.equal((statSync(dataDir).mode & 0o777).toString(8), '700', 'DATA_DIR itself stays 0700');
  });
}
