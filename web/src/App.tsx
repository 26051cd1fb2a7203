import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AuthProvider, can } from './platform/auth';
import { RequireAuth, RequireRole } from './platform/guards';
import { Layout } from './platform/Layout';
import { Page } from './platform/page';
import { SignInPage } from './auth/SignInPage';
import { AcceptInvitationPage } from './auth/AcceptInvitationPage';
import { StaffPage } from './staff/StaffPage';
import { BranchesPage } from './organisation/BranchesPage';
import { PartnersPage } from './organisation/PartnersPage';
import { AuditPage } from './audit/AuditPage';
import { OutboxPage } from './mail/OutboxPage';
import { OutboxMessagePage } from './mail/OutboxMessagePage';
import { ApiTokensPage } from './auth/ApiTokensPage';

function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('notFound.title')}>
      <p>{t('notFound.body')}</p>
    </Page>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <AuthProvider>
        <Routes>
          <Route element={<Layout />}>
            <Route path="sign-in" element={<SignInPage />} />
            <Route path="accept-invitation" element={<AcceptInvitationPage />} />
            <Route
              index
              element={
                <RequireAuth>
                  <Navigate to="/branches" replace />
                </RequireAuth>
              }
            />
            <Route
              path="branches"
              element={
                <RequireAuth>
                  <BranchesPage />
                </RequireAuth>
              }
            />
            <Route
              path="staff"
              element={
                <RequireAuth>
                  <RequireRole allowed={can.manageStaff}>
                    <StaffPage />
                  </RequireRole>
                </RequireAuth>
              }
            />
            <Route
              path="partners"
              element={
                <RequireAuth>
                  <RequireRole allowed={can.readPartners}>
                    <PartnersPage />
                  </RequireRole>
                </RequireAuth>
              }
            />
            <Route
              path="audit"
              element={
                <RequireAuth>
                  <RequireRole allowed={can.readAudit}>
                    <AuditPage />
                  </RequireRole>
                </RequireAuth>
              }
            />
            <Route
              path="outbox"
              element={
                <RequireAuth>
                  <RequireRole allowed={can.readOutbox}>
                    <OutboxPage />
                  </RequireRole>
                </RequireAuth>
              }
            />
            <Route
              path="outbox/:id"
              element={
                <RequireAuth>
                  <RequireRole allowed={can.readOutbox}>
                    <OutboxMessagePage />
                  </RequireRole>
                </RequireAuth>
              }
            />
            <Route
              path="tokens"
              element={
                <RequireAuth>
                  <RequireRole allowed={can.manageTokens}>
                    <ApiTokensPage />
                  </RequireRole>
                </RequireAuth>
              }
            />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </AuthProvider>
    </BrowserRouter>
  );
}
