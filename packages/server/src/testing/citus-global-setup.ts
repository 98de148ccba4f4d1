import type { TestProject } from 'vitest/node';
import { citusNodesOf } from './test-cluster.js';

export const defaultCitusUrl = 'postgres://postgres@127.0.0.1:9700/postgres';

/**
 * Once per `pnpm test:citus` run: the Citus coordinator the tests use
 * (KONTOR_CITUS_URL, or the default of `cluster.sh up`). Refuses to run on
 * anything that is not a coordinator with workers, so that a green run means
 * the cluster was really used.
 */
export default async function setup(project: TestProject): Promise<void> {
  const url = process.env.KONTOR_CITUS_URL?.trim() || defaultCitusUrl;
  const nodes = await citusNodesOf(url).catch((error: Error) => {
    throw new Error(`KONTOR_CITUS_URL=${url}: ${error.message} (start a cluster: bash ../shared/citus/cluster.sh up)`);
  });
  if (!nodes.some((node) => !node.coordinator)) throw new Error(`${url} is not a Citus coordinator with workers (bash ../shared/citus/cluster.sh up)`);
  project.provide('databaseServerUrl', url);
}
