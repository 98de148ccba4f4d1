import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, readError } from '../../ui/errors';

/**
 * A form's refusal from the server: the message goes next to the field the
 * server named (extensions.field), or above the form when it named none.
 */
export function useFieldErrors<Field extends string>(fields: readonly Field[]) {
  const { t } = useTranslation();
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string>();
  return {
    fieldErrors,
    formError,
    clear() {
      setFieldErrors({});
      setFormError(undefined);
    },
    /** A check made before sending, e.g. a number that does not parse. */
    showField(field: Field, message: string) {
      setFieldErrors({ [field]: message } as Partial<Record<Field, string>>);
    },
    /** `fieldFor` maps a code without a field (e.g. a wrong password) onto the field it concerns. */
    show(error: unknown, fieldFor: Partial<Record<string, Field>> = {}) {
      const { code, field } = readError(error);
      const target = (field && (fields as readonly string[]).includes(field) ? field : fieldFor[code]) as Field | undefined;
      const message = errorMessage(t, error);
      if (target) setFieldErrors({ [target]: message } as Partial<Record<Field, string>>);
      else setFormError(message);
    },
  };
}
