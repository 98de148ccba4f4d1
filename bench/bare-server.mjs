// The same-SQL handler: bare node:http + pg running the SQL Kontor's `people(first: 50)` ran before issue 16
// (`select t.*`, the tsvector included, with three cursor expressions per row) and writing the list page's JSON.
// No GraphQL, no auth, no role: Kontor's framework overhead given that SQL.
import http from 'node:http';
import pg from 'pg';

const { DATABASE_URL, SCHEMA, PORT } = process.env;
const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 20 });
const table = `${pg.escapeIdentifier(SCHEMA)}.person`;
const sql = `select t.*, (lower(t.last_name))::text as "__cursor0", (lower(t.first_name))::text as "__cursor1", (t.id)::text as "__cursor2"
  from ${table} t where true order by lower(t.last_name) asc, lower(t.first_name) asc, t.id asc limit $1`;

http
  .createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', async () => {
      const first = JSON.parse(body).variables?.first ?? 50;
      const { rows } = await pool.query(sql, [first + 1]);
      const edges = rows.slice(0, first).map((row) => ({ node: { id: row.id, firstName: row.first_name, lastName: row.last_name } }));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: { people: { edges } } }));
    });
  })
  .listen(Number(PORT), '127.0.0.1', () => process.send?.('ready'));
