import { expect } from 'vitest';
import type { TestClient } from './test-client.js';

/** Account packages in tests (accountpackage/): made, downloaded, and a second account to bring one into. */
export const jobFields = 'id status recordsTotal recordsDone byteSize expiresAt downloadedAt downloadUrl';
export const jobQuery = `query($id: ID!) { accountPackageJob(id: $id) { ${jobFields} } }`;
export const pause = () => new Promise((resolve) => setTimeout(resolve, 100));

/** Starts a package of the client's account and waits until it is made. */
export async function readyPackage(client: TestClient): Promise<Record<string, any>> {
  const { startAccountPackage } = await client.data(`mutation { startAccountPackage { ${jobFields} } }`);
  expect(['QUEUED', 'RUNNING']).toContain(startAccountPackage.status);
  let job = startAccountPackage;
  for (let i = 0; i < 300 && job.status !== 'READY' && job.status !== 'FAILED'; i++) {
    await pause();
    job = (await client.data(jobQuery, { id: startAccountPackage.id })).accountPackageJob;
  }
  expect(job.status).toBe('READY');
  return job;
}

/** Makes a package of the client's account and downloads it. */
export async function packageOf(client: TestClient): Promise<{ job: Record<string, any>; zip: Buffer }> {
  const job = await readyPackage(client);
  const response = await fetch(`${client.url}${job.downloadUrl}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/zip');
  return { job: { ...job, usedUrl: job.downloadUrl }, zip: Buffer.from(await response.arrayBuffer()) };
}

/** A second account of the same login, switched to in a client of its own. */
export async function newAccountOf(client: TestClient, name: string, planCode = 'TEAM'): Promise<TestClient> {
  const { createAccount } = await client.data(`mutation($name: String!, $plan: String!) { createAccount(input: { name: $name, planCode: $plan }) { accessToken } }`, { name, plan: planCode });
  const other = client.tab();
  other.token = createAccount.accessToken;
  return other;
}
