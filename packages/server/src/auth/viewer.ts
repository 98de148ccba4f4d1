import type { EntityManager } from '@mikro-orm/postgresql';
import { Membership } from '../accounts/membership.entity.js';
import type { Viewer } from './auth.types.js';
import { User } from './user.entity.js';

/** The login and its memberships in every account (active or not), by account name: what `me` answers. */
export async function viewerOf(em: EntityManager, userId: string): Promise<Viewer> {
  const [user, memberships] = await Promise.all([
    em.findOneOrFail(User, userId),
    em.find(Membership, { user: userId }, { populate: ['account'], orderBy: { account: { name: 'asc' } } }),
  ]);
  return { user, memberships };
}
