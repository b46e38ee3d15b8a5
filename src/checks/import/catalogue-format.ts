import { z } from 'zod';

/**
 * The control-catalogue format (the public Cyscale catalogue's, and any
 * written like it): `controls/<slug>.json`, `queries/<slug>.json`,
 * `policies/<framework>.json`. Only what importing reads is required;
 * other fields pass through unread.
 */

const slug = z.string().trim().min(1, 'must not be empty');

export const catalogueRule = z.object({
  cloudProviders: z.array(z.string()).min(1, 'name at least one cloud provider'),
  comparator: z.enum(['eq', 'neq'], { message: 'eq or neq' }),
  /** A JSON text: `[]`, `true`, ... */
  expectedResult: z.string(),
  subjects: z.array(z.string()).default([]),
  /** The slug of a file in `queries/`. */
  query: slug,
  returnPath: z.string().optional(),
});

export const catalogueControl = z.object({
  name: z.string().trim().min(1, 'must not be empty'),
  slug,
  body: z.string().optional(),
  remediationDescription: z.string().optional(),
  /** 1 low, 2 medium, 3 high. */
  severity: z.union([z.literal(1), z.literal(2), z.literal(3)], { message: '1 (low), 2 (medium) or 3 (high)' }),
  isEnabled: z.boolean().default(true),
  rules: z.array(catalogueRule).default([]),
});

export const catalogueQuery = z.object({
  slug,
  name: z.string().optional(),
  /** GraphQL text; the outer braces may be left out. */
  query: z.string().refine((text) => text.trim() !== '', 'must not be empty'),
});

export const cataloguePolicy = z.object({
  name: z.string().trim().min(1, 'must not be empty'),
  slug,
  version: z.string().optional(),
  procedures: z
    .array(
      z.object({
        name: z.string().trim().min(1, 'must not be empty'),
        slug,
        body: z.string().optional(),
        controls: z.array(z.object({ control: slug })).default([]),
      }),
    )
    .default([]),
});

export type CatalogueControl = z.output<typeof catalogueControl>;
export type CatalogueRule = z.output<typeof catalogueRule>;
export type CatalogueQuery = z.output<typeof catalogueQuery>;
export type CataloguePolicy = z.output<typeof cataloguePolicy>;

export const CATALOGUE_SEVERITIES = { 1: 'low', 2: 'medium', 3: 'high' } as const;
