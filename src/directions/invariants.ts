import type { Direction, Language } from '../core/digest.ts';
import { DigestError } from '../core/errors.ts';
import { languageProblem } from '../core/text.ts';
import { nameProblems } from './name-rules.ts';

/** The naming rules (distinct, specific, no restating), one line per problem; see name-rules.ts. */
export { nameProblems };

function broken(invariant: string, message: string): DigestError {
  return new DigestError('INTERNAL', `directions: ${message}`, {
    hint: 'this is a bug in arxiv-digest; please report it with the input papers',
    details: { invariant },
  });
}

/**
 * Checks what the post relies on: every digest paper in exactly one direction, no unknown papers,
 * representatives are members, names and overviews present and in the post language (Chinese text for
 * zh, none for en), names distinct and specific by `nameProblems`. Throws DigestError('INTERNAL') naming
 * the first broken invariant.
 */
export function assertDirectionInvariants(
  directions: readonly Direction[],
  paperIds: readonly string[],
  language: Language,
): void {
  const expected = new Set(paperIds);
  const placedIn = new Map<string, number>();
  directions.forEach((direction, index) => {
    const label = `direction ${index + 1} ("${direction.name}")`;
    if (direction.paperIds.length === 0) throw broken('non-empty', `${label} has no papers`);
    for (const id of direction.paperIds) {
      if (!expected.has(id))
        throw broken('known-papers', `${label} lists paper ${id}, which is not in the digest`);
      const earlier = placedIn.get(id);
      if (earlier !== undefined) {
        throw broken('exactly-one-direction', `paper ${id} is in directions ${earlier + 1} and ${index + 1}`);
      }
      placedIn.set(id, index);
    }
    if (direction.representativeIds.length === 0)
      throw broken('representatives', `${label} has no representatives`);
    const members = new Set(direction.paperIds);
    for (const id of direction.representativeIds) {
      if (!members.has(id))
        throw broken('representatives', `${label} has representative ${id}, not a member`);
    }
    if (new Set(direction.representativeIds).size !== direction.representativeIds.length) {
      throw broken('representatives', `${label} lists a representative twice`);
    }
    for (const [field, text] of [
      ['name', direction.name],
      ['overview', direction.overview],
    ] as const) {
      if (text.trim().length === 0 || /[\r\n]/.test(text)) {
        throw broken('language', `${label} has an empty or multi-line ${field}`);
      }
      const wrongLanguage = languageProblem(text, language);
      if (wrongLanguage) throw broken('language', `${label} ${field} "${text}" ${wrongLanguage}`);
    }
  });
  for (const id of paperIds) {
    if (!placedIn.has(id)) throw broken('exactly-one-direction', `paper ${id} is in no direction`);
  }
  const problems = nameProblems(
    directions.map((direction) => direction.name),
    language,
  );
  if (problems.length > 0) throw broken('names', problems[0] as string);
}
