import { generateKeyPair, SignJWT, decodeJwt, base64url } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { signUpNew, TestClient } from '../testing/test-client.js';
import { loadSigningKeys } from './signing-keys.js';

let app: TestApp;
let token: string;
let claims: ReturnType<typeof decodeJwt>;

beforeAll(async () => {
  app = await startTestApp();
  const client = new TestClient(app.url);
  await signUpNew(client);
  token = client.token!;
  claims = decodeJwt(token);
});
afterAll(async () => {
  await app.stop();
});

async function currentAccountWith(bearer: string) {
  const client = new TestClient(app.url);
  client.token = bearer;
  return client.request('{ currentAccount { id name } }');
}

async function signWithServerKey(payload: Record<string, unknown>, header: Record<string, unknown> = {}) {
  const keys = await loadSigningKeys({ privateKeyPem: undefined, dataDir: app.dataDir });
  return new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', ...header }).sign(keys.privateKey);
}

describe('access tokens', () => {
  it('carry iss, aud, typ, exp, sub, sid and acc, and live at most 15 minutes', () => {
    const [headerPart] = token.split('.');
    expect(JSON.parse(new TextDecoder().decode(base64url.decode(headerPart!)))).toMatchObject({ alg: 'EdDSA', typ: 'at+jwt' });
    expect(claims).toMatchObject({ iss: 'kontor', aud: 'kontor-api', sub: expect.any(String), sid: expect.any(String), acc: expect.any(String) });
    expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(15 * 60);
  });

  it('are accepted when genuine', async () => {
    const result = await currentAccountWith(token);
    expect(result.data?.currentAccount.id).toBe(claims.acc);
  });

  it('are refused when tampered with', async () => {
    const [header, , signature] = token.split('.');
    const forged = base64url.encode(JSON.stringify({ ...claims, acc: '00000000-0000-0000-0000-000000000000' }));
    const result = await currentAccountWith(`${header}.${forged}.${signature}`);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.data).toEqual({ currentAccount: null });
  });

  it('are refused when expired', async () => {
    const expired = await signWithServerKey({ ...claims, iat: claims.iat! - 3600, exp: claims.iat! - 1800 });
    const result = await currentAccountWith(expired);
    expect(result.errors?.[0]).toMatchObject({ message: 'The access token has expired.', extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('are refused for another audience or issuer', async () => {
    for (const wrong of [{ aud: 'someone-else' }, { iss: 'evil' }]) {
      const result = await currentAccountWith(await signWithServerKey({ ...claims, ...wrong }));
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it('are refused with another typ', async () => {
    const result = await currentAccountWith(await signWithServerKey(claims, { typ: 'JWT' }));
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('are refused with alg none', async () => {
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'at+jwt' }));
    const payload = base64url.encode(JSON.stringify(claims));
    const result = await currentAccountWith(`${header}.${payload}.`);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('are refused when signed by another key', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const foreign = await new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt' }).sign(privateKey);
    const result = await currentAccountWith(foreign);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('are refused with a malformed Authorization header', async () => {
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Token ${token}` },
      body: JSON.stringify({ query: '{ currentAccount { id } }' }),
    });
    expect((await response.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('do not keep public operations from answering', async () => {
    const result = await currentAccountWith('garbage');
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const client = new TestClient(app.url);
    client.token = 'garbage';
    expect((await client.data('{ plans { code } }')).plans.map((p: { code: string }) => p.code)).toEqual(['SOLO', 'TEAM', 'BUSINESS', 'ENTERPRISE']);
  });
});

describe('verified tokens', () => {
  it('are still refused once they expire, even after they were accepted', async () => {
    const now = Math.floor(Date.now() / 1000);
    const shortLived = await signWithServerKey({ ...claims, iat: now, exp: now + 2 });
    expect((await currentAccountWith(shortLived)).data?.currentAccount.id).toBe(claims.acc);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const result = await currentAccountWith(shortLived);
    expect(result.errors?.[0]).toMatchObject({ message: 'The access token has expired.', extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('are still refused once their session ends, even after they were accepted', async () => {
    const client = new TestClient(app.url);
    await signUpNew(client);
    expect((await client.data('{ currentAccount { id } }')).currentAccount).not.toBeNull();
    await client.data('mutation { logOut }');
    expect((await client.request('{ currentAccount { id } }')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
