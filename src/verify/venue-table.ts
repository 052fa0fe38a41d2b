import type { VenueType } from '../core/digest.ts';

/**
 * Venues the extractor and the claim checker know by name. Each entry lists the ways authors write
 * it: acronyms (matched with letter boundaries, so "AACL" is not "ACL" and "NeurIPS2025" is
 * NeurIPS) and full names (case-insensitive). Venues not listed keep the name the authors wrote.
 */
export interface VenueEntry {
  /** Canonical short name printed in posts. */
  name: string;
  type: VenueType;
  /** Acronyms and spellings, matched case-sensitively (short ones collide with ordinary words). */
  acronyms: string[];
  /** Full names and long spellings, matched case-insensitively, whitespace-tolerant. */
  names: string[];
}

const conference = (name: string, acronyms: string[], names: string[] = []): VenueEntry => ({
  name,
  type: 'conference',
  acronyms,
  names,
});
const journal = (name: string, acronyms: string[], names: string[] = []): VenueEntry => ({
  name,
  type: 'journal',
  acronyms,
  names,
});

export const venueTable: VenueEntry[] = [
  conference(
    'NeurIPS',
    // Misspellings authors really write ("NeurIps", "NeuralIPS") name the same venue.
    ['NeurIPS', 'NEURIPS', 'Neurips', 'NeurIps', 'NeurIPs', 'NeuralIPS', 'Nuerips', 'NuerIPS', 'NIPS'],
    [
      'Advances in Neural Information Processing Systems',
      'Conference on Neural Information Processing Systems',
    ],
  ),
  conference('ICML', ['ICML'], ['International Conference on Machine Learning(?! and Applications)']),
  conference('ICLR', ['ICLR'], ['International Conference on Learning Representations']),
  conference(
    'CVPR',
    ['CVPR', 'CVPRW'],
    [
      '(?:IEEE/CVF )?Conference on Computer Vision and Pattern Recognition',
      'Computer Vision and Pattern Recognition Conference',
    ],
  ),
  conference(
    'ICCV',
    ['ICCV', 'ICCVW'],
    ['(?:IEEE/CVF )?International Conference on Computer Vision(?! Systems)'],
  ),
  conference('ECCV', ['ECCV', 'ECCVW'], ['European Conference on Computer Vision']),
  conference(
    'NAACL',
    ['NAACL'],
    [
      'North American Chapter of the Association for Computational Linguistics',
      'Findings of the Association for Computational Linguistics:? NAACL',
    ],
  ),
  conference('EACL', ['EACL'], ['European Chapter of the Association for Computational Linguistics']),
  conference(
    'AACL',
    ['AACL', 'IJCNLP-AACL', 'AACL-IJCNLP'],
    ['Asia-Pacific Chapter of the Association for Computational Linguistics'],
  ),
  conference(
    'ACL',
    ['ACL'],
    [
      'Annual Meeting of the Association for Computational Linguistics',
      'Association for Computational Linguistics',
    ],
  ),
  conference(
    'EMNLP',
    ['EMNLP', 'EMLNP', 'ENMLP'],
    [
      '(?:Conference on )?Empirical Methods in Natural Language Processing',
      'Findings of the Association for Computational Linguistics:? EMNLP',
    ],
  ),
  conference('COLING', ['COLING'], ['International Conference on Computational Linguistics']),
  conference('COLM', ['COLM'], ['Conference on Language Modeling']),
  journal('TACL', ['TACL'], ['Transactions of the Association for Computational Linguistics']),
  conference('ICWSM', ['ICWSM'], ['International AAAI Conference on Web and Social Media']),
  conference(
    'AAAI',
    ['AAAI'],
    [
      'AAAI Conference on Artificial Intelligence',
      'Association for the Advancement of Artificial Intelligence',
    ],
  ),
  conference('IJCAI', ['IJCAI'], ['International Joint Conference on Artificial Intelligence']),
  conference('PAKDD', ['PAKDD'], ['Pacific-Asia Conference on Knowledge Discovery and Data Mining']),
  conference('ECML PKDD', ['ECML PKDD', 'ECML-PKDD', 'ECML/PKDD', 'ECMLPKDD']),
  conference(
    'KDD',
    ['KDD', 'SIGKDD'],
    ['(?:ACM )?(?:SIGKDD )?Conference on Knowledge Discovery and Data Mining'],
  ),
  conference('WWW', ['WWW(?!\\.)', 'TheWebConf'], ['The Web Conference', 'ACM Web Conference']),
  conference(
    'SIGIR',
    ['SIGIR'],
    ['International ACM SIGIR Conference on Research and Development in Information Retrieval'],
  ),
  conference('CIKM', ['CIKM'], ['Conference on Information and Knowledge Management']),
  conference('WSDM', ['WSDM'], ['Web Search and Data Mining']),
  conference('RecSys', ['RecSys'], ['ACM Conference on Recommender Systems']),
  conference(
    'ACM MM',
    ['ACM MM', 'ACMMM', 'ACM-MM', "MM(?=\\s?['’]\\s?\\d{2}\\b)"],
    ['ACM Multimedia', 'ACM International Conference on Multimedia(?! and| Retrieval)'],
  ),
  conference('WACV', ['WACV'], ['Winter Conference on Applications of Computer Vision']),
  conference('BMVC', ['BMVC'], ['British Machine Vision Conference']),
  conference('ACCV', ['ACCV'], ['Asian Conference on Computer Vision']),
  conference('3DV', ['3DV'], ['International Conference on 3D Vision']),
  conference('ICASSP', ['ICASSP'], ['International Conference on Acoustics, Speech,? and Signal Processing']),
  conference('Interspeech', ['INTERSPEECH', 'Interspeech', 'InterSpeech']),
  conference('IROS', ['IROS'], ['International Conference on Intelligent Robots and Systems']),
  conference('ICRA', ['ICRA'], ['International Conference on Robotics and Automation']),
  conference('CoRL', ['CoRL'], ['Conference on Robot Learning']),
  conference('ICIP', ['ICIP'], ['International Conference on Image Processing']),
  conference('ICME', ['ICME'], ['International Conference on Multimedia (?:and|&) Expo']),
  conference('ICPR', ['ICPR'], ['International Conference on Pattern Recognition']),
  conference('ISBI', ['ISBI'], ['International Symposium on Biomedical Imaging']),
  conference('MICCAI', ['MICCAI'], ['Medical Image Computing and Computer[- ]Assisted Intervention']),
  conference('IJCNN', ['IJCNN'], ['International Joint Conference on Neural Networks']),
  conference('ECAI', ['ECAI'], ['European Conference on (?:Artificial Intelligence|AI)']),
  conference('AISTATS', ['AISTATS'], ['International Conference on Artificial Intelligence and Statistics']),
  conference('UAI', ['UAI'], ['Conference on Uncertainty in Artificial Intelligence']),
  conference('SIGGRAPH Asia', ['SIGGRAPH Asia', 'SIGGRAPH ASIA']),
  conference('SIGGRAPH', ['SIGGRAPH']),
  conference('CHI', ['CHI'], ['CHI Conference on Human Factors in Computing Systems']),
  conference('ICDE', ['ICDE'], ['International Conference on Data Engineering']),
  conference('ICDM', ['ICDM'], ['International Conference on Data Mining']),
  conference('SIGMOD', ['SIGMOD']),
  conference('VLDB', ['VLDB', 'PVLDB']),
  conference('ICSE', ['ICSE'], ['International Conference on Software Engineering']),
  conference('NDSS', ['NDSS'], ['Network and Distributed System Security Symposium']),
  conference('USENIX Security', ['USENIX Security'], ['USENIX Security Symposium']),
  conference('IEEE S&P', ['IEEE S&P', 'S&P'], ['IEEE Symposium on Security and Privacy']),
  conference(
    'ACM CCS',
    ['ACM CCS', 'CCS'],
    ['ACM (?:SIGSAC )?Conference on Computer and Communications Security'],
  ),
  conference('INFOCOM', ['INFOCOM', 'Infocom'], ['IEEE International Conference on Computer Communications']),
  conference('EurIPS', ['EurIPS', 'Eurips', 'EURIPS']),
  conference('ESORICS', ['ESORICS'], ['European Symposium on Research in Computer Security']),
  conference('LREC', ['LREC', 'LREC-COLING']),
  // Long names whose acronym authors give after them ("59th Hawaii International ... (HICSS-59)").
  conference('HICSS', ['HICSS'], ['Hawaii International Conference on System Sciences']),
  conference('ICAPS', ['ICAPS'], ['International Conference on Automated Planning and Scheduling']),
  conference('GECCO', ['GECCO'], ['Genetic and Evolutionary Computation Conference']),
  conference('IPMI', ['IPMI'], ['Information Processing in Medical Imaging']),
  conference('ICDAR', ['ICDAR'], ['International Conference on Document Analysis and Recognition']),
  conference('ISMAR', ['ISMAR'], ['International Symposium on Mixed and Augmented Reality']),
  conference('IGARSS', ['IGARSS'], ['International Geoscience and Remote Sensing Symposium']),
  conference('EUSIPCO', ['EUSIPCO'], ['European Signal Processing Conference']),
  conference('ACSAC', ['ACSAC'], ['Annual Computer Security Applications Conference']),
  conference('ICPADS', ['ICPADS'], ['International Conference on Parallel and Distributed Systems']),
  conference('ICMI', ['ICMI'], ['International Conference on Multimodal Interaction']),
  conference('MLMI', ['MLMI'], ['Machine Learning in Medical Imaging']),
  conference(
    'Koli Calling',
    ['Koli Calling'],
    ['Koli Calling International Conference on Computing Education Research'],
  ),
  conference('Allerton', ['Allerton'], ['Allerton Conference on Communication, Control,? and Computing']),
  conference('WMT', ['WMT'], ['Conference on Machine Translation']),
  journal(
    'IEEE TPAMI',
    ['TPAMI', 'T-PAMI', 'PAMI'],
    [
      '(?:IEEE )?Transactions on Pattern Analysis and Machine Intelligence',
      '(?:IEEE )?Trans\\. Pattern Anal\\. Mach\\. Intell\\.?',
    ],
  ),
  journal(
    'IEEE TIP',
    ['TIP'],
    ['(?:IEEE )?Transactions on Image Processing', '(?:IEEE )?Trans\\. Image Process\\.?'],
  ),
  journal(
    'IEEE TCSVT',
    ['TCSVT', 'T-CSVT'],
    ['(?:IEEE )?Transactions on Circuits and Systems for Video Technology'],
  ),
  journal('IEEE RA-L', ['RA-L', 'RAL', 'IEEE RAL'], ['(?:IEEE )?Robotics and Automation Letters']),
  journal('IEEE Access', ['IEEE Access', 'IEEE ACCESS']),
  journal('IEEE TNNLS', ['TNNLS'], ['(?:IEEE )?Transactions on Neural Networks and Learning Systems']),
  journal('IEEE TMM', ['TMM'], ['(?:IEEE )?Transactions on Multimedia']),
  journal('IEEE TKDE', ['TKDE'], ['(?:IEEE )?Transactions on Knowledge and Data Engineering']),
  journal('IEEE TVCG', ['TVCG'], ['(?:IEEE )?Transactions on Visualization and Computer Graphics']),
  journal('IEEE TGRS', ['TGRS'], ['(?:IEEE )?Transactions on Geoscience and Remote Sensing']),
  journal('IEEE TMI', ['TMI'], ['(?:IEEE )?Transactions on Medical Imaging']),
  journal(
    'IEEE TASLP',
    ['TASLP'],
    ['(?:IEEE(?:/ACM)? )?Transactions on Audio,? Speech,? and Language Processing'],
  ),
  journal('IEEE TSP', ['TSP'], ['(?:IEEE )?Transactions on Signal Processing']),
  journal('IEEE T-RO', ['T-RO', 'TRO'], ['(?:IEEE )?Transactions on Robotics']),
  journal('IEEE TITS', ['TITS', 'T-ITS'], ['(?:IEEE )?Transactions on Intelligent Transportation Systems']),
  journal('IEEE TIFS', ['TIFS'], ['(?:IEEE )?Transactions on Information Forensics and Security']),
  journal('IEEE JBHI', ['JBHI'], ['(?:IEEE )?Journal of Biomedical and Health Informatics']),
  journal('IJCV', ['IJCV'], ['International Journal of Computer Vision']),
  journal('JMLR', ['JMLR'], ['Journal of Machine Learning Research']),
  journal('TMLR', ['TMLR'], ['Transactions on Machine Learning Research']),
  journal('Pattern Recognition Letters', [], ['Pattern Recognition Letters']),
  journal('Pattern Recognition', [], ['Pattern Recognition(?! and| Letters| Conference| \\()']),
  journal('CVIU', ['CVIU'], ['Computer Vision and Image Understanding']),
  journal('Medical Image Analysis', ['MedIA'], ['Medical Image Analysis']),
  journal('Neural Networks', [], ['Neural Networks(?=\\s*(?:\\(|,|\\.|;|$| journal| \\d{4}))']),
  journal('Neurocomputing', ['Neurocomputing']),
  journal('Information Fusion', [], ['Information Fusion']),
  journal('Knowledge-Based Systems', [], ['Knowledge-Based Systems']),
  journal('Expert Systems with Applications', ['ESWA'], ['Expert Systems with Applications']),
  journal('Nature Communications', [], ['Nature Communications', 'Nat\\. Commun\\.']),
  journal('Nature Machine Intelligence', [], ['Nature Machine Intelligence']),
  journal(
    'Science China Information Sciences',
    [],
    ['Sci(?:ence)?\\.? China:? Inf(?:ormation)?\\.? Sci(?:ences)?\\.?'],
  ),
  journal('WIREs Data Mining and Knowledge Discovery', [], ['WIREs Data Mining and Knowledge Discovery']),
];

