import type { EntityManager } from '@mikro-orm/postgresql';
import { Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { SignedIn } from '../request/access.js';
import type { RequestContext, UserCaller } from '../request/context.js';
import { GlobalEm, SignedInUser } from '../request/parameters.js';
import { calendarFeedOf, createCalendarFeed, revokeCalendarFeed } from './calendar-feed.service.js';
import { CalendarFeed, NewCalendarFeed } from './calendar-feed.types.js';

@Resolver()
export class CalendarFeedResolver {
  @SignedIn()
  @Query(() => CalendarFeed, { nullable: true, description: 'Your calendar feed, or null when you have none.' })
  calendarFeed(@SignedInUser() caller: UserCaller, @GlobalEm() em: EntityManager): Promise<CalendarFeed | null> {
    return calendarFeedOf(em, caller.userId);
  }

  @SignedIn()
  @Mutation(() => NewCalendarFeed, {
    description: 'Makes a private iCalendar URL of your tasks from every account (shown this once); an earlier URL stops working. Comes alone in its request.',
  })
  createCalendarFeed(@SignedInUser() caller: UserCaller, @GlobalEm() em: EntityManager, @Ctx() ctx: RequestContext): Promise<NewCalendarFeed> {
    return createCalendarFeed(em, caller.userId, ctx.config.publicUrl);
  }

  @SignedIn()
  @Mutation(() => Boolean, { description: 'Turns your calendar feed off: its URL stops working. False when there was none. Comes alone in its request.' })
  revokeCalendarFeed(@SignedInUser() caller: UserCaller, @GlobalEm() em: EntityManager): Promise<boolean> {
    return revokeCalendarFeed(em, caller.userId);
  }
}
