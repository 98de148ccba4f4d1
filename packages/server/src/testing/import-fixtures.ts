import type { TestClient } from './test-client.js';

/** Uploads a file to `POST /imports` as the web app does; the answer's status and body. */
export async function uploadImport(client: TestClient, body: Buffer | string, query = 'kind=PEOPLE&name=contacts.csv') {
  const response = await fetch(`${client.url}/imports?${query}`, { method: 'POST', headers: { authorization: `Bearer ${client.token}` }, body: typeof body === 'string' ? body : new Uint8Array(body) });
  return { status: response.status, body: (await response.json()) as { id: string; rows: number; errors?: { message: string; extensions: { code: string } }[] } };
}

export const importRunFields = 'id status format encoding delimiter headers suggestedMapping rowsTotal rowsDone rowsCreated rowsUpdated rowsSkipped rowsFailed stopReason contactLimit failuresPath';

/** The import run once its job has ended (30 s at most). */
export async function waitForImport(client: TestClient, id: string) {
  for (let waited = 0; waited < 30_000; waited += 200) {
    const { importRun } = await client.data(`query ($id: ID!) { importRun(id: $id) { ${importRunFields} } }`, { id });
    if (!['QUEUED', 'RUNNING'].includes(importRun.status)) return importRun;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the import did not finish in 30 s');
}
