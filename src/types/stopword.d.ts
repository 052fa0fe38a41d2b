declare module 'stopword' {
  export const eng: string[];
  export const zho: string[];
  export function removeStopwords(tokens: string[], stopwords?: string[]): string[];
}
