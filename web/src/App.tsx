import type { ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AuthProvider, can, type Role } from './platform/auth';
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
import { canEditProgrammes, canSeeProgrammes } from './programmes/api';
import { ProgrammesPage } from './programmes/ProgrammesPage';
import { NewProgrammePage, ProgrammePage } from './programmes/ProgrammePage';
import { SessionCalendarPage } from './programmes/SessionCalendarPage';
import { SharedProgrammesPage } from './programmes/SharedProgrammesPage';
import { TopicsPage } from './programmes/TopicsPage';
import { RegisterPage } from './programmes/register/RegisterPage';
import { AmbassadorsPage } from './programmes/ambassadors/AmbassadorsPage';
import { InvitationCardsPage } from './programmes/ambassadors/InvitationCardsPage';
import { ProgrammeReportPage } from './programmes/reports/ProgrammeReportPage';
import { DonationsPage } from './programmes/reports/DonationsPage';
import { ParticipantsPage } from './programmes/participants/ParticipantsPage';
import { canEditDirectory, canImportDirectory } from './directory/api';
import { DirectorySearchPage } from './directory/DirectorySearchPage';
import { ServicePage } from './directory/ServicePage';
import { EditServicePage, NewServicePage } from './directory/ServiceEditPages';
import { DirectoryImportPage } from './directory/ImportPage';
import { canRefer } from './referrals/api';
import { ReferralBoxesPage } from './referrals/ReferralBoxesPage';
import { ReferralFormPage } from './referrals/ReferralFormPage';
import { ReferralPage } from './referrals/ReferralPage';
import { PersonPage as ReferralPersonPage } from './referrals/PersonPage';

function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('notFound.title')}>
      <p>{t('notFound.body')}</p>
    </Page>
  );
}

/** A staff screen: for the signed-in only and, when `allowed` is given, only for the roles it lets in. */
function staffOnly(screen: ReactNode, allowed?: (role: Role) => boolean) {
  return <RequireAuth>{allowed ? <RequireRole allowed={allowed}>{screen}</RequireRole> : screen}</RequireAuth>;
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
            <Route index element={staffOnly(<Navigate to="/branches" replace />)} />
            <Route path="desk" element={staffOnly(<DeskPage />, can.useDesk)} />
            <Route path="desk/returns" element={staffOnly(<ReturnsPage />, can.useDesk)} />
            <Route path="notices" element={staffOnly(<NoticesPage />, can.runNotices)} />
            <Route path="branches" element={staffOnly(<BranchesPage />)} />
            <Route path="staff" element={staffOnly(<StaffPage />, can.manageStaff)} />
            <Route path="partners" element={staffOnly(<PartnersPage />, can.readPartners)} />
            <Route path="audit" element={staffOnly(<AuditPage />, can.readAudit)} />
            <Route path="outbox" element={staffOnly(<OutboxPage />, can.readOutbox)} />
            <Route path="outbox/:id" element={staffOnly(<OutboxMessagePage />, can.readOutbox)} />
            <Route path="tokens" element={staffOnly(<ApiTokensPage />, can.manageTokens)} />
            <Route path="catalogue" element={staffOnly(<CatalogueSearchPage />, can.readCatalogue)} />
            <Route path="catalogue/records/new" element={staffOnly(<NewRecordPage />, canCatalogue)} />
            <Route path="notices/printed" element={staffOnly(<PrintedNoticesPage />, can.runNotices)} />
            <Route path="catalogue/records/:id" element={staffOnly(<RecordPage />, can.readCatalogue)} />
            <Route path="catalogue/import" element={staffOnly(<ImportPage />, can.importCatalogue)} />
            <Route path="members" element={staffOnly(<MembersPage />, can.readMembers)} />
            <Route path="members/new" element={staffOnly(<NewMemberPage />, can.manageMembers)} />
            <Route path="members/:id" element={staffOnly(<MemberPage />, can.readMembers)} />
            <Route path="policies" element={staffOnly(<PoliciesPage />, can.managePolicies)} />
            <Route path="good-neighbour" element={staffOnly(<ArrangementsPage />, canRunScheme)} />
            <Route path="good-neighbour/convert" element={staffOnly(<ConversionWizard />, canRunScheme)} />
            <Route path="good-neighbour/arrangements/:id" element={staffOnly(<ArrangementPage />, canRunScheme)} />
            <Route path="good-neighbour/arrangements/:id/choosing" element={staffOnly(<ChoosingPage />, canRunScheme)} />
            <Route path="members/:id/good-neighbour/convert" element={staffOnly(<ConversionWizard />, canRunScheme)} />
            <Route path="programmes" element={staffOnly(<ProgrammesPage />, canSeeProgrammes)} />
            <Route path="programmes/new" element={staffOnly(<NewProgrammePage />, canEditProgrammes)} />
            <Route path="programmes/calendar" element={staffOnly(<SessionCalendarPage />, canSeeProgrammes)} />
            <Route path="programmes/shared" element={staffOnly(<SharedProgrammesPage />, canEditProgrammes)} />
            <Route path="programmes/topics" element={staffOnly(<TopicsPage />, canSeeProgrammes)} />
            <Route path="programmes/:id" element={staffOnly(<ProgrammePage />, canSeeProgrammes)} />
            <Route path="programmes/donations" element={staffOnly(<DonationsPage />, canSeeProgrammes)} />
            <Route path="programmes/participants" element={staffOnly(<ParticipantsPage />, canSeeProgrammes)} />
            <Route path="programmes/sessions/:sessionId/register" element={staffOnly(<RegisterPage />, canSeeProgrammes)} />
            <Route path="programmes/:id/ambassadors" element={staffOnly(<AmbassadorsPage />, canSeeProgrammes)} />
            <Route path="programmes/:id/ambassadors/:ambassadorId/cards" element={staffOnly(<InvitationCardsPage />, canSeeProgrammes)} />
            <Route path="programmes/:id/report" element={staffOnly(<ProgrammeReportPage />, canSeeProgrammes)} />
            <Route path="directory" element={staffOnly(<DirectorySearchPage />)} />
            <Route path="directory/import" element={staffOnly(<DirectoryImportPage />, canImportDirectory)} />
            <Route path="directory/services/new" element={staffOnly(<NewServicePage />, canEditDirectory)} />
            <Route path="directory/services/:id" element={staffOnly(<ServicePage />)} />
            <Route path="directory/services/:id/edit" element={staffOnly(<EditServicePage />, canEditDirectory)} />
            <Route path="referrals" element={staffOnly(<ReferralBoxesPage />, canRefer)} />
            <Route path="referrals/new" element={staffOnly(<ReferralFormPage />, canRefer)} />
            <Route path="referrals/people/:id" element={staffOnly(<ReferralPersonPage />, canRefer)} />
            <Route path="referrals/:id" element={staffOnly(<ReferralPage />, canRefer)} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </AuthProvider>
    </BrowserRouter>
  );
}
