import { z } from 'zod';
import { languages } from './digest.ts';

/**
 * Reader preferences of a topic. A matching author or keyword, or a paper like one in the reader's
 * library (BibTeX or CSL-JSON), adds `weight` times the match to the paper's normalised topic relevance.
 */
export const preferencesSchema = z
  .object({
    /** Words or phrases looked for in the title and abstract (case and hyphens ignored). */
    keywords: z.array(z.string().trim().min(1)).default([]),
    /** Author names as arXiv writes them ("Jane Doe"); matched ignoring case and accents. */
    authors: z.array(z.string().trim().min(1)).default([]),
    /** How much a match counts against topic relevance (0-1 after normalising); default 1. */
    weight: z.number().min(0).max(100).default(1),
    /** A .bib or CSL-JSON .json file (relative to the working directory); --library overrides it. */
    library: z.string().min(1).optional(),
  })
  .strict();

export type Preferences = z.infer<typeof preferencesSchema>;

/** A topic: what to collect and how to publish it. Built-in presets and config files share this schema. */
export const topicSchema = z
  .object({
    name: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9-]{0,62}$/,
        'use lowercase letters, digits and dashes (it becomes a file name)',
      ),
    /** Human titles per language, e.g. { zh: "多模态研究周报", en: "Multimodal research digest" }. */
    title: z.partialRecord(z.enum(languages), z.string().min(1)).default({}),
    /** arXiv API search_query terms, e.g. 'abs:multimodal OR ti:"vision-language"'. */
    query: z.string().min(1),
    categories: z
      .array(z.string().regex(/^[a-z-]+(\.[A-Za-z-]+)?$/, 'expected an arXiv category like cs.CV'))
      .default([]),
    languages: z.array(z.enum(languages)).min(1).default(['zh']),
    /** A paper must mention at least one of these (title/abstract) when the list is not empty. */
    include: z.array(z.string().min(1)).default([]),
    /** A paper mentioning any of these is left out. */
    exclude: z.array(z.string().min(1)).default([]),
    limit: z.number().int().positive().default(30),
    outDir: z.string().min(1).nullable().default(null),
    frontmatter: z.record(z.string(), z.unknown()).default({}),
    /** The reader's interests: papers matching them move up and say why (absent: topic relevance only). */
    prefer: preferencesSchema.optional(),
  })
  .strict();

export type Topic = z.infer<typeof topicSchema>;
export type TopicInput = z.input<typeof topicSchema>;

/** Built-in topics. A config file may define more or override these by name. */
export const presetTopics: readonly TopicInput[] = [
  {
    name: 'multimodal',
    title: { zh: '多模态研究周报', en: 'Multimodal Research Digest' },
    query:
      'ti:multimodal OR abs:multimodal OR ti:"multi-modal" OR abs:"multi-modal" OR abs:"vision-language" OR abs:"vision language model" OR abs:"audio-visual"',
    categories: ['cs.CV', 'cs.CL', 'cs.LG', 'cs.AI', 'cs.MM', 'cs.SD', 'eess.AS', 'eess.IV'],
    languages: ['zh', 'en'],
    include: [
      'multimodal',
      'multi-modal',
      'vision-language',
      'vision language',
      'audio-visual',
      'cross-modal',
    ],
    limit: 30,
  },
  {
    name: 'llm-agents',
    title: { zh: '大模型智能体研究周报', en: 'LLM Agents Research Digest' },
    query: 'abs:"LLM agent" OR abs:"language agent" OR abs:"agentic" OR ti:agent',
    categories: ['cs.AI', 'cs.CL', 'cs.LG', 'cs.MA'],
    languages: ['zh', 'en'],
    include: ['agent', 'agentic'],
    limit: 30,
  },
  {
    name: 'robotics-learning',
    title: { zh: '机器人学习研究周报', en: 'Robot Learning Research Digest' },
    query: 'abs:"robot learning" OR abs:"vision-language-action" OR abs:manipulation OR abs:"embodied"',
    categories: ['cs.RO', 'cs.LG', 'cs.AI', 'cs.CV'],
    languages: ['zh', 'en'],
    include: ['robot', 'embodied', 'manipulation'],
    limit: 30,
  },
];
