import type { CustomValueFragment } from '@kontor/sdk';
import { useQuery } from '@apollo/client/react';
import { CustomFieldsDocument, type CustomFieldRecordType } from '@kontor/sdk';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { displayValue } from './custom-values';

/** A record page's custom values, as more lines of its facts (`<dl>`), in the fields' order; fields without a value say so. */
export function CustomValueFacts({ recordType, values }: { recordType: CustomFieldRecordType; values: CustomValueFragment[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { data } = useQuery(CustomFieldsDocument, { variables: { recordType } });
  const byField = new Map(values.map((value) => [value.field.id, value]));
  return (
    <>
      {(data?.customFields ?? []).map((field) => {
        const value = byField.get(field.id);
        return (
          <div key={field.id} className="facts__pair" data-testid="custom-value">
            <dt>{field.name}</dt>
            <dd>{value ? displayValue(value, format, t('customFields.yes'), t('customFields.no')) : '–'}</dd>
          </div>
        );
      })}
    </>
  );
}
