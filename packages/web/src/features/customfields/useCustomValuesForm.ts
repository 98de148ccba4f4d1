import { useQuery } from '@apollo/client/react';
import { CustomFieldsDocument, type CustomFieldRecordType, type CustomFieldValueInput, type CustomValueFragment } from '@kontor/sdk';
import { useState } from 'react';
import { formValuesOf, valueInputs, type FormValues } from './custom-values';

/**
 * A record form's custom values: the account's fields of `recordType`, what
 * the form holds (the stored values until the user changes one), and the
 * inputs to send (only what changed; for a new record, what was filled in).
 */
export function useCustomValuesForm(recordType: CustomFieldRecordType, stored?: CustomValueFragment[], skip = false) {
  const definitions = useQuery(CustomFieldsDocument, { variables: { recordType }, skip }).data?.customFields ?? [];
  const [edited, setEdited] = useState<FormValues>();
  const before = formValuesOf(definitions, stored);
  const values = edited ?? before;
  return {
    definitions,
    values,
    setValues: setEdited,
    inputs: (): CustomFieldValueInput[] => (stored ? valueInputs(definitions, values, before) : valueInputs(definitions, values)),
    reset: () => setEdited(undefined),
  };
}
