import { useMutation, useQuery } from '@apollo/client/react';
import { CreateTaskDocument, MembersDocument } from '@kontor/sdk';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session/session';
import { Field, SelectField } from '../../ui/Field';
import { FormError } from '../../ui/States';
import { useFieldErrors } from '../auth/useFieldErrors';

/** A new task, optionally on a person or company, assigned to a member (the user by default). */
export function NewTaskForm({ personId, companyId }: { personId?: string; companyId?: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const members = useQuery(MembersDocument);
  const me = session.status === 'signedIn' ? session.user.id : '';
  const [title, setTitle] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [assignee, setAssignee] = useState(me);
  const [create, { loading }] = useMutation(CreateTaskDocument, { refetchQueries: ['Tasks', 'Person', 'Company'] });
  const errors = useFieldErrors(['title', 'dueDate', 'assigneeUserId'] as const);

  async function submit(event: FormEvent) {
    event.preventDefault();
    errors.clear();
    try {
      await create({ variables: { input: { title, dueDate: dueDate || undefined, assigneeUserId: assignee || undefined, personId, companyId } } });
      setTitle('');
      setDueDate('');
    } catch (e) {
      errors.show(e);
    }
  }

  return (
    <form className="form form--task" onSubmit={(e) => void submit(e)} noValidate data-testid="new-task">
      <FormError>{errors.formError}</FormError>
      <Field label={t('tasks.newTitle')} name="title" value={title} onChange={(e) => setTitle(e.target.value)} error={errors.fieldErrors.title} />
      <Field label={t('tasks.due')} name="dueDate" type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} error={errors.fieldErrors.dueDate} />
      <SelectField
        label={t('tasks.assignee')}
        name="assignee"
        value={assignee}
        onChange={setAssignee}
        error={errors.fieldErrors.assigneeUserId}
        options={[
          { value: '', label: t('tasks.nobody') },
          ...(members.data?.members ?? []).filter((m) => m.status === 'ACTIVE').map((m) => ({ value: m.userId, label: m.name })),
        ]}
      />
      <button type="submit" className="button button--primary" disabled={loading}>
        {t('tasks.add')}
      </button>
    </form>
  );
}
