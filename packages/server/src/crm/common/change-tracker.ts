/**
 * Applies field changes to a record and remembers which ones really changed,
 * for the timeline's CHANGED entry (`changedFields`).
 */
export function changeTracker<T extends object>(record: T): { set<K extends keyof T>(field: K, value: T[K]): void; changed: string[] } {
  const changed: string[] = [];
  return {
    changed,
    set(field, value) {
      if (JSON.stringify(record[field]) !== JSON.stringify(value)) {
        record[field] = value;
        changed.push(String(field));
      }
    },
  };
}
