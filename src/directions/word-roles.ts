import { isStopword, stem } from '../core/text.ts';

/**
 * What a word can do in a direction keyword or name. Abstracts are not tagged with parts of speech, and a
 * tagger is too heavy for this, so the role comes from suffixes and small lists: good enough to keep
 * "encoded", "integrating" and "jointly" out of names and to refuse "multimodal" or "latent" as a name's
 * head noun.
 */
export type WordRole = 'noun' | 'modifier' | 'participle' | 'verb' | 'adverb';

/** The words of a whitespace-separated list. */
function list(text: string): string[] {
  return text.split(/\s+/).filter((word) => word.length > 0);
}

// Words that say how good or new a paper is, or glue a sentence together, not what a paper is about. They
// are never keywords, alone or inside a phrase. The vectors keep them (they are spread evenly and barely
// move clusters).
const genericWords = list(`
  advanced improve improvement enable effective effectiveness leverage capture correct better high low
  small key critical crucial important significant challenge challenging problem issue address remain
  limited limitation prior recent current previous often strong simple specific general diverse
  multiple different including provide achieved evaluate outperform compared comparison enhance gain
  accuracy accurate superior competitive promising potential novelty overall despite substantial
  consistently comprehensive systematic require requires allow make need state-of-the-art end-to-end
  real-world similar aim establish remarkable impressive essential distinct contribution solution
  addition suffer apply applies baseline combination cannot alone insufficient reduce increase four
  five six seven eight nine ten unified lightweight
`);

// Function words the general stopword list lacks.
const functionWords = list(`
  its itself upon whose whom why thus hence among against not nor yet either whether although though
  unlike beyond along per less least even already rather instead therefore thereby whereas due given
  able second third several every around above below during until without within toward towards etc
`);

// Words too vague to name a direction alone ("error", "dependencies", "shifts", "features") but fine inside
// a phrase ("error correction", "distribution shift", "large language models").
const weakWords = list(`
  large error dependency shift support test content class variation inconsistency feature level quality
  information process type range set space input output application system pipeline module mechanism
  strategy technique scheme component stage setting scenario capability ability aspect insight signal
  step way gap experience project research answer segment drop variant analysis design construction integration
  degradation phase response factor object domain field context time user human world real deep
  fine-grained
`);

// "-ing" words that name a task or a field, not an action ("video reasoning", "remote sensing").
const ingNouns = list(`
  learning reasoning understanding grounding editing training pretraining pre-training post-training
  finetuning fine-tuning tuning unlearning thinking planning modeling modelling processing computing
  rendering forecasting sampling clustering matching denoising inpainting captioning decoding encoding
  embedding watermarking labeling labelling prompting scheduling routing driving tracking pruning
  scaling mapping grasping ranking answering checking mining sensing splatting imaging hashing parsing
  coding streaming filtering positioning beamforming caching offloading testing benchmarking
  programming steering string building engineering manufacturing tokenizing
`);

// Nouns with an adjective or adverb suffix.
const suffixNouns = list(`
  signal retrieval survival proposal removal interval journal portal terminal animal hospital tutorial
  material trial arrival reversal metal crystal manual mineral rival capital principal objective
  perspective alternative initiative narrative archive incentive derivative primitive logic music topic
  clinic traffic epidemic rhetoric graphic arithmetic heuristic metric fabric mosaic magic critic
  tactic anomaly family assembly supply reply monopoly ally speed seed feed bed cable table variable
  vegetable bible deliverable wearable
`);

// Adjectives without a telling suffix.
const plainModifiers = list(`
  large latent robust efficient sparse dense deep fast long short open fine coarse complex explicit
  implicit consistent coherent independent intelligent relevant dominant redundant transparent salient
  multimodal unimodal cross-modal multi-modal vision-language audio-visual agentic generative
  autonomous unified real-time zero-shot few-shot open-source open-vocabulary high-quality multi-agent
  test-time in-context long-context fine-grained self-supervised
`);

// Verbs whose stem is a noun's ("understand" / "understanding"): shown as the noun, never as themselves.
const verbWords = list(`
  understand reason learn train generate detect align fuse encode decode predict classify retrieve
  offer enable mitigate tackle exploit utilize incorporate integrate combine explore investigate
  analyze analyse examine adapt extract reveal highlight surpass exhibit operate perform employ adopt
  facilitate accelerate construct develop assess compare preserve maintain ensure obtain produce
  identify recognize localize reconstruct synthesize optimize find couple
`);

// Heads a phrase may end in though they are academic stopwords alone ("language models", "world model").
const phraseOnlyHeads: ReadonlySet<string> = new Set(['model', 'models']);

const stemsOf = (words: readonly string[]) => new Set(words.map(stem));
const genericStems: ReadonlySet<string> = stemsOf([...genericWords, ...functionWords]);
const weakStems: ReadonlySet<string> = stemsOf(weakWords);
const ingNounSet: ReadonlySet<string> = new Set(ingNouns);
const suffixNounSet: ReadonlySet<string> = new Set(suffixNouns);
const plainModifierSet: ReadonlySet<string> = new Set(plainModifiers);
const verbSet: ReadonlySet<string> = new Set(verbWords);

