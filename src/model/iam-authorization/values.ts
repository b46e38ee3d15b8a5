import type { BoundaryValue, TagValue } from './sources.js';

/** Small value types shared by users and roles, in GraphQL's casing. */
export const VALUE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  IAMTag: ['key', 'value'],
  IAMInstanceProfile: ['name', 'arn', 'instanceProfileId', 'path'],
  IAMPermissionsBoundary: ['permissionsBoundaryType', 'permissionsBoundaryArn'],
};

export const tagsOf = (tags: readonly TagValue[] = []) => tags.map((tag) => ({ key: tag.Key, value: tag.Value }));

export const boundaryOf = (boundary: BoundaryValue | undefined) =>
  boundary ? { permissionsBoundaryType: boundary.PermissionsBoundaryType, permissionsBoundaryArn: boundary.PermissionsBoundaryArn } : null;
