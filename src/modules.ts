import { registerAuditRoutes } from './platform/audit/routes.ts';
import { registerAuthRoutes } from './platform/auth/routes.ts';
import type { RouteModule } from './platform/http/app.ts';
import type { Hearth } from './platform/http/app-types.ts';
import type { AnyJobDefinition } from './platform/jobs/jobs.ts';
import { mailDeliveryJob } from './platform/mail/mailer-service.ts';
import { purgeExpiredAuthJob } from './platform/auth/purge.ts';
import { registerOutboxRoutes } from './platform/mail/routes.ts';
import { registerOrganisationRoutes } from './organisation/routes.ts';
import { registerStaffRoutes } from './staff/routes.ts';
import { registerCirculationRoutes } from './circulation/routes.ts';
import { registerMemberLendingRoutes } from './circulation/member-lending-routes.ts';
import { registerNoticeRoutes } from './notices/routes.ts';
import { registerPrintedNoticeRoutes } from './notices/printed-routes.ts';
import { dailyNoticesJob } from './notices/daily.ts';
import { noticeRetentionJob } from './notices/retention.ts';
import { onLibraryServiceCreated } from './organisation/library-services.ts';
import { setUpLendingDefaults } from './policies/defaults.ts';
import { setUpGoodNeighbourDefaults } from './good-neighbour/defaults.ts';
import { registerArrangementRoutes } from './good-neighbour/arrangement-routes.ts';
import { registerNeighbourPortalRoutes } from './good-neighbour/portal-routes.ts';
import { purgePortalSignInsJob } from './good-neighbour/portal-auth.ts';
import { registerMisplacedRoutes } from './good-neighbour/misplaced-routes.ts';
import { registerSchemeReportRoutes } from './good-neighbour/report-routes.ts';
import { registerRenewLinkRoutes } from './good-neighbour/renew-link-routes.ts';
import { registerChoosingRoutes } from './good-neighbour/choosing-routes.ts';
import { registerMemberRoutes } from './members/routes.ts';
import { registerPolicyRoutes } from './policies/routes.ts';
import { registerCatalogueRoutes } from './catalogue/routes.ts';
import { registerCatalogueImportRoutes } from './catalogue/import/routes.ts';
import { catalogueImportJob } from './catalogue/import/job.ts';
import { pruneVocabularyJob } from './catalogue/vocabulary.ts';
import { registerProgrammeRoutes } from './programmes/programme-routes.ts';
import { registerSessionRoutes } from './programmes/session-routes.ts';
import { sessionHorizonJob } from './programmes/horizon-job.ts';
import { registerPublicProgrammeRoutes } from './programmes/public-routes.ts';
import { registerPublicPageRoutes } from './programmes/public-page-routes.ts';
import { registerInvitationCardRoutes } from './programmes/invitation-cards.ts';
import { registerPublicInvitationRoutes } from './programmes/public-invitation-routes.ts';
import { registerParticipantRoutes } from './programmes/participant-routes.ts';
import { registerRegisterRoutes } from './programmes/register-routes.ts';
import { registerAmbassadorRoutes } from './programmes/ambassador-routes.ts';
import { purgeInvitationResponsesJob } from './programmes/invitations.ts';
import { registerOutreachRoutes } from './programmes/outreach-routes.ts';
import { registerTopicRoutes } from './programmes/topic-routes.ts';
import { registerSignpostingRoutes } from './programmes/signposting-routes.ts';
import { registerProgrammeReportRoutes } from './programmes/report-routes.ts';
import { registerServiceRoutes } from './directory/service-routes.ts';
import { registerSearchRoutes } from './directory/search-routes.ts';
import { registerAgreementRoutes } from './directory/agreement-routes.ts';
import { registerTaxonomyRoutes } from './directory/taxonomy-routes.ts';
import { registerPublicDirectoryRoutes } from './directory/public-routes.ts';
import { registerDirectoryImportRoutes } from './directory/import-routes.ts';
import { registerPostcodeRoutes } from './directory/postcode-routes.ts';
import { registerReferralRoutes } from './referrals/routes.ts';
import { registerReferralLoopRoutes } from './referrals/transition-routes.ts';
import { registerReferralReminderRoutes } from './referrals/reminder-routes.ts';
import { referralRemindersJob } from './referrals/reminders.ts';
import { registerReferralPrivacyRoutes } from './referrals/privacy-routes.ts';
import { referralRetentionJob } from './referrals/retention.ts';

onLibraryServiceCreated(setUpLendingDefaults);
onLibraryServiceCreated(setUpGoodNeighbourDefaults);

/** Every module's HTTP routes; a new module adds its registration here. */
export const routeModules: RouteModule[] = [
  registerAuthRoutes,
  registerAuditRoutes,
  registerOutboxRoutes,
  registerOrganisationRoutes,
  registerStaffRoutes,
  registerCirculationRoutes,
  registerMemberLendingRoutes,
  registerNoticeRoutes,
  registerPrintedNoticeRoutes,
  registerMemberRoutes,
  registerPolicyRoutes,
  registerCatalogueRoutes,
  registerCatalogueImportRoutes,
  registerArrangementRoutes,
  registerNeighbourPortalRoutes,
  registerMisplacedRoutes,
  registerSchemeReportRoutes,
  registerRenewLinkRoutes,
  registerChoosingRoutes,
  registerProgrammeRoutes,
  registerSessionRoutes,
  registerPublicProgrammeRoutes,
  registerPublicPageRoutes,
  registerInvitationCardRoutes,
  registerPublicInvitationRoutes,
  registerParticipantRoutes,
  registerRegisterRoutes,
  registerAmbassadorRoutes,
  registerOutreachRoutes,
  registerTopicRoutes,
  registerSignpostingRoutes,
  registerProgrammeReportRoutes,
  registerServiceRoutes,
  registerSearchRoutes,
  registerAgreementRoutes,
  registerTaxonomyRoutes,
  registerPublicDirectoryRoutes,
  registerDirectoryImportRoutes,
  registerPostcodeRoutes,
  registerReferralRoutes,
  registerReferralLoopRoutes,
  registerReferralReminderRoutes,
  registerReferralPrivacyRoutes,
];

/** Every module's background work; a new module adds its definitions here. */
export function jobDefinitions(hearth: Hearth): AnyJobDefinition[] {
  const { database, config, clock } = hearth;
  return [
    mailDeliveryJob({ database, smtpUrl: config.smtpUrl, from: config.mailFrom }),
    purgeExpiredAuthJob(database, clock),
    dailyNoticesJob(hearth),
    noticeRetentionJob(database, clock),
    catalogueImportJob(database),
    pruneVocabularyJob(database),
    purgePortalSignInsJob(database, clock),
    purgeInvitationResponsesJob(database, clock),
    sessionHorizonJob(database, clock),
    referralRemindersJob(hearth),
    referralRetentionJob(hearth),
  ];
}
