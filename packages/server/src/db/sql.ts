import pg from 'pg';

/** Quotes an SQL identifier (schema, role, table) with the driver's own function. */
export const quoteIdent = (name: string): string => pg.escapeIdentifier(name);

/** Quotes an SQL string literal with the driver's own function. */
export const quoteLiteral = (value: string): string => pg.escapeLiteral(value);
