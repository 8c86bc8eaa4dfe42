import t from 'tap';
import {
  AMOUNT_MAX_MINOR,
  AMOUNT_PATTERN,
  formatMinor,
  isValidAmount,
  isValidSignedAmount,
  SIGNED_AMOUNT_PATTERN,
  toMinor,
} from '../../src/ledger/money.js';

t.test('toMinor parses decimal strings into hundredths', async (t) => {
  const cases: [string, bigint][] = [
    ['0', 0n],
    ['0.00', 0n],
    ['0.01', 1n],
    ['0.1', 10n],
    ['0.5', 50n],
    ['0.05', 5n],
    ['1', 100n],
    ['12.5', 1250n],
    ['12.50', 1250n],
    ['12.05', 1205n],
    ['999999999.99', 99999999999n],
    ['100000000', 10_000_000_000n],
    ['100000000.00', 10_000_000_000n],
    ['-0.05', -5n],
    ['-12.5', -1250n],
    ['-100000000.00', -10_000_000_000n],
  ];
  for (const [text, expected] of cases) {
    t.equal(toMinor(text), expected, `toMinor(${JSON.stringify(text)}) = ${expected}`);
    t.type(toMinor(text), 'bigint', 'a bigint, never a number');
  }
});

t.test('formatMinor always answers two fractional digits', async (t) => {
  const cases: [bigint, string][] = [
    [0n, '0.00'],
    [1n, '0.01'],
    [5n, '0.05'],
    [10n, '0.10'],
    [99n, '0.99'],
    [100n, '1.00'],
    [1250n, '12.50'],
    [1205n, '12.05'],
    [-1n, '-0.01'],
    [-5n, '-0.05'],
    [-99n, '-0.99'],
    [-100n, '-1.00'],
    [-1250n, '-12.50'],
    [AMOUNT_MAX_MINOR, '100000000.00'],
    [-AMOUNT_MAX_MINOR, '-100000000.00'],
    // Beyond what a double holds exactly: balances may grow past 2^53 hundredths.
    [9_007_199_254_740_993n, '90071992547409.93'],
    [-123_456_789_012_345_678_901n, '-1234567890123456789.01'],
  ];
  for (const [minor, expected] of cases) {
    t.equal(formatMinor(minor), expected, `formatMinor(${minor}n) = ${expected}`);
  }
});

t.test('round trips: formatMinor(toMinor(x)) normalises, toMinor(formatMinor(n)) is n', async (t) => {
  const normalised: [string, string][] = [
    ['7', '7.00'],
    ['7.5', '7.50'],
    ['0.5', '0.50'],
    ['-0.5', '-0.50'],
    ['12.34', '12.34'],
    ['100000000', '100000000.00'],
  ];
  for (const [text, expected] of normalised) {
    t.equal(formatMinor(toMinor(text)), expected, `${text} -> ${expected}`);
  }
  const samples = [0n, 1n, -1n, 9n, 10n, 11n, 99n, 100n, 101n, 12345n, -12345n, AMOUNT_MAX_MINOR, -AMOUNT_MAX_MINOR, AMOUNT_MAX_MINOR + 1n];
  // A deterministic spread across the range (no randomness: a failure must reproduce).
  for (let i = 0n; i < 200n; i++) samples.push((i * 7_919_113n * 104_729n) % AMOUNT_MAX_MINOR, -((i * 15_485_863n) % 1_000_000n));
  for (const n of samples) {
    const text = formatMinor(n);
    t.match(text, /^-?(0|[1-9][0-9]*)\.[0-9]{2}$/, `${n}n formats as "${text}"`);
    t.equal(toMinor(text), n, `${n}n round-trips through "${text}"`);
  }
});

t.test('isValidAmount: positive, two decimals at most, at most 100000000.00', async (t) => {
  const valid = ['0.01', '0.1', '0.10', '1', '1.5', '12.50', '99999999.99', '100000000', '100000000.0', '100000000.00'];
  const invalid = [
    '0',
    '0.0',
    '0.00',
    '-1',
    '-0.01',
    '+1',
    '1.005',
    '1.000',
    '01',
    '00.5',
    '.5',
    '5.',
    '1e3',
    '1E3',
    '',
    ' 1',
    '1 ',
    '1,00',
    '100000000.01',
    '100000001',
    '999999999.99',
    '1000000000',
    '１２',
    '١٢',
    'Infinity',
    'NaN',
    '0x10',
  ];
  for (const text of valid) t.ok(isValidAmount(text), `${JSON.stringify(text)} is a valid amount`);
  for (const text of invalid) t.notOk(isValidAmount(text), `${JSON.stringify(text)} is not a valid amount`);
  t.equal(AMOUNT_MAX_MINOR, 10_000_000_000n, 'the ceiling is 100000000.00 points');
});

t.test('isValidSignedAmount: non-zero, signed with "-", magnitude at most the ceiling', async (t) => {
  const valid = ['1', '-1', '0.01', '-0.01', '12.50', '-12.5', '100000000.00', '-100000000.00'];
  const invalid = ['0', '-0', '0.00', '-0.00', '+1', '--1', '-', '1.005', '-1.005', '100000000.01', '-100000000.01', '-01', '-.5', '1e2', '', ' -1'];
  for (const text of valid) t.ok(isValidSignedAmount(text), `${JSON.stringify(text)} is a valid signed amount`);
  for (const text of invalid) t.notOk(isValidSignedAmount(text), `${JSON.stringify(text)} is not a valid signed amount`);
});

t.test('the patterns refuse what the parser must never see', async (t) => {
  for (const text of ['1e3', '+1', ' 1', '1.', '.1', '01', '１', '1.234']) {
    t.notOk(AMOUNT_PATTERN.test(text), `AMOUNT_PATTERN refuses ${JSON.stringify(text)}`);
    t.notOk(SIGNED_AMOUNT_PATTERN.test(text), `SIGNED_AMOUNT_PATTERN refuses ${JSON.stringify(text)}`);
  }
  t.notOk(AMOUNT_PATTERN.test('-1'), 'an unsigned amount has no sign');
  t.ok(SIGNED_AMOUNT_PATTERN.test('-1'), 'a signed amount may have "-"');
});
