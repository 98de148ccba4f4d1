/** A moment as mails show it: `2026-11-30 14:05` (followed by "UTC" in the text). */
export const utcMinute = (at: Date): string => at.toISOString().slice(0, 16).replace('T', ' ');
