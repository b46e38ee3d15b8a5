import { z } from 'zod';

/** Severities from most to least urgent; the order is used for sorting and SARIF levels. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A check id doubles as its file name, so it stays filesystem- and URL-safe. */
export const CHECK_ID = /^[a-z0-9][a-z0-9._-]*$/;

/**
 * `<id>.yaml` and the staging file written beside it must fit the 255-byte
 * file name limit of common file systems (ext4, XFS, APFS, NTFS, ZFS), so an
 * id that registers can always be stored.
 */
export const MAX_CHECK_ID_LENGTH = 128;

/**
 * The shape of a stored check, as written in YAML or passed to `registerCheck`.
 * Strict: a misspelt key (`expects:`) is an error, never a silently ignored field.
 */
export const checkDefinitionSchema = z.strictObject({
  id: z
    .string()
    .regex(CHECK_ID, 'lower-case letters, digits, ".", "_" and "-", starting with a letter or digit')
    .max(MAX_CHECK_ID_LENGTH, `at most ${MAX_CHECK_ID_LENGTH} characters, so that "<id>.yaml" fits the file name limit of every common file system`),
  title: z.string().trim().min(1, 'must not be empty'),
  description: z.string().optional(),
  severity: z.enum(SEVERITIES, { message: `one of ${SEVERITIES.join(', ')}` }),
  /** Asset types the check covers (schema type names, e.g. RootUser). */
  subjects: z.array(z.string().min(1)).default([]),
  /** GraphQL; the outer braces may be left out. */
  // Not trimmed: GraphQL error locations must stay true to the text as written.
  query: z.string().refine((text) => text.trim() !== '', 'must not be empty'),
  /** `eq []`, `neq []`, `eq true`, `count lte 3`, ... */
  expect: z.string({ message: 'a string such as "eq []"' }).trim().min(1, 'must not be empty'),
  /** Dot path picking the asset at fault out of each result element, e.g. `connector`. */
  returnPath: z.string().optional(),
  /** Markdown. */
  remediation: z.string().optional(),
  references: z.array(z.string().min(1)).default([]),
  /** Framework id to control ids, e.g. `cis-aws-foundations-v3.0.0: ["1.4"]`. */
  /** Control ids must be strings: YAML reads an unquoted 1.10 as the number 1.1. */
  compliance: z.record(z.string(), z.array(z.string({ message: 'a quoted control id such as "1.4"' }))).default({}),
});

/** A check as a user writes it (optional fields may be left out). */
export type CheckDefinitionInput = z.input<typeof checkDefinitionSchema>;
/** A check with defaults filled in. */
export type CheckDefinition = z.output<typeof checkDefinitionSchema>;
