import fc from 'fast-check';
import t from 'tap';
import { MASK, maskCode, maskedBoard, maskName, type NoticeBoard } from '../../src/ledger/notices.js';
import { NOTICE_BOARD, NOTICE_ROWS } from '../helpers/notices.js';

/** Counted as a reader sees them: graphemes, independently of src/. */
const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
const chars = (s: string) => Array.from(segmenter.segment(s), (x) => x.segment);

t.test('maskName: the public-notice convention for Chinese names', async (t) => {
  const cases: [string, string][] = [
    ['王芳', '王*'],
    ['王小芳', '王*芳'],
    ['欧阳小芳', '欧**芳'],
    ['司马光明', '司**明'],
    ['爱新觉罗溥仪', '爱****仪'],
    ['王', '*'],
    ['', ''],
    ['   ', ''],
    ['  王小芳  ', '王*芳'],
    ['王　芳', '* *'], // an ideographic space splits the words: neither shows
    ['阿卜杜拉·买买提', '阿******提'], // the separator hides with the middle
    ['김민수', '김*수'],
    ['やまだ', 'や*だ'],
  ];
  for (const [name, masked] of cases) t.equal(maskName(name), masked, `${JSON.stringify(name)} -> ${JSON.stringify(masked)}`);
});

t.test('maskName: Latin and mixed names keep initials only', async (t) => {
  const cases: [string, string][] = [
    ['Wang Fang', 'W*** F***'],
    ['王芳 Wang Fang', '王* W*** F***'],
    ['王小芳 Wang Xiaofang', '王*芳 W*** X*******'],
    ['Jean-Paul Sartre', 'J******** S*****'],
    ['A B', '* *'],
    ['Li', 'L*'],
    ['J. R. Tolkien', 'J* R* T******'],
    ['Zoë', 'Z**'],
    ['Wang\tFang\nX', 'W*** F*** *'],
  ];
  for (const [name, masked] of cases) t.equal(maskName(name), masked, `${JSON.stringify(name)} -> ${JSON.stringify(masked)}`);
});

t.test('maskName: grapheme-safe, and invisible characters do not count', async (t) => {
  t.equal(maskName('Zoe\u0308'), 'Z**', 'a letter with a combining accent is one character');
  t.equal(maskName('Ze\u0301'), 'Z*', 'decomposed and composed spell the same name');
  t.equal(maskName('𠀀𠀁𠀂'), '𠀀*𠀂', 'characters outside the BMP (surrogate pairs) stay whole');
  t.equal(maskName('👍🏽👍🏽'), '👍🏽*', 'an emoji with its skin tone is one character');
  t.equal(maskName('王\u200b芳'), '王*', 'a zero-width space does not make 王芳 three characters long (which would show both)');
  t.equal(maskName('王\u200e芳'), '王*', 'nor does a direction mark');
  t.equal(maskName('王\u0000芳'), '王*', 'nor a control character');
  for (const name of ['王芳', '欧阳小芳', 'Wang Fang']) {
    for (const masked of [maskName(name)]) t.notOk(masked.includes(name), `${name} never shows in full`);
  }
});

t.test('maskCode: a short kind prefix and the last two characters, never more than half', async (t) => {
  const cases: [string, string][] = [
    ['R-0001', 'R-**01'],
    ['R-0112', 'R-**12'],
    ['R0001', 'R**01'],
    ['SYS-ISSUE-PUBLIC', 'SYS-**********IC'],
    ['ZHANG-3', '*****-3'], // a name-like prefix is no kind prefix
    ['alice', '***ce'],
    ['王芳0001', '****01'],
    ['123456789012', '**********12'],
    ['AB', '*B'],
    ['12', '*2'],
    ['R1', 'R*'],
    ['R-', 'R*'],
    ['1', '*'],
    ['', ''],
    [' R-0001 ', 'R-**01'],
  ];
  for (const [code, masked] of cases) t.equal(maskCode(code), masked, `${JSON.stringify(code)} -> ${JSON.stringify(masked)}`);
});

/** Text without the mask character: a name of asterisks masks to itself and shows nothing. */
const text = (unit: 'grapheme' | 'grapheme-composite' | 'binary') =>
  fc.string({ unit, minLength: 0, maxLength: 24 }).filter((s) => !s.includes(MASK));
