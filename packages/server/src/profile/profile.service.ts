import type { EntityManager } from '@mikro-orm/postgresql';
import { User } from '../auth/user.entity.js';
import { personName } from '../auth/users.js';

/**
 * The signed-in user's own details. The name shows wherever the app shows a
 * person (the top bar, members, responsible users, mails), so a change shows
 * everywhere on the next read.
 */
export async function updateName(em: EntityManager, userId: string, firstName: string, lastName: string): Promise<User> {
  const names = personName(firstName, lastName);
  const user = await em.findOneOrFail(User, userId);
  Object.assign(user, names);
  await em.flush();
  return user;
}
