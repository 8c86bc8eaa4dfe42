/**
 * The public notice board (公示): what hangs on the estate's board and the public page while
 * certified claims wait out their notice window, and the masking that lets it be public.
 *
 * China's Personal Information Protection Law asks for the minimum: the public sees, per
 * claim, a masked name, a partly hidden card number and the points, nothing else (no claim
 * id, no account id, no note, no evidence). The activity itself (title, place, time, the
 * certifiers who vouched for it in their public role) is public by design.
 */

export interface NoticeClaim {
  claimId: string;
  member: { name: string; code: string };
  /** Decimal string of points, as the API writes amounts ("12.50"). */
  points: string;
}

export interface NoticeActivity {
  activityId: string;
  title: string;
  category: string;
  estate: string;
  /** ISO 8601 instants. */
  startsAt: string;
  endsAt: string;
  place: string;
  /** The certifiers' names, shown unmasked: they vouch for the list in a public role. */
  certifiers: string[];
  /** When the notice window closes: objections are taken until then. */
  noticeEndsAt: string;
  claims: NoticeClaim[];
}

export interface NoticeBoard {
  estate: string;
  generatedAt: string;
  activities: NoticeActivity[];
}

/** A claim as the public sees it: nothing but the masked name, the masked code and the points. */
export interface MaskedNoticeClaim {
  member: { name: string; code: string };
  points: string;
}

export type MaskedNoticeActivity = Omit<NoticeActivity, 'claims'> & { claims: MaskedNoticeClaim[] };

export interface MaskedNoticeBoard {
  estate: string;
  generatedAt: string;
  activities: MaskedNoticeActivity[];
}

export const MASK = '*';

const graphemeSegmenter = new Intl.Segmenter('zh', { granularity: 'grapheme' });

/** User-perceived characters: a surrogate pair, a letter with its accents, an emoji sequence is one. */
function graphemes(text: string): string[] {
  return Array.from(graphemeSegmenter.segment(text), (s) => s.segment);
}

/**
 * Invisible characters (zero-width spaces and joiners, bidi marks, controls) would count as
 * characters and let "王\u200b芳" keep both of its visible ones: they go before counting.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;

/** Scripts whose names are written without spaces between given name and surname. */
const UNSPACED_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

function maskWord(word: string): string {
  const g = graphemes(word);
  const n = g.length;
  if (n <= 1) return MASK.repeat(n);
  if (UNSPACED_SCRIPT.test(word)) {
    // The public-notice convention (王*, 王*芳, 欧**芳): the first and, from three characters,
    // the last stay; the middle is hidden. A separator inside (阿卜杜拉·买买提) is hidden too.
    return n === 2 ? `${g[0]}${MASK}` : `${g[0]}${MASK.repeat(n - 2)}${g[n - 1]}`;
  }
  // Spaced scripts keep the initial only ("Wang" -> "W***").
  return `${g[0]}${MASK.repeat(n - 1)}`;
}

/**
 * A person's name as a public list may show it: 王芳 -> 王*, 王小芳 -> 王*芳, 欧阳小芳 -> 欧**芳,
 * "Wang Fang" -> "W*** F***", "王芳 Wang Fang" -> "王* W*** F***". Each word (split at white
 * space) is masked on its own and always loses at least one character, so no word shows in
 * full; a one-character word is hidden whole. Characters are graphemes.
 */
export function maskName(name: string): string {
  return name
    .normalize('NFC')
    .split(/\s+/u)
    .map((w) => w.replace(INVISIBLE, ''))
    .filter((w) => w.length > 0)
    .map(maskWord)
    .join(' ');
}

/**
 * A short kind prefix ("R-", "M", "SYS-"): at most three Latin letters that end a word, so
 * that it says what sort of card, never the start of a name ("ZHANG-3" keeps none of it).
 */
const CODE_PREFIX = /^([A-Za-z]{1,3}(?![A-Za-z])[-_./ ]?)(?=.)/u;

/**
 * A card number partly hidden: R-0001 -> R-**01. A short letter prefix of at most three
 * letters (the kind of card) stays; of the rest, the serial that identifies the holder,
 * the last two characters stay, and never more than half of them: the others are hidden.
 */
export function maskCode(code: string): string {
  const clean = code.normalize('NFC').replace(INVISIBLE, '').trim();
  const prefix = CODE_PREFIX.exec(clean)?.[1] ?? '';
  const serial = graphemes(clean.slice(prefix.length));
  const shown = Math.min(2, Math.floor(serial.length / 2));
  return prefix + MASK.repeat(serial.length - shown) + serial.slice(serial.length - shown).join('');
}

/**
 * The board as the public sees it. Built field by field, never by spreading, so a field
 * added to NoticeBoard later stays private until someone decides it may be public.
 */
export function maskedBoard(board: NoticeBoard): MaskedNoticeBoard {
  return {
    estate: board.estate,
    generatedAt: board.generatedAt,
    activities: board.activities.map((a) => ({
      activityId: a.activityId,
      title: a.title,
      category: a.category,
      estate: a.estate,
      startsAt: a.startsAt,
      endsAt: a.endsAt,
      place: a.place,
      certifiers: [...a.certifiers],
      noticeEndsAt: a.noticeEndsAt,
      claims: a.claims.map((c) => ({
        member: { name: maskName(c.member.name), code: maskCode(c.member.code) },
        points: c.points,
      })),
    })),
  };
}
