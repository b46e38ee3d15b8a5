const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** Units shared by config durations and filter date math. */
export type DurationUnit = keyof typeof UNIT_MS;

/** `90d` → milliseconds; null when the text is not `<integer><s|m|h|d|w>`. */
export function parseDuration(text: string): number | null {
  const match = /^(\d+)([smhdw])$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * UNIT_MS[match[2] as DurationUnit];
}

/** Milliseconds as the largest unit that divides them: 3600000 → `1h`, 90000 → `90s`; below a second, `250ms`. */
export function formatDuration(ms: number): string {
  const units = (Object.entries(UNIT_MS) as [DurationUnit, number][]).sort((a, b) => b[1] - a[1]);
  const unit = units.find(([, size]) => ms >= size && ms % size === 0);
  return unit ? `${ms / unit[1]}${unit[0]}` : `${ms}ms`;
}