export interface VenueMention {
  entry: VenueEntry;
  start: number;
  end: number;
  /** The alias as written ("CVPRW", "NeurIPS", "Advances in Neural ..."). */
  text: string;
}

function escapeSpaces(pattern: string): string {
  // Comments fold whitespace ("IEEE   International"): any space in a name matches any run.
  return pattern.replace(/ /g, '\\s+');
}

interface CompiledAlias {
  entry: VenueEntry;
  pattern: RegExp;
  /** A plain word every match contains (lowercase for names): a text without it skips the regex. */
  word: string | null;
  ignoreCase: boolean;
}

/**
 * A plain word every match of the alias contains, or null (always run the regex): its first word
 * after leading optional groups ("(?:IEEE )?Transactions on ..." needs "Transactions"), cut before
 * any regex syntax, and before a letter that a quantifier makes optional.
 */
function requiredWord(alias: string): string | null {
  const optionalGroup = /^\(\?:(?:[^()]|\([^()]*\))*\)\?/;
  let rest = alias;
  let group = optionalGroup.exec(rest);
  while (group) {
    rest = rest.slice(group[0].length);
    group = optionalGroup.exec(rest);
  }
  if (rest.includes('|')) return null;
  const prefix = /^[A-Za-z0-9&-]+/.exec(rest)?.[0] ?? '';
  const word = /[?*+{]/.test(rest.charAt(prefix.length)) ? prefix.slice(0, -1) : prefix;
  return word.length >= 2 ? word : null;
}

const compiled: CompiledAlias[] = venueTable.flatMap((entry) => [
  ...entry.acronyms.map((acronym) => ({
    entry,
    // Letters may not touch an acronym; digits and quotes may ("NeurIPS2025", "NeurIPS'25").
    pattern: new RegExp(`(?<![A-Za-z0-9])${escapeSpaces(acronym)}(?![A-Za-z])`, 'g'),
    word: requiredWord(acronym),
    ignoreCase: false,
  })),
  // "accepted by aaai2026": a lower-case acronym counts only with its year attached.
  ...entry.acronyms
    .filter((acronym) => /^[A-Z]{4,}$/.test(acronym))
    .map((acronym) => ({
      entry,
      pattern: new RegExp(`(?<![A-Za-z0-9])${acronym.toLowerCase()}(?=['’-]?(?:19|20)?\\d{2}(?!\\d))`, 'g'),
      word: acronym.toLowerCase(),
      ignoreCase: true,
    })),
  ...entry.names.map((name) => ({
    entry,
    pattern: new RegExp(`(?<![A-Za-z])${escapeSpaces(name)}(?![A-Za-z])`, 'gi'),
    word: requiredWord(name)?.toLowerCase() ?? null,
    ignoreCase: true,
  })),
]);

/**
 * Every known venue named in a text, in order. Where aliases overlap the longest wins, so the
 * "International AAAI Conference on Web and Social Media" is ICWSM, not AAAI.
 */
export function findVenueMentions(text: string): VenueMention[] {
  const all: VenueMention[] = [];
  // Two hundred regexes with lookbehinds per text is the cost of `venue` on a stream: a substring
  // test first skips the ones whose word is absent (most of them, for most comments).
  const lowercase = text.toLowerCase();
  for (const { entry, pattern, word, ignoreCase } of compiled) {
    if (word !== null && !(ignoreCase ? lowercase : text).includes(word)) continue;
    pattern.lastIndex = 0;
    for (const match of text.matchAll(pattern)) {
      all.push({ entry, start: match.index, end: match.index + match[0].length, text: match[0] });
    }
  }
  all.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const kept: VenueMention[] = [];
  for (const mention of all) {
    const overlapping = kept.findIndex((other) => mention.start < other.end && other.start < mention.end);
    if (overlapping === -1) {
      kept.push(mention);
      continue;
    }
    const other = kept[overlapping] as VenueMention;
    if (mention.end - mention.start > other.end - other.start) kept[overlapping] = mention;
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** The table entry for a name as written ("NIPS", "Advances in Neural ..."), if any. */
export function lookupVenue(name: string): VenueEntry | null {
  const mentions = findVenueMentions(name);
  return mentions[0]?.entry ?? null;
}

/** Acronyms that mark a workshop of the host ("CVPRW"). */
export function isWorkshopAcronym(text: string): boolean {
  return /^(?:CVPRW|ICCVW|ECCVW)$/.test(text);
}
