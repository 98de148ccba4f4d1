import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Field, InputType, Mutation, Resolver } from 'type-graphql';
import { User } from '../auth/user.entity.js';
import type { UserCaller } from '../request/context.js';
import { SignedIn } from '../request/access.js';
import { GlobalEm, SignedInUser } from '../request/parameters.js';
import { updateName } from './profile.service.js';

@InputType({ description: "The signed-in user's name." })
export class UpdateProfileInput {
  @Field()
  firstName!: string;

  @Field()
  lastName!: string;
}

@Resolver()
export class ProfileResolver {
  @SignedIn()
  @Mutation(() => User, { description: "Changes the signed-in user's first and last name (each 1–100 characters, on one line). The language is setLocale; the e-mail address is requestEmailChange." })
  updateProfile(@Arg('input') input: UpdateProfileInput, @SignedInUser() caller: UserCaller, @GlobalEm() globalEm: EntityManager): Promise<User> {
    return updateName(globalEm, caller.userId, input.firstName, input.lastName);
  }
}
