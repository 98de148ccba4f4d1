import { useMutation, useQuery } from '@apollo/client/react';
import {
  DeactivateMemberDocument,
  InvitationsDocument,
  InviteUserDocument,
  MembersDocument,
  ReactivateMemberDocument,
  ResendInvitationDocument,
  SetMemberRoleDocument,
  TransferOwnershipDocument,
  WithdrawInvitationDocument,
  type MemberItemFragment,
  type Role,
} from '@kontor/sdk';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { useCurrentMembership } from '../../session/useCurrentMembership';
import { Dialog, DialogActions } from '../../ui/Dialog';
import { errorMessage } from '../../ui/errors';
import { Field, SelectField } from '../../ui/Field';
import { QueryStates } from '../../ui/QueryStates';
import { Empty, FormError, ProgressBar } from '../../ui/States';
import { useFieldErrors } from '../auth/useFieldErrors';
import { UsagePanel } from '../home/UsagePanel';
import { AccountExitSection } from './AccountExitSection';
import { TwoFactorPolicySection } from '../twofactor/TwoFactorPolicySection';
import { AccountPackageSection } from '../accountpackage/AccountPackageSection';
import { ImportPackageSection } from '../accountpackage/ImportPackageSection';

const invitableRoles: Role[] = ['CO_OWNER', 'EXTENDED', 'NORMAL'];

/**
 * The account's team. Every member sees who is in it; owners and co-owners
 * invite, change roles and deactivate; only the owner hands over ownership.
 * At the end, a member may leave the account and the owner may delete it.
 * The server enforces all of it; the page only hides what a role cannot do.
 */
export default function TeamPage() {
  const { t } = useTranslation();
  const { can, membership } = useCurrentMembership();
  const mayManage = can('TEAM_MANAGE');
  const [actionError, setActionError] = useState<string>();
  return (
    <section data-testid="team">
      <h1>{t('team.title')}</h1>
      <FormError>{actionError}</FormError>
      <Members mayManage={mayManage} mayTransferOwnership={can('ACCOUNT_TRANSFER_OWNERSHIP')} myMembershipId={membership?.id} onError={setActionError} />
      {mayManage && (
        <>
          <h2>{t('team.invitations')}</h2>
          <InviteForm />
          <Invitations onError={setActionError} />
          <h2>{t('home.usage')}</h2>
          <UsagePanel />
        </>
      )}
      {can('ACCOUNT_SECURITY') && <TwoFactorPolicySection />}
      {can('ACCOUNT_PACKAGE') && (
        <>
          <AccountPackageSection />
          <ImportPackageSection />
        </>
      )}
      <AccountExitSection />
    </section>
  );
}

