import { Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { Account } from '../accounts/account.entity.js';
import { Membership } from '../accounts/membership.entity.js';
import { User } from './user.entity.js';

@InputType({ description: 'Sign-up: a new e-mail creates a login and an account; a known one with its password logs in.' })
export class SignUpInput {
  @Field()
  email!: string;

  @Field({ description: 'At least 10 characters.' })
  password!: string;

  @Field(() => String, { nullable: true, description: 'The name of the account to create. Required unless invitationToken is given.' })
  accountName?: string | null;

  @Field(() => String, { nullable: true, description: 'The package of the account to create (Plan.code). Required unless invitationToken is given.' })
  planCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Your first name (with lastName; the web app asks for both).' })
  firstName?: string | null;

  @Field(() => String, { nullable: true, description: 'Your last name (with firstName).' })
  lastName?: string | null;

  @Field({ nullable: true, description: "Deprecated way to give one name, used when firstName and lastName are absent; defaults to the e-mail's local part (or an invitation's name)." })
  name?: string;

  @Field({ nullable: true, description: 'The language chosen: de, en or es. Without one (or with another), none is stored and apps follow the browser.' })
  locale?: string;

  @Field(() => String, {
    nullable: true,
    description: "The token of an invitation link: joins the inviting account instead of creating one. The e-mail must be the invited one; a known e-mail must give its password.",
  })
  invitationToken?: string | null;
}

export enum SignUpOutcome {
  ACCOUNT_CREATED = 'ACCOUNT_CREATED',
  EXISTING_LOGIN = 'EXISTING_LOGIN',
  INVITATION_ACCEPTED = 'INVITATION_ACCEPTED',
}
registerEnumType(SignUpOutcome, {
  name: 'SignUpOutcome',
  description: 'What signUp did with the e-mail it was given: created a login and an account, recognised a known login, or joined an inviting account.',
  valuesConfig: {
    ACCOUNT_CREATED: { description: 'A new login and account were created; the token is scoped to the account.' },
    EXISTING_LOGIN: { description: 'The e-mail was known and the password right: nothing was created; the token is unscoped.' },
    INVITATION_ACCEPTED: { description: 'Signed up with an invitation: the login (new, or the known one) joined the inviting account; the token is scoped to it.' },
  },
});

@ObjectType({ description: 'An access token and what it is for.' })
export class AuthPayload {
  @Field({ description: 'Send as `Authorization: Bearer <token>`. Short-lived: refresh with refreshSession.' })
  accessToken!: string;

  @Field()
  expiresAt!: Date;

  @Field(() => User)
  user!: User;

  @Field(() => Account, { nullable: true, description: "The token's account; null when the token is unscoped." })
  account!: Account | null;
}

@ObjectType({ description: 'The answer to signUp: what it did, and the access token to go on with.' })
export class SignUpPayload {
  @Field(() => SignUpOutcome)
  outcome!: SignUpOutcome;

  @Field(() => AuthPayload)
  auth!: AuthPayload;
}

@ObjectType({ description: 'The signed-in user and every account they belong to.' })
export class Viewer {
  @Field(() => User)
  user!: User;

  @Field(() => [Membership], { description: 'Memberships in every account, active or deactivated, by account name.' })
  memberships!: Membership[];
}
