import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, Outlet, RouterProvider, useLocation } from 'react-router';
import { AccountLayout } from './features/accounts/AccountLayout';
import { Frame } from './features/shell/Frame';
import { PlaygroundRoute } from './features/playground/PlaygroundRoute';
import PlaygroundHome from './features/playground/PlaygroundHome';
import { accessToken, useSession } from './session/session';
import { Loading } from './ui/States';
import { accountRoute, paths } from './ui/paths';

// Every screen is its own chunk: the first load carries only the shell.
const PricingPage = lazy(() => import('./features/auth/PricingPage'));
const SignUpPage = lazy(() => import('./features/auth/SignUpPage'));
const LogInPage = lazy(() => import('./features/auth/LogInPage'));
const ExistingLoginPage = lazy(() => import('./features/auth/ExistingLoginPage'));
const ChooseAccountPage = lazy(() => import('./features/accounts/ChooseAccountPage'));
const AccountHome = lazy(() => import('./features/home/AccountHome'));
const PeoplePage = lazy(() => import('./features/people/PeoplePage'));
const PersonPage = lazy(() => import('./features/people/PersonPage'));
const CompaniesPage = lazy(() => import('./features/companies/CompaniesPage'));
const CompanyPage = lazy(() => import('./features/companies/CompanyPage'));
const DealsPage = lazy(() => import('./features/deals/DealsPage'));
const TagsPage = lazy(() => import('./features/tags/TagsPage'));
const ImportsPage = lazy(() => import('./features/imports/ImportsPage'));
const ImportRunPage = lazy(() => import('./features/imports/ImportRunPage'));
const SearchPage = lazy(() => import('./features/search/SearchPage'));
const MyWorkPage = lazy(() => import('./features/mywork/MyWorkPage'));
const AuditPage = lazy(() => import('./features/audit/AuditPage'));
const TasksPage = lazy(() => import('./features/tasks/TasksPage'));
const BillingPage = lazy(() => import('./features/billing/BillingPage'));
const TeamPage = lazy(() => import('./features/team/TeamPage'));
const IntegrationsPage = lazy(() => import('./features/integrations/IntegrationsPage'));
const CustomFieldsPage = lazy(() => import('./features/customfields/CustomFieldsPage'));
const InvitationPage = lazy(() => import('./features/invitation/InvitationPage'));
const ProfilePage = lazy(() => import('./features/profile/ProfilePage'));
const VerifyEmailPage = lazy(() => import('./features/verification/VerifyEmailPage'));
const ForgotPasswordPage = lazy(() => import('./features/password/ForgotPasswordPage'));
const ResetPasswordPage = lazy(() => import('./features/password/ResetPasswordPage'));
const MergeLoginLinkPage = lazy(() => import('./features/security/MergeLoginLinkPage'));
const NotFoundPage = lazy(() => import('./features/shell/NotFoundPage'));

function Screen({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

/** Signed-in screens: wait for the session, send a signed-out visitor to the log-in and back here afterwards. */
function RequireSignIn() {
  const session = useSession();
  const location = useLocation();
  if (session.status === 'loading') return <Loading />;
  if (session.status === 'signedOut') {
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}

/** The front door: the current account when signed in, else the packages. */
function Home() {
  const session = useSession();
  if (session.status === 'loading') return <Loading />;
  if (session.status === 'signedOut') return <Navigate to="/pricing" replace />;
  return <Navigate to={session.account ? paths.account(session.account.slug) : '/accounts'} replace />;
}

const router = createBrowserRouter([
  {
    element: <Frame />,
    children: [
      { path: '/', element: <Home /> },
      { path: '/pricing', element: <Screen><PricingPage /></Screen> },
      { path: '/signup', element: <Screen><SignUpPage /></Screen> },
      { path: '/login', element: <Screen><LogInPage /></Screen> },
      { path: '/invitation/:token', element: <Screen><InvitationPage /></Screen> },
      { path: '/verify-email/:token', element: <Screen><VerifyEmailPage /></Screen> },
      { path: '/confirm-email/:token', element: <Screen><VerifyEmailPage link="change" /></Screen> },
      { path: '/forgot-password', element: <Screen><ForgotPasswordPage /></Screen> },
      { path: '/reset-password/:token', element: <Screen><ResetPasswordPage /></Screen> },
      {
        element: <RequireSignIn />,
        children: [
          { path: '/welcome-back', element: <Screen><ExistingLoginPage /></Screen> },
          { path: '/accounts', element: <Screen><ChooseAccountPage /></Screen> },
          { path: '/playground', element: <PlaygroundHome /> },
          { path: paths.profile, element: <Screen><ProfilePage /></Screen> },
          { path: '/merge-login/:token', element: <Screen><MergeLoginLinkPage /></Screen> },
          {
            path: accountRoute,
            element: <AccountLayout />,
            children: [
              { index: true, element: <Navigate to="people" replace /> },
              { path: 'overview', element: <Screen><AccountHome /></Screen> },
              { path: 'people', element: <Screen><PeoplePage /></Screen> },
              { path: 'people/:id', element: <Screen><PersonPage /></Screen> },
              { path: 'companies', element: <Screen><CompaniesPage /></Screen> },
              { path: 'companies/:id', element: <Screen><CompanyPage /></Screen> },
              { path: 'deals', element: <Screen><DealsPage /></Screen> },
              { path: 'tasks', element: <Screen><TasksPage /></Screen> },
              { path: 'tags', element: <Screen><TagsPage /></Screen> },
              { path: 'imports', element: <Screen><ImportsPage /></Screen> },
              { path: 'imports/:id', element: <Screen><ImportRunPage /></Screen> },
              { path: 'search', element: <Screen><SearchPage /></Screen> },
              { path: 'my-work', element: <Screen><MyWorkPage /></Screen> },
              { path: 'audit', element: <Screen><AuditPage /></Screen> },
              { path: 'team', element: <Screen><TeamPage /></Screen> },
              { path: 'billing', element: <Screen><BillingPage /></Screen> },
              { path: 'integrations', element: <Screen><IntegrationsPage /></Screen> },
              { path: 'fields', element: <Screen><CustomFieldsPage /></Screen> },
              { path: 'playground', element: <PlaygroundRoute getAccessToken={accessToken} /> },
            ],
          },
        ],
      },
      { path: '*', element: <Screen><NotFoundPage /></Screen> },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
