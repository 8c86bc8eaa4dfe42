/**
 * Helpers for certified earnings (issue 15): a certified category, the keys of its people
 * (an organiser, certifiers, a community app) bound to one estate, residents of that estate,
 * and an activity with its claims. Everything through the HTTP API as an admin.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { Client } from './app.js';
import { uniqueCode } from './app.js';

export interface Key {
  id: string;
  key: string;
}

export interface ActivityView {
  id: string;
  heldReason: string | null;
  claims: { id: string; memberAccountId: string; state: string; points: string; approvals: number; noticeEndsAt: string | null; transactionId: string | null }[];
  objections: { id: string; state: string }[];
  history: { seq: string; claimId: string | null; state: string; actorKeyId: string | null; actorAccountId: string | null; reason: string | null; at: string; hash: string }[];
}

export const asKey = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });

async function ok<B>(res: Promise<LightMyRequestResponse>, what: string, status?: number): Promise<B> {
  const r = await res;
  if (status ? r.statusCode !== status : r.statusCode < 200 || r.statusCode > 299) throw new Error(`${what}: ${r.statusCode} ${r.body}`);
  return r.json() as B;
}

export interface Community {
  estate: string;
  category: string;
  organiser: Key;
  certifiers: Key[];
  app: Key;
  /** Residents of the estate, with their card codes. */
  members: { id: string; code: string; name: string }[];
}

/** A certified category and the people of one estate; `members` residents (names 王小芳1…). */
export async function community(
  admin: Client,
  options: { members?: number; noticeDays?: number; certifiers?: number; certifierMembers?: (string | undefined)[] } = {},
): Promise<Community> {
  const estate = uniqueCode('estate').replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 60);
  const category = `c${uniqueCode('').replace(/[^a-z0-9]/g, '').slice(-20)}`;
  await ok(admin.post('/v1/categories', { code: category, name: '公益劳动 (certified)', earnings: 'certified', noticeDays: options.noticeDays ?? 3 }), 'category', 201);
  const members = [];
  for (let i = 1; i <= (options.members ?? 12); i++) {
    const code = uniqueCode('R');
    const name = `王小芳${i}`;
    const m = await ok<{ id: string }>(admin.post('/v1/accounts', { code, name, kind: 'member', metadata: { estate } }), 'member', 201);
    members.push({ id: m.id, code, name });
  }
  const key = async (role: string, extra: Record<string, unknown>, name = uniqueCode(role)) =>
    ok<Key>(admin.post('/v1/api-keys', { name, role, ...extra }), `${role} key`, 201);
  const organiser = await key('organiser', { estates: [estate] });
  const certifiers = [];
  for (let i = 0; i < (options.certifiers ?? 3); i++) {
    const member = options.certifierMembers?.[i];
    certifiers.push(await key('certifier', { estates: [estate], ...(member ? { memberAccountId: member } : {}) }, `委员${i + 1}-${uniqueCode('c')}`));
  }
  const app = await key('app', {});
  return { estate, category, organiser, certifiers, app, members };
}

/** An activity of the community, opened by its organiser, with fixed `points` per participant. */
export async function openActivity(c: Client, com: Community, body: Record<string, unknown> = {}): Promise<ActivityView> {
  return ok<ActivityView>(
    c.post(
      '/v1/activities',
      {
        title: '清扫楼道 Courtyard clean-up',
        category: com.category,
        estate: com.estate,
        startsAt: new Date(Date.now() - 3 * 3600_000).toISOString(),
        endsAt: new Date(Date.now() - 3600_000).toISOString(),
        place: '3号楼 Building 3',
        points: { per: 'participant', amount: '10.00' },
        plannedParticipants: com.members.length,
        ...body,
      },
      asKey(com.organiser.key),
    ),
    'open activity',
    201,
  );
}

export async function submitAll(c: Client, com: Community, activityId: string, members = com.members): Promise<ActivityView> {
  return ok<ActivityView>(
    c.post(`/v1/activities/${activityId}/claims`, { claims: members.map((m) => ({ memberAccountId: m.id, note: 'signed in' })) }, asKey(com.organiser.key)),
    'submit claims',
    201,
  );
}

export function certify(c: Client, certifier: Key, activityId: string, body: Record<string, unknown> = {}): Promise<LightMyRequestResponse> {
  return c.post(`/v1/activities/${activityId}/certifications`, { decision: 'approve', reason: 'was there', ...body }, asKey(certifier.key));
}

/** An activity of the community whose claims are all on notice (two certifiers approved). */
export async function onNotice(c: Client, com: Community, body: Record<string, unknown> = {}): Promise<ActivityView> {
  const opened = await openActivity(c, com, body);
  await submitAll(c, com, opened.id);
  for (const certifier of com.certifiers.slice(0, 2)) await ok(certify(c, certifier, opened.id), 'certify', 200);
  return getActivity(c, opened.id);
}

export async function getActivity(c: Client, id: string): Promise<ActivityView> {
  return ok<ActivityView>(c.get(`/v1/activities/${id}`), `GET activity ${id}`, 200);
}
