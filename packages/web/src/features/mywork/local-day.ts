/** The browser's calendar day as YYYY-MM-DD: "today" and "overdue" follow the user's clock, not the server's (UTC). */
export function localDay(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
