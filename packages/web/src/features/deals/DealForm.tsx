import { useQuery } from '@apollo/client/react';
import { CompanyChoicesDocument, DealPersonChoicesDocument, MembersDocument, TagsDocument, type CustomFieldValueInput, type CustomValueFragment, type DealStatus } from '@kontor/sdk';
import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { DialogActions } from '../../ui/Dialog';
import { Field, SelectField } from '../../ui/Field';
import { FormError, ProgressBar } from '../../ui/States';
import { useDebounced } from '../../ui/useDebounced';
import { useFieldErrors } from '../auth/useFieldErrors';
import { CustomValueInputs } from '../customfields/CustomValueInputs';
import { useCustomValuesForm } from '../customfields/useCustomValuesForm';
import { currencies, dealFields, parseAmountCents, probabilities, type DealFormValues, type DealPerson } from './deal-form-values';

const statuses: DealStatus[] = ['OPEN', 'WON', 'LOST'];

interface DealFormProps {
  initial: DealFormValues;
  /** Given for a new deal, whose phase can be chosen; an existing deal moves on the board. */
  phases?: { id: string; name: string }[];
  submitLabel: string;
  busy: boolean;
  /** The deal's custom values as stored (none for a new deal). */
  customValues?: CustomValueFragment[];
  /** Sends the values and the custom values that changed; a refusal it throws is shown next to the field the server named. */
  onSubmit(values: DealFormValues, customFields: CustomFieldValueInput[]): Promise<void>;
  onCancel(): void;
}

/** The fields of a deal, shared by "New deal" and "Edit deal". What was typed stays when the server refuses it. */
export function DealForm({ initial, phases, submitLabel, busy, onSubmit, onCancel, customValues }: DealFormProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const [values, setValues] = useState(initial);
  const errors = useFieldErrors(dealFields);
  const companies = useQuery(CompanyChoicesDocument);
  const members = useQuery(MembersDocument);
  const tags = useQuery(TagsDocument);
  const custom = useCustomValuesForm('DEAL', customValues);
  const change = (patch: Partial<DealFormValues>) => setValues((current) => ({ ...current, ...patch }));
  const { fieldErrors } = errors;

  async function submit(event: FormEvent) {
    event.preventDefault();
    errors.clear();
    if (parseAmountCents(values.amount) === undefined) {
      errors.showField('value', t('deals.invalidValue'));
      return;
    }
    try {
      await onSubmit(values, custom.inputs());
    } catch (error) {
      errors.show(error);
    }
  }

  /** A select of one of the deal's links, "none" first. */
  const choiceOf = (key: 'phaseId' | 'companyId' | 'responsibleUserId', none: string, options: { value: string; label: string }[]) => ({
    name: key,
    value: values[key],
    onChange: (value: string) => change({ [key]: value }),
    options: [{ value: '', label: none }, ...options],
    error: fieldErrors[key],
  });
  const activeMembers = (members.data?.members ?? []).filter((m) => m.status === 'ACTIVE' || m.userId === initial.responsibleUserId);
  const currencyChoices = currencies.includes(values.currency) ? currencies : [values.currency, ...currencies];
  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate>
      {busy && <ProgressBar />}
      <FormError>{errors.formError}</FormError>
      <Field label={t('deals.dealTitle')} name="title" required autoFocus value={values.title} onChange={(e) => change({ title: e.target.value })} error={fieldErrors.title} />
      <div className="form__pair">
        <Field
          label={t('deals.value')}
          name="amount"
          inputMode="decimal"
          value={values.amount}
          onChange={(e) => change({ amount: e.target.value })}
          error={fieldErrors.value ?? fieldErrors['value.amountCents']}
        />
        <SelectField
          label={t('deals.currency')}
          name="currency"
          value={values.currency}
          onChange={(currency) => change({ currency })}
          options={currencyChoices.map((code) => ({ value: code, label: code }))}
          error={fieldErrors['value.currency']}
        />
      </div>
      <div className="form__pair">
        <SelectField
          label={t('deals.probability')}
          name="probability"
          value={String(values.probability)}
          onChange={(probability) => change({ probability: Number(probability) })}
          options={probabilities.map((p) => ({ value: String(p), label: `${format.number(p)} %` }))}
          error={fieldErrors.probability}
        />
        <SelectField
          label={t('deals.status')}
          name="status"
          value={values.status}
          onChange={(status) => change({ status: status as DealStatus })}
          options={statuses.map((s) => ({ value: s, label: t(`deals.statuses.${s}`) }))}
          error={fieldErrors.status}
        />
      </div>
      <div className="form__pair">
        <Field label={t('deals.targetDate')} name="targetDate" type="date" value={values.targetDate} onChange={(e) => change({ targetDate: e.target.value })} error={fieldErrors.targetDate} />
        <SelectField label={t('deals.responsible')} {...choiceOf('responsibleUserId', t('deals.nobody'), activeMembers.map((m) => ({ value: m.userId, label: m.name })))} />
      </div>
      {phases && (
        <SelectField
          label={t('deals.phase')}
          {...choiceOf('phaseId', t('deals.firstPhase'), phases.map((p) => ({ value: p.id, label: p.name })))}
          error={fieldErrors.phaseId ?? fieldErrors.pipelineId}
        />
      )}
      <SelectField
        label={t('people.company')}
        {...choiceOf('companyId', t('people.noCompany'), (companies.data?.companies.edges ?? []).map(({ node }) => ({ value: node.id, label: node.name })))}
      />
      <ContactPeople people={values.people} onChange={(people) => change({ people })} error={fieldErrors.personIds} />
      {(tags.data?.tags.length ?? 0) > 0 && (
        <fieldset className={`field field--choices${fieldErrors.tagIds ? ' field--invalid' : ''}`}>
          <legend>{t('deals.tags')}</legend>
          {tags.data?.tags.map((tag) => (
            <label key={tag.id} className="choice-chip" style={{ borderColor: tag.color }}>
              <input
                type="checkbox"
                name="tagIds"
                value={tag.id}
                checked={values.tagIds.includes(tag.id)}
                onChange={(e) => change({ tagIds: e.target.checked ? [...values.tagIds, tag.id] : values.tagIds.filter((id) => id !== tag.id) })}
              />
              {tag.name}
            </label>
          ))}
          {fieldErrors.tagIds && (
            <p className="field__error" role="alert">
              {fieldErrors.tagIds}
            </p>
          )}
        </fieldset>
      )}
      <CustomValueInputs fields={custom.definitions} values={custom.values} onChange={custom.setValues} />
      <DialogActions submitLabel={submitLabel} onCancel={onCancel} disabled={busy} />
    </form>
  );
}

