import { useMutation } from '@apollo/client/react';
import { CreateAccountDocument, MeDocument } from '@kontor/sdk';
import { useNavigate } from 'react-router';
import { currentLanguage } from '../../i18n/i18n';
import { paths } from '../../ui/paths';

/**
 * Creates an account owned by the signed-in user and opens it. The tab then
 * switches there through its URL, like any other switch. Its default
 * pipeline is named in the language on screen.
 */
export function useCreateAccount() {
  const navigate = useNavigate();
  const [create, { loading }] = useMutation(CreateAccountDocument, {
    refetchQueries: [{ query: MeDocument }],
    awaitRefetchQueries: true,
  });
  return {
    creating: loading,
    async createAccount(name: string, planCode: string): Promise<void> {
      const { data } = await create({ variables: { input: { name, planCode, locale: currentLanguage() } } });
      navigate(paths.account(data!.createAccount.account!.slug));
    },
  };
}
