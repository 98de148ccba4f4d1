import type pg from 'pg';
import { quoteIdent, quoteLiteral } from '../db/sql.js';
import { withClient, withDatabase } from '../db/pg-client.js';

/**
 * Test databases on a Citus cluster (`pnpm test:citus`): when the run's
 * server is a Citus coordinator with workers, each test file's database is
 * created on every node, with the extension, and the workers are registered
 * in it, as an operator sets up a Citus database (Citus does not create
 * databases on the workers itself).
 */
export interface CitusNode {
  host: string;
  port: number;
  coordinator: boolean;
}

/** The nodes of the cluster `serverUrl` coordinates; none on plain PostgreSQL. */
export async function citusNodesOf(serverUrl: string): Promise<CitusNode[]> {
  return withClient(serverUrl, async (client) => {
    const installed = await client.query(`select 1 from pg_extension where extname = 'citus'`);
    if (installed.rowCount === 0) return [];
    const nodes = await client.query<{ nodename: string; nodeport: number; groupid: number }>(
      `select nodename, nodeport, groupid from pg_dist_node where noderole = 'primary' order by groupid`,
    );
    if (!nodes.rows.some((node) => node.groupid !== 0)) return [];
    return nodes.rows.map((node) => ({ host: node.nodename, port: node.nodeport, coordinator: node.groupid === 0 }));
  });
}

/** `serverUrl` (its user and password) pointed at another node, in database `database`. */
export function nodeUrl(serverUrl: string, node: CitusNode, database: string): string {
  const url = new URL(withDatabase(serverUrl, database));
  url.hostname = node.host;
  url.port = String(node.port);
  return url.toString();
}

/** Creates `database` on the workers (the coordinator has it already), with Citus in it everywhere, and registers the workers. */
export async function makeCitusDatabase(serverUrl: string, nodes: CitusNode[], database: string, owner: string): Promise<void> {
  const workers = nodes.filter((node) => !node.coordinator);
  const coordinator = nodes.find((node) => node.coordinator);
  for (const worker of workers) {
    await withClient(nodeUrl(serverUrl, worker, 'postgres'), (client) => client.query(`create database ${quoteIdent(database)} owner ${quoteIdent(owner)}`));
  }
  for (const node of nodes) await withClient(nodeUrl(serverUrl, node, database), (client) => client.query('create extension citus'));
  await withClient(withDatabase(serverUrl, database), async (client) => {
    if (coordinator) await client.query(`select citus_set_coordinator_host(${quoteLiteral(coordinator.host)}, ${coordinator.port})`);
    for (const worker of workers) await addNode(client, worker);
  });
}

/**
 * Registers a worker, trying again a few times, after a short pause, when
 * Citus fails with "failure on connection marked as essential". Adding a node
 * copies every role of the cluster (roles are server-wide) to the worker in
 * one transaction on an essential connection; other test files create and
 * drop account roles at the same moment, and a role that changes in between
 * fails that transaction on the worker. Nothing stays of a failed attempt
 * (citus_add_node is one transaction), so trying again is safe. The worker's
 * own error (Citus reports it as a WARNING before its ERROR) is kept for the
 * message should every attempt fail.
 */
async function addNode(client: pg.Client, worker: CitusNode): Promise<void> {
  const warnings: string[] = [];
  const onNotice = (notice: { message?: string; detail?: string }) => void warnings.push(`${notice.message}${notice.detail ? ` (${notice.detail})` : ''}`);
  client.on('notice', onNotice);
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`select citus_add_node(${quoteLiteral(worker.host)}, ${worker.port})`);
        return;
      } catch (error) {
        if (!/marked as essential/.test((error as Error).message) || attempt === 5) {
          throw new Error(`citus_add_node(${worker.host}:${worker.port}) failed after ${attempt} attempt(s): ${(error as Error).message}; ${warnings.join('; ')}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
      }
    }
  } finally {
    client.off('notice', onNotice);
  }
}

/** Drops `database` on the workers: before the coordinator drops the roles, which Citus may carry to the workers. */
export async function dropCitusDatabase(serverUrl: string, nodes: CitusNode[], database: string): Promise<void> {
  for (const worker of nodes.filter((node) => !node.coordinator)) {
    await withClient(nodeUrl(serverUrl, worker, 'postgres'), (client) => client.query(`drop database if exists ${quoteIdent(database)} with (force)`));
  }
}

/** Drops `roles` on the workers where the coordinator's DROP ROLE did not reach (Citus carries it only from the database that created a role). */
export async function dropCitusRoles(serverUrl: string, nodes: CitusNode[], roles: string[]): Promise<void> {
  for (const worker of nodes.filter((node) => !node.coordinator)) {
    await withClient(nodeUrl(serverUrl, worker, 'postgres'), async (client) => {
      for (const role of roles) await client.query(`drop role if exists ${quoteIdent(role)}`);
    });
  }
}