const adjectiveSuffix = /(?:al|ive|ous|able|ible|ic|ful|less|ary)$/;
// A hyphenated compound ending like these describes something else ("LLM-based", "training-free").
const modifierCompoundEnd =
  /-(?:based|free|aware|driven|guided|level|scale|grained|specific|agnostic|time|shot|world|like|wise|oriented|centric|to-[a-z0-9]+|of-the-[a-z]+)$/;
// A compound whose last part is one of these is a noun ("fine-tuning", "super-resolution", "x-ray").
const nounCompoundEnd = /(?:tion|sion|ment|ness|ity|ance|ence|ray|thought|experts)$/;

/** The role of a lowercase word. Unknown words default to nouns, the most common content word. */
export function wordRole(word: string): WordRole {
  if (plainModifierSet.has(word)) return 'modifier';
  if (suffixNounSet.has(word) || ingNounSet.has(word)) return 'noun';
  if (verbSet.has(word) || verbSet.has(word.replace(/s$/, '')) || verbSet.has(word.replace(/es$/, '')))
    return 'verb';
  if (word.includes('-')) return compoundRole(word);
  if (word.length >= 5 && word.endsWith('ly')) return 'adverb';
  if (word.length >= 4 && word.endsWith('ed')) return 'participle';
  if (word.length >= 5 && /ings?$/.test(word))
    return ingNounSet.has(word.replace(/s$/, '')) ? 'noun' : 'verb';
  if (word.length >= 5 && adjectiveSuffix.test(word) && !/(?:ics|als)$/.test(word)) return 'modifier';
  return 'noun';
}

function compoundRole(word: string): WordRole {
  if (modifierCompoundEnd.test(word)) return 'modifier';
  const last = word.slice(word.lastIndexOf('-') + 1);
  if (ingNounSet.has(last) || nounCompoundEnd.test(last)) return 'noun';
  const role = wordRole(last);
  // "self-supervised", "fine-tuned" stay participles (keywords show "fine-tuning" instead); "audio-visual"
  // is a modifier.
  if (role === 'participle' || role === 'modifier') return role;
  if (role === 'adverb' || role === 'verb') return role;
  // Most other compounds ("vision-language", "multi-agent", "image-text") describe the noun after them.
  return /^(?:self|pre|post|co|re|meta|super|sub|x|mixture|chain|text)$/.test(
    word.slice(0, word.indexOf('-')),
  )
    ? 'noun'
    : 'modifier';
}

/** A word a keyword phrase may contain: a content word that is neither generic nor an adverb or verb. */
export function isPhraseWord(word: string, last: boolean): boolean {
  return (phrasePlaces(word) & (last ? phraseEnd : phraseLead)) !== 0;
}

/** May stand before another word of a phrase. */
export const phraseLead = 1;
/** May end a phrase. */
export const phraseEnd = 2;

/** Where a word may stand in a keyword phrase: `phraseLead`, `phraseEnd`, both (3) or neither (0). */
export function phrasePlaces(word: string): number {
  // The same few thousand words recur in every digest; their places are worked out once.
  let places = phrasePlaceCache.get(word);
  if (places === undefined) {
    places = computePhrasePlaces(word);
    if (phrasePlaceCache.size < 200_000) phrasePlaceCache.set(word, places);
  }
  return places;
}

const phrasePlaceCache = new Map<string, number>();

function computePhrasePlaces(word: string): number {
  if (phraseOnlyHeads.has(word)) return phraseEnd;
  if (word.length < 2 || /^\d+$/.test(word) || isStopword(word) || genericStems.has(stem(word))) return 0;
  const role = wordRole(word);
  // The head of a phrase is a noun ("point cloud", "video reasoning"); modifiers and participles only lead
  // ("visual reasoning", "federated learning").
  if (role === 'noun') return phraseLead | phraseEnd;
  return role === 'modifier' || role === 'participle' ? phraseLead : 0;
}

/** A stem that is never a keyword. */
export function isGenericStem(term: string): boolean {
  return genericStems.has(term);
}

/** A stem too vague to be a keyword alone (it may still appear inside a phrase). */
export function isWeakStem(term: string): boolean {
  return weakStems.has(term);
}

/**
 * Whether a keyword (word or phrase, any casing) can head a direction name: its last word is a noun and
 * it is not a weak word alone. "point cloud", "LLMs", "video reasoning" can; "multimodal", "encoded",
 * "latent", "shifts" cannot.
 */
export function isNameHead(keyword: string): boolean {
  const parts = keyword.toLowerCase().split(/\s+/);
  const last = parts[parts.length - 1] as string;
  if (parts.length === 1 && (weakStems.has(stem(last)) || genericStems.has(stem(last)))) return false;
  return phraseOnlyHeads.has(last) ? parts.length > 1 : wordRole(last) === 'noun';
}
