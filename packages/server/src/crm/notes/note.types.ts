import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { SubjectFields } from '../common/subject.js';

@InputType({ description: 'A new note, on exactly one person, company or deal.' })
export class CreateNoteInput extends SubjectFields {
  @Field()
  body!: string;

  @Field({ nullable: true, defaultValue: false, description: 'Needs the right "notes.readConfidential".' })
  confidential?: boolean;
}

@InputType({ description: 'Changes to a note; fields left out stay as they are.' })
export class UpdateNoteInput {
  @Field({ nullable: true })
  body?: string;

  @Field({ nullable: true, description: 'Making a note confidential needs the right "notes.readConfidential".' })
  confidential?: boolean;
}

@InputType({ description: 'Narrows a list of notes; all given conditions must hold.' })
export class NoteFilter extends SubjectFields {
  @Field({ nullable: true, description: 'Text the note contains (case-insensitive).' })
  text?: string;
}

export enum NoteOrder {
  CREATED_AT_DESC = 'CREATED_AT_DESC',
  CREATED_AT_ASC = 'CREATED_AT_ASC',
}
registerEnumType(NoteOrder, { name: 'NoteOrder', description: 'How a list of notes is sorted.' });
