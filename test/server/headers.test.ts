import { createHash } from 'node:crypto';
import t from 'tap';
import { buildTestApp, client, fixture } from '../helpers/app.js';

/**
 * Every answer says `X-Content-Type-Options: nosniff`, so that no browser reads a CSV export
 * or a JSON answer as a page; the HTML passbook also carries a Content-Security-Policy that
 * lets it load and run nothing but its own stylesheet.
 */
const app = await buildTestApp();
t.teardown(() => app.close());
const c = client(app);
const f = fixture(c);

t.test('every kind of answer carries nosniff', async (t) => {
  const m = await f.member('5');
  const answers = {
    'a JSON read': await c.get(`/v1/accounts/${m.id}`),
    'a write': await c.post('/v1/earnings', { accountId: m.id, amount: '1', category: 'public_labour' }),
    'a 400 problem': await c.post('/v1/earnings', {}),
    'a 401 problem': await c.get('/v1/categories', { authorization: '' }),
    'a 404 problem': await c.get('/nowhere'),
    'a CSV statement': await c.get(`/v1/accounts/${m.id}/statement`, { accept: 'text/csv' }),
    'the HTML passbook': await c.get(`/v1/accounts/${m.id}/statement`, { accept: 'text/html' }),
    'a journal export': await c.get('/v1/journal?format=csv&afterSeq=9223372036854775807'),
    'the health check': await c.get('/healthz'),
  };
  for (const [what, res] of Object.entries(answers)) {
    t.equal(res.headers['x-content-type-options'], 'nosniff', `${what} (${res.statusCode}): nosniff`);
  }
});

t.test('the passbook may load and run nothing but its own stylesheet', async (t) => {
  const m = await f.member('5');
  const res = await c.get(`/v1/accounts/${m.id}/statement`, { accept: 'text/html' });
  t.equal(res.statusCode, 200, 'the passbook');
  const csp = String(res.headers['content-security-policy'] ?? '');
  const directives = Object.fromEntries(
    csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name, sources]),
  ) as Record<string, string[]>;
  t.same(directives['default-src'], ["'none'"], "default-src 'none': no script, image, font, frame or connection");
  t.same(directives['base-uri'], ["'none'"], "base-uri 'none'");
  t.same(directives['form-action'], ["'none'"], "form-action 'none'");
  t.same(directives['frame-ancestors'], ["'none'"], "frame-ancestors 'none': not framed");
  t.notOk(csp.includes('unsafe'), 'nothing unsafe is allowed');
  t.notOk('script-src' in directives, 'no script source at all');

  const styles = [...res.body.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((s) => s[1] as string);
  t.equal(styles.length, 1, 'one stylesheet in the page');
  const hash = `'sha256-${createHash('sha256').update(styles[0] ?? '', 'utf8').digest('base64')}'`;
  t.same(directives['style-src'], [hash], 'style-src allows exactly that stylesheet, by its hash');
  t.notMatch(res.body, /\sstyle=/, 'no style attribute, which the policy would block');
  t.notMatch(res.body, /<script/i, 'no script');
});
