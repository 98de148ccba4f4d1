/** The `changes` of an audit entry (a JSON object) in one line: "role: NORMAL → EXTENDED; fields: city, vatId". */
export function describeChanges(json: string): string {
  let changes: unknown;
  try {
    changes = JSON.parse(json);
  } catch {
    return json;
  }
  if (!changes || typeof changes !== 'object') return '';
  return Object.entries(changes as Record<string, unknown>)
    .filter(([key]) => key !== 'ids')
    .map(([key, value]) => `${key}: ${describeValue(value)}`)
    .join('; ');
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.map(describeValue).join(', ');
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if ('from' in record && 'to' in record) return `${describeValue(record.from)} → ${describeValue(record.to)}`;
    if ('name' in record) return describeValue(record.name);
    return JSON.stringify(value);
  }
  return String(value);
}
