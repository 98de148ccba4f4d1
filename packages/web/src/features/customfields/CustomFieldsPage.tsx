import { useMutation, useQuery } from '@apollo/client/react';
import { CustomFieldsDocument, DeleteCustomFieldDocument, UpdateCustomFieldDocument, type CustomFieldDefinitionFragment, type CustomFieldRecordType } from '@kontor/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../session/useCurrentMembership';
import { errorMessage } from '../../ui/errors';
import { QueryStates } from '../../ui/QueryStates';
import { Empty, FormError } from '../../ui/States';
import { CustomFieldDialog } from './CustomFieldDialog';

const recordTypes: CustomFieldRecordType[] = ['PERSON', 'COMPANY', 'DEAL'];

/** For owners and co-owners: the account's own fields of people, companies and deals, their order, and deleting one (asked first). */
export default function CustomFieldsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [recordType, setRecordType] = useState<CustomFieldRecordType>('PERSON');
  const [editing, setEditing] = useState<CustomFieldDefinitionFragment | 'new'>();
  const [actionError, setActionError] = useState<string>();
  const { data, loading, error, refetch } = useQuery(CustomFieldsDocument, { variables: { recordType } });
  const [update] = useMutation(UpdateCustomFieldDocument, { refetchQueries: ['CustomFields'] });
  const [remove] = useMutation(DeleteCustomFieldDocument, { refetchQueries: ['CustomFields', 'People', 'Person'] });
  if (!can('FIELDS_MANAGE')) return <Empty title={t('customFields.notAllowed')} />;

  async function run(action: Promise<unknown>) {
    setActionError(undefined);
    try {
      await action;
    } catch (e) {
      setActionError(errorMessage(t, e));
    }
  }

  function confirmDelete(field: CustomFieldDefinitionFragment) {
    if (window.confirm(t('customFields.confirmDelete', { name: field.name }))) void run(remove({ variables: { id: field.id } }));
  }

  return (
    <section data-testid="custom-fields">
      <div className="toolbar">
        <h1>{t('customFields.title')}</h1>
        <div className="toolbar__actions">
          <button type="button" className="button button--primary" onClick={() => setEditing('new')}>
            {t('customFields.new')}
          </button>
        </div>
      </div>
      <p className="muted">{t('customFields.intro')}</p>
      <div className="tabs" role="tablist">
        {recordTypes.map((type) => (
          <button key={type} type="button" role="tab" aria-selected={type === recordType} className={`button${type === recordType ? ' button--primary' : ''}`} onClick={() => setRecordType(type)}>
            {t(`customFields.recordTypes.${type}`)}
          </button>
        ))}
      </div>
      <FormError>{actionError}</FormError>
      <QueryStates data={data?.customFields} loading={loading} error={error} onRetry={refetch} isEmpty={(fields) => fields.length === 0} empty={<Empty title={t('customFields.empty')} />}>
        {(fields) => (
          <table className="table" data-testid="custom-field-list">
            <thead>
              <tr>
                <th>{t('customFields.name')}</th>
                <th>{t('customFields.type')}</th>
                <th>{t('customFields.inList')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {fields.map((field, i) => (
                <tr key={field.id}>
                  <td>
                    {field.name}
                    {field.description && <div className="muted">{field.description}</div>}
                  </td>
                  <td>
                    {t(`customFields.types.${field.type}`)}
                    {field.choices.length > 0 && <div className="muted">{field.choices.map((c) => c.label).join(', ')}</div>}
                  </td>
                  <td>{field.showInList ? t('customFields.yes') : t('customFields.no')}</td>
                  <td className="row-actions">
                    <button type="button" className="button button--quiet" disabled={i === 0} aria-label={t('customFields.moveUp')} onClick={() => void run(update({ variables: { id: field.id, input: { position: i - 1 } } }))}>
                      ↑
                    </button>
                    <button type="button" className="button button--quiet" disabled={i === fields.length - 1} aria-label={t('customFields.moveDown')} onClick={() => void run(update({ variables: { id: field.id, input: { position: i + 1 } } }))}>
                      ↓
                    </button>
                    <button type="button" className="button" onClick={() => setEditing(field)}>
                      {t('common.edit')}
                    </button>
                    <button type="button" className="button button--danger" onClick={() => confirmDelete(field)}>
                      {t('common.delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryStates>
      {editing && <CustomFieldDialog key={editing === 'new' ? 'new' : editing.id} recordType={recordType} field={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} />}
    </section>
  );
}
