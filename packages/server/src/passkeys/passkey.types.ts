import { ArgsType, Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A passkey of the signed-in login (a WebAuthn credential).' })
export class Passkey {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'The name the user gave it (e.g. "Laptop").' })
  name!: string;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  lastUsedAt!: Date | null;
}

@ObjectType({ description: 'What the browser needs to create or use a passkey: the options (as JSON, for navigator.credentials) and the challenge they carry.' })
export class PasskeyChallenge {
  @Field(() => ID, { description: 'Send it back with the browser\'s answer; it works once, for 5 minutes.' })
  challengeId!: string;

  @Field({ description: 'PublicKeyCredentialCreationOptionsJSON or PublicKeyCredentialRequestOptionsJSON, as JSON text.' })
  optionsJson!: string;
}

/** A passkey's answer as the second factor of a step, in place of a code (changePassword, mergeLogin, regenerateRecoveryCodes, …). */
@ArgsType()
export class PasskeyAnswerArgs {
  @Field(() => ID, { nullable: true, description: "Instead of a code: the challenge of TWO_FACTOR_CODE_REQUIRED's extensions.passkey, answered by one of the passkeys of the login that is asked for (passkeyResponse)." })
  passkeyChallengeId?: string | null;

  @Field(() => String, { nullable: true, description: "The browser's AuthenticationResponseJSON, as text, for passkeyChallengeId." })
  passkeyResponse?: string | null;
}
