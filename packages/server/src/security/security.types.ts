import { Field, ID, ObjectType } from 'type-graphql';
import { SecurityEventKind } from './security-event-kind.js';

@ObjectType({ description: 'A place where the login is signed in: a browser that holds a refresh cookie.' })
export class LoginSession {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true, description: 'The browser and its major version, from the user agent (null when it does not say).' })
  browser!: string | null;

  @Field(() => String, { nullable: true, description: 'The operating system, from the user agent.' })
  os!: string | null;

  @Field(() => String, { nullable: true, description: 'The client address, coarsened: an IPv4 /24 (203.0.113.x) or an IPv6 /48.' })
  clientAddress!: string | null;

  @Field({ description: 'When the log-in was.' })
  createdAt!: Date;

  @Field({ description: 'When the session last renewed its token (every few minutes while in use).' })
  lastUsedAt!: Date;

  @Field({ description: 'Whether this is the session asking.' })
  current!: boolean;
}

@ObjectType({ description: "Something that happened to the login's security (also mailed to it)." })
export class SecurityEvent {
  @Field(() => ID)
  id!: string;

  @Field(() => SecurityEventKind)
  kind!: SecurityEventKind;

  @Field()
  occurredAt!: Date;

  @Field(() => String, { nullable: true, description: 'The browser it came from, when known.' })
  browser!: string | null;

  @Field(() => String, { nullable: true, description: 'The operating system it came from, when known.' })
  os!: string | null;

  @Field(() => String, { nullable: true, description: 'The client address, coarsened (see LoginSession.clientAddress).' })
  clientAddress!: string | null;
}

@ObjectType({ description: 'What a merge link (requestLoginMergeLink) would merge into the signed-in login.' })
export class LoginMergeLink {
  @Field({ description: 'The address of the login the link was mailed to: the one that would be merged and retired.' })
  email!: string;

  @Field({ description: 'Until when the link works (an hour after it was asked for).' })
  expiresAt!: Date;
}
