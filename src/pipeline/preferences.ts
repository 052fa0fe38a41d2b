import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { DigestError } from '../core/errors.ts';
import type { Topic } from '../core/topic.ts';
import { type LibraryEntry, libraryFormat, parseLibrary } from '../select/library.ts';
import type { ReaderPreferences } from '../select/preferences.ts';

/**
 * The reader's preferences for a build: the topic's `prefer:` block and the library file
 * (`--library` wins over `prefer.library`). Null when neither is set, so a build without preferences
 * runs exactly as before. Reading happens here, at the edge; parsing is src/select/library.ts.
 */
export function loadPreferences(
  topic: Topic,
  libraryFlag: string | undefined,
  cwd: string,
): ReaderPreferences | null {
  const prefer = topic.prefer;
  if (!prefer && !libraryFlag) return null;
  const libraryFile = libraryFlag ?? prefer?.library;
  const library = libraryFile
    ? readLibrary(libraryFile, cwd, libraryFlag ? '--library' : `topic ${topic.name}: prefer.library`)
    : [];
  return {
    keywords: prefer?.keywords ?? [],
    authors: prefer?.authors ?? [],
    weight: prefer?.weight ?? 1,
    library,
  };
}

function readLibrary(file: string, cwd: string, origin: string): LibraryEntry[] {
  const resolved = path.resolve(cwd, file);
  const format = libraryFormat(file);
  if (!existsSync(resolved) || !statSync(resolved).isFile()) {
    throw new DigestError('USAGE', `${origin}: library file ${file} not found`, {
      hint: 'export your library (Zotero, Mendeley, JabRef) as .bib or CSL-JSON .json and pass its path',
    });
  }
  let text: string;
  try {
    text = readFileSync(resolved, 'utf8');
  } catch (error) {
    throw new DigestError(
      'INPUT',
      `${origin}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      {
        hint: 'check the file permissions',
        cause: error,
      },
    );
  }
  return parseLibrary(text, file, format);
}
