// PostGraphile 4 over the same account schema, every request under the account's database role (`pgSettings`),
// so it pays the same backstop as Kontor: a transaction with `set local role` around each query. No session check.
import http from 'node:http';
import pg from 'pg';
import { postgraphile } from 'postgraphile';

const { DATABASE_URL, SCHEMA, PORT } = process.env;
const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 20 });
const middleware = postgraphile(pool, SCHEMA, {
  pgSettings: { role: SCHEMA },
  graphiql: false,
  disableQueryLog: true,
  retryOnInitFail: false,
  setofFunctionsContainNulls: false,
  ignoreRBAC: false,
});
http.createServer(middleware).listen(Number(PORT), '127.0.0.1', () => process.send?.('ready'));
