import { useMutation, useQuery } from '@apollo/client/react';
import { AcceptInvitationDocument, MeDocument } from '@kontor/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../ui/errors';
import { paths } from '../../ui/paths';

/** Invitations waiting for the signed-in user, in the account bar: one click joins and opens the account. */
export function PendingInvitations() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data } = useQuery(MeDocument);
  const [accept, { loading }] = useMutation(AcceptInvitationDocument, { refetchQueries: [{ query: MeDocument }], awaitRefetchQueries: true });
  const [error, setError] = useState<string>();
  const pending = data?.me.pendingInvitations ?? [];
  if (pending.length === 0) return null;
  return (
    <div className="pending" data-testid="pending-invitations">
      <h2 className="account-bar__heading">{t('invitation.pending')}</h2>
      <ul>
        {pending.map((inv) => (
          <li key={inv.id} className="pending__item">
            <span>
              {inv.accountName}
              <span className="muted"> · {t(`roles.${inv.role}`)}</span>
            </span>
            <button
              type="button"
              className="button button--quiet"
              disabled={loading}
              onClick={() =>
                void accept({ variables: { invitationId: inv.id } })
                  // The tab switches through its URL, like any other switch.
                  .then(({ data: accepted }) => navigate(paths.people(accepted!.acceptInvitation.account!.slug)))
                  .catch((e: unknown) => setError(errorMessage(t, e)))
              }
            >
              {t('invitation.accept')}
            </button>
          </li>
        ))}
      </ul>
      {error && <p className="field__error">{error}</p>}
    </div>
  );
}
