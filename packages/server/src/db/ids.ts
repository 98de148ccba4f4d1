/** Whether `id` is shaped like a UUID: anything else cannot name a row, and PostgreSQL would answer it with an error instead of "not found". */
export const isUuid = (id: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