const hanName = fc.array(fc.integer({ min: 0x4e00, max: 0x9fa5 }), { minLength: 1, maxLength: 6 }).map((cs) => String.fromCodePoint(...cs));
const latinWord = fc.stringMatching(/^[A-Z][a-z]{0,9}$/);
const mixedName = fc.tuple(hanName, fc.array(latinWord, { maxLength: 3 })).map(([h, ls]) => [h, ...ls].join(' '));

t.test('property: no word of a masked name shows in full, nor more than half (rounded up) of itself', async (t) => {
  const words = (s: string) => s.normalize('NFC').split(/\s+/u).map((w) => w.replace(/[\p{Cc}\p{Cf}]/gu, '')).filter(Boolean);
  fc.assert(
    fc.property(fc.oneof(text('grapheme'), text('grapheme-composite'), text('binary'), hanName, mixedName), (name) => {
      const masked = maskName(name);
      const inWords = words(name);
      const outWords = masked.split(' ').filter(Boolean);
      if (outWords.length !== inWords.length) return false;
      return inWords.every((w, i) => {
        const shown = chars(outWords[i] as string).filter((c) => c !== MASK).length;
        const n = chars(w).length;
        return chars(outWords[i] as string).length === n && shown < n && shown <= Math.ceil(n / 2);
      });
    }),
    { numRuns: 2000 },
  );
  t.pass('2,000 names: every word loses at least one character and shows at most half of them, rounded up');
});

t.test('property: a masked name never equals the name (two characters or more)', async (t) => {
  fc.assert(
    fc.property(fc.oneof(text('grapheme'), text('binary'), hanName, mixedName), (name) => chars(name).length < 2 || maskName(name) !== name),
    { numRuns: 2000 },
  );
  t.pass('2,000 names');
});

t.test('property: a masked code never equals the code, and shows at most half of its serial', async (t) => {
  fc.assert(
    fc.property(fc.oneof(text('grapheme'), text('binary'), fc.stringMatching(/^[A-Z]{0,5}-?[0-9]{0,12}$/)), (code) => {
      const masked = maskCode(code);
      if (chars(code).length >= 2 && masked === code) return false;
      // What stays besides the last characters is a kind prefix: at most three Latin letters and a separator.
      const prefix = /^[A-Za-z]{0,3}[-_./ ]?/.exec(masked)?.[0] ?? '';
      const serial = chars(masked.slice(prefix.length));
      const shown = serial.filter((c) => c !== MASK).length;
      return shown <= Math.floor(serial.length / 2) && shown <= 2;
    }),
    { numRuns: 2000 },
  );
  t.pass('2,000 codes');
});

t.test('maskedBoard: what the public sees, and nothing else', async (t) => {
  const masked = maskedBoard(NOTICE_BOARD);
  t.same(
    masked.activities.flatMap((a) => a.claims.map((c) => [c.member.name, c.member.code, c.points])),
    NOTICE_ROWS,
    'every claim, in order, as masked name, masked code and points',
  );
  for (const a of masked.activities) {
    for (const c of a.claims) t.same(Object.keys(c).sort(), ['member', 'points'], 'a claim carries only the member and the points (no claim id)');
    for (const c of a.claims) t.same(Object.keys(c.member).sort(), ['code', 'name'], 'the member only a name and a code');
  }
  const json = JSON.stringify(masked);
  for (const c of NOTICE_BOARD.activities.flatMap((a) => a.claims)) {
    t.notOk(json.includes(`"${c.member.name}"`), `${c.member.name} is not in the public JSON`);
    t.notOk(json.includes(c.member.code), `${c.member.code} is not in the public JSON`);
    t.notOk(json.includes(c.claimId), `claim id ${c.claimId} is not in the public JSON`);
  }
  t.same(masked.activities[0]?.certifiers, ['陈建国', '刘桂兰'], "the certifiers' names stay: they vouch in a public role");
  t.equal(masked.activities[1]?.noticeEndsAt, '2026-12-09T10:00:00.000Z', 'the deadline stays');

  // A field that someone adds to the board's data later is not public until chosen to be.
  const extended = structuredClone(NOTICE_BOARD) as NoticeBoard & { secret?: string };
  extended.secret = 'board';
  const claim = extended.activities[0]?.claims[0] as unknown as Record<string, unknown>;
  claim.note = '身份证 110101199001011234';
  (claim.member as Record<string, unknown>).phone = '13800000000';
  const out = JSON.stringify(maskedBoard(extended));
  t.notOk(/secret|身份证|13800000000/.test(out), 'unknown fields of the board, a claim or a member stay out');
  t.equal(NOTICE_BOARD.activities[0]?.claims[0]?.member.name, '王芳', 'the input is not changed');
});
