import fs from 'node:fs/promises';
// The browser tests' helper: the built server (packages/server/dist/main.js) on a database of its own.
import { createDatabase, startServer, type RunningServer } from '../../../e2e/support/server.js';

export interface SdkTestServer {
  url: string;
  server: RunningServer;
  /** Signs up a new user with a new account and returns its access token and an API key of the given role. */
  newAccount(role?: 'CO_OWNER' | 'EXTENDED' | 'NORMAL'): Promise<{ accessToken: string; apiKey: string }>;
  stop(): Promise<void>;
}

let counter = 0;

export async function startSdkTestServer(env: Record<string, string> = {}): Promise<SdkTestServer> {
  const database = await createDatabase();
  const server = await startServer({ ...(database ? { DATABASE_URL: database.url } : {}), ...env });
  const post = async (query: string, variables: Record<string, unknown>, token?: string) => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data: any; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  return {
    url: server.url,
    server,
    async newAccount(role = 'CO_OWNER') {
      const input = { email: `sdk-${Date.now().toString(36)}-${counter++}@example.com`, password: 'correct horse battery', accountName: 'SDK test', planCode: 'TEAM' };
      const signUp = await post('mutation($input: SignUpInput!) { signUp(input: $input) { auth { accessToken } } }', { input });
      const accessToken: string = signUp.signUp.auth.accessToken;
      const key = await post('mutation($role: Role!) { createApiKey(name: "SDK test", role: $role) { secret } }', { role }, accessToken);
      return { accessToken, apiKey: key.createApiKey.secret };
    },
    async stop() {
      const code = await server.stop();
      if (code !== 0) process.stderr.write(`the SDK test server exited with ${code}:\n${server.output().slice(-4000)}\n`);
      await database?.drop();
      await fs.rm(server.dataDir, { recursive: true, force: true });
    },
  };
}
