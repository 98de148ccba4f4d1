import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Your private calendar feed: an iCalendar URL of your tasks from every account. Its URL is shown only when it is made.' })
export class CalendarFeed {
  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When a calendar last read the feed.' })
  lastReadAt!: Date | null;
}

@ObjectType({ description: 'A new calendar feed URL, shown this once (only its hash is stored); the previous URL, if any, stopped working.' })
export class NewCalendarFeed {
  @Field({ description: 'The https:// (or http://) URL of the feed, for calendars that take a URL to subscribe to.' })
  url!: string;

  @Field({ description: 'The same URL as webcal://, which opens the calendar program to subscribe.' })
  webcalUrl!: string;

  @Field(() => CalendarFeed)
  feed!: CalendarFeed;
}
