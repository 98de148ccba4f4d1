import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum AccountPackageStatus {
  /** Started; waiting for a worker. */
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  /** Made: `downloadUrl` until `expiresAt` or its one download (`downloadedAt`). */
  READY = 'READY',
  FAILED = 'FAILED',
}
registerEnumType(AccountPackageStatus, { name: 'AccountPackageStatus', description: 'Where the making of an account package stands.' });

@ObjectType({ description: 'The whole account as one package (a ZIP: manifest, every record as JSON Lines, the files, CSV copies), made in the background.' })
export class AccountPackageJob {
  @Field(() => ID) id!: string;
  @Field(() => AccountPackageStatus) status!: AccountPackageStatus;
  @Field(() => Int, { description: 'Records the package will hold (known once the job runs).' }) recordsTotal!: number;
  @Field(() => Int, { description: 'Records written so far.' }) recordsDone!: number;
  @Field(() => Float, { nullable: true, description: 'The ZIP\'s size in bytes, once ready.' }) byteSize!: number | null;
  @Field(() => ID, { description: 'Who started it.' }) createdBy!: string;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'Until when the package can be downloaded (7 days after it was made); its ZIP is deleted then.' }) expiresAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When it was downloaded: a package is downloaded once, and its ZIP is deleted here right after.' }) downloadedAt!: Date | null;
  /** The storage key of the ZIP (not in the schema). */
  storageKey!: string | null;
}

@ObjectType({ description: 'A user named by the package who is not an active member here: their records are now the importing user\'s.' })
export class MappedPackageUser {
  @Field() name!: string;
  @Field() email!: string;
}