function Members(props: { mayManage: boolean; mayTransferOwnership: boolean; myMembershipId?: string; onError(message?: string): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { data, loading, error, refetch } = useQuery(MembersDocument);
  const [setRole] = useMutation(SetMemberRoleDocument);
  const [reactivate] = useMutation(ReactivateMemberDocument, { refetchQueries: ['Usage'] });
  const [transfer] = useMutation(TransferOwnershipDocument, { refetchQueries: ['Members', 'Me'] });
  const [deactivating, setDeactivating] = useState<MemberItemFragment>();
  const run = (work: Promise<unknown>) => {
    props.onError(undefined);
    work.catch((e: unknown) => props.onError(errorMessage(t, e)));
  };

  return (
    <QueryStates data={data} loading={loading} error={error} onRetry={refetch}>
      {(data) => (
        <>
          <table className="table" data-testid="members">
            <thead>
              <tr>
                <th>{t('team.name')}</th>
                <th>{t('people.email')}</th>
                <th>{t('team.role')}</th>
                <th>{t('team.status')}</th>
                <th>{t('team.lastActive')}</th>
                <th>{t('twoFactor.memberColumn')}</th>
                {props.mayManage && <th />}
              </tr>
            </thead>
            <tbody>
              {data.members.map((m) => {
                const isMe = m.id === props.myMembershipId;
                // The owner's own row is never editable here: the ownership moves only by a transfer.
                const editable = props.mayManage && !isMe && m.role !== 'OWNER' && m.status === 'ACTIVE';
                return (
                  <tr key={m.id} data-testid="member">
                    <td>{m.name}</td>
                    <td>{m.email}</td>
                    <td>
                      {editable ? (
                        <select aria-label={t('team.role')} value={m.role} onChange={(e) => run(setRole({ variables: { membershipId: m.id, role: e.target.value as Role } }))}>
                          {invitableRoles.map((r) => (
                            <option key={r} value={r}>
                              {t(`roles.${r}`)}
                            </option>
                          ))}
                        </select>
                      ) : (
                        t(`roles.${m.role}`)
                      )}
                    </td>
                    <td>{t(`team.statuses.${m.status}`)}</td>
                    <td className="muted">{m.lastActiveAt ? format.dateTime(m.lastActiveAt) : '–'}</td>
                    <td data-testid="member-two-factor">{m.twoFactorEnabled ? t('twoFactor.memberOn') : t('twoFactor.memberOff')}</td>
                    {props.mayManage && (
                      <td className="actions">
                        {editable && (
                          <button type="button" className="button button--quiet button--danger" onClick={() => setDeactivating(m)}>
                            {t('team.deactivate')}
                          </button>
                        )}
                        {props.mayManage && m.status === 'DEACTIVATED' && (
                          <button type="button" className="button button--quiet" onClick={() => run(reactivate({ variables: { membershipId: m.id } }))}>
                            {t('team.reactivate')}
                          </button>
                        )}
                        {props.mayTransferOwnership && !isMe && m.status === 'ACTIVE' && (
                          <button
                            type="button"
                            className="button button--quiet"
                            onClick={() => window.confirm(t('team.confirmTransfer', { name: m.name })) && run(transfer({ variables: { membershipId: m.id } }))}
                          >
                            {t('team.makeOwner')}
                          </button>
                        )}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
          {deactivating && (
            <DeactivateDialog member={deactivating} members={data.members} onClose={() => setDeactivating(undefined)} />
          )}
        </>
      )}
    </QueryStates>
  );
}

function DeactivateDialog({ member, members, onClose }: { member: MemberItemFragment; members: MemberItemFragment[]; onClose(): void }) {
  const { t } = useTranslation();
  const candidates = members.filter((m) => m.id !== member.id && m.status === 'ACTIVE');
  const [successor, setSuccessor] = useState(candidates.find((m) => m.role === 'OWNER')?.id ?? candidates[0]?.id ?? '');
  const [deactivate, { loading }] = useMutation(DeactivateMemberDocument, { refetchQueries: ['Usage'] });
  const errors = useFieldErrors(['successorMembershipId', 'membershipId'] as const);

  async function submit(event: FormEvent) {
    event.preventDefault();
    errors.clear();
    try {
      await deactivate({ variables: { membershipId: member.id, successorMembershipId: successor } });
      onClose();
    } catch (e) {
      errors.show(e);
    }
  }

  return (
    <Dialog open title={t('team.deactivateTitle', { name: member.name })} onClose={onClose}>
      {loading && <ProgressBar />}
      <form className="form" onSubmit={(e) => void submit(e)}>
        <p className="muted">{t('team.deactivateBody')}</p>
        <FormError>{errors.formError ?? errors.fieldErrors.membershipId}</FormError>
        <SelectField
          label={t('team.successor')}
          name="successor"
          value={successor}
          onChange={setSuccessor}
          error={errors.fieldErrors.successorMembershipId}
          options={candidates.map((m) => ({ value: m.id, label: `${m.name} (${t(`roles.${m.role}`)})` }))}
        />
        <DialogActions submitLabel={t('team.deactivate')} onCancel={onClose} disabled={loading || !successor} />
      </form>
    </Dialog>
  );
}

const emptyInvite = { email: '', firstName: '', lastName: '', role: 'NORMAL' as Role };

function InviteForm() {
  const { t } = useTranslation();
  const [form, setForm] = useState(emptyInvite);
  const [invite, { loading }] = useMutation(InviteUserDocument, { refetchQueries: ['Invitations'] });
  const errors = useFieldErrors(['email', 'firstName', 'lastName', 'role'] as const);

  async function submit(event: FormEvent) {
    event.preventDefault();
    errors.clear();
    try {
      await invite({ variables: { input: form } });
      setForm(emptyInvite);
    } catch (e) {
      errors.show(e);
    }
  }

  return (
    <form className="form form--invite" onSubmit={(e) => void submit(e)} noValidate data-testid="invite-form">
      {loading && <ProgressBar />}
      <FormError>{errors.formError}</FormError>
      <Field label={t('people.firstName')} name="firstName" value={form.firstName} onChange={(e) => setForm({ ...form, firstName: e.target.value })} error={errors.fieldErrors.firstName} />
      <Field label={t('people.lastName')} name="lastName" value={form.lastName} onChange={(e) => setForm({ ...form, lastName: e.target.value })} error={errors.fieldErrors.lastName} />
      <Field label={t('people.email')} name="email" type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} error={errors.fieldErrors.email} />
      <SelectField
        label={t('team.role')}
        name="role"
        value={form.role}
        onChange={(role) => setForm({ ...form, role: role as Role })}
        error={errors.fieldErrors.role}
        options={invitableRoles.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
      />
      <button type="submit" className="button button--primary" disabled={loading}>
        {t('team.invite')}
      </button>
    </form>
  );
}

function Invitations({ onError }: { onError(message?: string): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { data, loading, error, refetch } = useQuery(InvitationsDocument);
  const [withdraw] = useMutation(WithdrawInvitationDocument, { refetchQueries: ['Invitations'] });
  const [resend] = useMutation(ResendInvitationDocument);
  const run = (work: Promise<unknown>) => {
    onError(undefined);
    work.catch((e: unknown) => onError(errorMessage(t, e)));
  };
  return (
    <QueryStates data={data} loading={loading} error={error} onRetry={refetch} isEmpty={(d) => d.invitations.length === 0} empty={<Empty title={t('team.noInvitations')} />}>
      {(data) => (
        <table className="table" data-testid="invitations">
          <thead>
            <tr>
              <th>{t('team.name')}</th>
              <th>{t('people.email')}</th>
              <th>{t('team.role')}</th>
              <th>{t('team.status')}</th>
              <th>{t('team.validUntil')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {data.invitations.map((inv) => (
              <tr key={inv.id} data-testid="invitation">
                <td>
                  {inv.firstName} {inv.lastName}
                </td>
                <td>{inv.email}</td>
                <td>{t(`roles.${inv.role}`)}</td>
                <td>{t(`team.invitationStatuses.${inv.status}`)}</td>
                <td className="muted">{format.dateTime(inv.expiresAt)}</td>
                <td className="actions">
                  <button type="button" className="button button--quiet" onClick={() => run(resend({ variables: { id: inv.id } }))}>
                    {t('team.resend')}
                  </button>
                  <button type="button" className="button button--quiet button--danger" onClick={() => run(withdraw({ variables: { id: inv.id } }))}>
                    {t('team.withdraw')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </QueryStates>
  );
}
