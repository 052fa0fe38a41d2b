import { z } from 'zod';

// One stdin record: our schema (journal_ref) or camelCase (journalRef); other fields pass through.
export const venueRecordSchema = z.looseObject({
  id: z.string().optional(),
  comments: z.string().nullable().optional(),
  journal_ref: z.string().nullable().optional(),
  journalRef: z.string().nullable().optional(),
  doi: z.string().nullable().optional(),
});
