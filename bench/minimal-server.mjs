// The limit: a bare node:http + pg handler that answers `people(first: 50) { edges { node { id firstName lastName } } }`
// with exactly the columns that answer needs, read in the order of the name index, and no cursor expressions.
// No GraphQL, no auth, no role. What a list page costs when nothing but the page is done.
import http from 'node:http';
import pg from 'pg';

const { DATABASE_URL, SCHEMA, PORT } = process.env;
const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 20 });
const sql = `select id, first_name, last_name from ${pg.escapeIdentifier(SCHEMA)}.person
  order by lower(last_name), lower(first_name), id limit $1`;

http
  .createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', async () => {
      const first = JSON.parse(body).variables?.first ?? 50;
      const { rows } = await pool.query(sql, [first]);
      const edges = rows.map((row) => ({ node: { id: row.id, firstName: row.first_name, lastName: row.last_name } }));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: { people: { edges } } }));
    });
  })
  .listen(Number(PORT), '127.0.0.1', () => process.send?.('ready'));
