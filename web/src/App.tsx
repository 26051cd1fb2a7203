import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AuthProvider, can } from './platform/auth';
import { RequireAuth, RequireRole } from './platform/guards';
import { Layout } from './platform/Layout';
import { Page } from './platform/page';
import { neighbourPortalRoutes } from './good-neighbour/portal/routes';
import { SignInPage } from './auth/SignInPage';
import { AcceptInvitationPage } from './auth/AcceptInvitationPage';
import { StaffPage } from './staff/StaffPage';
import { BranchesPage } from './organisation/BranchesPage';
import { PartnersPage } from './organisation/PartnersPage';
import { AuditPage } from './audit/AuditPage';
import { OutboxPage } from './mail/OutboxPage';
import { OutboxMessagePage } from './mail/OutboxMessagePage';
import { ApiTokensPage } from './auth/ApiTokensPage';
import { MembersPage } from './members/MembersPage';
import { NewMemberPage } from './members/NewMemberPage';
import { MemberPage } from './members/MemberPage';
import { PoliciesPage } from './policies/PoliciesPage';
import { DeskPage } from './circulation/DeskPage';
import { ReturnsPage } from './circulation/ReturnsPage';
import { NoticesPage } from './notices/NoticesPage';
import { CatalogueSearchPage } from './catalogue/CatalogueSearchPage';
import { RecordPage } from './catalogue/RecordPage';
import { ImportPage } from './catalogue/ImportPage';
import { NewRecordPage } from './catalogue/NewRecordPage';
import { canCatalogue } from './catalogue/api';
import { PrintedNoticesPage } from './notices/PrintedNoticesPage';
import { canRunScheme } from './good-neighbour/api';
import { ArrangementsPage } from './good-neighbour/ArrangementsPage';
import { ArrangementPage } from './good-neighbour/ArrangementPage';
import { ChoosingPage } from './good-neighbour/choosing/ChoosingPage';
import { ConversionWizard } from './good-neighbour/ConversionWizard';

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
          {neighbourPortalRoutes}
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
              path="desk"
              element={
                <RequireAuth>
                  <RequireRole allowed={can.useDesk}>
                    <DeskPage />
                  </RequireRole>
                </RequireAuth>
              }
            />
            <Route
              path="desk/returns"
              element={
                <RequireAuth>
                  <RequireRole allowed={can.useDesk}>
                    <ReturnsPage />
                  </RequireRole>
                </RequireAuth>
              }
            />
            <Route
              path="notices"
              element={
                <RequireAuth>
                  <RequireRole allowed={can.runNotices}>
                    <NoticesPage />
                  </RequireRole>
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
            <Route
              path="catalogue"
              element={
                <RequireAuth>
                  <RequireRole allowed={can.readCatalogue}>
                    <CatalogueSearchPage />
                  </RequireRole>
                </RequireAuth>
              }
            />
            <Route
              path="catalogue/records/new"
              element={
                <RequireAuth>
                  <RequireRole allowed={canCatalogue}>
                    <NewRecordPage />
                  </RequireRole>
                </RequireAuth>
              }
            />
            <Route
              path="notices/printed"
              element={
                <RequireAuth>
                  <RequireRole allowed={can.runNotices}>
                    <PrintedNoticesPage />
                  </RequireRole>
                </RequireAuth>
              }
            />
            <Route
              path="catalogue/records/:id"
              element={
                <RequireAuth>
                  <RequireRole allowed={can.readCatalogue}>
                    <RecordPage />
                  </RequireRole>
                </RequireAuth>
              }
            />
            <Route
              path="catalogue/import"
              element={
                <RequireAuth>
                  <RequireRole allowed={can.importCatalogue}>
                    <ImportPage />
                  </RequireRole>
                </RequireAuth>
              }
            />
            <Route
              path="members"
              element={
                <RequireAuth>
                  <RequireRole allowed={can.readMembers}>
                    <MembersPage />
                  </RequireRole>
                </RequireAuth>
              }
            />
            <Route
              path="members/new"
              element={
                <RequireAuth>
                  <RequireRole allowed={can.manageMembers}>
                    <NewMemberPage />
                  </RequireRole>
                </RequireAuth>
              }
            />
            <Route
              path="members/:id"
              element={
                <RequireAuth>
                  <RequireRole allowed={can.readMembers}>
                    <MemberPage />
                  </RequireRole>
                </RequireAuth>
              }
            />
            <Route
              path="policies"
              element={
                <RequireAuth>
                  <RequireRole allowed={can.managePolicies}>
                    <PoliciesPage />
                  </RequireRole>
                </RequireAuth>
              }
            />
            <Route
              path="good-neighbour"
              element={
                <RequireAuth>
                  <RequireRole allowed={canRunScheme}>
                    <ArrangementsPage />
                  </RequireRole>
                </RequireAuth>
              }
            />
            <Route
              path="good-neighbour/convert"
              element={
                <RequireAuth>
                  <RequireRole allowed={canRunScheme}>
                    <ConversionWizard />
                  </RequireRole>
                </RequireAuth>
              }
            />
            <Route
              path="good-neighbour/arrangements/:id"
              element={
                <RequireAuth>
                  <RequireRole allowed={canRunScheme}>
                    <ArrangementPage />
                  </RequireRole>
                </RequireAuth>
              }
            />
            <Route
              path="good-neighbour/arrangements/:id/choosing"
              element={
                <RequireAuth>
                  <RequireRole allowed={canRunScheme}>
                    <ChoosingPage />
                  </RequireRole>
                </RequireAuth>
              }
            />
            <Route
              path="members/:id/good-neighbour/convert"
              element={
                <RequireAuth>
                  <RequireRole allowed={canRunScheme}>
                    <ConversionWizard />
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
