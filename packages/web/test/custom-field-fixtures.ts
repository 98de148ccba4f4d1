import type { CustomFieldDefinitionFragment } from '@kontor/sdk';

/** A custom field's definition as the app reads it, named after its ID. */
export const field = (id: string, type: CustomFieldDefinitionFragment['type'], choices: { id: string; label: string }[] = []): CustomFieldDefinitionFragment => ({
  id,
  recordType: 'PERSON',
  name: id,
  description: null,
  type,
  position: 0,
  showInList: false,
  currency: type === 'MONEY' ? 'EUR' : null,
  choices,
});
