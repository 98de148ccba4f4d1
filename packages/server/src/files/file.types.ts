import { Field, Float, ID, InputType, ObjectType } from 'type-graphql';
import { SubjectFields } from '../crm/common/subject.js';
import type { FileRecordIds } from './file-records.js';

@ObjectType({
  description:
    'A file attached to a person, company, deal or note. Upload with `POST /files?personId=<id>&name=<name>` (or companyId, dealId, noteId) and the bytes as the body; see the README.',
})
export class AttachedFile {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'The name shown and used for downloads (1 to 255 characters).' })
  name!: string;

  @Field(() => Float, { description: 'Size in bytes.' })
  size!: number;

  @Field({ description: "The content type detected from the file's bytes on upload (not the one the client sent)." })
  contentType!: string;

  @Field({ description: 'Whether the browser may show it inline (images and PDFs): `previewUrl` is set.' })
  previewable!: boolean;

  @Field(() => ID, { nullable: true })
  personId!: string | null;

  @Field(() => ID, { nullable: true })
  companyId!: string | null;

  @Field(() => ID, { nullable: true })
  dealId!: string | null;

  @Field(() => ID, { nullable: true })
  noteId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The user who uploaded it (for an API key, its creator).' })
  uploadedById!: string | null;

  @Field()
  createdAt!: Date;
}

@InputType({ description: 'The record whose files to list: exactly one of the four.' })
export class FileRecordInput extends SubjectFields implements FileRecordIds {
  @Field(() => ID, { nullable: true })
  noteId?: string;
}