const nameOf = (person: DealPerson) => [person.firstName, person.lastName].filter(Boolean).join(' ');

/** The deal's contact people as chips, and a search that adds one. */
function ContactPeople({ people, onChange, error }: { people: DealPerson[]; onChange(people: DealPerson[]): void; error?: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const query = useDebounced(text.trim());
  const choices = useQuery(DealPersonChoicesDocument, { variables: { text: query }, skip: query === '' });
  const hits = query === '' ? [] : (choices.data?.people.edges ?? []).map((e) => e.node).filter((p) => !people.some((chosen) => chosen.id === p.id));

  function add(person: DealPerson) {
    onChange([...people, person]);
    setText('');
  }

  function onKeyDown(event: KeyboardEvent) {
    // Enter picks the first hit instead of sending the form.
    if (event.key !== 'Enter') return;
    event.preventDefault();
    if (hits[0]) add(hits[0]);
  }

  return (
    <div className={`field${error ? ' field--invalid' : ''}`} data-testid="deal-people">
      <label htmlFor={id}>{t('deals.contacts')}</label>
      {people.length > 0 && (
        <ul className="chips picker__chosen">
          {people.map((person) => (
            <li key={person.id} className="chip">
              {nameOf(person)}
              <button type="button" className="chip__remove" aria-label={t('deals.removeContact', { name: nameOf(person) })} onClick={() => onChange(people.filter((p) => p.id !== person.id))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <input id={id} type="search" name="personSearch" placeholder={t('deals.addContact')} autoComplete="off" value={text} onChange={(e) => setText(e.target.value)} onKeyDown={onKeyDown} />
      {text.trim() !== '' && query !== '' && choices.data && (
        <ul className="picker__hits">
          {hits.length === 0 && <li className="muted">{t('deals.noContactMatch')}</li>}
          {hits.map((person) => (
            <li key={person.id}>
              <button type="button" className="button button--quiet" onClick={() => add(person)}>
                {nameOf(person)}
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
