import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import { startTeamTestApp } from './team-fixtures.js';
import type { TestApp } from './test-app.js';
import type { TestClient } from './test-client.js';

const base64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const fromBase64url = (text: string) => new Uint8Array(Buffer.from(text, 'base64url'));

/**
 * The KONTOR_PUBLIC_URL of a test app whose logins use software passkeys: the
 * relying party, whose origin the passkeys sign (a domain name, never an IP address).
 */
export const passkeyAppUrl = 'http://localhost:5173';

/** A test app at `passkeyAppUrl`, with room for the many codes the two-factor tests try. */
export const startPasskeyTestApp = (): Promise<TestApp> => startTeamTestApp({ publicUrl: passkeyAppUrl, twoFactorAttemptsPerUser: { limit: 50, windowSeconds: 300 } });

/**
 * An authenticator in software for server tests: one P-256 (ES256) passkey
 * that answers navigator.credentials.create() and .get() options as a browser
 * would (attestation "none", user present and verified). Chromium's virtual
 * authenticator covers the real browser in e2e/.
 */
export class SoftwarePasskey {
  readonly credentialId = base64url(randomBytes(16));
  private readonly privateKey: KeyObject;
  private readonly publicJwk: { x: string; y: string };
  private counter = 0;

  constructor(private readonly origin: string) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = privateKey;
    this.publicJwk = publicKey.export({ format: 'jwk' }) as { x: string; y: string };
  }

  /** The RegistrationResponseJSON (as text) for PublicKeyCredentialCreationOptionsJSON `optionsJson`. */
  register(optionsJson: string): string {
    const options = JSON.parse(optionsJson) as { challenge: string; rp: { id: string } };
    const coseKey = new Map<number, number | Uint8Array>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, fromBase64url(this.publicJwk.x)],
      [-3, fromBase64url(this.publicJwk.y)],
    ]);
    const id = fromBase64url(this.credentialId);
    const attested = Buffer.concat([Buffer.alloc(16), Buffer.from([0, id.length]), id, isoCBOR.encode(coseKey)]);
    const authData = this.authenticatorData(options.rp.id, 0x45, attested);
    const attestationObject = isoCBOR.encode(new Map<string, unknown>([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]) as never);
    const clientDataJSON = this.clientData('webauthn.create', options.challenge);
    return JSON.stringify({
      id: this.credentialId,
      rawId: this.credentialId,
      type: 'public-key',
      response: { clientDataJSON: base64url(clientDataJSON), attestationObject: base64url(attestationObject), transports: ['internal'] },
      clientExtensionResults: {},
    });
  }

  /** The AuthenticationResponseJSON (as text) for PublicKeyCredentialRequestOptionsJSON `optionsJson`. */
  assert(optionsJson: string): string {
    const options = JSON.parse(optionsJson) as { challenge: string; rpId: string };
    const authData = this.authenticatorData(options.rpId, 0x05, Buffer.alloc(0));
    const clientDataJSON = this.clientData('webauthn.get', options.challenge);
    const signature = sign('sha256', Buffer.concat([authData, createHash('sha256').update(clientDataJSON).digest()]), this.privateKey);
    return JSON.stringify({
      id: this.credentialId,
      rawId: this.credentialId,
      type: 'public-key',
      response: { clientDataJSON: base64url(clientDataJSON), authenticatorData: base64url(authData), signature: base64url(signature) },
      clientExtensionResults: {},
    });
  }

  /** rpIdHash, flags (0x01 user present, 0x04 verified, 0x40 attested credential data), the signature counter, then `rest`. */
  private authenticatorData(rpId: string, flags: number, rest: Uint8Array): Buffer {
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(++this.counter);
    return Buffer.concat([createHash('sha256').update(rpId).digest(), Buffer.from([flags]), counter, rest]);
  }

  private clientData(type: string, challenge: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin: this.origin, crossOrigin: false }));
  }
}

/** Adds a software passkey to the client's login (named "Laptop"); `origin` is the app's KONTOR_PUBLIC_URL. */
export async function addSoftwarePasskey(client: TestClient, origin: string): Promise<SoftwarePasskey & { id: string }> {
  const passkey = new SoftwarePasskey(origin);
  const { startPasskeyRegistration } = await client.data('mutation { startPasskeyRegistration { challengeId optionsJson } }');
  const { addPasskey } = await client.data('mutation($id: ID!, $r: String!) { addPasskey(challengeId: $id, response: $r, name: "Laptop") { id } }', {
    id: startPasskeyRegistration.challengeId,
    r: passkey.register(startPasskeyRegistration.optionsJson),
  });
  return Object.assign(passkey, { id: addPasskey.id as string });
}
