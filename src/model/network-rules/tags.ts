/** The `Name` tag, as the EC2 console shows a resource's name; null when it has none. */
export const nameTag = (tags: readonly { Key?: string; Value?: string }[] | undefined): string | null => tags?.find((tag) => tag.Key === 'Name')?.Value ?? null;
