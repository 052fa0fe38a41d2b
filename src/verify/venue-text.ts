/**
 * Small text scanners the venue extractor and the claim checker share: years, sentence boundaries,
 * names written without a table entry, workshop names and presentation tracks.
 */

export interface YearToken {
  year: number;
  start: number;
  end: number;
}

const fourDigitYear = /(?<![\d.:/])(?<!\d-)(?:19[89]\d|20[0-3]\d)(?!\d)(?!\.\d)/g;
const apostropheYear = /['’‘`]\s?(\d{2})(?!\d)/g;

function twoDigitYear(digits: string): number | null {
  const value = Number(digits);
  // "PACLIC39" is the 39th meeting: two digits read as a year only up to 2030.
  return value >= 15 && value <= 30 ? 2000 + value : null;
}

/** Four-digit years (1990-2039) and apostrophe years ("'25"), in order of position. */
export function findYears(text: string): YearToken[] {
  const years: YearToken[] = [];
  for (const match of text.matchAll(fourDigitYear)) {
    years.push({ year: Number(match[0]), start: match.index, end: match.index + match[0].length });
  }
  for (const match of text.matchAll(apostropheYear)) {
    const year = twoDigitYear(match[1] ?? '');
    if (year !== null) years.push({ year, start: match.index, end: match.index + match[0].length });
  }
  return years.sort((a, b) => a.start - b.start);
}

/**
 * The year written right after a venue name: "NeurIPS 2025", "NeurIPS2025", "NeurIPS'25",
 * "AAAI-26", "AAAI 26", "WACV'26". Two-digit forms only count when attached to the name.
 */
export function attachedYear(textAfterName: string, acronym = true): { year: number; length: number } | null {
  const match =
    /^\s?([-'’‘`]?)\s?((?:19|20)\d{2}|\d{2})(?!\d)(?!\s*(?:pages|figures|th\b|st\b|nd\b|rd\b|%))/.exec(
      textAfterName,
    );
  if (!match?.[2]) return null;
  const digits = match[2];
  // "Advances in Neural Information Processing Systems 37": after a full name a bare number is a volume.
  if (digits.length === 2 && !acronym && !match[1]) return null;
  const year = digits.length === 4 ? Number(digits) : twoDigitYear(digits);
  if (year === null || year < 1990 || year > 2039) return null;
  return { year, length: match[0].length };
}

const abbreviationBeforePeriod =
  /(?:\b(?:Proc|proc|Vol|vol|No|no|pp|Conf|Int|Intl|Trans|Inf|Sci|al|Eng|Comput|Mach|Intell|Anal|Process|Lett|Syst|Appl|vs|Jpn|Natl|Assoc|Soc|Res|Rev|Symp|Eds?|Fig|Sec|Dept|Univ|Inc|Ltd|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z])$/;

/**
 * Positions where one statement ends: ";", "|", a newline and a period that ends a sentence (not
 * "Proc.", "Vol.", "J.", "et al." or a decimal point).
 */
export function hardBoundaries(text: string): number[] {
  const positions: number[] = [];
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (character === ';' || character === '|') positions.push(index);
    else if (character === '.' && /^\s/.test(text.slice(index + 1, index + 2))) {
      const word = /(\S+)$/.exec(text.slice(Math.max(0, index - 12), index))?.[1] ?? '';
      const abbreviated =
        /^[A-Z][a-z]{0,4}$/.test(word) && /^\s+[A-Z&]/.test(text.slice(index + 1, index + 4));
      if (!abbreviated && !abbreviationBeforePeriod.test(text.slice(Math.max(0, index - 8), index)))
        positions.push(index);
    }
  }
  return positions;
}

const monthNames =
  'Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?';
export const monthPattern = new RegExp(`\\b(?:${monthNames})\\b`, 'i');

const ordinalWords =
  '(?:(?:twenty|thirty|forty|fifty|sixty)-)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|fortieth|fiftieth|sixtieth)';

const leadingFiller = [
  /^\s*(?:for\s+)?(?:possible\s+)?(?:publication|publishing|presentation|inclusion|oral presentation|poster presentation)\s+(?:in|at|to|on|by)\s+/i,
  /^\s*(?:present|be presented|appear|be published)\s+(?:at|in|on)\s+/i,
  /^\s*(?:(?:the|in)\s+)?(?:adjunct\s+)?(?:proceedings|proceeding|proc\.)\s+(?:of\s+)?(?=[A-Za-z0-9])/i,
  /^\s*(?:name\s+of\s+(?:the\s+)?)?(?:conference|journal|venue|event)\s*:\s*/i,
  /^\s*(?:an?\s+)?(?:[A-Za-z-]+\s+){0,3}?(?:paper|article|contribution|talk|abstract|note|letter|chapter)\s+(?:in|at|to|for|on|by)\s+/i,
  /^\s*(?:an?\s+|the\s+)?(?:workshop|conference|journal|special issue|track)\s+(?:in|at)\s+/i,
  /^\s*(?:paper|article|work)\s*[-–—:]\s*/i,
  /^\s*(?:(?:accepted|camera-ready|final|extended)\s+)?version\s+(?:for|of|in|at|to)\s+/i,
  /^\s*process\s+(?:of|at|for|in)\s+/i,
  /^\s*[:\-–—]\s*/,
  /^\s*as\s+(?:an?\s+)?(?:[A-Za-z-]+\s+){0,3}?(?:paper|article|contribution|talk|abstract|presentation|submission)\s+(?:in|at|to|for|on|by)\s+/i,
  /^\s*(?:the|a|an)\s+/i,
  /^\s*(?:main|research|technical|full|short|long|regular|special)\s+(?:technical\s+|research\s+)?(?:track|session|issue)\s+(?:of|at|in)\s+/i,
  /^\s*\d{1,3}(?:st|nd|rd|th)\s+/i,
  new RegExp(`^\\s*${ordinalWords}\\s+`, 'i'),
  /^\s*(?:19|20)\d{2}\s+(?=[A-Z0-9])/,
  /^\s*(?:[Aa]nnual|[Ii]nternational)\s+(?=[A-Z]{2})/,
  /^\s*(?:revision\s+)?(?:peer\s+)?review\s+(?:in|at|to|by|for)\s+/i,
  /^\s*(?:as\s+)?["“][^"”]*["”]\s+(?:in|at)\s+/i,
  /^\s*(?:[IVX]+|\d{1,3}(?:st|nd|rd|th)?)\s+edition\s+of\s+(?:the\s+)?/i,
  /^\s*(?:upcoming|forthcoming)\s+/i,
  // "Springer LNCS, Proceedings of ICONIP 2024": the series is not the venue; what follows may be.
  /^\s*(?:Springer\s+)?(?:LNCS|LNAI|LNBI|LNNS|CCIS|LNICST)\b[\s,]*(?:vol(?:ume)?\.?\s*\d+[\s,]*)?(?=[A-Z])/i,
  /^\s*(?:(?:a|the)\s+)?(?:book\s+)?chapter(?:\s+\d+)?\s+(?:in|of)\s+/i,
  // A descriptor before the name: 'the Japanese journal "Joho Shori"', "the conference EUSIPCO2025".
  /^\s*(?:(?:a|an|the)\s+)?(?:[A-Za-z-]+\s+){0,2}?(?:journal|conference|workshop|symposium|magazine)\s+(?=["“]|[A-Z]{2})/,
  /^\s*(?:(?:a|an|the)\s+)?(?:[A-Za-z-]+\s+){0,2}?(?:journal|conference|workshop|symposium)\s+(?=["“])/i,
  /^\s*["“]/,
];

/** Where a written name ends; a period after an abbreviation ("J. Guid. Control") does not end it. */
function nameStopIndex(rest: string): number {
  const pattern = new RegExp(nameStop.source, 'gi');
  for (const match of rest.matchAll(pattern)) {
    if (match[0].startsWith('.')) {
      const word = /(\S+)$/.exec(rest.slice(0, match.index))?.[1] ?? '';
      if (/^[A-Z][a-z]{0,4}$/.test(word) && /^\.\s+[A-Z&]/.test(rest.slice(match.index))) continue;
    }
    return match.index;
  }
  return rest.length;
}

const nameStop = new RegExp(
  [
    '[,;:()[\\]{}"“”]',
    '\\.(?:\\s|$)',
    '\\s[-–—]\\s',
    '\\s(?:with|which|where|held|co-located|colocated|scheduled|in conjunction|as an?|as the|as oral|as poster|and will|and the|and is|on arXiv|https?:)\\b',
    '\\s(?:and\\s+)?edited\\s+by\\b',
    '\\sfor\\s+(?:(?:possible|peer|further)\\s+)?(?:publication|presentation|review|consideration|inclusion|the|a|an|its)\\b',
    `\\s(?:(?:on|in)\\s+)?(?:${monthNames}|(?:19|20)\\d{2})\\b`,
    '\\s(?:19|20)\\d{2}\\b',
    "\\s['’]\\d{2}\\b",
    '\\shttps?:',
    // "TISMIR Digital Musicology special issue": the issue is not part of the name.
    '\\s(?:[A-Z][\\w-]*\\s+){0,4}special\\s+(?:issue|series)\\b',
  ].join('|'),
  'i',
);

const organisationPrefix =
  /^(?:(?:IEEE|ACM|IEEE\/CVF|CVF|ISCA|IFIP|SPIE|IAPR|EAI|ACM\/IEEE|IEEE\/RSJ|RSC|npj|BMC|IET|IOP|AIP|SIAM|MDPI|PLOS|PLoS)\s+)+/;
const genericWords = new Set(
  (
    'the a an ieee acm springer elsevier journal journals conference conferences venue venues peer review ' +
    'publication possible for international top-tier major leading ai ml and or of in on to this its proceedings ' +
    'proceeding porceedings ' +
    'lncs lecture notes series computer science transactions magazine special issue track main paper ' +
    'university society version edition'
  ).split(' '),
);

export interface WrittenName {
  name: string;
  /** A year given with the name ("(WISA 2025)", "DICTA2025"), else null. */
  year: number | null;
  /** The part of the scope the name was read from (offsets into the scope). */
  start: number;
  end: number;
}

export function acronymLike(token: string): boolean {
  const uppercase = token.replace(/[^A-Z]/g, '').length;
  return /^[A-Za-z][A-Za-z0-9&+-]*$/.test(token) && (uppercase >= 2 || /[A-Z].*\d|\d.*[A-Z]/.test(token));
}

/** Splits "DICTA2025" / "SLaTE-2025" / "ICMLA'25" into the name and its year. */
function splitTrailingYear(token: string): { name: string; year: number | null } {
  // "HICSS-59", "PACLIC39": an edition number, not a year.
  const edition = /^(.*?[A-Za-z]{2})-?(\d{2,3})$/.exec(token);
  if (edition?.[1] && edition[2] && twoDigitYear(edition[2]) === null && edition[2].length < 4)
    return { name: edition[1], year: null };
  const match = /^(.*?[A-Za-z])[-'’]?((?:19|20)\d{2}|\d{2})$/.exec(token);
  if (!match?.[1] || !match[2]) return { name: token, year: null };
  const year = match[2].length === 4 ? Number(match[2]) : twoDigitYear(match[2]);
  if (year === null) return { name: token, year: null };
  return { name: match[1], year };
}

/** An acronym is the whole name unless capitalised words continue it ("MT Summit", "UK Conference on ..."). */
function standsAlone(after: string): boolean {
  const next = after.trim().split(/\s+/)[0] ?? '';
  if (next === '' || !/^[A-Z]/.test(next)) return true;
  if (/^(?:Conference|Workshop|Symposium)$/.test(next)) return !/^\s*\S+\s+(?:on|of)\b/.test(after);
  return /^(?:Track|Main|Findings|Proceedings|Posters?|Demos?|Conference|Workshop|Symposium|Special)$/.test(
    next,
  );
}

/** True when a name is only words like "IEEE journal", "a conference", "arXiv". */
export function isGenericName(name: string): boolean {
  const wordsOfName = name.toLowerCase().match(/[a-z0-9-]+/g) ?? [];
  return wordsOfName.length === 0 || wordsOfName.every((word) => genericWords.has(word) || word === 'arxiv');
}

/**
 * The venue name as the authors wrote it when the table does not know it: the acronym they give
 * ("... Applications (WISA 2025)" -> WISA, "MobiHoc 2025" -> MobiHoc), else the full name without
 * article, ordinal and year ("Journal of Information Systems Engineering and Management").
 */
export function writtenVenueName(scope: string): WrittenName | null {
  let offset = 0;
  let rest = scope;
  for (let changed = true; changed; ) {
    changed = false;
    for (const filler of leadingFiller) {
      const match = filler.exec(rest);
      if (match && match[0].length > 0) {
        offset += match[0].length;
        rest = rest.slice(match[0].length);
        changed = true;
      }
    }
  }
  const leadingSpace = /^\s*/.exec(rest)?.[0].length ?? 0;
  offset += leadingSpace;
  rest = rest.slice(leadingSpace);
  if (!/^[A-Z0-9]|^[a-z][A-Z]|^npj\s|^journal of\s/.test(rest)) return null;
  if (new RegExp(`^(?:${monthNames})\\b`, 'i').test(rest)) return null;
  // A quoted name ('"Technology for Good: Driving Social Impact"') runs to its closing quote.
  const quoted = /["“]\s*$/.test(scope.slice(0, offset)) ? /["”]/.exec(rest) : null;
  const phraseEnd = quoted ? quoted.index : nameStopIndex(rest);
  const phrase = rest.slice(0, phraseEnd).trim();
  // The acronym the authors give in parentheses ("... Conference (FIE)", "(ICMLA'25)", "(WISA 2025)").
  const statementEnd = /\.(?:\s|$)|;/.exec(rest)?.index ?? rest.length;
  const parenthesis = quoted
    ? null
    : (/\(\s*([A-Z][A-Za-z0-9&+\-/]*[A-Z][A-Za-z0-9&+\-/']*)(?:\s*[-'’]?\s*((?:19|20)\d{2}|\d{2}))?\s*\)/.exec(
        rest.slice(0, Math.min(statementEnd, 240)),
      ) ??
      // "(Inscrypt2025)": a capitalised word with its year.
      /\(\s*([A-Z][a-z]{2,}[A-Za-z]*)[\s'’-]?((?:19|20)\d{2})\s*\)/.exec(
        rest.slice(0, Math.min(statementEnd, 240)),
      ));
  const prefix = organisationPrefix.exec(phrase)?.[0] ?? '';
  // "AI4RWC@WI-IAT 2025": a workshop at its host; the host is the venue.
  const firstWord = (phrase.slice(prefix.length).split(/\s+/)[0] ?? '').replace(/^[^@\s]+@/, '');
  const firstToken = { ...splitTrailingYear(firstWord), length: firstWord.length };
  // "IEEE Big Data Workshop on Multimodal AI (MMAI 2025)": the workshop's host is the venue.
  const host = /^(.+?)\s+[Ww]orkshops?\s+(?:on|in|of)\b/.exec(phrase)?.[1];
  let name: string;
  let year: number | null = null;
  if (host && !isGenericName(host) && /[A-Z]{2}/.test(host) && !/\d/.test(host)) {
    name = host;
  } else if (
    firstToken.year !== null &&
    acronymLike(firstToken.name) &&
    !organisationPrefix.test(`${firstToken.name} `) &&
    !(parenthesis?.[2] || /\d/.test(parenthesis?.[1] ?? ''))
  ) {
    // "WMT2025 (ENNLP)", "FORGE'25 Benchmarking": an acronym with its year is the whole name.
    name = `${prefix}${firstToken.name}`;
    year = firstToken.year;
  } else if (parenthesis?.[1] && !/^(?:Oral|Spotlight|Poster|Main|Findings|Demo)$/i.test(parenthesis[1])) {
    const split = splitTrailingYear(parenthesis[1]);
    name = split.name;
    year = parenthesis[2]
      ? parenthesis[2].length === 4
        ? Number(parenthesis[2])
        : twoDigitYear(parenthesis[2])
      : split.year;
  } else if (
    firstToken.name &&
    acronymLike(firstToken.name) &&
    !organisationPrefix.test(`${firstToken.name} `) &&
    standsAlone(phrase.slice(prefix.length + firstToken.length))
  ) {
    name = `${prefix}${firstToken.name}`;
    year = firstToken.year;
  } else {
    name = phrase;
  }
  name = name
    .replace(/\s+/g, ' ')
    // "AJSE Springer", "LNCS Porceedings": a publisher or the word proceedings is not the name.
    .replace(
      /\s+(?:Springer(?: Nature)?|Elsevier|Wiley|Taylor (?:&|and) Francis|Proceedings|Porceedings)$/i,
      '',
    )
    .trim();
  if (name.length < 2 || name.length > 120 || isGenericName(name)) return null;
  return { name, year, start: offset, end: offset + phraseEnd };
}
